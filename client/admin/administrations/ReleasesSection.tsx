import type { AdministrationDetail } from '../../api/administrations'
import { isDistrictStaff, useSession } from '../session'
import { ReleaseList } from './ReleaseList'
import './releases.css'

/**
 * An administration's releases, newest first, and for a district admin the action that cuts one now. District staff
 * only: the figures everyone reads come from the newest release.
 */
export function ReleasesSection({ a }: { a: AdministrationDetail }) {
  const me = useSession()
  if (!isDistrictStaff(me)) return null
  return <ReleaseList a={a} mayCut={me.user.role === 'district-admin'} />
}
