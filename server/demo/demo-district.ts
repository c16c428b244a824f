import type { Kysely } from 'kysely'
import { generateCode } from '../administrations/access-codes'
import { offerAtSchool } from '../administrations/grade-offer'
import type { Database, Role } from '../db/schema'
import { latestPublishedVersions } from '../instruments/instruments.repository'
import { getCompiledVersion } from '../instruments/instruments.service'
import { createIntake, type Submission } from '../intake/intake.service'
import { demoRespondent, generateAnswers } from './answers'
import { seededRandom, seededUuid } from './random'

export interface DemoSchool {
  name: string
  region: string
  cohort: string
  grades: string
  students: number
  /** Responses per role; several fall under the minimum cell size on purpose. */
  responses: Record<Role, number>
  /** Domains where this school's community leans towards high need. */
  hotspots: string[]
}

// A fictional district: the names are invented; the shapes (regions, cohorts, small and large schools) are real.
const SCHOOLS: DemoSchool[] = [
  { name: 'Alder Street Elementary', region: 'Northeast', cohort: 'Cohort 1', grades: 'TK-5', students: 410, responses: { family: 42, student: 38, staff: 14 }, hotspots: ['dental-vision', 'food-security'] },
  { name: 'Boyle Heights Community Middle', region: 'East', cohort: 'Cohort 1', grades: '6-8', students: 780, responses: { family: 35, student: 96, staff: 22 }, hotspots: ['mental-health', 'safety-belonging'] },
  { name: 'Cypress Park Primary Center', region: 'Northeast', cohort: 'Cohort 2', grades: 'TK-2', students: 190, responses: { family: 8, student: 0, staff: 6 }, hotspots: ['housing'] },
  { name: 'Del Rey Avenue Elementary', region: 'South', cohort: 'Cohort 1', grades: 'TK-5', students: 520, responses: { family: 27, student: 31, staff: 11 }, hotspots: ['food-security', 'basic-needs'] },
  { name: 'Eastside STEM Academy', region: 'East', cohort: 'Cohort 2', grades: '9-12', students: 1210, responses: { family: 51, student: 143, staff: 37 }, hotspots: ['technology', 'college-career'] },
  { name: 'Figueroa Learning Complex', region: 'South', cohort: 'Cohort 2', grades: '6-12', students: 940, responses: { family: 3, student: 12, staff: 9 }, hotspots: ['attendance'] },
  { name: 'Garvanza Elementary', region: 'Northeast', cohort: 'Cohort 1', grades: 'TK-5', students: 360, responses: { family: 19, student: 22, staff: 10 }, hotspots: ['family-wellbeing'] },
  { name: 'Huntington Drive Middle', region: 'Northeast', cohort: 'Cohort 2', grades: '6-8', students: 690, responses: { family: 12, student: 57, staff: 18 }, hotspots: ['academic-support', 'enrichment'] },
  { name: 'Inglewood Avenue Elementary', region: 'South', cohort: 'Cohort 1', grades: 'TK-5', students: 300, responses: { family: 0, student: 9, staff: 7 }, hotspots: ['physical-health'] },
  { name: 'Jefferson Park Community High', region: 'South', cohort: 'Cohort 1', grades: '9-12', students: 1480, responses: { family: 33, student: 112, staff: 41 }, hotspots: ['housing', 'mental-health'] },
  { name: 'Kern Avenue Elementary', region: 'East', cohort: 'Cohort 2', grades: 'TK-5', students: 450, responses: { family: 24, student: 29, staff: 13 }, hotspots: ['dental-vision', 'services-awareness'] },
  { name: 'Lorena Street Elementary', region: 'East', cohort: 'Cohort 1', grades: 'TK-5', students: 380, responses: { family: 9, student: 15, staff: 10 }, hotspots: ['food-security'] },
  { name: 'Maywood Academy', region: 'East', cohort: 'Cohort 2', grades: '9-12', students: 1020, responses: { family: 16, student: 74, staff: 25 }, hotspots: ['safety-belonging', 'technology'] },
  { name: 'Normandie Avenue Elementary', region: 'South', cohort: 'Cohort 2', grades: 'TK-5', students: 560, responses: { family: 6, student: 18, staff: 4 }, hotspots: ['basic-needs'] },
  { name: 'Olympic Primary Center', region: 'Northeast', cohort: 'Cohort 1', grades: 'TK-2', students: 230, responses: { family: 38, student: 0, staff: 12 }, hotspots: ['family-engagement'] },
]

