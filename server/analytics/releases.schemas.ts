import { Type } from 'typebox'

export const ReleaseSchema = Type.Object({
  number: Type.Integer(),
  cutAt: Type.String({ format: 'date-time' }),
  final: Type.Boolean({ description: 'Cut after the window ended: the last release unless the window is extended' }),
})

/** Which release a reader's figures come from, and when the next is due at the latest. */
export const ReleaseInfoSchema = Type.Object(
  {
    number: Type.Union([Type.Integer(), Type.Null()], { description: 'Null before the first release: every figure is withheld' }),
    cutAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    final: Type.Boolean(),
    nextAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: "The window's end, when the next release is cut; null once it has ended" }),
  },
  { description: 'Figures come from releases, never from the responses of the moment' },
)

export const CutSchema = Type.Object({
  release: Type.Union([ReleaseSchema, Type.Null()], { description: 'Null when no waiting responses could join yet' }),
  schoolsTakenIn: Type.Integer({ description: 'Schools whose waiting responses this release took in (never a count of responses: a first release may take in fewer than k)' }),
  schoolsWaiting: Type.Integer({ description: 'Schools whose waiting responses would have shown a group under k, held for a later release' }),
  holds: Type.Integer({ description: 'Review holds this cut made: responses that came in a burst or beyond enrollment, waiting for a district admin (GET /api/holds)' }),
})
