import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAnswers } from '../../../server/demo/answers'
import { seededRandom } from '../../../server/demo/random'
import { indexDefinition } from '../../../server/instruments/definition-index'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { openAdministration } from '../../helpers/fixtures'

// Compiled versions are kept in memory for the life of the process; two databases in one process (as here, the
// benches, a tool working on two districts) each number their versions from 1, and a version 1 of one is not
// the version 1 of the other.
let fixtures: TestApp
let library: TestApp
beforeAll(async () => {
  fixtures = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
  library = await startTestApp()
})
afterAll(async () => {
  await fixtures.close()
  await library.close()
})

describe('compiled versions with two databases in one process', () => {
  it('validates each database’s responses against its own version under the same version id', async () => {
    const published = async (t: TestApp) =>
      t.app.db.selectFrom('instrument_versions').select(['id', 'slug', 'version', 'definition']).where('status', '=', 'published').orderBy('id').execute()
    const ours = await published(fixtures)
    const theirs = await published(library)
    const shared = ours.find((v) => theirs.some((w) => w.id === v.id && w.slug !== v.slug))
    expect(shared, 'a version id both databases use for different instruments').toBeDefined()
    const pair = [ours.find((v) => v.id === shared!.id)!, theirs.find((v) => v.id === shared!.id)!]

    for (const [i, t] of [fixtures, library].entries()) {
      const { slug, version, definition } = pair[i]
      const { codes } = await openAdministration(t.app.db, { instruments: [{ slug, version }] })
      const answers = generateAnswers(indexDefinition(definition), seededRandom(i + 1), () => 0.5)
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/responses',
        payload: { id: randomUUID(), code: codes[0].code, slug, version, locale: 'en', channel: 'web', answers },
      })
      expect({ slug, status: response.statusCode }).toEqual({ slug, status: 201 })
    }
  })
})
