import { useTranslation } from 'react-i18next'
import type { OfferedInstrument } from '../api/access'
import { localized } from '../ui/localized'

const ICONS: Record<OfferedInstrument['role'], string> = { student: '🎒', family: '🏠', staff: '🏫' }

/**
 * Where a code offers several instruments, the person says who they are in plain words with icons. No two buttons
 * read the same: a role with several instruments (students in grades 3–5 and 6–8 at a K-8 school) names each
 * one's grades, or, where the grades do not tell them apart, shows each one's title under the role.
 */
export function RolePicker({ instruments, onChoose, onBack }: { instruments: OfferedInstrument[]; onChoose: (i: OfferedInstrument) => void; onBack: () => void }) {
  const { t, i18n } = useTranslation()
  const label = (instrument: OfferedInstrument) => {
    const same = instruments.filter((i) => i.role === instrument.role)
    if (same.length === 1) return { text: t(`runner.roles.${instrument.role}`), detail: null }
    const grades = same.map((i) => i.grades)
    if (grades.every((g) => g) && new Set(grades).size === grades.length) return { text: t(`runner.rolesInGrades.${instrument.role}`, { grades: instrument.grades }), detail: null }
    return { text: t(`runner.roles.${instrument.role}`), detail: localized(instrument.title, i18n.language) }
  }
  return (
    <section className="screen" aria-labelledby="role-heading">
      <h1 id="role-heading">{t('runner.chooseRole')}</h1>
      <ul className="choice-list" role="list">
        {instruments.map((instrument) => {
          const { text, detail } = label(instrument)
          return (
            <li key={instrument.slug}>
              <button type="button" className="choice choice--role" onClick={() => onChoose(instrument)}>
                <span aria-hidden="true" className="choice__icon">
                  {ICONS[instrument.role]}
                </span>
                <span>
                  {text}
                  {detail && <small className="choice__detail">{detail}</small>}
                </span>
              </button>
            </li>
          )
        })}
      </ul>
      <button type="button" className="secondary" onClick={onBack}>
        {t('survey.pagePrevText')}
      </button>
    </section>
  )
}
