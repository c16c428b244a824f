import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import type { Figure } from '../../../../client/api/profiles'
import { breakdownKinds, breakdownTable, groupName, orderGroups, type Breakdown } from '../../../../client/admin/profile/breakdowns'
import en from '../../../../client/i18n/admin/profile.en.json'
import es from '../../../../client/i18n/admin/profile.es.json'

const withheld: Figure = { shown: false, reason: 'fewer-than-k', message: 'Withheld' }
const shown = (index: number, n = 12): Figure => ({ shown: true, index, n, interval: [index - 5, index + 5] })
const cell = (kind: string, value: string, domain: string, measures: string, figure: Figure): Breakdown => ({ kind, value, domain, measures, figure })

async function translator(lng: string) {
  const i18n = i18next.createInstance()
  await i18n.init({ lng, fallbackLng: 'en', resources: { en: { profile: en }, es: { profile: es } }, ns: ['profile'], defaultNS: 'profile', interpolation: { escapeValue: false } })
  return i18n.getFixedT(lng, 'profile')
}

describe('breakdown kinds', () => {
  it('puts home language first, then grade band and time at school, and a kind it does not know last', () => {
    const rows = ['time-at-school', 'grade-band', 'zodiac', 'home-language'].map((kind) => cell(kind, 'x', 'housing', 'need', withheld))
    expect(breakdownKinds(rows)).toEqual(['home-language', 'grade-band', 'time-at-school', 'zodiac'])
  })

  it('offers only the kinds the profile has', () => {
    expect(breakdownKinds([cell('time-at-school', 'lt1', 'housing', 'need', withheld)])).toEqual(['time-at-school'])
    expect(breakdownKinds([])).toEqual([])
  })
})

describe('group names in the staff page language', () => {
  it('names home languages through Intl in English and Spanish, capitalised as a column head', async () => {
    const t = await translator('en')
    expect(groupName('home-language', 'es', 'en', t)).toBe('Spanish')
    expect(groupName('home-language', 'ko', 'en', t)).toBe('Korean')
    const tEs = await translator('es')
    expect(groupName('home-language', 'es', 'es', tEs)).toBe('Español')
    expect(groupName('home-language', 'en', 'es', tEs)).toBe('Inglés')
  })

  it('names the values that are no language tag from its own strings', async () => {
    const t = await translator('en')
    expect(groupName('home-language', 'asl', 'en', t)).toBe('American Sign Language')
    expect(groupName('home-language', 'other', 'en', t)).toBe('Another language')
    // Intl would call both of these "Chinese", beside Cantonese (yue) from Intl.
    expect(groupName('home-language', 'cmn', 'en', t)).toBe('Mandarin')
    expect(groupName('home-language', 'zh', 'en', t)).toBe('Chinese (Cantonese or Mandarin)')
    expect(groupName('home-language', 'yue', 'en', t)).toBe('Cantonese')
    expect(groupName('home-language', 'tl', 'en', t)).toBe('Tagalog or Filipino')
    expect(groupName('home-language', 'multiple', 'en', t)).toBe('More than one language')
    expect(groupName('grade-band', 'multiple', 'en', t)).toBe('Children in more than one band')
    expect(groupName('time-at-school', 'multiple', 'en', t)).toBe('More than one')
    expect((await translator('es'))('breakdowns.languages.asl')).toBe('Lengua de señas americana')
  })

  it('names grade bands as grades and time at school in words', async () => {
    const t = await translator('en')
    expect(groupName('grade-band', 'tk-2', 'en', t)).toBe('Grades TK–2')
    expect(groupName('grade-band', '9-12', 'en', t)).toBe('Grades 9–12')
    expect(groupName('time-at-school', 'lt1', 'en', t)).toBe('Less than 1 year')
    expect(groupName('time-at-school', '6plus', 'es', await translator('es'))).toBe('6 años o más')
  })

  it('falls back to the code for a value it cannot name', async () => {
    const t = await translator('en')
    expect(groupName('home-language', 'not a tag!', 'en', t)).toBe('Not a tag!')
    expect(groupName('time-at-school', 'decades', 'en', t)).toBe('decades')
  })
})

describe('group order', () => {
  const id = (v: string) => v
  it('orders grade bands and time at school from low to high, not by code', () => {
    expect(orderGroups('grade-band', ['9-12', 'multiple', '3-5', 'tk-2', '6-8'], id, 'en')).toEqual(['tk-2', '3-5', '6-8', '9-12', 'multiple'])
    expect(orderGroups('time-at-school', ['6plus', 'lt1', '3-5', '1-2'], id, 'en')).toEqual(['lt1', '1-2', '3-5', '6plus'])
  })

  it('orders languages by their name in the page language, with another language and more than one last', async () => {
    const t = await translator('es')
    const name = (v: string) => groupName('home-language', v, 'es', t)
    expect(orderGroups('home-language', ['multiple', 'other', 'vi', 'es', 'en', 'ar'], name, 'es')).toEqual(['ar', 'es', 'en', 'vi', 'other', 'multiple'])
  })
})

describe('the breakdown table', () => {
  const rows = [
    cell('home-language', 'ar', 'housing', 'need', withheld),
    cell('home-language', 'ar', 'food-security', 'need', withheld),
    cell('home-language', 'es', 'housing', 'need', shown(61)),
    cell('home-language', 'es', 'food-security', 'need', withheld),
    cell('home-language', 'en', 'housing', 'need', shown(40)),
    cell('home-language', 'en', 'food-security', 'need', shown(35)),
    cell('home-language', 'ar', 'housing', 'asset', shown(50)),
    cell('grade-band', '3-5', 'housing', 'need', shown(70)),
  ]

  it('has a column for each group shown in some domain and names the groups withheld in every domain', () => {
    const table = breakdownTable(rows, 'home-language', 'need', ['food-security', 'housing'])
    expect(table.groups.sort()).toEqual(['en', 'es'])
    expect(table.withheldEverywhere).toEqual(['ar'])
    expect(table.rows.map((r) => r.domain)).toEqual(['food-security', 'housing'])
    expect(table.rows[0].figures.es).toEqual(withheld)
    expect(table.rows[1].figures.es).toEqual(shown(61))
  })

  it('keeps every group the API lists, as a column or as withheld everywhere, and only the measure asked', () => {
    const need = breakdownTable(rows, 'home-language', 'need', ['housing', 'food-security'])
    expect([...need.groups, ...need.withheldEverywhere].sort()).toEqual(['ar', 'en', 'es'])
    expect(need.rows.map((r) => r.domain)).toEqual(['housing', 'food-security'])
    const asset = breakdownTable(rows, 'home-language', 'asset', ['housing'])
    expect(asset.groups).toEqual(['ar'])
    expect(asset.withheldEverywhere).toEqual([])
  })

  it('is empty for a kind or measure the profile has no figures for', () => {
    expect(breakdownTable(rows, 'time-at-school', 'need', [])).toEqual({ groups: [], withheldEverywhere: [], rows: [] })
  })
})
