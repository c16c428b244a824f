import type { Kysely } from 'kysely'
import type { Database } from '../../server/db/schema'

let counter = 0

/**
 * An administration open now, offering the given instrument versions, with one access code per new school. The
 * schools teach TK-5 unless `grades` says otherwise: their grades decide which instruments, and which grade bands,
 * they are offered.
 */
export async function openAdministration(
  db: Kysely<Database>,
  options: { schools?: number; instruments: { slug: string; version: number }[]; opensInDays?: number; closesInDays?: number; grades?: string },
) {
  const day = 86_400_000
  counter += 1
  const schools = await db
    .insertInto('schools')
    .values(
      Array.from({ length: options.schools ?? 1 }, (_, i) => ({
        code: `T${counter}-${i + 1}`,
        name: `Test School ${counter}-${i + 1}`,
        region: i % 2 === 0 ? 'North' : 'South',
        cohort: 'Cohort 1',
        grades: options.grades ?? 'TK-5',
        enrollment_students: 300,
        enrollment_families: 250,
        enrollment_staff: 25,
      })),
    )
    .returning(['id', 'name'])
    .execute()
  const administration = await db
    .insertInto('administrations')
    .values({
      name: `Test administration ${counter}`,
      opens_at: new Date(Date.now() + (options.opensInDays ?? -1) * day),
      closes_at: new Date(Date.now() + (options.closesInDays ?? 30) * day),
      mode: 'both',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const instrument of options.instruments) {
    const version = await db
      .selectFrom('instrument_versions as v')
      .innerJoin('instruments as i', 'i.slug', 'v.slug')
      .select(['v.id', 'i.role'])
      .where('v.slug', '=', instrument.slug)
      .where('v.version', '=', instrument.version)
      .executeTakeFirstOrThrow()
    await db.insertInto('administration_instruments').values({ administration_id: administration.id, instrument_version_id: version.id, role: version.role }).execute()
  }
  const codes = schools.map((s, i) => ({ schoolId: s.id, code: `CODE${counter}X${i + 1}`.toUpperCase() }))
  await db
    .insertInto('access_codes')
    .values(codes.map((c) => ({ code: c.code, administration_id: administration.id, school_id: c.schoolId })))
    .execute()
  return { administrationId: administration.id, schools, codes }
}
