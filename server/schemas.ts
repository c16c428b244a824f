import { Type, type Static, type TSchema, type TUnsafe } from 'typebox'
import { MAX_ID } from './vocabulary/ids'
import { ROLES } from './vocabulary/roles'
import type { Withheld } from './vocabulary/withheld'

/** The one error body every route returns for 4xx and 5xx. */
export const ErrorSchema = Type.Object(
  {
    error: Type.String({ description: 'A stable machine-readable code' }),
    message: Type.String({ description: 'What went wrong, in words a person can act on' }),
    details: Type.Optional(Type.Unknown()),
  },
  { $id: 'Error' },
)

export const errorResponses = (...codes: number[]): Record<number, TSchema> =>
  Object.fromEntries(codes.map((c) => [c, Type.Ref('Error')]))

/** A localized string as SurveyJS stores it: { default: 'English', es: '…' }, or plain text. */
export const LocalizedText = Type.Union([Type.String(), Type.Record(Type.String(), Type.String())])

/** A string from a fixed list, as a JSON-schema enum, so a bad value is named plainly in the 400. */
export function StringEnum<const T extends readonly string[]>(values: T, options: { description?: string } = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options })
}

/** A figure or count not shown (disclosure/withheld.ts): the same shape everywhere, whatever its size. */
export const WithheldSchema = Type.Object({ shown: Type.Literal(false), reason: Type.Literal('fewer-than-k'), message: Type.String() })
// The schema and the vocabulary's type are one shape: a change to either fails here.
const withheldShape: Withheld = {} as Static<typeof WithheldSchema>
void withheldShape

/** A row id in a path or body: 1 to the largest PostgreSQL integer. */
export const IdSchema = Type.Integer({ minimum: 1, maximum: MAX_ID })

/** Who answers an instrument, as a JSON-schema enum. */
export const RoleSchema = StringEnum(ROLES)
