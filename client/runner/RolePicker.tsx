import { useTranslation } from 'react-i18next'
import type { OfferedInstrument } from '../api/access'
import { localized } from '../ui/localized'

const ICONS: Record<OfferedInstrument['role'], string> = { student: '🎒', family: '🏠', staff: '🏫' }

/**
 * Where a code offers several instruments, the person says who they are in plain words with icons. A role with
 * several instruments (students in grades 3–5 and 6–12) shows each one's title under the role.
 */
export function RolePicker({ instruments, onChoose }: { instruments: OfferedInstrument[]; onChoose: (i: OfferedInstrument) => void }) {
  const { t, i18n } = useTranslation()
  const perRole = (role: string) => instruments.filter((i) => i.role === role).length
  return (
    <section className="screen" aria-labelledby="role-heading">
      <h1 id="role-heading">{t('runner.chooseRole')}</h1>
      <ul className="choice-list" role="list">
        {instruments.map((instrument) => (
          <li key={instrument.slug}>
            <button type="button" className="choice choice--role" onClick={() => onChoose(instrument)}>
              <span aria-hidden="true" className="choice__icon">
                {ICONS[instrument.role]}
              </span>
              <span>
                {t(`runner.roles.${instrument.role}`)}
                {perRole(instrument.role) > 1 && <small className="choice__detail">{localized(instrument.title, i18n.language)}</small>}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
