import { lazy, type ReactElement } from 'react'
import type { Me } from '../api/auth'
import { isDistrictStaff } from './session'

/**
 * Who may open a page: every signed-in staff member, those who make changes (admins and school teams: district
 * analysts read and change nothing), district staff (admins and analysts), or district admins only.
 */
export type Audience = 'staff' | 'makers' | 'district' | 'admin'

/** A page's link in the navigation: a key of the `staff` namespace, or of the page's own namespace. */
export type NavLabel = `navigation.${'schools' | 'district' | 'administrations' | 'partners' | 'gaps' | 'instruments' | 'design' | 'accounts' | 'audit'}` | 'holds:navigation' | 'schools:navigation'

export interface StaffRoute {
  /** A path prefix (`/admin/schools/:school` also takes `/admin/schools/4/anything`); `:name` is a numeric id. */
  path: string
  audience: Audience
  /** Pages with a link in the navigation; the others are reached from a page (a school, an administration). */
  nav?: NavLabel
  screen: (page: { params: Record<string, number>; query: URLSearchParams; me: Me }) => ReactElement
}

// Every page is its own chunk, loaded when it is opened: the dashboards carry the chart library, the profile and
// its printable summary too, and the schools list never loads any of them.
const SchoolList = lazy(() => import('./SchoolList').then((m) => ({ default: m.SchoolList })))
// The schools directory: adding, changing, archiving and importing schools (district admins).
const SchoolsDirectory = lazy(() => import('./schools/SchoolsDirectory').then((m) => ({ default: m.SchoolsDirectory })))
const SchoolProfileView = lazy(() => import('./profile/SchoolProfileView').then((m) => ({ default: m.SchoolProfileView })))
const CommunitySummary = lazy(() => import('./profile/CommunitySummary').then((m) => ({ default: m.CommunitySummary })))
const DistrictView = lazy(() => import('./district/DistrictView').then((m) => ({ default: m.DistrictView })))
// Administrations, their posters and kiosk cards.
const AdministrationsView = lazy(() => import('./administrations/AdministrationsView').then((m) => ({ default: m.AdministrationsView })))
const AdministrationView = lazy(() => import('./administrations/AdministrationView').then((m) => ({ default: m.AdministrationView })))
const CodebookView = lazy(() => import('./administrations/CodebookView').then((m) => ({ default: m.CodebookView })))
const PrintView = lazy(() => import('./administrations/PrintView').then((m) => ({ default: m.PrintView })))
// The asset map: the partner inventory and the district's gaps.
const PartnersView = lazy(() => import('./partners/PartnersView').then((m) => ({ default: m.PartnersView })))
const GapsView = lazy(() => import('./partners/GapsView').then((m) => ({ default: m.GapsView })))
const InstrumentsView = lazy(() => import('./InstrumentsView').then((m) => ({ default: m.InstrumentsView })))
// The instrument designer is its own feature (client/designer/): this lazy import is the one place admin reaches into
// it, so staff pages load it only at /admin/design and the runner never does.
const DesignerApp = lazy(() => import('../designer/DesignerApp').then((m) => ({ default: m.DesignerApp })))
const AccountsView = lazy(() => import('./accounts/AccountsView').then((m) => ({ default: m.AccountsView })))
const AuditView = lazy(() => import('./AuditView').then((m) => ({ default: m.AuditView })))
// Sign-in and passwords: the first-run page and the password-link page (no session needed), one's own password.
const SetupView = lazy(() => import('./sign-in/SetupView').then((m) => ({ default: m.SetupView })))
const SetPasswordView = lazy(() => import('./sign-in/SetPasswordView').then((m) => ({ default: m.SetPasswordView })))
const OwnPasswordView = lazy(() => import('./sign-in/OwnPasswordView').then((m) => ({ default: m.OwnPasswordView })))
// Personal API tokens for BI tools and scripts.
const ApiTokensView = lazy(() => import('./accounts/ApiTokensView').then((m) => ({ default: m.ApiTokensView })))
// Responses held for review at release cuts.
const HoldsView = lazy(() => import('./holds/HoldsView').then((m) => ({ default: m.HoldsView })))

