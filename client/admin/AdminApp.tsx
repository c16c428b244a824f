import { lazy, Suspense, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchMe, signOut, type Me } from '../api/auth'
import { ADMIN_LANGUAGES, setAdminLanguage } from '../i18n/admin'
import { fetchSchools } from '../api/schools'
import { useRequest } from '../ui/use-request'
import { AccountsView } from './AccountsView'
import { AuditView } from './AuditView'
import { InstrumentsView } from './InstrumentsView'
import { isDistrictStaff, ROLE_LABELS, SessionContext, useSession } from './session'
import { SignInView } from './SignInView'

// The profile and its printable summary are their own chunks, with the chart code; the schools list never loads them.
const SchoolProfileView = lazy(() => import('./SchoolProfileView').then((m) => ({ default: m.SchoolProfileView })))
const CommunitySummary = lazy(() => import('./profile/CommunitySummary').then((m) => ({ default: m.CommunitySummary })))

// Administrations, their posters and kiosk cards: a chunk of their own.
const AdministrationsView = lazy(() => import('./administrations/AdministrationsView').then((m) => ({ default: m.AdministrationsView })))
const AdministrationView = lazy(() => import('./administrations/AdministrationView').then((m) => ({ default: m.AdministrationView })))
const PrintView = lazy(() => import('./administrations/PrintView').then((m) => ({ default: m.PrintView })))
// Responses held for review at release cuts (district admins): a chunk of its own.
const HoldsView = lazy(() => import('./holds/HoldsView').then((m) => ({ default: m.HoldsView })))

// The dashboards carry the chart library: their own chunks, loaded when a page needs them.
const DistrictView = lazy(() => import('./DistrictView').then((m) => ({ default: m.DistrictView })))
// The asset map: the partner inventory and the district's gaps.
const PartnersView = lazy(() => import('./PartnersView').then((m) => ({ default: m.PartnersView })))
const GapsView = lazy(() => import('./GapsView').then((m) => ({ default: m.GapsView })))
// The instrument designer is its own feature (client/designer/): this lazy import is the one place admin reaches into
// it, so staff pages load it only at /admin/design and the runner never does.
const DesignerApp = lazy(() => import('../designer/DesignerApp').then((m) => ({ default: m.DesignerApp })))

/** Staff pages behind sign-in: the schools a person may see, profiles, the district comparison, and for admins accounts and the audit log. */
export function AdminApp() {
  const [me, setMe] = useState<Me | null | 'loading'>('loading')

  useEffect(() => {
    void fetchMe().then((r) => setMe(r.ok ? r.body : null))
    const signedOut = () => setMe(null)
    window.addEventListener('ana:signed-out', signedOut)
    return () => window.removeEventListener('ana:signed-out', signedOut)
  }, [])

  if (me === 'loading') return <p role="status">Loading…</p>
  if (me === null) return <SignInView onSignedIn={setMe} />
  return (
    <SessionContext.Provider value={me}>
      <Header onSignedOut={() => setMe(null)} />
      <Page />
    </SessionContext.Provider>
  )
}

