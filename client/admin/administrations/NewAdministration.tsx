import { useMemo, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { createAdministration, type Mode, type Role } from '../../api/administrations'
import { fetchInstruments, type InstrumentSummary } from '../../api/instruments'
import { fetchSchools } from '../../api/schools'
import { localized } from '../../ui/localized'
import { useRequest } from '../../ui/use-request'
import { useSession } from '../session'
import { ROLES } from '../../../server/vocabulary/roles'

/** A new administration: its name, window, how people answer, the schools and the instrument versions each role gets. */
export function NewAdministration({ timeZone, onCreated, onFailed }: { timeZone: string; onCreated: (id: number) => void; onFailed: () => void }) {
  const { t, i18n } = useTranslation('administrations')
  const me = useSession()
  const schools = useRequest(fetchSchools, 'schools')
  const instruments = useRequest(fetchInstruments, 'instruments')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [chosenSchools, setChosenSchools] = useState<number[]>(me.user.role === 'school-team' ? me.user.schools.map((s) => s.id) : [])

  // Per role, the instruments asked of it, each with its published versions, newest first; the newest is preselected.
  const byRole = useMemo(() => {
    const map = new Map<Role, Map<string, InstrumentSummary[]>>()
    for (const i of instruments.data?.instruments ?? []) {
      const role = i.role as Role
      const slugs = map.get(role) ?? new Map<string, InstrumentSummary[]>()
      slugs.set(i.slug, [...(slugs.get(i.slug) ?? []), i].sort((a, b) => b.version - a.version))
      map.set(role, slugs)
    }
    return map
  }, [instruments.data])

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const offered = [...byRole.values()].flatMap((slugs) => [...slugs.keys()]).flatMap((slug) => {
      const version = form.get(`version-${slug}`)
      return version ? [{ slug, version: Number(version) }] : []
    })
    setBusy(true)
    setError(null)
    const result = await createAdministration({
      name: String(form.get('name') ?? ''),
      opensAt: String(form.get('opensAt') ?? ''),
      closesAt: String(form.get('closesAt') ?? ''),
      mode: String(form.get('mode') ?? 'both') as Mode,
      instruments: offered,
      schoolIds: chosenSchools,
    })
    setBusy(false)
    if (result.ok) onCreated(result.body.id)
    else {
      setError(result.body.message)
      onFailed()
    }
  }

  const allSchools = schools.data?.schools ?? []
  return (
    <section aria-labelledby="new-administration">
      <h2 id="new-administration">{t('new')}</h2>
      <form className="administration-form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('name')}
          <input name="name" required maxLength={120} placeholder={t('namePlaceholder')} />
        </label>
        <div className="window-fields">
          <label>
            {t('opens')}
            <input name="opensAt" type="datetime-local" required />
          </label>
          <label>
            {t('closes')}
            <input name="closesAt" type="datetime-local" required />
          </label>
          <p className="hint">{t('timeZone', { zone: timeZone })}</p>
        </div>
        <fieldset>
          <legend>{t('mode')}</legend>
          {(['both', 'kiosk', 'phone'] as const).map((mode) => (
            <label key={mode} className="inline">
              <input type="radio" name="mode" value={mode} defaultChecked={mode === 'both'} /> {t(`modes.${mode}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('instruments')}</legend>
          {ROLES.flatMap((role) =>
            [...(byRole.get(role)?.entries() ?? [])].map(([slug, versions]) => (
              <label key={slug}>
                {t(`roles.${role}`)}: {localized(versions[0].title, i18n.language)}
                <select name={`version-${slug}`} defaultValue={String(versions[0].version)}>
                  {versions.map((v) => (
                    <option key={v.version} value={v.version}>
                      v{v.version}
                    </option>
                  ))}
                  <option value="">{t('noVersion')}</option>
                </select>
              </label>
            )),
          )}
        </fieldset>
        <fieldset className="school-choice">
          <legend>{t('schools')}</legend>
          {me.user.role === 'district-admin' && (
            <label className="inline">
              <input
                type="checkbox"
                checked={allSchools.length > 0 && chosenSchools.length === allSchools.length}
                onChange={(e) => setChosenSchools(e.target.checked ? allSchools.map((s) => s.id) : [])}
              />{' '}
              {t('allSchools')}
            </label>
          )}
          <div className="school-grid">
            {allSchools.map((s) => (
              <label key={s.id} className="inline">
                <input
                  type="checkbox"
                  checked={chosenSchools.includes(s.id)}
                  onChange={(e) => setChosenSchools((chosen) => (e.target.checked ? [...chosen, s.id] : chosen.filter((id) => id !== s.id)))}
                />{' '}
                {s.name}
              </label>
            ))}
          </div>
        </fieldset>
        {error && <p role="alert">{error}</p>}
        <button type="submit" disabled={busy}>
          {busy ? t('creating') : t('create')}
        </button>
      </form>
    </section>
  )
}
