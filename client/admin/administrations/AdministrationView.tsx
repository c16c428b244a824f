import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import {
  changeAdministration,
  closeAdministration,
  extendAdministration,
  fetchAdministration,
  openAdministration,
  replaceCode,
  revokeCode,
  type AdministrationDetail,
  type Mode,
} from '../../api/administrations'
import { fetchSchools } from '../../api/schools'
import type { ApiResult } from '../../api/http'
import { fetchRates } from '../../api/rates'
import { localized } from '../../ui/localized'
import { LanguageOptions } from '../../ui/LanguageOptions'
import { useRequest } from '../../ui/use-request'
import { RatesSection } from '../rates/RatesSection'
import { formatWindow } from './format'
import { ReleasesSection } from './ReleasesSection'
import './administrations.css'

/**
 * One administration: its window with the actions that move it (open now, extend, close), the versions offered,
 * each school's code with its poster and kiosk card, and the live response rates.
 */
export function AdministrationView({ id }: { id: number }) {
  const { t, i18n } = useTranslation('administrations')
  const [version, setVersion] = useState(0)
  const detail = useRequest(() => fetchAdministration(id), `administration/${id}/${version}`)
  const rates = useRequest(() => fetchRates(id), `rates/${id}/${version}`)
  const [error, setError] = useState<string | null>(null)
  const a = detail.data

  async function act(call: () => Promise<ApiResult<unknown>>) {
    setError(null)
    const result = await call()
    if (!result.ok) setError(result.body.message)
    setVersion((v) => v + 1)
  }

  return (
    <main className="admin administrations">
      <p>
        <a href="/admin/administrations">{t('back')}</a>
      </p>
      {detail.error && <p role="alert">{detail.error}</p>}
      {!a && !detail.error && <p role="status">{t('loading')}</p>}
      {a && (
        <>
          <h1>
            {a.name} <span className={`status status-${a.status}`}>{t(`status.${a.status}`)}</span>
          </h1>
          <p>
            {formatWindow(a, i18n.language)} · {t('timeZone', { zone: a.timeZone })} · {t(`modes.${a.mode}`)} · {t(`runBy.${a.runBy}`)}
          </p>
          {error && <p role="alert">{error}</p>}
          {a.mayChange ? <Lifecycle a={a} act={act} /> : <p className="hint">{t(a.runBy === 'district' ? 'districtRuns' : 'notYours')}</p>}
          <h2>{t('instruments')}</h2>
          <ul>
            {a.instruments.map((i) => (
              <li key={i.slug}>
                {t(`roles.${i.role}`)}: {localized(i.title, i18n.language)} v{i.version}
              </li>
            ))}
          </ul>
          {a.hasResponses && <p className="hint">{t('versionsFixed')}</p>}
          <Schools a={a} act={act} />
          <ReleasesSection a={a} />
        </>
      )}
      {rates.error && <p role="alert">{rates.error}</p>}
      {rates.data && <RatesSection rates={rates.data} />}
    </main>
  )
}

type Act = (call: () => Promise<ApiResult<unknown>>) => Promise<void>

function Lifecycle({ a, act }: { a: AdministrationDetail; act: Act }) {
  const { t } = useTranslation('administrations')
  const [name, setName] = useState(a.name)
  const extend = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const closesAt = String(new FormData(event.currentTarget).get('closesAt') ?? '')
    void act(() => extendAdministration(a.id, closesAt))
  }
  if (a.status === 'closed') return null
  return (
    <div className="lifecycle">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void act(() => changeAdministration(a.id, { name }))
        }}
      >
        <label>
          {t('rename')} <input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
        </label>{' '}
        <button type="submit" disabled={name.trim() === a.name || !name.trim()}>
          {t('save')}
        </button>
      </form>
      {a.status === 'scheduled' && (
        <button type="button" onClick={() => void act(() => openAdministration(a.id))}>
          {t('openNow')}
        </button>
      )}
      {a.status === 'scheduled' && <EditWindow a={a} act={act} />}
      <AddSchools a={a} act={act} />
      <form onSubmit={extend}>
        <label>
          {t('extend')} <input name="closesAt" type="datetime-local" required min={a.localClosesAt} />
        </label>{' '}
        <button type="submit">{t('extendButton')}</button>
      </form>
      <button type="button" className="danger" onClick={() => window.confirm(t('confirmClose')) && void act(() => closeAdministration(a.id))}>
        {t('closeNow')}
      </button>
    </div>
  )
}

