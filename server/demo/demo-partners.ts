import type { Kysely } from 'kysely'
import type { Database, PartnerType, ServiceDelivery } from '../db/schema'

interface DemoService {
  name: string
  domains: string[]
  delivery: ServiceDelivery
  hours: string
  languages: string[]
  capacity: number | null
  /** Demo school codes (DEMO-001 is the first school of demo-district.ts). */
  schools: string[]
  activeUntil?: string
}

// Invented partners of the kinds a community-schools district works with. No dental service reaches Alder Street
// (DEMO-001) or Kern Avenue (DEMO-011): their dental gaps stay visible, and the browser test closes one.
const PARTNERS: { name: string; type: PartnerType; services: DemoService[] }[] = [
  {
    name: 'Northeast Family Health Center',
    type: 'clinic',
    services: [
      { name: 'School-based health clinic', domains: ['physical-health'], delivery: 'on-site', hours: 'Mon-Thu 8:00-16:00', languages: ['en', 'es'], capacity: 400, schools: ['DEMO-001', 'DEMO-003', 'DEMO-007'] },
      { name: 'Dental sealant day', domains: ['dental-vision'], delivery: 'mobile-visit', hours: 'Twice a year', languages: ['en', 'es'], capacity: 120, schools: ['DEMO-007', 'DEMO-015'] },
    ],
  },
  {
    name: 'County Department of Mental Health',
    type: 'county-agency',
    services: [{ name: 'Counseling referrals', domains: ['mental-health'], delivery: 'referral', hours: 'Weekdays', languages: ['en', 'es', 'ko', 'hy'], capacity: null, schools: ['DEMO-002', 'DEMO-010'] }],
  },
  {
    name: 'Eastside Food Bank',
    type: 'nonprofit',
    services: [
      { name: 'Weekend food bags', domains: ['food-security'], delivery: 'on-site', hours: 'Fridays 14:00-15:30', languages: ['en', 'es'], capacity: 150, schools: ['DEMO-004', 'DEMO-012'] },
      { name: 'Summer pantry', domains: ['food-security'], delivery: 'on-site', hours: 'June-August', languages: ['en', 'es'], capacity: 80, schools: ['DEMO-001'], activeUntil: '2025-08-31' },
    ],
  },
  {
    name: 'Cal State LA Tutoring Corps',
    type: 'university',
    services: [{ name: 'After-school tutoring', domains: ['academic-support', 'enrichment'], delivery: 'on-site', hours: 'Tue and Thu 15:00-17:00', languages: ['en', 'es', 'zh-Hant'], capacity: 60, schools: ['DEMO-008'] }],
  },
  {
    name: 'Digital Bridge LA',
    type: 'business',
    services: [{ name: 'Hotspot and laptop lending', domains: ['technology'], delivery: 'on-site', hours: 'School days', languages: ['en', 'es'], capacity: 300, schools: ['DEMO-005', 'DEMO-013'] }],
  },
  {
    name: 'District Family Resource Centers',
    type: 'district-program',
    services: [{ name: 'Parent center: ESL and benefits help', domains: ['family-wellbeing', 'family-engagement'], delivery: 'on-site', hours: 'Mon-Fri 8:00-12:00', languages: ['en', 'es', 'ko', 'vi'], capacity: null, schools: ['DEMO-007', 'DEMO-015'] }],
  },
]

/** Adds the demo partners and links them to the demo schools by code; one transaction. */
export async function loadDemoPartners(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const schools = new Map((await trx.selectFrom('schools').select(['id', 'code']).execute()).map((s) => [s.code, s.id]))
    let services = 0
    for (const partner of PARTNERS) {
      const { id: organizationId } = await trx.insertInto('partner_organizations').values({ name: partner.name, type: partner.type }).returning('id').executeTakeFirstOrThrow()
      for (const s of partner.services) {
        const { id } = await trx
          .insertInto('partner_services')
          .values({ organization_id: organizationId, name: s.name, domains: s.domains, delivery: s.delivery, hours: s.hours, languages: s.languages, capacity: s.capacity, active_from: '2025-08-01', active_until: s.activeUntil ?? null })
          .returning('id')
          .executeTakeFirstOrThrow()
        const linked = s.schools.flatMap((code) => (schools.has(code) ? [{ service_id: id, school_id: schools.get(code)! }] : []))
        if (linked.length > 0) await trx.insertInto('partner_service_schools').values(linked).execute()
        services += 1
      }
    }
    return services
  })
}