/** The demo schools and how many of each role answer: the browser tests' ground truth for counts staff never see. */
export const DEMO_SCHOOLS: readonly DemoSchool[] = SCHOOLS

export const DEMO_ADMINISTRATION = '2026-27 Fall Needs and Assets Assessment'
export const DEMO_SEED = 2026

/** The demo schools' names and access codes, in order; the same on every machine (tests use them). */
export function demoAccessCodes(seed = DEMO_SEED): { school: string; code: string }[] {
  const random = seededRandom(seed + 1)
  return SCHOOLS.map((s) => ({ school: s.name, code: generateCode(random) }))
}

export interface DemoSummary {
  schools: number
  firstSchoolId: number
  administrationId: number
  responses: number
  codes: { school: string; code: string }[]
}

export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('schools').select('id').limit(1).executeTakeFirst()
  return row === undefined
}

/**
 * Loads the demo district into an empty database: schools in three regions, one open administration offering
 * every published instrument, an access code per school, and synthetic responses submitted through intake.
 * Deterministic: the same seed gives the same codes and answers.
 */
export async function loadDemoDistrict(db: Kysely<Database>, seed = DEMO_SEED): Promise<DemoSummary> {
  const random = seededRandom(seed)
  const now = Date.now()
  const day = 86_400_000

  const latest = await latestPublishedVersions(db)

  const { schoolRows, codes, administrationId } = await db.transaction().execute(async (trx) => {
    const schoolRows = await trx
      .insertInto('schools')
      .values(
        SCHOOLS.map((s, i) => ({
          code: `DEMO-${String(i + 1).padStart(3, '0')}`,
          name: s.name,
          region: s.region,
          cohort: s.cohort,
          grades: s.grades,
          enrollment_students: s.students,
          enrollment_families: Math.round(s.students * 0.8),
          enrollment_staff: Math.round(s.students / 14),
        })),
      )
      .returning(['id', 'name'])
      .execute()
    const administration = await trx
      .insertInto('administrations')
      .values({ name: DEMO_ADMINISTRATION, opens_at: new Date(now - 30 * day), closes_at: new Date(now + 120 * day), mode: 'both' })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (latest.length > 0) {
      await trx
        .insertInto('administration_instruments')
        .values(latest.map((v) => ({ administration_id: administration.id, instrument_version_id: v.id, role: v.role })))
        .execute()
    }
    const demoCodes = demoAccessCodes(seed)
    const codes = schoolRows.map((s, i) => ({ school: s.name, schoolId: s.id, code: demoCodes[i].code }))
    await trx
      .insertInto('access_codes')
      .values(codes.map((c) => ({ code: c.code, administration_id: administration.id, school_id: c.schoolId })))
      .execute()
    return { schoolRows, codes, administrationId: administration.id }
  })

  // Answers are drawn in a fixed order (the seed decides them); stores run side by side, as a busy morning's would.
  const submissions: Submission[] = []
  for (const [i, school] of SCHOOLS.entries()) {
    const lean = (domain: string) => (school.hotspots.includes(domain) ? 0.75 : 0.35 + 0.1 * Math.sin(i + domain.length))
    for (const version of latest) {
      const compiled = await getCompiledVersion(db, version.id)
      // Only what the school's grades can answer, as its code offers (the elementary student survey at an
      // elementary school, the secondary one at a middle or high school).
      if (!offerAtSchool(compiled.index, school.grades).offered) continue
      const count = school.responses[version.role as Role] ?? 0
      for (let r = 0; r < count; r++) {
        const respondent = demoRespondent(random, version.role, school)
        const answers = generateAnswers(compiled.index, random, lean, respondent.context)
        const startedAt = new Date(now - Math.floor(random() * 25) * day - Math.floor(random() * 8 * 3_600_000))
        submissions.push({
          id: seededUuid(random),
          code: codes[i].code,
          slug: version.slug,
          version: version.version,
          locale: respondent.locale,
          channel: random() < 0.4 ? 'kiosk' : 'phone',
          answers,
          startedAt: startedAt.toISOString(),
          submittedAt: new Date(startedAt.getTime() + (6 + Math.floor(random() * 10)) * 60_000).toISOString(),
        })
      }
    }
  }
  const intake = createIntake(db)
  let next = 0
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < submissions.length) await intake.submit(submissions[next++])
  }))
  const responses = submissions.length
  return { schools: schoolRows.length, firstSchoolId: schoolRows[0].id, administrationId, responses, codes: codes.map(({ school, code }) => ({ school, code })) }
}
