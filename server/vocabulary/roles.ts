/** Who answers an instrument, in the order every report lists them. */
export const ROLES = ['student', 'family', 'staff'] as const
export type Role = (typeof ROLES)[number]

/** What a staff account may do: read and run everything, read everything, or run its own schools. */
export const STAFF_ROLES = ['district-admin', 'district-analyst', 'school-team'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

/** Every role an account can have: a staff role, or 'pending' (made at a first sign-in, no rights until an admin grants a role). */
export const ACCOUNT_ROLES = [...STAFF_ROLES, 'pending'] as const
export type AccountRole = (typeof ACCOUNT_ROLES)[number]
