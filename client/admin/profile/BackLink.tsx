import { useProfileFormat } from './use-profile-format'

/** Back to the schools list. */
export function BackLink() {
  const format = useProfileFormat(0)
  return (
    <p>
      <a href="/admin">{format.t('back')}</a>
    </p>
  )
}