/** Before it opens, the window and how people answer can still change. */
function EditWindow({ a, act }: { a: AdministrationDetail; act: Act }) {
  const { t } = useTranslation('administrations')
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    void act(() => changeAdministration(a.id, { opensAt: String(form.get('opensAt')), closesAt: String(form.get('closesAt')), mode: String(form.get('mode')) as Mode }))
  }
  return (
    <form onSubmit={submit} className="edit-window">
      <label>
        {t('opens')} <input name="opensAt" type="datetime-local" required defaultValue={a.localOpensAt} />
      </label>{' '}
      <label>
        {t('closes')} <input name="closesAt" type="datetime-local" required defaultValue={a.localClosesAt} />
      </label>{' '}
      <label>
        {t('mode')}{' '}
        <select name="mode" defaultValue={a.mode}>
          {(['both', 'kiosk', 'phone'] as const).map((m) => (
            <option key={m} value={m}>
              {t(`modes.${m}`)}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="submit">{t('saveWindow')}</button>
    </form>
  )
}

/** A school can join while the administration runs; it gets its own code. */
function AddSchools({ a, act }: { a: AdministrationDetail; act: Act }) {
  const { t } = useTranslation('administrations')
  const schools = useRequest(fetchSchools, 'schools')
  const [chosen, setChosen] = useState('')
  const missing = (schools.data?.schools ?? []).filter((s) => !a.schools.some((p) => p.id === s.id))
  if (missing.length === 0) return null
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        if (chosen) void act(() => changeAdministration(a.id, { schoolIds: [...a.schools.map((s) => s.id), Number(chosen)] }))
      }}
    >
      <label>
        {t('addSchool')}{' '}
        <select value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="" />
          {missing.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="submit" disabled={!chosen}>
        {t('add')}
      </button>
    </form>
  )
}

function Schools({ a, act }: { a: AdministrationDetail; act: Act }) {
  const { t, i18n } = useTranslation('administrations')
  const [lang, setLang] = useState(i18n.language === 'es' ? 'es' : 'en')
  const [paper, setPaper] = useState<'letter' | 'a4'>('letter')
  const runs = a.schools.some((s) => s.code !== null || s.revokedCodes.length > 0)
  const printed = (schoolId: number, kind: 'poster' | 'kiosk') => `/admin/administrations/${a.id}/print/${schoolId}?kind=${kind}&lang=${lang}&paper=${paper}`
  return (
    <section aria-labelledby="codes">
      <h2 id="codes">{t('codes')}</h2>
      {runs && (
        <p className="print-options">
          <label>
            {t('language')}{' '}
            <select value={lang} onChange={(e) => setLang(e.target.value)}>
              <LanguageOptions />
            </select>
          </label>{' '}
          <label>
            {t('paper')}{' '}
            <select value={paper} onChange={(e) => setPaper(e.target.value as 'letter' | 'a4')}>
              <option value="letter">{t('letter')}</option>
              <option value="a4">{t('a4')}</option>
            </select>
          </label>
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('schools')}</th>
            <th scope="col">{t('code')}</th>
            {runs && <th scope="col">{t('poster')}</th>}
          </tr>
        </thead>
        <tbody>
          {a.schools.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                {s.name}
                {s.versions.length > 0 && <small>{t('ownVersion', { versions: s.versions.map((v) => `${v.slug} v${v.version}`).join(', ') })}</small>}
              </th>
              <td>
                {s.code ? <code className="access-code">{s.code}</code> : runs && <span>{t('noCode')}</span>}
                {s.revokedCodes.length > 0 && <small>{t('revoked', { codes: s.revokedCodes.join(', ') })}</small>}
              </td>
              {runs && (
                <td className="code-actions">
                  {s.code && a.status !== 'closed' && a.mode !== 'kiosk' && (
                    <>
                      <a href={printed(s.id, 'poster')}>{t('poster')}</a>{' '}
                    </>
                  )}
                  {s.code && a.status !== 'closed' && a.mode !== 'phone' && (
                    <>
                      <a href={printed(s.id, 'kiosk')}>{t('kioskCard')}</a>{' '}
                    </>
                  )}
                  {a.status !== 'closed' && (
                    <button type="button" onClick={() => window.confirm(t('confirmNewCode', { school: s.name })) && void act(() => replaceCode(a.id, s.id))}>
                      {t('newCode')}
                    </button>
                  )}{' '}
                  {s.code && a.status !== 'closed' && (
                    <button type="button" className="danger" onClick={() => window.confirm(t('confirmRevoke', { school: s.name })) && void act(() => revokeCode(a.id, s.id, s.code!))}>
                      {t('revoke')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