/** ?administration=<id>: the administration a page opens on, when a link names one. */
const administrationOf = (query: URLSearchParams) => (query.get('administration') ? Number(query.get('administration')) : null)

/** The schools list: the first link, and the page for any address no other page takes (or its reader may not open). */
export const HOME: StaffRoute = { path: '/admin', audience: 'staff', nav: 'navigation.schools', screen: () => <SchoolList /> }

/** The staff pages: the first whose path and audience fit opens; the navigation lists those with a label, in this order. */
export const ROUTES: readonly StaffRoute[] = [
  {
    path: '/admin/schools/:school/summary',
    audience: 'staff',
    screen: ({ params, query }) => <CommunitySummary schoolId={params.school} lang={query.get('lang') ?? 'en'} administration={administrationOf(query)} />,
  },
  { path: '/admin/schools/:school', audience: 'staff', screen: ({ params, query }) => <SchoolProfileView schoolId={params.school} administration={administrationOf(query)} /> },
  { path: '/admin/schools', audience: 'admin', nav: 'schools:navigation', screen: () => <SchoolsDirectory /> },
  { path: '/admin/district', audience: 'district', nav: 'navigation.district', screen: () => <DistrictView /> },
  {
    path: '/admin/administrations/:administration/print/:school',
    audience: 'staff',
    screen: ({ params }) => <PrintView administrationId={params.administration} schoolId={params.school} />,
  },
  { path: '/admin/administrations/:administration/codebook', audience: 'district', screen: ({ params }) => <CodebookView administration={params.administration} /> },
  { path: '/admin/administrations/:administration', audience: 'staff', screen: ({ params }) => <AdministrationView id={params.administration} /> },
  { path: '/admin/administrations', audience: 'staff', nav: 'navigation.administrations', screen: () => <AdministrationsView /> },
  { path: '/admin/partners', audience: 'staff', nav: 'navigation.partners', screen: () => <PartnersView /> },
  { path: '/admin/gaps', audience: 'district', nav: 'navigation.gaps', screen: () => <GapsView /> },
  { path: '/admin/instruments', audience: 'staff', nav: 'navigation.instruments', screen: () => <InstrumentsView /> },
  { path: '/admin/design', audience: 'makers', nav: 'navigation.design', screen: ({ me }) => <DesignerApp me={me} /> },
  { path: '/admin/accounts', audience: 'admin', nav: 'navigation.accounts', screen: () => <AccountsView /> },
  { path: '/admin/audit', audience: 'admin', nav: 'navigation.audit', screen: () => <AuditView /> },
  { path: '/admin/holds', audience: 'admin', nav: 'holds:navigation', screen: ({ query }) => <HoldsView administration={administrationOf(query)} /> },
  { path: '/admin/password', audience: 'staff', screen: () => <OwnPasswordView /> },
  { path: '/admin/tokens', audience: 'staff', screen: ({ me }) => <ApiTokensView me={me} /> },
]

/** Pages anyone may open, signed in or not: the first-run page (it refuses once an admin exists) and the password-link page. */
export function openPageFor(path: string): ReactElement | null {
  if (matchPath('/admin/setup', path)) return <SetupView />
  if (matchPath('/admin/set-password', path)) return <SetPasswordView />
  return null
}

export function mayOpen(route: StaffRoute, me: Me): boolean {
  if (route.audience === 'admin') return me.user.role === 'district-admin'
  if (route.audience === 'district') return isDistrictStaff(me)
  if (route.audience === 'makers') return me.user.role !== 'district-analyst'
  return true
}

/** The ids a path holds for a route's `:name`s, or null when the path is not under the route. */
export function matchPath(pattern: string, path: string): Record<string, number> | null {
  const names: string[] = []
  const source = pattern.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name)
    return '(\\d+)'
  })
  const found = new RegExp(`^${source}`).exec(path)
  return found ? Object.fromEntries(names.map((name, i) => [name, Number(found[i + 1])])) : null
}

/** The page for an address: the first route whose path it is under and whose audience takes the reader, else the schools list. */
export function routeFor(path: string, me: Me): { route: StaffRoute; params: Record<string, number> } {
  for (const route of ROUTES) {
    const params = matchPath(route.path, path)
    if (params && mayOpen(route, me)) return { route, params }
  }
  return { route: HOME, params: {} }
}
