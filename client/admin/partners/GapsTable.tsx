import { useTranslation } from 'react-i18next'
import { districtGapsExportUrl, type DistrictGaps, type IndexFigure } from '../../api/partners'

/** The schools of a gap query with their figures and status, and the same as CSV. */
export function GapsTable({ gaps, onlyGaps, label }: { gaps: DistrictGaps; onlyGaps: boolean; label: (id: string) => string }) {
  const { t, i18n } = useTranslation('partners')
  const numbers = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 })
  const figure = (f: IndexFigure) => (f.shown ? <td>{numbers.format(f.index)}</td> : <td className="withheld" title={f.message}>{t('gaps.statuses.withheld')}</td>)
  const organization = gaps.organization
  const rows = organization ? gaps.rows.filter((r) => r.highNeed === true && !r.reachedByOrganization) : gaps.rows.filter((r) => !onlyGaps || r.status === 'gap')
  const exportQuery = { administration: gaps.administration.id, ...gaps.thresholds, ...(organization ? { organization: organization.id } : { domain: gaps.domain ?? undefined }) }
  return (
    <section aria-labelledby="gaps-table">
      <p className="hint">{t('gaps.intro', { k: gaps.minCellSize })}</p>
      <p className="hint">{t('gaps.rule', { need: gaps.thresholds.needAtLeast, asset: gaps.thresholds.assetAtMost, awareness: gaps.thresholds.awarenessAtLeast })}</p>
      {organization && (
        <p>{organization.domains.length > 0 ? t('gaps.partnerDomains', { partner: organization.name, domains: organization.domains.map(label).join(', ') }) : t('gaps.partnerNoDomains', { partner: organization.name })}</p>
      )}
      <p>
        <a href={districtGapsExportUrl(exportQuery)} download>
          {t('gaps.export')}
        </a>
      </p>
      <table className="gaps-table">
        <caption id="gaps-table">{organization ? t('gaps.partnerCaption', { partner: organization.name }) : t('gaps.caption', { domain: label(gaps.domain ?? '') })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('gaps.school')}</th>
            <th scope="col">{t('gaps.region')}</th>
            {organization && <th scope="col">{t('gaps.domain')}</th>}
            <th scope="col">{t('gaps.need')}</th>
            <th scope="col">{t('gaps.asset')}</th>
            <th scope="col">{t('gaps.services')}</th>
            <th scope="col">{t('gaps.status')}</th>
            <th scope="col">{t('gaps.awareness')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={organization ? 8 : 7}>{t('gaps.none')}</td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={`${r.school.id}|${r.domain}`} data-school={r.school.name}>
              <th scope="row">
                <a href={`/admin/schools/${r.school.id}?administration=${gaps.administration.id}`}>{r.school.name}</a>
              </th>
              <td>{r.school.region}</td>
              {organization && <td>{label(r.domain)}</td>}
              {figure(r.need)}
              {figure(r.asset)}
              <td>{r.services.length === 0 ? <small>{t('gaps.nothing')}</small> : r.services.map((s) => `${s.organization}: ${s.name}`).join('; ')}</td>
              <td>
                <span className={`gap-status gap-status--${r.status}`}>{t(`gaps.statuses.${r.status}`)}</span>
              </td>
              <td>{r.awareness.map((a) => `${numbers.format(a.awarenessGap)}%`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
