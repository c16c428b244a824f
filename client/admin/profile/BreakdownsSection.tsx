import { useMemo, useState } from 'react'
import type { SchoolProfile } from '../../api/profiles'
import type { Measure } from '../../../server/vocabulary/measures'
import { breakdownKinds, breakdownTable, groupName, orderGroups } from './breakdowns'
import { CrossTabTable } from './CrossTabTable'
import { FigureCell } from './FigureCell'
import type { ProfileFormat } from './use-profile-format'

/**
 * Need or asset indexes by home language, grade band or time at school, per domain: "what do Spanish-speaking
 * families need?". The server decides which groups are shown (complementary suppression across a kind's groups);
 * this only lays its figures out, withheld ones as the rest of the page shows them.
 */
export function BreakdownsSection({ profile, format }: { profile: SchoolProfile; format: ProfileFormat }) {
  const { t, lng } = format
  const kinds = useMemo(() => breakdownKinds(profile.breakdowns), [profile.breakdowns])
  const [chosenKind, setKind] = useState<string | null>(null)
  const [measure, setMeasure] = useState<Measure>('need')
  const [byRole, setByRole] = useState(false)
  // Nothing is picked at first: the reader says which grouping they ask about; until then the domain tables above are the only ones.
  const kind = chosenKind !== null && kinds.includes(chosenKind) ? chosenKind : null
  const domainOrder = useMemo(() => profile.domains.map((d) => d.domain), [profile.domains])
  const table = useMemo(() => (kind ? breakdownTable(profile.breakdowns, kind, measure, domainOrder) : null), [profile.breakdowns, kind, measure, domainOrder])
  const names = useMemo(() => {
    const name = (value: string) => (kind ? groupName(kind, value, lng, t) : value)
    const order = (values: string[]) => (kind ? orderGroups(kind, values, name, lng) : values)
    return { name, groups: order(table?.groups ?? []), withheld: order(table?.withheldEverywhere ?? []) }
  }, [kind, lng, t, table])
  if (kinds.length === 0) return null

  const labels = new Map(profile.domains.map((d) => [d.domain, format.text(d.label)]))
  const caption = kind && t('breakdowns.caption', { measure: t(`measure.${measure}`), kind: t(`breakdowns.kinds.${kind}`, { defaultValue: kind }) })
  return (
    <section aria-labelledby="breakdowns">
      <h2 id="breakdowns">{t('breakdowns.heading')}</h2>
      <p className="hint">{t('breakdowns.hint')}</p>
      <fieldset className="toggle">
        <legend>{t('breakdowns.by')}</legend>
        {kinds.map((k) => (
          <label key={k}>
            <input type="radio" name="breakdown-kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`breakdowns.kinds.${k}`, { defaultValue: k })}
          </label>
        ))}
      </fieldset>
      <fieldset className="toggle">
        <legend>{t('roles.show')}</legend>
        {(['need', 'asset'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="breakdown-measure" value={m} checked={measure === m} onChange={() => setMeasure(m)} /> {t(`measure.${m}`)}
          </label>
        ))}
      </fieldset>
      <label className="toggle">
        <input type="checkbox" checked={byRole} onChange={(e) => setByRole(e.target.checked)} /> {t('breakdowns.byRole')}
      </label>
      {kind && byRole ? (
        <CrossTabTable profile={profile} kind={kind} measure={measure} format={format} />
      ) : !kind || !table ? (
        <p className="hint">{t('breakdowns.pick')}</p>
      ) : names.groups.length === 0 ? (
        <p>{t('breakdowns.noneShown')}</p>
      ) : (
        // Wide tables scroll inside their box, never the page; focusable so a keyboard can scroll it too.
        <div className="scroll breakdown-scroll" role="region" tabIndex={0} aria-labelledby="breakdowns-caption">
          <table className="profile breakdown">
            <caption id="breakdowns-caption" className="visually-hidden">
              {caption}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('domain')}</th>
                {names.groups.map((value) => (
                  <th scope="col" key={value}>
                    {names.name(value)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.domain}>
                  <th scope="row">{labels.get(row.domain) ?? row.domain}</th>
                  {names.groups.map((value) => {
                    const figure = row.figures[value]
                    return figure ? <FigureCell key={value} figure={figure} format={format} /> : <td key={value}>—</td>
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!byRole && names.withheld.length > 0 && (
        <p className="hint breakdown-withheld">
          {t('breakdowns.withheldEverywhere', {
            k: profile.minCellSize,
            groups: new Intl.ListFormat(lng, { type: 'conjunction' }).format(names.withheld.map(names.name)),
          })}
        </p>
      )}
    </section>
  )
}
