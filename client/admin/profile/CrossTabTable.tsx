import { useMemo } from 'react'
import type { LocalizedText } from '../../api/access'
import { fetchCrossTab, type CrossTab, type SchoolProfile } from '../../api/profiles'
import type { Measure } from '../../../server/vocabulary/measures'
import { useRequest } from '../../ui/use-request'
import { crossKey, crossTabTable, groupName, orderGroups } from './breakdowns'
import { FigureCell } from './FigureCell'
import type { ProfileFormat } from './use-profile-format'

/** A school's breakdown split by role, from the school cross-tab API. */
export function CrossTabTable({ profile, kind, measure, format }: { profile: SchoolProfile; kind: string; measure: Measure; format: ProfileFormat }) {
  const request = useRequest(() => fetchCrossTab(profile.school.id, profile.administration.id, kind, measure), `${profile.school.id} ${profile.administration.id} ${kind} ${measure}`)
  return <CrossTabView request={request} domains={profile.domains} minCellSize={profile.minCellSize} kind={kind} measure={measure} format={format} />
}

type CrossTabLike = Pick<CrossTab, 'values'> & { cells: (CrossTab['cells'][number] & { schools?: number })[] }

/**
 * One breakdown split by role: a column group per role (and all roles pooled, as the breakdown table), a column per
 * group. Every cell comes from a cross-tab API (a school's, or the district's sums of shown school cells), which
 * decides what is shown; this lays the figures out.
 */
export function CrossTabView({
  request,
  domains,
  minCellSize,
  kind,
  measure,
  format,
}: {
  request: { data: CrossTabLike | null; error: string | null }
  domains: { domain: string; label: LocalizedText }[]
  minCellSize: number
  kind: string
  measure: Measure
  format: ProfileFormat
}) {
  const { t, lng } = format
  const name = (value: string) => groupName(kind, value, lng, t)
  const domainOrder = useMemo(() => domains.map((d) => d.domain), [domains])
  const table = useMemo(
    () => (request.data ? crossTabTable(request.data as CrossTab, domainOrder, (values) => orderGroups(kind, values, (v) => groupName(kind, v, lng, t), lng)) : null),
    [request.data, domainOrder, kind, lng, t],
  )
  if (request.error) return <p role="alert">{request.error}</p>
  if (!table) return <p className="hint">{t('loading')}</p>
  const roleName = (role: string) => (role === 'all' ? t('breakdowns.allRoles') : t(`roles.${role}`))
  const labels = new Map(domains.map((d) => [d.domain, format.text(d.label)]))
  // Withheld everywhere, role by role: a role none of whose groups is shown in one phrase, the others' groups listed.
  const list = (items: string[]) => new Intl.ListFormat(lng, { type: 'conjunction' }).format(items)
  const withheld = [...new Set(table.withheldEverywhere.map((w) => w.role))].map((role) => {
    const values = table.withheldEverywhere.filter((w) => w.role === role).map((w) => w.value)
    return { role, text: values.length === request.data!.values.length ? t('breakdowns.everyGroup') : list(values.map(name)) }
  })
  return (
    <>
      {table.columns.length === 0 ? (
        <p>{t('breakdowns.noneShown')}</p>
      ) : (
        <div className="scroll breakdown-scroll" role="region" tabIndex={0} aria-labelledby="crosstab-caption">
          <table className="profile breakdown crosstab">
            <caption id="crosstab-caption" className="visually-hidden">
              {t('breakdowns.crossCaption', { measure: t(`measure.${measure}`), kind: t(`breakdowns.kinds.${kind}`, { defaultValue: kind }) })}
            </caption>
            <thead>
              <tr>
                <td />
                {table.columns.map((c) => (
                  <th scope="colgroup" colSpan={c.groups.length} key={c.role}>
                    {roleName(c.role)}
                  </th>
                ))}
              </tr>
              <tr>
                <th scope="col">{t('domain')}</th>
                {table.columns.flatMap((c) =>
                  c.groups.map((value) => (
                    <th scope="col" key={crossKey(c.role, value)}>
                      {name(value)}
                    </th>
                  )),
                )}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.domain}>
                  <th scope="row">{labels.get(row.domain) ?? row.domain}</th>
                  {table.columns.flatMap((c) =>
                    c.groups.map((value) => {
                      const figure = row.figures[crossKey(c.role, value)]
                      return figure ? <FigureCell key={crossKey(c.role, value)} figure={figure} format={format} /> : <td key={crossKey(c.role, value)}>—</td>
                    }),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {withheld.length > 0 && (
        <div className="hint breakdown-withheld">
          <p>{t('breakdowns.withheldByRole', { k: minCellSize })}</p>
          <ul>
            {withheld.map((w) => (
              <li key={w.role}>
                <strong>{roleName(w.role)}</strong>: {w.text}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  )
}
