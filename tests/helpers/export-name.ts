import { dayIn } from '../../server/time-zone'

/**
 * The Content-Disposition every export carries: `<district>_<administration>_<what>_<date>.<ext>` (server/exports/
 * file-name.ts), the date today's in Los Angeles (the tests' district time zone), once as `filename` and once as
 * `filename*`. Parts are regular-expression sources (an administration's number varies).
 */
export function exportDisposition(district: string, administration: string, what: string, ext: 'csv' | 'xlsx' | 'R'): RegExp {
  const today = dayIn(new Date(), 'America/Los_Angeles')
  const name = `${district}_${administration}_${what}_${today}\\.${ext}`
  return new RegExp(`^attachment; filename="${name}"; filename\\*=UTF-8''${name}$`)
}
