import { useProfileFormat } from './use-profile-format'

export function ProfileLoading() {
  const format = useProfileFormat(0)
  return <p role="status">{format.t('loading')}</p>
}
