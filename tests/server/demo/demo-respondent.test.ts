import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { gradeBandProblems, offerAtSchool } from '../../../server/administrations/grade-offer'
import { demoRespondent, generateAnswers } from '../../../server/demo/answers'
import { seededRandom } from '../../../server/demo/random'
import { LOCALES } from '../../../server/instruments/ana'
import { indexDefinition } from '../../../server/instruments/definition-index'
import { readCheckedLibrary } from '../../../server/instruments/library'
import { compileValidator } from '../../../server/instruments/validator'

const library = readCheckedLibrary(path.resolve(import.meta.dirname, '../../../surveys'))
const instrument = (slug: string) => {
  const file = library.files.filter((f) => f.slug === slug).sort((a, b) => b.version - a.version)[0]
  const index = indexDefinition(file.definition)
  return { index, validate: compileValidator(index), role: file.meta.role }
}
const GRADES = ['TK-2', 'TK-5', '6-8', '9-12', '6-12']

describe('demo respondents', () => {
  it('answer every instrument validly, for every kind of school, naming only the grade bands it offers there', () => {
    for (const slug of new Set(library.files.map((f) => f.slug))) {
      const { index, validate, role } = instrument(slug)
      fc.assert(
        fc.property(fc.integer(), fc.constantFrom(...GRADES), (seed, grades) => {
          const random = seededRandom(seed)
          const offer = offerAtSchool(index, grades)
          const respondent = demoRespondent(random, role, { grades })
          const answers = generateAnswers(index, random, () => 0.5, respondent.context)
          expect(validate(answers)).toEqual([])
          if (offer.offered) expect(gradeBandProblems(index, offer, answers)).toEqual([])
          expect(LOCALES).toContain(respondent.locale)
        }),
        { numRuns: 60 },
      )
    }
  })

  it('name one home language, sometimes two, and read the survey in their contact language where the runner has it', () => {
    const { index } = instrument('family-ana')
    const random = seededRandom(7)
    const families = Array.from({ length: 2000 }, () => {
      const respondent = demoRespondent(random, 'family', { grades: 'TK-5' })
      return { ...respondent, answers: generateAnswers(index, random, () => 0.5, respondent.context) }
    })
    const answered = families.filter((f) => Array.isArray(f.answers.home_languages))
    expect(answered.length).toBeGreaterThan(1900)
    const counts = answered.map((f) => (f.answers.home_languages as string[]).length)
    expect(Math.max(...counts)).toBe(2)
    expect(counts.filter((n) => n === 1).length / counts.length).toBeGreaterThan(0.6)
    // Spanish and English lead; every language stays in the question's own order.
    const first = new Map<string, number>()
    for (const f of answered) for (const l of f.answers.home_languages as string[]) first.set(l, (first.get(l) ?? 0) + 1)
    const ranked = [...first].sort((a, b) => b[1] - a[1]).map(([l]) => l)
    expect(ranked.slice(0, 2).sort()).toEqual(['en', 'es'])
    // A family whose contact language is Spanish reads the survey in Spanish; one whose language the runner lacks, in English.
    for (const f of families) {
      if (f.answers.contact_language === 'es') expect(f.locale).toBe('es')
      if (f.answers.contact_language === 'km' || f.answers.contact_language === 'indigenous') expect(f.locale).toBe('en')
    }
    expect(families.filter((f) => f.locale === 'es').length / families.length).toBeGreaterThan(0.3)
  })

  it('are in the grades their school teaches (a family sometimes has children in two of its bands)', () => {
    const students = instrument('student-ana')
    const families = instrument('family-ana')
    const random = seededRandom(11)
    for (let i = 0; i < 500; i++) {
      const middle = generateAnswers(students.index, random, () => 0.5, demoRespondent(random, 'student', { grades: '6-8' }).context)
      if (middle.grade_band !== undefined) expect(middle.grade_band).toBe('6-8')
      const bands = generateAnswers(families.index, random, () => 0.5, demoRespondent(random, 'family', { grades: 'TK-2' }).context).child_grade_bands
      if (bands !== undefined) expect(bands).toEqual(['tk-2'])
      const k8 = generateAnswers(families.index, random, () => 0.5, demoRespondent(random, 'family', { grades: 'K-8' }).context).child_grade_bands as string[] | undefined
      for (const band of k8 ?? []) expect(['tk-2', '3-5', '6-8']).toContain(band)
      expect(k8?.length ?? 0).toBeLessThanOrEqual(2)
    }
  })

  it('answer the staff survey mostly as teachers', () => {
    const { index } = instrument('staff-ana')
    const random = seededRandom(5)
    const roles = new Map<string, number>()
    for (let i = 0; i < 1000; i++) {
      const role = generateAnswers(index, random, () => 0.5, demoRespondent(random, 'staff', { grades: 'TK-5' }).context).staff_role as string
      roles.set(role, (roles.get(role) ?? 0) + 1)
    }
    const ranked = [...roles].sort((a, b) => b[1] - a[1])
    expect(ranked[0][0]).toBe('teacher')
    expect(ranked[0][1]).toBeGreaterThan(400)
    expect(roles.get('pns') ?? 0).toBeLessThan(80)
  })
})
