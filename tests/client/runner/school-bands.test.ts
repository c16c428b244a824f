import { describe, expect, it } from 'vitest'
import { withSchoolBands } from '../../../client/runner/school-bands'

const family = {
  title: 'Family survey',
  pages: [
    { name: 'health', elements: [{ type: 'radiogroup', name: 'health_condition', choices: ['yes', 'no'] }] },
    {
      name: 'about',
      elements: [
        {
          type: 'panel',
          name: 'children',
          elements: [
            {
              type: 'checkbox',
              name: 'child_grade_bands',
              choices: ['tk-2', '3-5', '6-8', { value: '9-12', text: { default: '9th to 12th grade' } }, { value: 'pns', text: 'Prefer not to say' }],
            },
          ],
        },
      ],
    },
  ],
}

describe('a grade-band question at one school', () => {
  it("lists only the school's bands, nested in panels, leaving the published definition and other questions as they were", () => {
    const published = structuredClone(family)
    type Node = { elements: Node[]; choices: unknown[] }
    const at = withSchoolBands(family, [{ question: 'child_grade_bands', choices: ['9-12', 'pns'] }]) as unknown as { pages: Node[] }
    expect(at.pages[1].elements[0].elements[0].choices).toEqual([{ value: '9-12', text: { default: '9th to 12th grade' } }, { value: 'pns', text: 'Prefer not to say' }])
    expect(at.pages[0]).toEqual(family.pages[0])
    expect(family).toEqual(published)
  })

  it('keeps every choice when the offer names no bands (an access answer cached before they were offered)', () => {
    expect(withSchoolBands(family, undefined)).toBe(family)
    expect(withSchoolBands(family, [])).toBe(family)
  })
})
