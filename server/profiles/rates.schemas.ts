import { Type } from 'typebox'
import { ReleaseInfoSchema } from '../analytics/releases.schemas'
import { RoleSchema, StringEnum } from '../schemas'

export const CountSchema = Type.Union(
  [
    Type.Object({ n: Type.Integer() }),
    Type.Object({ under: Type.Integer({ description: "Fewer than this many (k), zero included: shown as '<k'" }) }),
    Type.Object({ hidden: Type.Literal('complement', { description: 'k or more, hidden so that a smaller count beside it cannot be worked out' }) }),
  ],
  { description: 'A released count as shown to every staff role: nobody, district admins included, reads an exact count under k' },
)

export const BandSchema = Type.Object(
  { from: Type.Integer(), to: Type.Integer() },
  { description: 'Live responses (released and waiting) as a band of width k aligned on multiples of k: 0–9, 10–19, … for k = 10' },
)

const RoleRate = Type.Object({
  offered: Type.Boolean({ description: "Whether the school is offered an instrument for this role that its grades can answer; only those count in coverage" }),
  target: Type.Union([Type.Integer(), Type.Null()], { description: 'Enrollment (students, families) or headcount (staff)' }),
  responses: CountSchema,
  share: Type.Union([Type.Number(), Type.Null()], { description: 'Percent of the target reached: only beside a shown count of an offered role' }),
})

export const CoverageSchema = Type.Object(
  {
    status: StringEnum(['known', 'partial', 'unknown', 'no-target'] as const, {
      description: 'known: every offered role with a target is shown; partial: some are withheld, so coverage is at most share; unknown: all are withheld; no-target: nothing to measure against',
    }),
    share: Type.Union([Type.Number(), Type.Null()], { description: 'The lowest share reached among the shown roles, in percent' }),
  },
  { description: 'How thin the voice is; a withheld count is never read as none reached' },
)

export const ResponseRatesSchema = Type.Object({
  administration: Type.Object({ id: Type.Integer(), name: Type.String(), status: StringEnum(['scheduled', 'open', 'closed'] as const), timeZone: Type.String() }),
  release: ReleaseInfoSchema,
  minCellSize: Type.Integer(),
  roles: Type.Array(RoleSchema, { description: 'The roles this administration asks' }),
  days: Type.Array(Type.String({ description: "A day of the window so far in the district's time zone, YYYY-MM-DD" })),
  district: Type.Object({
    schools: Type.Integer(),
    responses: Type.Integer({ description: 'Released responses of the schools whose total is shown' }),
    schoolsWithheld: Type.Integer({ description: 'Schools whose released total is withheld' }),
    live: BandSchema,
    trend: Type.Array(BandSchema, { description: 'Live responses so far at the end of each day, as bands' }),
  }),
  schools: Type.Array(
    Type.Object({
      school: Type.Object({ id: Type.Integer(), name: Type.String(), region: Type.String(), cohort: Type.Union([Type.String(), Type.Null()]), grades: Type.String() }),
      responses: CountSchema,
      coverage: CoverageSchema,
      roles: Type.Object({ student: RoleRate, family: RoleRate, staff: RoleRate }),
      languages: Type.Array(Type.Object({ locale: Type.String(), responses: CountSchema }), { description: 'Every language of the runner, zero included' }),
      live: BandSchema,
      trend: Type.Array(BandSchema, { description: 'Live responses so far at the end of each day, as bands' }),
    }),
  ),
})

const Filter = Type.String({ minLength: 1, maxLength: 100 })

/** Only the schools of one region or cohort. */
export const RatesQuerySchema = Type.Object({ region: Type.Optional(Filter), cohort: Type.Optional(Filter) }, { additionalProperties: false })
