import { Type, type Static } from 'typebox'
import { IdSchema, StringEnum } from '../schemas'
import { MAX_ENROLLMENT } from './school-fields'

const Count = Type.Integer({ minimum: 0, maximum: MAX_ENROLLMENT })
const NullableCount = Type.Union([Count, Type.Null()])
const Counts = Type.Record(Type.String({ minLength: 1, maxLength: 40 }), Count, { maxProperties: 60 })
const NullableText = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()])

/** Enrollment by role (what response rates and review holds measure against) and, when known, by grade band and language. */
export const EnrollmentSchema = Type.Object({
  students: NullableCount,
  families: NullableCount,
  staff: NullableCount,
  gradeBands: Type.Record(Type.String(), Type.Integer(), { description: "Students per grade band ('tk-2', '3-5'), as instruments ask" }),
  languages: Type.Record(Type.String(), Type.Integer(), { description: "Students per home language ('en', 'es', 'zh-Hant')" }),
})

/** A school in the directory, as every staff member's list shows it. */
export const SchoolSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String({ description: "The district's own short code" }),
  name: Type.String(),
  stateCode: Type.Union([Type.String(), Type.Null()], { description: "California's 14-digit CDS code" }),
  region: Type.String({ description: "'' until the district gives one" }),
  cohort: Type.Union([Type.String(), Type.Null()]),
  grades: Type.String(),
  street: Type.Union([Type.String(), Type.Null()]),
  city: Type.Union([Type.String(), Type.Null()]),
  zip: Type.Union([Type.String(), Type.Null()]),
  enrollment: EnrollmentSchema,
  archivedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type School = Static<typeof SchoolSchema>

export const SchoolListSchema = Type.Object({ schools: Type.Array(SchoolSchema) })

export const SchoolListQuerySchema = Type.Object(
  { archived: Type.Optional(Type.Boolean({ description: 'true: archived schools too' })) },
  { additionalProperties: false },
)

const inputFields = {
  code: Type.String({ minLength: 1, maxLength: 40 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  stateCode: NullableText(30),
  region: Type.String({ maxLength: 100 }),
  cohort: NullableText(100),
  grades: Type.String({ minLength: 1, maxLength: 60 }),
  street: NullableText(200),
  city: NullableText(100),
  zip: NullableText(10),
  enrollment: Type.Partial(
    Type.Object({ students: NullableCount, families: NullableCount, staff: NullableCount, gradeBands: Counts, languages: Counts }, { additionalProperties: false }),
    { additionalProperties: false },
  ),
}

/** A new school: its name and grades, and a code (or a CDS code to take it from); the rest when known. */
export const NewSchoolSchema = Type.Object(
  {
    ...inputFields,
    code: Type.Optional(inputFields.code),
    stateCode: Type.Optional(inputFields.stateCode),
    region: Type.Optional(inputFields.region),
    cohort: Type.Optional(inputFields.cohort),
    street: Type.Optional(inputFields.street),
    city: Type.Optional(inputFields.city),
    zip: Type.Optional(inputFields.zip),
    enrollment: Type.Optional(inputFields.enrollment),
  },
  { additionalProperties: false },
)
export type NewSchool = Static<typeof NewSchoolSchema>

/** A change to a school: any of its fields; what is left out stays. */
export const SchoolChangeSchema = Type.Partial(Type.Object(inputFields), { additionalProperties: false, minProperties: 1 })
export type SchoolChange = Static<typeof SchoolChangeSchema>

export const SchoolParamsSchema = Type.Object({ id: IdSchema })

export const TemplateQuerySchema = Type.Object({ format: Type.Optional(StringEnum(['csv', 'xlsx'] as const)) }, { additionalProperties: false })

export const ImportQuerySchema = Type.Object({ preview: Type.Optional(Type.Boolean()) }, { additionalProperties: false })

/** 25 MB of base64: the state's whole file (about 18,000 schools) with room to spare. */
export const IMPORT_BODY_LIMIT = 26 * 1024 * 1024

export const ImportBodySchema = Type.Object(
  {
    file: Type.String({ minLength: 1, maxLength: IMPORT_BODY_LIMIT - 1024, description: "The file's bytes in base64: CSV, tab-delimited text (the state's pubschls.txt) or XLSX" }),
    district: Type.Optional(Type.String({ maxLength: 200, description: "The state's file only: the district whose open schools to import, by name or 7-digit code" })),
  },
  { additionalProperties: false },
)

export const ImportResultSchema = Type.Object({
  preview: Type.Boolean(),
  layout: StringEnum(['district', 'state'] as const),
  /** The state's file: which district was read, how many rows the file has, and why rows of the district were left out. */
  state: Type.Union([
    Type.Object({
      district: Type.String(),
      county: Type.String(),
      rows: Type.Integer(),
      leftOut: Type.Object({ notOpen: Type.Integer(), districtOffice: Type.Integer(), noGrades: Type.Integer() }),
    }),
    Type.Null(),
  ]),
  summary: Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() }),
  rows: Type.Array(
    Type.Object({
      line: Type.Integer(),
      action: StringEnum(['create', 'update', 'unchanged'] as const),
      id: Type.Union([Type.Integer(), Type.Null()]),
      code: Type.String(),
      name: Type.String(),
      archived: Type.Boolean(),
      changes: Type.Array(Type.Object({ column: Type.String(), from: Type.String(), to: Type.String() })),
    }),
  ),
})
export type ImportResult = Static<typeof ImportResultSchema>

/** A problem of an import file, as the 400's details list them. */
export const ImportProblemSchema = Type.Object({ line: Type.Integer(), column: Type.Optional(Type.String()), message: Type.String() })
export type ImportProblem = Static<typeof ImportProblemSchema>
