import { useTranslation } from 'react-i18next'
import type { OfferedInstrument } from '../api/access'

const ICONS: Record<OfferedInstrument['role'], string> = { student: '🎒', family: '🏠', staff: '🏫' }

/** Where a code offers several instruments, the person says who they are in plain words with icons. */
export function RolePicker({ instruments, onChoose }: { instruments: OfferedInstrument[]; onChoose: (i: OfferedInstrument) => void }) {
  const { t } = useTranslation()
  const roles = [...new Map(instruments.map((i) => [i.role, i])).values()]
  return (
    <section className="screen" aria-labelledby="role-heading">
      <h1 id="role-heading">{t('runner.chooseRole')}</h1>
      <ul className="choice-list" role="list">
        {roles.map((instrument) => (
          <li key={instrument.role}>
            <button type="button" className="choice choice--role" onClick={() => onChoose(instrument)}>
              <span aria-hidden="true" className="choice__icon">
                {ICONS[instrument.role]}
              </span>
              {t(`runner.roles.${instrument.role}`)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
