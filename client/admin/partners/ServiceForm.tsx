import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { changeService, createService, DELIVERIES, PARTNER_TYPES, type Delivery, type Organization, type PartnerType } from '../../api/partners'
import type { SchoolSummary } from '../../api/schools'
import type { ServiceRow } from './service-row'

const NEW = 'new'

/** Adds a service (to a school, with an existing or new organization) or changes one. */
export function ServiceForm({
  row,
  organizations,
  schools,
  domains,
  onDone,
}: {
  row: ServiceRow | null
  organizations: Organization[]
  schools: SchoolSummary[]
  domains: { id: string; label: string }[]
  onDone: (message: string | null) => void
}) {
  const { t } = useTranslation('partners')
  const s = row?.service
  const [school, setSchool] = useState(String(s?.schoolIds[0] ?? schools[0]?.id ?? ''))
  const [organization, setOrganization] = useState(String(row?.organization.id ?? organizations[0]?.id ?? NEW))
  const [newOrganization, setNewOrganization] = useState({ name: '', type: 'nonprofit' as PartnerType })
  const [fields, setFields] = useState({
    name: s?.name ?? '',
    domains: s?.domains ?? [],
    delivery: s?.delivery ?? ('on-site' as Delivery),
    hours: s?.hours ?? '',
    languages: s?.languages.join(', ') ?? '',
    capacity: s?.capacity === null || s?.capacity === undefined ? '' : String(s.capacity),
    activeFrom: s?.activeFrom ?? '',
    activeUntil: s?.activeUntil ?? '',
  })
  const [error, setError] = useState<string | null>(null)

  async function submit(e: FormEvent) {
    e.preventDefault()
    const body = {
      name: fields.name,
      domains: fields.domains,
      delivery: fields.delivery,
      hours: fields.hours,
      languages: fields.languages
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
      capacity: fields.capacity === '' ? null : Number(fields.capacity),
      activeFrom: fields.activeFrom || null,
      activeUntil: fields.activeUntil || null,
    }
    const result = s
      ? await changeService(s.schoolIds[0] ?? Number(school), s.id, body)
      : await createService(Number(school), { ...body, ...(organization === NEW ? { organization: newOrganization } : { organizationId: Number(organization) }) })
    if (result.ok) onDone(t('form.saved', { service: fields.name }))
    else setError(result.body.message)
  }

  return (
    <form className="stacked service-form" onSubmit={(e) => void submit(e)} aria-label={s ? t('form.editing', { service: s.name }) : t('form.add')}>
      <h2>{s ? t('form.editing', { service: s.name }) : t('form.add')}</h2>
      {error && <p role="alert">{error}</p>}
      {!s && (
        <>
          <label>
            {t('form.school')}
            <select value={school} onChange={(e) => setSchool(e.target.value)}>
              {schools.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('form.organization')}
            <select value={organization} onChange={(e) => setOrganization(e.target.value)}>
              {organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
              <option value={NEW}>{t('form.newOrganization')}</option>
            </select>
          </label>
          {organization === NEW && (
            <>
              <label>
                {t('form.organizationName')}
                <input required maxLength={200} value={newOrganization.name} onChange={(e) => setNewOrganization({ ...newOrganization, name: e.target.value })} />
              </label>
              <label>
                {t('form.organizationType')}
                <select value={newOrganization.type} onChange={(e) => setNewOrganization({ ...newOrganization, type: e.target.value as PartnerType })}>
                  {PARTNER_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {t(`types.${type}`)}
                    </option>
                  ))}
                </select>
              </label>
            </>
          )}
        </>
      )}
      <label>
        {t('form.name')}
        <input required maxLength={200} value={fields.name} onChange={(e) => setFields({ ...fields, name: e.target.value })} />
      </label>
      <fieldset>
        <legend>{t('form.domains')}</legend>
        {domains.map((d) => (
          <label key={d.id} className="inline">
            <input
              type="checkbox"
              checked={fields.domains.includes(d.id)}
              onChange={(e) => setFields({ ...fields, domains: e.target.checked ? [...fields.domains, d.id] : fields.domains.filter((x) => x !== d.id) })}
            />{' '}
            {d.label}
          </label>
        ))}
      </fieldset>
      <label>
        {t('form.delivery')}
        <select value={fields.delivery} onChange={(e) => setFields({ ...fields, delivery: e.target.value as Delivery })}>
          {DELIVERIES.map((d) => (
            <option key={d} value={d}>
              {t(`deliveries.${d}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('form.hours')}
        <input maxLength={300} value={fields.hours} onChange={(e) => setFields({ ...fields, hours: e.target.value })} />
      </label>
      <label>
        {t('form.languages')}
        <input value={fields.languages} onChange={(e) => setFields({ ...fields, languages: e.target.value })} />
      </label>
      <label>
        {t('form.capacity')}
        <input type="number" min={0} value={fields.capacity} onChange={(e) => setFields({ ...fields, capacity: e.target.value })} />
      </label>
      <label>
        {t('form.activeFrom')}
        <input type="date" value={fields.activeFrom} onChange={(e) => setFields({ ...fields, activeFrom: e.target.value })} />
      </label>
      <label>
        {t('form.activeUntil')}
        <input type="date" value={fields.activeUntil} onChange={(e) => setFields({ ...fields, activeUntil: e.target.value })} />
      </label>
      <p>
        <button type="submit">{t('form.save')}</button>{' '}
        <button type="button" onClick={() => onDone(null)}>
          {t('form.cancel')}
        </button>
      </p>
    </form>
  )
}
