import { createContext, useContext } from 'react'
import type { Me } from '../api/auth'

export const SessionContext = createContext<Me | null>(null)

/** The signed-in staff member; the staff pages render only inside a session. */
export function useSession(): Me {
  const me = useContext(SessionContext)
  if (!me) throw new Error('useSession outside a signed-in page')
  return me
}

export const isDistrictStaff = (me: Me) => me.user.role !== 'school-team'
