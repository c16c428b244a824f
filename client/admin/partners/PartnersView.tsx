import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiResult } from '../../api/http'
import { deleteService, fetchPartners, linkService, PARTNER_TYPES, unlinkService } from '../../api/partners'
import { fetchSchools } from '../../api/schools'
import { localized } from '../../ui/localized'
import { useRequest } from '../../ui/use-request'
import { isDistrictStaff, useSession } from '../session'
import { CsvSection } from './CsvSection'
import { FilterSelect } from '../FilterSelect'
import { LinkControl } from './LinkControl'
import { ServiceForm } from './ServiceForm'
import type { ServiceRow } from './service-row'
import './partners.css'

/** /admin/partners: the partner inventory, its filters, a form to add or change a service, links to schools, CSV in and out. */
export function PartnersView() {
  const { t, i18n } = useTranslation('partners')
  const me = useSession()
  const admin = me.user.role === 'district-admin'
  // District analysts read the inventory and change nothing (the server refuses them).
  const changes = me.user.role !== 'district-analyst'
  const [version, setVersion] = useState(0)
  const inventory = useRequest(fetchPartners, version)
  const schools = useRequest(fetchSchools, 'schools')
  const domainList = useMemo(() => (inventory.data?.domains ?? []).map((d) => ({ id: d.id, label: localized(d.label, i18n.language) || d.id })), [inventory.data, i18n.language])
  const domainLabel = (id: string) => domainList.find((d) => d.id === id)?.label ?? id
  const [notice, setNotice] = useState<string | null>(null)
  const [editing, setEditing] = useState<ServiceRow | 'new' | null>(null)
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

  const rows: ServiceRow[] = (inventory.data?.organizations ?? []).flatMap((organization) => organization.services.map((service) => ({ organization, service })))
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
          <FilterSelect label={t('filters.domain')} allLabel={t('filters.all')} value={filters.domain} onChange={(domain) => setFilters({ ...filters, domain })} options={domainList.map((d) => [d.id, d.label])} />
          <FilterSelect label={t('filters.school')} allLabel={t('filters.all')} value={filters.school} onChange={(school) => setFilters({ ...filters, school })} options={schoolList.map((x) => [String(x.id), x.name])} />
          <FilterSelect label={t('filters.type')} allLabel={t('filters.all')} value={filters.type} onChange={(type) => setFilters({ ...filters, type })} options={PARTNER_TYPES.map((type) => [type, t(`types.${type}`)])} />
          <label>
            {t('filters.find')}{' '}
            <input type="search" value={filters.find} placeholder={t('filters.findPlaceholder')} onChange={(e) => setFilters({ ...filters, find: e.target.value })} />
          </label>
          <label>
            <input type="checkbox" checked={filters.activeOnly} onChange={(e) => setFilters({ ...filters, activeOnly: e.target.checked })} /> {t('filters.activeOnly')}
          </label>
        </fieldset>
      </form>

      {changes && editing === null && schoolList.length > 0 && (
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
                        {changes && (admin || me.user.schools.some((x) => x.id === id)) && (
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
                  {changes && <LinkControl service={s} schools={schoolList.filter((x) => !s.schoolIds.includes(x.id))} onLink={(school) => void act(() => linkService(school.id, s.id), t('actions.linked', { service: s.name, school: school.name }))} />}
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
