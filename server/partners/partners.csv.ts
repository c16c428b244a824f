import type { PartnerType, ServiceDelivery } from '../db/schema'
import { toCsv, type Csv } from '../exports/tables'
import { isProblem, readDelimited, type TableProblem } from '../imports/read-table'
import type { ServiceFields } from './partners.repository'
import { DELIVERIES, PARTNER_TYPES } from '../vocabulary/partners'


/** The columns of the import, the export and the template, in order; lists inside a cell are separated by ";". */
export const CSV_COLUMNS = ['organization', 'organization_type', 'service', 'domains', 'schools', 'delivery', 'hours', 'languages', 'capacity', 'active_from', 'active_until'] as const

export interface CsvRow {
  /** The line of the file the row ends on (the header is line 1). */
  line: number
  organization: { name: string; type: PartnerType }
  service: ServiceFields
  /** School codes, as in the schools list. */
  schoolCodes: string[]
}

export type CsvProblem = TableProblem

const list = (cell: string) =>
  cell
    .split(';')
    .map((v) => v.trim())
    .filter((v) => v !== '')

const DATE = /^\d{4}-\d{2}-\d{2}$/
function validDate(value: string): boolean {
  if (!DATE.test(value)) return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value)
}

/**
 * Reads a partner CSV into rows, or the problems of every bad row with its line number. Pure: which domains and
 * school codes exist is passed in, so the same check serves the preview and the import.
 */
export function readPartnerCsv(text: string, known: { domains: Set<string>; schoolCodes: Set<string> }): { rows: CsvRow[]; problems: CsvProblem[] } {
  const read = readDelimited(text)
  if (isProblem(read)) return { rows: [], problems: [read] }
  // The first row of another width stops the reading, as before the reader was shared.
  if (read.widthProblems.length > 0) return { rows: [], problems: [read.widthProblems[0]] }
  const problems: CsvProblem[] = []
  const rows: CsvRow[] = []
  if (read.rows.length === 0) return { rows, problems: [{ line: 1, message: 'The file has no rows under its header.' }] }
  const header = read.header.map((h) => h.toLowerCase())
  const records = read.rows.map(({ line, cells }) => ({ record: Object.fromEntries(header.map((h, i) => [h, cells[i]])) as Record<string, string>, info: { lines: line } }))
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c))
  if (missing.length > 0) return { rows, problems: [{ line: 1, message: `The header lacks the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}. Start from the template.` }] }

  const seen = new Map<string, number>()
  for (const { record: r, info } of records) {
    const line = info.lines
    const bad = (message: string) => problems.push({ line, message })
    const before = problems.length
    const organization = r.organization ?? ''
    const type = (r.organization_type ?? '') as PartnerType
    const name = r.service ?? ''
    if (organization === '') bad('The organization is empty.')
    else if (organization.length > 200) bad('The organization name is longer than 200 characters.')
    if (!PARTNER_TYPES.includes(type)) bad(`The organization type "${type}" is not one of ${PARTNER_TYPES.join(', ')}.`)
    if (name === '') bad('The service is empty.')
    else if (name.length > 200) bad('The service name is longer than 200 characters.')
    const domains = list(r.domains ?? '')
    if (domains.length === 0) bad('The service addresses no domain: list at least one domain id, separated by ";".')
    const unknownDomains = domains.filter((d) => !known.domains.has(d))
    if (unknownDomains.length > 0) bad(`Unknown domain${unknownDomains.length === 1 ? '' : 's'} ${unknownDomains.map((d) => `"${d}"`).join(', ')}.`)
    const schoolCodes = list(r.schools ?? '')
    const unknownSchools = schoolCodes.filter((c) => !known.schoolCodes.has(c))
    if (unknownSchools.length > 0) bad(`Unknown school code${unknownSchools.length === 1 ? '' : 's'} ${unknownSchools.map((c) => `"${c}"`).join(', ')}.`)
    const delivery = (r.delivery ?? '') as ServiceDelivery
    if (!DELIVERIES.includes(delivery)) bad(`The delivery "${delivery}" is not one of ${DELIVERIES.join(', ')}.`)
    const capacityText = r.capacity ?? ''
    const capacity = capacityText === '' ? null : Number(capacityText)
    if (capacity !== null && !(Number.isInteger(capacity) && capacity >= 0 && capacity <= 1_000_000)) bad(`The capacity "${capacityText}" is not a whole number from 0 to 1000000 (leave it empty when unknown).`)
    const activeFrom = r.active_from || null
    const activeUntil = r.active_until || null
    for (const [column, value] of [['active_from', activeFrom], ['active_until', activeUntil]] as const) {
      if (value !== null && !validDate(value)) bad(`The ${column} "${value}" is not a date written YYYY-MM-DD.`)
    }
    if (activeFrom && activeUntil && validDate(activeFrom) && validDate(activeUntil) && activeUntil < activeFrom) bad('The service ends (active_until) before it starts (active_from).')
    const key = `${organization.toLowerCase()}|${name.toLowerCase()}`
    if (organization !== '' && name !== '' && seen.has(key)) bad(`The same organization and service are on line ${seen.get(key)} already.`)
    seen.set(key, line)
    if (problems.length > before) continue
    rows.push({
      line,
      organization: { name: organization, type },
      service: { name, domains: [...new Set(domains)], delivery, hours: r.hours ?? '', languages: list(r.languages ?? ''), capacity, activeFrom, activeUntil },
      schoolCodes: [...new Set(schoolCodes)],
    })
  }
  return { rows, problems }
}

export interface ExportService {
  organization: string
  organizationType: string
  name: string
  domains: string[]
  schoolCodes: string[]
  delivery: string
  hours: string
  languages: string[]
  capacity: number | null
  activeFrom: string | null
  activeUntil: string | null
}

/** The inventory in the import's own format, so an export edited in a spreadsheet imports back. */
export function partnerCsv(services: ExportService[]): Csv {
  return toCsv(
    {
      name: 'Partners',
      columns: [...CSV_COLUMNS],
      rows: services.map((s) => [s.organization, s.organizationType, s.name, s.domains.join(';'), s.schoolCodes.join(';'), s.delivery, s.hours, s.languages.join(';'), s.capacity, s.activeFrom, s.activeUntil]),
    },
    { bom: false },
  )
}

/** The template: the header and two example rows to overwrite. */
export function partnerTemplate(exampleSchoolCode: string | null, domainIds: string[]): Csv {
  const school = exampleSchoolCode ?? ''
  // The examples name this district's domains, so the template imports as it is.
  const known = (wanted: string[]) => {
    const found = wanted.filter((d) => domainIds.includes(d))
    return found.length > 0 ? found : domainIds.slice(0, 1)
  }
  return partnerCsv([
    { organization: 'Eastside Community Dental', organizationType: 'clinic', name: 'Mobile dental van', domains: known(['dental-vision']), schoolCodes: school ? [school] : [], delivery: 'mobile-visit', hours: 'Second Tuesday of each month, 8:00-14:00', languages: ['en', 'es'], capacity: 60, activeFrom: '2026-09-01', activeUntil: '2027-06-30' },
    { organization: 'County Department of Public Social Services', organizationType: 'county-agency', name: 'CalFresh enrollment help', domains: known(['food-security', 'family-wellbeing']), schoolCodes: [], delivery: 'referral', hours: 'Weekdays 9:00-17:00', languages: ['en', 'es', 'ko'], capacity: null, activeFrom: null, activeUntil: null },
  ])
}
