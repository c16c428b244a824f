import { Type, type Static } from 'typebox'
import { IdSchema, LocalizedText, RoleSchema, StringEnum } from '../schemas'
import { MODES } from '../vocabulary/channels'
import type { WindowStatus } from './window'

const STATUSES = ['scheduled', 'open', 'closed'] as const satisfies readonly WindowStatus[]

const LocalDateTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$', description: "Wall time in the district's time zone, YYYY-MM-DDTHH:mm" })

/** A published version offered: by slug and version. */
export const OfferSchema = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 100 }), version: Type.Integer({ minimum: 1, maximum: 100000 }) }, { additionalProperties: false })

const Summary = {
  id: Type.Integer(),
  name: Type.String(),
  status: StringEnum(STATUSES),
  opensAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time', description: 'When it closes, or closed if staff closed it early' }),
  localOpensAt: LocalDateTime,
  localClosesAt: LocalDateTime,
  timeZone: Type.String(),
  mode: StringEnum(MODES),
  runBy: StringEnum(['district', 'school'] as const, {
    description: "Who runs it, from its creator's role: only district-run administrations are the baseline for change and the profile's default",
  }),
  closed: Type.Boolean(),
}

/** An administration in the list. */
export const AdministrationSchema = Type.Object({ ...Summary, schools: Type.Integer({ description: 'Schools taking part' }) })

/** GET /api/administrations: newest first, with the district's time zone. */
export const AdministrationListSchema = Type.Object({ timeZone: Type.String(), administrations: Type.Array(AdministrationSchema) })

/** One administration with its versions and schools: what every change and lifecycle step answers. */
export const AdministrationDetailSchema = Type.Object({
  ...Summary,
  hasResponses: Type.Boolean(),
  mayChange: Type.Boolean({ description: 'Whether this person may change the window, versions and schools' }),
  instruments: Type.Array(
    Type.Object({ slug: Type.String(), version: Type.Integer(), role: RoleSchema, title: LocalizedText, minutes: Type.Union([Type.Integer(), Type.Null()]) }),
  ),
  schools: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      schoolCode: Type.String(),
      region: Type.String(),
      grades: Type.String({ description: "The grades the school teaches ('TK-5', '9-12'): they decide what it is offered" }),
      code: Type.Union([Type.String(), Type.Null()], { description: 'The code in use; null when revoked, or for a district analyst' }),
      revokedCodes: Type.Array(Type.String()),
      versions: Type.Array(Type.Object({ role: RoleSchema, slug: Type.String(), version: Type.Integer() }), { description: "The school's own versions, in place of the administration's for that role" }),
      offered: Type.Array(
        Type.Object({ role: RoleSchema, slug: Type.String(), version: Type.Integer(), grades: Type.Union([Type.String(), Type.Null()]) }),
        { description: "What the school's people are offered: the versions (the administration's or the school's own) its grades can answer, with the grades each is answered in there" },
      ),
      links: Type.Union([Type.Object({ phone: Type.String(), kiosk: Type.String() }), Type.Null()], { description: 'The survey links its code opens (what the QR codes hold)' }),
    }),
  ),
  localLinks: Type.Boolean({ description: 'The links point at the computer running the server (PUBLIC_URL unset or localhost): phones cannot open them' }),
})

const InputFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  opensAt: LocalDateTime,
  closesAt: LocalDateTime,
  mode: StringEnum(MODES),
  instruments: Type.Array(OfferSchema, { minItems: 1, maxItems: 20 }),
  schoolIds: Type.Array(IdSchema, { minItems: 1, maxItems: 5000 }),
}

/** A new administration: window (wall time in the district's time zone), versions offered, schools, mode. */
export const AdministrationInputSchema = Type.Object(InputFields, { additionalProperties: false })
export type AdministrationInput = Static<typeof AdministrationInputSchema>

/** A change: any of a new administration's fields; what is left out stays. */
export const AdministrationChangeSchema = Type.Object(
  {
    name: Type.Optional(InputFields.name),
    opensAt: Type.Optional(LocalDateTime),
    closesAt: Type.Optional(LocalDateTime),
    mode: Type.Optional(InputFields.mode),
    instruments: Type.Optional(InputFields.instruments),
    schoolIds: Type.Optional(InputFields.schoolIds),
  },
  { additionalProperties: false },
)
export type AdministrationChange = Static<typeof AdministrationChangeSchema>

export const ExtendSchema = Type.Object({ closesAt: LocalDateTime }, { additionalProperties: false })

/** A school's new access code. */
export const NewCodeSchema = Type.Object({ code: Type.String(), createdAt: Type.String({ format: 'date-time' }) })

export const AdministrationParamsSchema = Type.Object({ id: IdSchema })
export const AdministrationSchoolParamsSchema = Type.Object({ id: IdSchema, schoolId: IdSchema })
