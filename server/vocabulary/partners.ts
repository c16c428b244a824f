/** What kind of organization a partner is. */
export const PARTNER_TYPES = ['county-agency', 'nonprofit', 'clinic', 'district-program', 'business', 'university'] as const
export type PartnerType = (typeof PARTNER_TYPES)[number]

/** How a partner's service reaches a school's people. */
export const DELIVERIES = ['on-site', 'mobile-visit', 'referral', 'virtual'] as const
export type ServiceDelivery = (typeof DELIVERIES)[number]
