import loadHighs from 'highs'

/** A linear expression: variable name → coefficient. */
export type Linear = Map<string, number>

export interface IntegerProgram {
  /** Every variable is an integer in [0, upper]. */
  variables: Map<string, number>
  /** Linear constraints: lower ≤ expression ≤ upper (equal bounds for an equality). */
  constraints: { expression: Linear; lower: number; upper: number; label: string }[]
}

export function linear(entries: Iterable<[string, number]> = []): Linear {
  const out: Linear = new Map()
  for (const [name, coefficient] of entries) out.set(name, (out.get(name) ?? 0) + coefficient)
  return out
}

export function evaluate(expression: Linear, values: Map<string, number>): number {
  let sum = 0
  for (const [name, coefficient] of expression) sum += coefficient * (values.get(name) ?? 0)
  return sum
}

/** A stable key, so the same expression is bounded once. */
export function expressionKey(expression: Linear): string {
  return [...expression.entries()]
    .filter(([, c]) => c !== 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([n, c]) => `${c}*${n}`)
    .join('+')
}

const highs = await loadHighs()
const number = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(17))
const terms = (expression: Linear) =>
  [...expression.entries()]
    .filter(([, c]) => c !== 0)
    .map(([n, c], i) => `${c < 0 ? '-' : i === 0 ? '' : '+'} ${number(Math.abs(c))} ${n}`)
    .join(' ')

/** The program in CPLEX LP form, without an objective: build it once to bound many objectives. */
export function programText(program: IntegerProgram): string {
  const first = [...program.variables.keys()][0]
  return [
    'Subject To',
    ...program.constraints.flatMap((c, i) => {
      const lhs = terms(c.expression) || `0 ${first}`
      if (c.lower === c.upper) return [` c${i}: ${lhs} = ${number(c.lower)}`]
      return [
        ...(Number.isFinite(c.lower) ? [` l${i}: ${lhs} >= ${number(c.lower)}`] : []),
        ...(Number.isFinite(c.upper) ? [` u${i}: ${lhs} <= ${number(c.upper)}`] : []),
      ]
    }),
    'Bounds',
    ...[...program.variables].map(([n, upper]) => ` 0 <= ${n} <= ${upper}`),
    'General',
    ` ${[...program.variables.keys()].join(' ')}`,
    'End',
  ].join('\n')
}

/**
 * The exact optimum of `objective` over the integer points that satisfy the program (HiGHS branch and bound run to
 * optimality: MIP gaps of zero). Variables carry an upper bound, so the program is never unbounded; it is never
 * infeasible either when the constraints were read off figures computed from real data.
 */
export function optimum(program: IntegerProgram, objective: Linear, sense: 'min' | 'max', text = programText(program)): number {
  const result = highs.solve(`${sense === 'min' ? 'Minimize' : 'Maximize'}\n obj: ${terms(objective)}\n${text}`, { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0 })
  if (result.Status !== 'Optimal') throw new Error(`the ${sense} ended ${result.Status}, but the true data satisfy every constraint`)
  return result.ObjectiveValue
}

/** The least and greatest value `objective` can take over the program's integer points. */
export function integerRange(program: IntegerProgram, objective: Linear): { min: number; max: number } {
  const text = programText(program)
  return { min: optimum(program, objective, 'min', text), max: optimum(program, objective, 'max', text) }
}
