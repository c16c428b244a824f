import { useTranslation } from 'react-i18next'
import type { DistrictComparison } from '../../api/comparison'
import { localized } from '../../ui/localized'
import { WithheldTd } from '../WithheldTd'
import type { Measure, Row } from './sort-rows'

/** The heat map as a table, for screen readers and for reading exact figures. */
export function ComparisonTable({ data, rows, measure, lng }: { data: DistrictComparison; rows: Row[]; measure: Measure; lng: string }) {
  const { t } = useTranslation('district')
  return (
    <div className="scroll">
      <table className="profile">
        <thead>
          <tr>
            <th scope="col">{t('heatmap.school')}</th>
            <th scope="col">{t('heatmap.priorityRank')}</th>
            {data.domains.map((d) => (
              <th scope="col" key={d.domain}>
                {localized(d.label, lng)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.school.id}>
              <th scope="row">
                <a href={`/admin/schools/${s.school.id}`}>{s.school.name}</a>
              </th>
              <td>{s.overallPriority?.rank ?? '—'}</td>
              {data.domains.map((d) => {
                const cell = s.cells[d.domain][measure]
                return cell.shown ? (
                  <td key={d.domain}>
                    {cell.index}
                    <small>n={cell.n}</small>
                  </td>
                ) : (
                  <WithheldTd key={d.domain} reason={cell.message} mark="—" />
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