function Page() {
  const me = useSession()
  const path = window.location.pathname
  const query = new URLSearchParams(window.location.search)
  const administration = query.get('administration') ? Number(query.get('administration')) : null
  const summary = /^\/admin\/schools\/(\d+)\/summary/.exec(path)
  if (summary) {
    return (
      <Suspense fallback={<p role="status">Loading…</p>}>
        <CommunitySummary schoolId={Number(summary[1])} lang={query.get('lang') ?? 'en'} administration={administration} />
      </Suspense>
    )
  }
  const school = /^\/admin\/schools\/(\d+)/.exec(path)
  if (school) {
    return (
      <Suspense fallback={<p role="status">Loading…</p>}>
        <SchoolProfileView schoolId={Number(school[1])} administration={administration} />
      </Suspense>
    )
  }
  const printed = /^\/admin\/administrations\/(\d+)\/print\/(\d+)/.exec(path)
  const administrationPage = /^\/admin\/administrations\/(\d+)/.exec(path)
  if (path.startsWith('/admin/administrations')) {
    return (
      <Suspense fallback={<p role="status">Loading…</p>}>
        {printed ? (
          <PrintView administrationId={Number(printed[1])} schoolId={Number(printed[2])} />
        ) : administrationPage ? (
          <AdministrationView id={Number(administrationPage[1])} />
        ) : (
          <AdministrationsView />
        )}
      </Suspense>
    )
  }
  if (path.startsWith('/admin/instruments')) return <InstrumentsView />
  if (path.startsWith('/admin/design')) {
    return (
      <Suspense fallback={<p role="status">Loading…</p>}>
        <DesignerApp me={me} />
      </Suspense>
    )
  }
  if (path.startsWith('/admin/partners') || (path.startsWith('/admin/gaps') && isDistrictStaff(me))) {
    return <Suspense fallback={<p role="status">Loading…</p>}>{path.startsWith('/admin/partners') ? <PartnersView /> : <GapsView />}</Suspense>
  }
  if (path.startsWith('/admin/accounts') && me.user.role === 'district-admin') return <AccountsView />
  if (path.startsWith('/admin/audit') && me.user.role === 'district-admin') return <AuditView />
  if (path.startsWith('/admin/holds') && me.user.role === 'district-admin') {
    return (
      <Suspense fallback={<p role="status">Loading…</p>}>
        <HoldsView administration={administration} />
      </Suspense>
    )
  }
  if (path.startsWith('/admin/district') && isDistrictStaff(me)) {
    return (
      <Suspense fallback={<p role="status">Loading…</p>}>
        <DistrictView />
      </Suspense>
    )
  }
  return <SchoolList />
}

function Header({ onSignedOut }: { onSignedOut: () => void }) {
  const me = useSession()
  const { t } = useTranslation()
  const admin = me.user.role === 'district-admin'
  return (
    <header className="admin-header">
      <nav aria-label="Staff pages">
        <a href="/admin">Schools</a>
        {isDistrictStaff(me) && <a href="/admin/district">District comparison</a>}
        <a href="/admin/administrations">Administrations</a>
        <a href="/admin/partners">Partners</a>
        {isDistrictStaff(me) && <a href="/admin/gaps">Gaps</a>}
        <a href="/admin/instruments">Instruments and translations</a>
        <a href="/admin/design">Instrument designer</a>
        {admin && <a href="/admin/accounts">Accounts</a>}
        {admin && <a href="/admin/audit">Audit log</a>}
        {admin && <a href="/admin/holds">{t('holds:navigation')}</a>}
      </nav>
      <p className="who">
        <LanguageSwitch /> {me.user.email} · {ROLE_LABELS[me.user.role]}{' '}
        <button type="button" onClick={() => void signOut().then(onSignedOut)}>
          Sign out
        </button>
      </p>
    </header>
  )
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', es: 'Español' }

/** The dashboards' language (the community summary has its own, in any of the ten). */
function LanguageSwitch() {
  const { i18n } = useTranslation()
  return (
    <select aria-label="Language / Idioma" value={i18n.language} onChange={(e) => void setAdminLanguage(e.target.value)}>
      {ADMIN_LANGUAGES.map((l) => (
        <option key={l} value={l} lang={l}>
          {LANGUAGE_NAMES[l]}
        </option>
      ))}
    </select>
  )
}

function SchoolList() {
  const { data, error } = useRequest(fetchSchools, 'schools')
  const schools = data?.schools ?? null
  return (
    <main className="admin">
      <h1>Schools</h1>
      {error && <p role="alert">{error}</p>}
      {!schools && !error && <p role="status">Loading…</p>}
      {schools && (
        <table>
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col">Region</th>
              <th scope="col">Cohort</th>
              <th scope="col">Grades</th>
            </tr>
          </thead>
          <tbody>
            {schools.map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={`/admin/schools/${s.id}`}>{s.name}</a>
                </td>
                <td>{s.region}</td>
                <td>{s.cohort ?? '—'}</td>
                <td>{s.grades}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  )
}
