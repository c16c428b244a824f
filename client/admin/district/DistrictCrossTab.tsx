import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LocalizedText } from '../../api/access'
import { fetchDistrictCrossTab } from '../../api/comparison'
import { useRequest } from '../../ui/use-request'
import { CrossTabView } from '../profile/CrossTabTable'
import { useProfileFormat } from '../profile/use-profile-format'

const KINDS = ['home-language', 'grade-band', 'time-at-school'] as const

/**
 * The district's cross-tab: a breakdown by role across every school, each cell the sum of the schools' shown cells.
 * Nothing is asked of the server until someone picks a grouping: it reads every school's cross-tab once per release.
 */
export function DistrictCrossTab({ administration, domains, minCellSize }: { administration: number; domains: { domain: string; label: LocalizedText }[]; minCellSize: number }) {
  const { t } = useTranslation('district')
  const format = useProfileFormat(minCellSize)
  const [kind, setKind] = useState<(typeof KINDS)[number] | null>(null)
  const [measure, setMeasure] = useState<'need' | 'asset'>('need')
  const request = useRequest(() => fetchDistrictCrossTab(administration, kind!, measure), kind ? `${administration} ${kind} ${measure}` : null)
  return (
    <section aria-labelledby="district-crosstab-heading">
      <h2 id="district-crosstab-heading">{t('crossTab.title')}</h2>
      <p className="hint">{t('crossTab.hint')}</p>
      <fieldset className="toggle">
        <legend>{format.t('breakdowns.by')}</legend>
        {KINDS.map((k) => (
          <label key={k}>
            <input type="radio" name="district-crosstab-kind" checked={kind === k} onChange={() => setKind(k)} /> {format.t(`breakdowns.kinds.${k}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="toggle">
        <legend>{format.t('roles.show')}</legend>
        {(['need', 'asset'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="district-crosstab-measure" checked={measure === m} onChange={() => setMeasure(m)} /> {format.t(`measure.${m}`)}
          </label>
        ))}
      </fieldset>
      {kind && <CrossTabView request={request} domains={domains} minCellSize={minCellSize} kind={kind} measure={measure} format={format} />}
    </section>
  )
}
