import type { OfferedInstrument } from '../api/access'
import type { Definition } from '../api/instruments'

type Node = Record<string, unknown>

const valueOf = (choice: unknown) => String(choice !== null && typeof choice === 'object' ? (choice as Node).value : choice)

/**
 * The definition as this school's people see it: each grade-band question lists only the bands the school has (the
 * access offer names them; intake refuses any other), so a high school's families are not asked about grade 3.
 * Published definitions stay as they are: this is a copy, and questions without a restriction are shared with it.
 */
export function withSchoolBands(definition: Definition, gradeBands: OfferedInstrument['gradeBands'] | undefined): Definition {
  // An access answer cached before grade bands were offered has none: the full list, as intake then had it.
  if (!gradeBands || gradeBands.length === 0) return definition
  const allowed = new Map(gradeBands.map((q) => [q.question, new Set(q.choices)]))
  const visit = (node: Node): Node => {
    const out: Node = { ...node }
    const keep = typeof node.name === 'string' ? allowed.get(node.name) : undefined
    if (keep && Array.isArray(node.choices)) out.choices = node.choices.filter((c) => keep.has(valueOf(c)))
    for (const key of ['pages', 'elements', 'templateElements'] as const) {
      const children = node[key]
      if (Array.isArray(children)) out[key] = children.map((child) => (child !== null && typeof child === 'object' ? visit(child as Node) : child))
    }
    return out
  }
  return visit(definition)
}
