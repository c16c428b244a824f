import type { ReactNode } from 'react'
import type { Withheld } from '../../api/profiles'
import { WithheldTd } from '../WithheldTd'
import type { ProfileFormat } from './use-profile-format'

/** A table cell for a withheld figure: hatched, its reason as text for screen readers and as a tooltip, no number. */
export function WithheldCell({ figure, format, colSpan }: { figure: Withheld; format: ProfileFormat; colSpan?: number }) {
  return <WithheldTd reason={format.withheld(figure)} mark={format.t('withheld.short')} colSpan={colSpan} />
}

/** An index with its 95% interval and n, or the reason it is withheld. */
export function FigureCell({
  figure,
  format,
  extra,
}: {
  figure: { shown: true; index: number; n: number; interval: [number, number] | null } | Withheld
  format: ProfileFormat
  extra?: ReactNode
}) {
  if (!figure.shown) return <WithheldCell figure={figure} format={format} />
  return (
    <td>
      {format.number(figure.index)}
      <small>
        {figure.interval && <>{format.interval(figure.interval)} · </>}
        {format.t('n', { n: figure.n })}
        {extra}
      </small>
    </td>
  )
}

/** The table alternative of a chart: closed by default, the same figures as the chart, for screen readers and for reading exact values. */
export function TableAlternative({ format, children }: { format: ProfileFormat; children: ReactNode }) {
  return (
    <details className="table-alternative">
      <summary>{format.t('showTable')}</summary>
      <div className="scroll">{children}</div>
    </details>
  )
}

/** A table with one row per domain (its label as the row header) and the given columns. */
export function DomainTable<D extends { domain: string }>({
  caption,
  columns,
  rows,
  rowHeader,
  cells,
}: {
  caption: string
  columns: string[]
  rows: D[]
  rowHeader: (row: D) => string
  cells: (row: D) => ReactNode
}) {
  return (
    <table className="profile">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.domain}>
            <th scope="row">{rowHeader(row)}</th>
            {cells(row)}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
