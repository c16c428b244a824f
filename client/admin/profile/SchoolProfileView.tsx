import { fetchSchoolProfile } from '../../api/profiles'
import { useRequest } from '../../ui/use-request'
import { BackLink } from './BackLink'
import { Profile } from './Profile'
import { ProfileLoading } from './ProfileLoading'
import './profile.css'

/**
 * A school's need and asset profile for staff: pictures first, every chart with its table, item answers on demand,
 * the export and the printable community summary. Its own chunk (React.lazy in routes.tsx), with the chart code.
 */
export function SchoolProfileView({ schoolId, administration = null }: { schoolId: number; administration?: number | null }) {
  const { data: profile, error } = useRequest(() => fetchSchoolProfile(schoolId, administration), `${schoolId}/${administration}`)
  if (error) {
    return (
      <main className="admin">
        <BackLink />
        <p role="alert">{error}</p>
      </main>
    )
  }
  if (!profile) {
    return (
      <main className="admin">
        <ProfileLoading />
      </main>
    )
  }
  return <Profile profile={profile} administration={administration} />
}
