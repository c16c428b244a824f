import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { openAdministration } from '../../helpers/fixtures'

const LIBRARY = path.resolve(import.meta.dirname, '../../fixtures/surveys-v2')
let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ surveysDir: LIBRARY })
})
afterAll(() => t.close())

describe('instrument versions side by side', () => {
  it('keeps responses pinned to version 1 readable and comparable with version 2 through shared itemIds', async () => {
    const v1 = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
    const v2 = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 2 }] })
    const send = (code: string, version: number, answers: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code, slug: 'mini-ana', version, locale: 'en', channel: 'web', answers } })

    // Each administration takes only its own version, validated against that version.
    expect((await send(v1.codes[0].code, 1, { food_worry: 'often' })).statusCode).toBe(201)
    expect((await send(v1.codes[0].code, 1, { food_worry: 'often', food_weekend: 'no' })).json().details).toEqual([
      { question: 'food_weekend', reason: 'is not a question of this survey' },
    ])
    expect((await send(v2.codes[0].code, 2, { food_worry: 'sometimes', food_weekend: 'no' })).statusCode).toBe(201)
    expect((await send(v2.codes[0].code, 1, { food_worry: 'often' })).statusCode).toBe(400)

    // Both versions stay served; the list shows the latest.
    expect((await t.app.inject({ method: 'GET', url: '/api/instruments/mini-ana/versions/1' })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/instruments' })).json().instruments).toEqual([expect.objectContaining({ slug: 'mini-ana', version: 2 })])

    // The shared itemId lines up across versions; the new one appears only in version 2 (read from the releases).
    expect((await releaseNow(t, v1.administrationId)).released).toBe(1)
    expect((await releaseNow(t, v2.administrationId)).released).toBe(1)
    const items = await t.app.db.selectFrom('response_items').select(['item_id', 'administration_id']).orderBy('item_id').execute()
    expect(items.filter((i) => i.item_id === 'food.worry').map((i) => i.administration_id).sort()).toEqual([v1.administrationId, v2.administrationId].sort())
    expect(items.filter((i) => i.item_id === 'food.weekend-short').map((i) => i.administration_id)).toEqual([v2.administrationId])
  })
})
