import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { BadRequest } from '../errors'
import type { Table } from '../exports/tables'
import { compareDistrict, schoolProfile, serviceGridsOfSchools, type ProfileOptions } from '../profiles/public'
import { domainGap, type GapThresholds } from './gaps'
import { activeServicesOfSchools, listOrganizations, listServices } from './partners.repository'

type Db = Kysely<Database>

type FigureOptions = Omit<ProfileOptions, 'source'>

type ActiveService = Awaited<ReturnType<typeof activeServicesOfSchools>>[number]
const inPlace = (services: ActiveService[], schoolId: number, domain: string) =>
  services.filter((s) => s.school_id === schoolId && s.domains.includes(domain)).map((s) => ({ id: s.id, name: s.name, organization: s.organization, delivery: s.delivery }))

/** One school, every domain: need and asset (all voices, from the profile), the services in place, the flags. */
export async function schoolGaps(db: Db, schoolId: number, administrationId: number | undefined, thresholds: GapThresholds, options: FigureOptions) {
  const profile = await schoolProfile(db, schoolId, administrationId, options)
  const services = await activeServicesOfSchools(db, [schoolId])
  return {
    school: profile.school,
    administration: profile.administration,
    minCellSize: profile.minCellSize,
    thresholds,
    domains: profile.domains.map((d) => {
      const here = inPlace(services, schoolId, d.domain)
      const grid = profile.services.filter((s) => s.domain === d.domain)
      return { domain: d.domain, label: d.label, need: d.need.allVoices, asset: d.asset.allVoices, services: here, ...domainGap(d.need.allVoices, d.asset.allVoices, here.length, grid, thresholds) }
    }),
  }
}

/**
 * Every school × domain of the district: need and asset from the district comparison (shown figures only), the
 * active services, the status and the awareness items. Filtered to a domain, or to the domains an organization's
 * active services address, where it says for each school whether that organization already reaches it.
 */
export async function districtGaps(db: Db, query: { administrationId: number; domain?: string; organizationId?: number }, thresholds: GapThresholds, options: FigureOptions) {
  if (query.domain !== undefined && !options.domains.some((d) => d.id === query.domain)) throw new BadRequest(`There is no domain "${query.domain}".`)
  let organization: { id: number; name: string; domains: string[] } | null = null
  if (query.organizationId !== undefined) {
    const found = (await listOrganizations(db)).find((o) => o.id === query.organizationId)
    if (!found) throw new BadRequest(`There is no organization ${query.organizationId}.`)
    const services = (await listServices(db)).filter((s) => s.organization_id === found.id && s.active)
    organization = { id: found.id, name: found.name, domains: [...new Set(services.flatMap((s) => s.domains))] }
  }
  const comparison = await compareDistrict(db, { administrationId: query.administrationId }, { minCellSize: options.minCellSize, domains: options.domains })
  const schoolIds = comparison.schools.map((s) => s.school.id)
  const [services, grids] = await Promise.all([activeServicesOfSchools(db, schoolIds), serviceGridsOfSchools(db, schoolIds, query.administrationId, options.minCellSize)])
  const domains = options.domains.filter((d) => (query.domain ? d.id === query.domain : organization ? organization.domains.includes(d.id) : true))

  const rows = comparison.schools.flatMap((s) =>
    domains.map((d) => {
      const { need, asset } = s.cells[d.id]
      const here = inPlace(services, s.school.id, d.id)
      const gap = domainGap(need, asset, here.length, (grids.get(s.school.id) ?? []).filter((g) => g.domain === d.id), thresholds)
      return {
        school: s.school,
        domain: d.id,
        need: need.shown ? { shown: true as const, index: need.index, n: need.n } : need,
        asset: asset.shown ? { shown: true as const, index: asset.index, n: asset.n } : asset,
        services: here,
        reachedByOrganization: organization ? services.some((x) => x.school_id === s.school.id && x.organization_id === organization.id && x.domains.includes(d.id)) : null,
        ...gap,
      }
    }),
  )
  return {
    administration: comparison.administration,
    minCellSize: comparison.minCellSize,
    thresholds,
    domain: query.domain ?? null,
    organization,
    domains: domains.map((d) => ({ domain: d.id, label: d.label })),
    rows,
  }
}

type DistrictGaps = Awaited<ReturnType<typeof districtGaps>>

/** The district gaps as a planning table: one row per school and domain; withheld figures empty with the reason. */
export function gapsTable(gaps: DistrictGaps): Table {
  const label = (domain: string) => gaps.domains.find((d) => d.domain === domain)?.label.default ?? domain
  return {
    name: 'Gaps',
    columns: [
      'school',
      'region',
      'domain',
      'need index',
      'asset index',
      'status',
      'services in place',
      'awareness problem (didn\u2019t know, %)',
      ...(gaps.organization ? [`reached by ${gaps.organization.name}`] : []),
      'withheld because',
    ],
    rows: gaps.rows.map((r) => [
      r.school.name,
      r.school.region,
      label(r.domain),
      r.need.shown ? r.need.index : null,
      r.asset.shown ? r.asset.index : null,
      r.status,
      r.services.map((s) => `${s.organization}: ${s.name}`).join('; ') || null,
      r.awareness.map((a) => `${a.itemId} ${a.awarenessGap}`).join('; ') || null,
      ...(gaps.organization ? [r.reachedByOrganization ? 'yes' : 'no'] : []),
      [r.need, r.asset].filter((f) => !f.shown).map((f) => (f as { message: string }).message)[0] ?? null,
    ]),
  }
}
