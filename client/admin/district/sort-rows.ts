import type { DistrictComparison } from '../../api/comparison'
import type { Measure } from '../../../server/vocabulary/measures'

export type { Measure }
export type Row = DistrictComparison['schools'][number]

/** The heat map's rows in the chosen order: by priority rank (the default), by name, or by one domain's index. */
export function sortRows(rows: Row[], sort: string, measure: Measure): Row[] {
  const sorted = [...rows]
  if (sort === 'name') return sorted.sort((a, b) => a.school.name.localeCompare(b.school.name))
  if (sort.startsWith('domain:')) {
    const domain = sort.slice('domain:'.length)
    const value = (r: Row) => {
      const cell = r.cells[domain]?.[measure]
      return cell?.shown ? cell.index : -1
    }
    return sorted.sort((a, b) => value(b) - value(a) || a.school.name.localeCompare(b.school.name))
  }
  const rank = (r: Row) => r.overallPriority?.rank ?? Number.MAX_SAFE_INTEGER
  return sorted.sort((a, b) => rank(a) - rank(b) || a.school.name.localeCompare(b.school.name))
}
