/**
 * A role × domain × measure group: the cell a role's domain figure describes, and the unit in which item sets are
 * checked (item-sets.ts). One key for Maps and Sets, so every module spells it the same way.
 */
export type GroupKey = string & { readonly __brand: 'GroupKey' }

export function groupKey(role: string, domain: string, measures: string): GroupKey {
  return `${role}|${domain}|${measures}` as GroupKey
}
