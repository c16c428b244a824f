import { Trans, useTranslation } from 'react-i18next'
import type { ResponseRates } from '../../api/rates'
import { LANGUAGES } from '../../i18n/languages'
import { BandSparkline } from './BandSparkline'
import { BandText } from './BandText'
import { CountText } from './CountText'
import { CoverageText } from './CoverageText'
import './rates.css'

/**
 * The response-rate table, one row per school in the report's order (lowest coverage first, unknown coverage after):
 * released responses, coverage, each asked role against its target, each language, and live progress in bands.
 */
export function RatesTable({ rates, schoolHref }: { rates: ResponseRates; schoolHref?: (id: number) => string }) {
  const { t, i18n } = useTranslation('rates')
  const number = new Intl.NumberFormat(i18n.language)
  const languageName = (code: string) => LANGUAGES.find((l) => l.code === code)?.name ?? code
  return (
    <table className="rates">
      <thead>
        <tr>
          <th scope="col">{t('school')}</th>
          <th scope="col">{t('released')}</th>
          <th scope="col">{t('coverage.heading')}</th>
          {rates.roles.map((r) => (
            <th scope="col" key={r}>
              {t(`roles.${r}`)}
            </th>
          ))}
          <th scope="col">{t('languages')}</th>
          <th scope="col">{t('live')}</th>
          <th scope="col">{t('trend')}</th>
        </tr>
      </thead>
      <tbody>
        {rates.schools.map((s) => (
          <tr key={s.school.id} data-school={s.school.id}>
            <th scope="row">{schoolHref ? <a href={schoolHref(s.school.id)}>{s.school.name}</a> : s.school.name}</th>
            <td className="number" data-figure="responses">
              <CountText count={s.responses} />
            </td>
            <td className="number" data-figure="coverage" data-coverage={s.coverage.status} data-share={s.coverage.share ?? ''}>
              <CoverageText coverage={s.coverage} />
            </td>
            {rates.roles.map((r) => {
              const role = s.roles[r]
              if (!role.offered) {
                return (
                  <td key={r} className="number not-offered" data-figure={r}>
                    {t('notOffered')}
                  </td>
                )
              }
              return (
                <td key={r} className={'n' in role.responses ? 'number' : 'number withheld'} data-figure={r}>
                  {role.target ? (
                    <Trans t={t} i18nKey="ofTarget" values={{ target: number.format(role.target) }} components={{ count: <CountText count={role.responses} /> }} />
                  ) : (
                    <CountText count={role.responses} />
                  )}
                  <small>{role.share !== null ? `${number.format(role.share)}%` : role.target ? '' : t('noTarget')}</small>
                </td>
              )
            })}
            <td>
              <ul className="language-counts">
                {s.languages.map((l) => (
                  <li key={l.locale} className="language-count" data-locale={l.locale}>
                    <bdi lang={l.locale}>{languageName(l.locale)}</bdi> <CountText count={l.responses} />
                  </li>
                ))}
              </ul>
            </td>
            <td className="number" data-figure="live">
              <BandText band={s.live} />
            </td>
            <td>
              <BandSparkline bands={s.trend} label={t('trendLabel', { school: s.school.name, k: rates.minCellSize })} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
