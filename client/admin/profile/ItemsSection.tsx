import { useMemo, useState } from 'react'
import type { ItemDistribution, SchoolProfile } from '../../api/profiles'
import { ROLES } from '../../../server/vocabulary/roles'
import { Chart } from '../charts/Chart'
import { ASSET_RAMP, NEED_RAMP, OKABE_ITO } from '../charts/echarts'
import { distributionOption, type DistributionRow, type Segment } from './chart-options'
import { TableAlternative, WithheldCell } from './FigureCell'
import { fallbackItemName, type Wording } from './item-wording'
import type { ProfileFormat } from './use-profile-format'

const UNSCORED = '#a3a3a3'
const ROLE_ORDER: readonly string[] = ROLES

/**
 * An answer's colour says where it lies: darker orange for more need, darker blue for more strength, grey for
 * answers that are not scored ("don't know", "prefer not to say"). Without the wording, choices take Okabe–Ito hues.
 */
function segmentsOf(item: ItemDistribution & { distribution: { shown: true } }, wording: Wording | null, format: ProfileFormat): Segment[] {
  const shares = item.distribution.shares
  const choices = wording?.get(item.itemId)?.choices ?? []
  const known = choices.filter((c) => c.value in shares)
  const rest = Object.keys(shares).filter((value) => !known.some((c) => c.value === value))
  const ramp = item.measures === 'asset' ? ASSET_RAMP : NEED_RAMP
  return [
    ...known.map((c) => ({
      label: format.text(c.text),
      share: shares[c.value],
      color: c.score === null ? UNSCORED : ramp[1 + Math.round((c.score / 100) * (ramp.length - 2))],
    })),
    ...rest.map((value, i) => ({ label: value, share: shares[value], color: OKABE_ITO[i % OKABE_ITO.length] })),
  ]
}

function itemLabel(item: ItemDistribution, wording: Wording | null, format: ProfileFormat): string {
  const words = wording?.get(item.itemId)
  return format.t('items.itemLabel', { item: words ? format.text(words.text) : fallbackItemName(item.itemId), role: format.t(`roles.${item.role}`) })
}

/** Each question's answers, per domain, drawn only when a person opens the domain. */
export function ItemsSection({ profile, wording, wordingError, format }: { profile: SchoolProfile; wording: Wording | null; wordingError: string | null; format: ProfileFormat }) {
  const { t } = format
  const byDomain = useMemo(() => {
    const groups = new Map<string, ItemDistribution[]>()
    for (const item of profile.items) groups.set(item.domain, [...(groups.get(item.domain) ?? []), item])
    for (const items of groups.values()) {
      items.sort((a, b) => b.measures.localeCompare(a.measures) || ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.itemId.localeCompare(b.itemId))
    }
    return groups
  }, [profile.items])

  return (
    <section aria-labelledby="items">
      <h2 id="items">{t('items.heading')}</h2>
      <p className="hint">{t('items.hint')}</p>
      {wordingError && <p role="alert">{t('items.wordingFailed', { message: wordingError })}</p>}
      {profile.domains
        .filter((d) => byDomain.has(d.domain))
        .map((d) => (
          <DomainItems key={d.domain} label={format.text(d.label)} items={byDomain.get(d.domain)!} wording={wording} waiting={!wording && !wordingError} format={format} />
        ))}
    </section>
  )
}

function DomainItems({ label, items, wording, waiting, format }: { label: string; items: ItemDistribution[]; wording: Wording | null; waiting: boolean; format: ProfileFormat }) {
  const [open, setOpen] = useState(false)
  return (
    <details className="domain-items" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{format.t('items.domainSummary', { domain: label, count: items.length })}</summary>
      {open && (waiting ? <p role="status">{format.t('loading')}</p> : <Distributions items={items} label={label} wording={wording} format={format} />)}
    </details>
  )
}

function Distributions({ items, label, wording, format }: { items: ItemDistribution[]; label: string; wording: Wording | null; format: ProfileFormat }) {
  const { t } = format
  const rows = useMemo(
    () =>
      items.map((item): DistributionRow & { item: ItemDistribution; segments?: Segment[] } =>
        item.distribution.shown
          ? { item, label: itemLabel(item, wording, format), segments: segmentsOf(item as ItemDistribution & { distribution: { shown: true } }, wording, format) }
          : { item, label: itemLabel(item, wording, format), withheld: format.withheld(item.distribution) },
      ),
    [items, wording, format],
  )
  const option = useMemo(() => distributionOption({ rows, text: { withheld: t('withheld.short'), format: format.percent } }), [rows, format, t])
  return (
    <div className="distributions">
      <p className="hint">{t('items.colours')}</p>
      <Chart option={option} height={rows.length * 34 + 40} label={t('items.chartLabel', { domain: label })} />
      <TableAlternative format={format}>
        <table className="profile">
          <caption className="visually-hidden">{t('items.chartLabel', { domain: label })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('items.question')}</th>
              <th scope="col">{t('items.answers')}</th>
              <th scope="col">{t('items.answered')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const distribution = row.item.distribution
              return (
                <tr key={`${row.item.itemId}/${row.item.role}`}>
                  <th scope="row">{row.label}</th>
                  {distribution.shown ? (
                    <>
                      <td>
                        <ul className="shares">
                          {row.segments!.map((s) => (
                            <li key={s.label}>{t('items.share', { choice: s.label, share: format.percent(s.share) })}</li>
                          ))}
                        </ul>
                      </td>
                      <td>{format.number(distribution.n)}</td>
                    </>
                  ) : (
                    <WithheldCell figure={distribution} format={format} colSpan={2} />
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
      </TableAlternative>
    </div>
  )
}
