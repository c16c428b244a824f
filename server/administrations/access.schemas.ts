import { Type } from 'typebox'
import { LocalizedText, RoleSchema } from '../schemas'

/** GET /api/access/:code: what an access code opens, as the runner (client/api/access.ts) reads it. */
export const AccessSchema = Type.Object({
  code: Type.String(),
  minCellSize: Type.Integer({ description: 'Results are shown only for groups of at least this many people' }),
  school: Type.Object({ id: Type.Integer(), name: Type.String() }),
  administration: Type.Object({ id: Type.Integer(), name: Type.String(), closesAt: Type.String({ format: 'date-time' }), mode: Type.String() }),
  instruments: Type.Array(
    Type.Object({
      slug: Type.String(),
      version: Type.Integer(),
      role: RoleSchema,
      title: LocalizedText,
      minutes: Type.Union([Type.Integer(), Type.Null()]),
      languages: Type.Array(Type.String()),
      grades: Type.Union([Type.String(), Type.Null()], { description: "The grades it is answered in at this school ('3–5', '6–8'); null when it asks no grade" }),
      gradeBands: Type.Array(Type.Object({ question: Type.String(), choices: Type.Array(Type.String()) }), {
        description: 'Each grade-band question with the only choices this school offers (its grade bands and "prefer not to say")',
      }),
    }),
  ),
})

export const AccessParamsSchema = Type.Object({ code: Type.String({ minLength: 1, maxLength: 32 }) })
