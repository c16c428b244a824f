import type { Change, MatchedItems } from '../../api/profiles'
import type { ProfileFormat } from './use-profile-format'

/** One domain's change since the last administration, or why it is not shown. */
export function ChangeCell({ change, matched, format }: { change: Change; matched: MatchedItems | undefined; format: ProfileFormat }) {
  const { t } = format
  const items = matched ? t('change.matched', { matched: matched.matched, current: matched.current, previous: matched.previous }) : null
  if (!change) {
    return (
      <td className="withheld" title={t('change.notShown')}>
        {t('change.notShown')}
        {items && <small>{items}</small>}
      </td>
    )
  }
  const signed = change.change > 0 ? `+${format.number(change.change)}` : format.number(change.change)
  return (
    <td>
      {signed}
      <small>
        {format.interval(change.interval)} · {change.significant ? t('change.significant') : t('change.notSignificant')}
        {items && <> · {items}</>}
      </small>
    </td>
  )
}
