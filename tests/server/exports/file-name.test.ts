import { describe, expect, it } from 'vitest'
import { fileNamePart } from '../../../server/exports/file-name'
import { dayIn } from '../../../server/time-zone'

describe('export file names', () => {
  it('makes each part lower case, letters and digits of any script, one hyphen for the rest', () => {
    expect(fileNamePart('2026–27 Needs & Assets')).toBe('2026-27-needs-assets')
    expect(fileNamePart('Escuela Primaria Niño Héroes')).toBe('escuela-primaria-nino-heroes')
    expect(fileNamePart('한국 학교')).toBe('한국-학교')
    expect(fileNamePart('=HYPERLINK("http://evil.example","x")')).toBe('hyperlink-http-evil-example-x')
    expect(fileNamePart('../../etc/passwd')).toBe('etc-passwd')
    expect(fileNamePart('  ***  ')).toBe('unnamed')
    expect(fileNamePart('a'.repeat(100))).toHaveLength(60)
  })

  it("dates a file by the district's day, not the server's", () => {
    const lateEvening = new Date('2026-12-08T05:30:00Z') // 21:30 on the 7th in Los Angeles
    expect(dayIn(lateEvening, 'America/Los_Angeles')).toBe('2026-12-07')
    expect(dayIn(lateEvening, 'UTC')).toBe('2026-12-08')
  })
})
