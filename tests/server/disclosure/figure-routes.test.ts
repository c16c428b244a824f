import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../helpers/app'
import { FIGURE_ROUTES, NO_FIGURE_ROUTES } from '../../helpers/figure-routes'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('the routes that give out figures', () => {
  it('are every registered route that is not listed, with a reason, as giving out none', () => {
    const registered = t.app.routeAccess.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`)
    const figures = new Set<string>(FIGURE_ROUTES)
    const unclassified = registered.filter((route) => !figures.has(route) && !(route in NO_FIGURE_ROUTES))
    expect(unclassified, 'a new route must be read by the solver proof (FIGURE_ROUTES) or say why it gives out no figure').toEqual([])
    // Both lists name only routes that exist, and none is in both.
    expect([...figures, ...Object.keys(NO_FIGURE_ROUTES)].filter((route) => !registered.includes(route))).toEqual([])
    expect([...figures].filter((route) => route in NO_FIGURE_ROUTES)).toEqual([])
  })

  it('are all closed to anyone who is not signed in as staff', () => {
    for (const route of FIGURE_ROUTES) {
      const access = t.app.routeAccess.find((r) => `${r.method} ${r.url}` === route)?.access
      expect(['school', 'district', 'staff', 'admin'], route).toContain(access)
    }
  })
})
