import type { Organization, PartnerService } from '../../api/partners'

/** One service in the inventory, with the organization that offers it. */
export type ServiceRow = { organization: Organization; service: PartnerService }
