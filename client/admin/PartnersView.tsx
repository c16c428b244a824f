import { useMemo, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiResult } from '../api/http'
import {
  changeService,
  createService,
  deleteService,
  DELIVERIES,
  fetchPartners,
  importPartners,
  linkService,
  PARTNER_EXPORT_URL,
  PARTNER_TEMPLATE_URL,
  PARTNER_TYPES,
  unlinkService,
  type Delivery,
  type ImportRow,
  type Organization,
  type PartnerService,
  type PartnerType,
} from '../api/partners'
import { fetchSchools, type SchoolSummary } from '../api/schools'
import { useRequest } from '../ui/use-request'
import { localized } from '../ui/localized'
import { isDistrictStaff, useSession } from './session'
import './partners.css'

type Row = { organization: Organization; service: PartnerService }

/** /admin/partners: the partner inventory, its filters, a form to add or change a service, links to schools, CSV in and out. */
export function PartnersView() {
  const { t } = useTranslation('partners')
  const me = useSession()
  const admin = me.user.role === 'district-admin'
  const [version, setVersion] = useState(0)
  const inventory = useRequest(fetchPartners, version)
  const schools = useRequest(fetchSchools, 'schools')
  const { i18n } = useTranslation()
  const domainList = useMemo(() => (inventory.data?.domains ?? []).map((d) => ({ id: d.id, label: localized(d.label, i18n.language) || d.id })), [inventory.data, i18n.language])
  const domainLabel = (id: string) => domainList.find((d) => d.id === id)?.label ?? id
  const [notice, setNotice] = useState<string | null>(null)
  const [editing, setEditing] = useState<Row | 'new' | null>(null)
  const [filters, setFilters] = useState({ domain: '', school: '', type: '', find: '', activeOnly: false })
  const schoolList = schools.data?.schools ?? []
  const schoolName = useMemo(() => new Map(schoolList.map((s) => [s.id, s.name])), [schoolList])

  const refresh = (message: string) => {
    setNotice(message)
    setVersion((v) => v + 1)
  }
  const act = async (run: () => Promise<ApiResult<unknown>>, done: string) => {
    const result = await run()
    refresh(result.ok ? done : result.body.message)
  }

  const rows: Row[] = (inventory.data?.organizations ?? []).flatMap((organization) => organization.services.map((service) => ({ organization, service })))
  const find = filters.find.trim().toLowerCase()
  const shown = rows.filter(
    ({ organization: o, service: s }) =>
      (!filters.domain || s.domains.includes(filters.domain)) &&
      (!filters.school || s.schoolIds.includes(Number(filters.school))) &&
      (!filters.type || o.type === filters.type) &&
      (!filters.activeOnly || s.active) &&
      (!find || o.name.toLowerCase().includes(find) || s.name.toLowerCase().includes(find)),
  )

  return (
    <main className="admin partners">
      <h1>{t('title')}</h1>
      <p className="hint">{t('intro')}</p>
      <p className="hint">{t(admin ? 'whoEdits.admin' : isDistrictStaff(me) ? 'whoEdits.district' : 'whoEdits.team')}</p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <CsvSection admin={admin} onImported={refresh} />

      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>{t('filters.legend')}</legend>
          <FilterSelect label={t('filters.domain')} value={filters.domain} onChange={(domain) => setFilters({ ...filters, domain })} options={domainList.map((d) => [d.id, d.label])} />
          <FilterSelect label={t('filters.school')} value={filters.school} onChange={(school) => setFilters({ ...filters, school })} options={schoolList.map((x) => [String(x.id), x.name])} />
          <FilterSelect label={t('filters.type')} value={filters.type} onChange={(type) => setFilters({ ...filters, type })} options={PARTNER_TYPES.map((type) => [type, t(`types.${type}`)])} />
          <label>
            {t('filters.find')}{' '}
            <input type="search" value={filters.find} placeholder={t('filters.findPlaceholder')} onChange={(e) => setFilters({ ...filters, find: e.target.value })} />
          </label>
          <label>
            <input type="checkbox" checked={filters.activeOnly} onChange={(e) => setFilters({ ...filters, activeOnly: e.target.checked })} /> {t('filters.activeOnly')}
          </label>
        </fieldset>
      </form>

      {editing === null && schoolList.length > 0 && (
        <p>
          <button type="button" onClick={() => setEditing('new')}>
            {t('form.add')}
          </button>
        </p>
      )}
      {editing !== null && (
        <ServiceForm
          key={editing === 'new' ? 'new' : editing.service.id}
          row={editing === 'new' ? null : editing}
          organizations={inventory.data?.organizations ?? []}
          schools={schoolList}
          domains={domainList}
          onDone={(message) => {
            setEditing(null)
            if (message) refresh(message)
          }}
        />
      )}

      {inventory.error && <p role="alert">{inventory.error}</p>}
      {!inventory.data && !inventory.error && <p role="status">{t('loading')}</p>}
      {inventory.data && (
        <table className="partners-table">
          <caption className="visually-hidden">{t('table.caption')}</caption>
          <thead>
            <tr>
              {(['organization', 'service', 'domains', 'schools', 'delivery', 'hours', 'languages', 'capacity', 'period', 'actions'] as const).map((key) => (
                <th scope="col" key={key}>
                  {t(`table.${key}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 && (
              <tr>
                <td colSpan={10}>{t('table.none')}</td>
              </tr>
            )}
            {shown.map(({ organization: o, service: s }) => (
              <tr key={s.id} className={s.active ? undefined : 'service--ended'} data-service={s.name}>
                <td>
                  {o.name}
                  <small> · {t(`types.${o.type}`)}</small>
                </td>
                <th scope="row">{s.name}</th>
                <td>{s.domains.map((d) => domainLabel(d)).join(', ')}</td>
                <td>
                  {s.schoolIds.length === 0 && <small>{t('table.noSchools')}</small>}
                  <ul className="plain">
                    {s.schoolIds.map((id) => (
                      <li key={id}>
                        {schoolName.get(id) ?? `#${id}`}{' '}
                        {(isDistrictStaff(me) || me.user.schools.some((x) => x.id === id)) && (
                          <button
                            type="button"
                            className="link"
                            aria-label={t('actions.unlink', { school: schoolName.get(id) ?? `#${id}` })}
                            onClick={() => void act(() => unlinkService(id, s.id), t('actions.unlinked', { service: s.name, school: schoolName.get(id) ?? `#${id}` }))}
                          >
                            ×
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{t(`deliveries.${s.delivery}`)}</td>
                <td>{s.hours}</td>
                <td>{s.languages.join(', ')}</td>
                <td>{s.capacity ?? <small>{t('table.unknown')}</small>}</td>
                <td>
                  {!s.active && <strong>{t('table.ended')} </strong>}
                  {s.activeFrom === null && s.activeUntil === null ? t('table.always') : [s.activeFrom && t('table.from', { date: s.activeFrom }), s.activeUntil && t('table.until', { date: s.activeUntil })].filter(Boolean).join(' ')}
                </td>
                <td className="actions">
                  {s.editable && (
                    <button type="button" onClick={() => setEditing({ organization: o, service: s })}>
                      {t('actions.edit')}
                    </button>
                  )}
                  <LinkControl service={s} schools={schoolList.filter((x) => !s.schoolIds.includes(x.id))} onLink={(school) => void act(() => linkService(school.id, s.id), t('actions.linked', { service: s.name, school: school.name }))} />
                  {admin && (
                    <button type="button" onClick={() => window.confirm(t('actions.confirmDelete', { service: s.name })) && void act(() => deleteService(s.id), t('actions.deleted', { service: s.name }))}>
                      {t('actions.delete')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  )
}

/** A filter: "All" or one of the options ([value, label] pairs). */
function FilterSelect({ label, value, onChange, options }: { label: string; value: string; onChange: (value: string) => void; options: [string, string][] }) {
  const { t } = useTranslation('partners')
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('filters.all')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )
}

function LinkControl({ service, schools, onLink }: { service: PartnerService; schools: SchoolSummary[]; onLink: (school: SchoolSummary) => void }) {
  const { t } = useTranslation('partners')
  const [school, setSchool] = useState('')
  if (schools.length === 0) return null
  return (
    <span className="link-control">
      <label>
        <span className="visually-hidden">{`${t('actions.link')} (${service.name})`}</span>
        <select aria-label={`${t('actions.link')} ${service.name}`} value={school} onChange={(e) => setSchool(e.target.value)}>
          <option value="">{t('actions.chooseSchool')}</option>
          {schools.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={!school} onClick={() => onLink(schools.find((s) => s.id === Number(school))!)}>
        {t('actions.linkButton')}
      </button>
    </span>
  )
}

function CsvSection({ admin, onImported }: { admin: boolean; onImported: (message: string) => void }) {
  const { t } = useTranslation('partners')
  const [csv, setCsv] = useState<string | null>(null)
  const [preview, setPreview] = useState<ImportRow[] | null>(null)
  const [problems, setProblems] = useState<{ message: string; details: { line: number; message: string }[] } | null>(null)

  async function check(file: File | undefined) {
    setPreview(null)
    setProblems(null)
    if (!file) return
    const text = await file.text()
    setCsv(text)
    const result = await importPartners(text, true)
    if (result.ok) setPreview(result.body.rows)
    else setProblems({ message: result.body.message, details: (result.body.details as { line: number; message: string }[] | undefined) ?? [] })
  }

  async function commit() {
    if (csv === null) return
    const result = await importPartners(csv, false)
    setPreview(null)
    if (result.ok) onImported(t('csv.imported', { count: result.body.rows.length }))
    else setProblems({ message: result.body.message, details: (result.body.details as { line: number; message: string }[] | undefined) ?? [] })
  }

  return (
    <section aria-labelledby="partners-csv" className="partners-csv">
      <h2 id="partners-csv">{t('csv.heading')}</h2>
      <p>
        <a href={PARTNER_TEMPLATE_URL} download>
          {t('csv.template')}
        </a>{' '}
        · <a href={PARTNER_EXPORT_URL} download>{t('csv.export')}</a>
      </p>
      {admin && (
        <label>
          {t('csv.import')}: <input type="file" accept=".csv,text/csv" aria-label={t('csv.file')} onChange={(e) => void check(e.target.files?.[0])} />
        </label>
      )}
      {problems && (
        <div role="alert" className="import-problems">
          <p>{problems.message}</p>
          {problems.details.length > 0 && (
            <>
              <p>{t('csv.problems')}</p>
              <ul>
                {problems.details.map((p, i) => (
                  <li key={i}>
                    <strong>{t('csv.line', { line: p.line })}</strong>: {p.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {preview && (
        <div className="import-preview">
          <p>{preview.length === 0 ? t('csv.previewNone') : t('csv.preview', { count: preview.length })}</p>
          <ul>
            {preview.map((r) => (
              <li key={r.line}>
                {t('csv.line', { line: r.line })}: {r.organization} ({t(`csv.${r.organizationAction}`)}) · {r.service} ({t(`csv.${r.serviceAction}`)})
              </li>
            ))}
          </ul>
          <button type="button" disabled={preview.length === 0} onClick={() => void commit()}>
            {t('csv.confirm')}
          </button>{' '}
          <button type="button" onClick={() => setPreview(null)}>
            {t('csv.cancel')}
          </button>
        </div>
      )}
    </section>
  )
}

const NEW = 'new'

function ServiceForm({
  row,
  organizations,
  schools,
  domains,
  onDone,
}: {
  row: Row | null
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
