/**
 * Thin wrapper over the `highs` WASM solver: a sparse row-wise model builder
 * and a one-shot solve. The runtime is loaded once per process (≈50 ms).
 */
import highsLoader from 'highs'

type HighsRuntime = Awaited<ReturnType<typeof highsLoader>>
let runtime: Promise<HighsRuntime> | null = null

/** Load (once) and return the HiGHS runtime. */
export function getHighs(): Promise<HighsRuntime> {
  runtime ??= highsLoader()
  return runtime
}

/** A linear/integer model built row by row; columns are referenced by index. */
export class LinearModel {
  cost: number[] = []
  lower: number[] = []
  upper: number[] = []
  integer: boolean[] = []
  rowLower: number[] = []
  rowUpper: number[] = []
  rowIdx: number[][] = []
  rowVal: number[][] = []
  rowTag: string[] = []

  get numCols(): number {
    return this.cost.length
  }

  addCol(cost: number, lower: number, upper: number, integer = false): number {
    this.cost.push(cost)
    this.lower.push(lower)
    this.upper.push(upper)
    this.integer.push(integer)
    return this.cost.length - 1
  }

  /** Add `lower ≤ Σ val·x[idx] ≤ upper`; `tag` names the constraint group it belongs to. */
  addRow(idx: number[], val: number[], lower: number, upper: number, tag = ''): number {
    this.rowIdx.push(idx)
    this.rowVal.push(val)
    this.rowLower.push(lower)
    this.rowUpper.push(upper)
    this.rowTag.push(tag)
    return this.rowIdx.length - 1
  }
}

export interface SolveOutcome {
  status: 'optimal' | 'infeasible' | 'other'
  objective: number
  x: Float64Array
  rowDual: Float64Array
  colDual: Float64Array
}

/**
 * Solve `model` (maximising when `maximize`). Rows whose tag is in `skipTags`
 * are left out, which is how the conflict finder relaxes constraint groups.
 */
export async function solveModel(
  model: LinearModel,
  opts: { maximize?: boolean; mip?: boolean; timeLimit?: number; skipTags?: Set<string> } = {},
): Promise<SolveOutcome> {
  const highs = await getHighs()
  const inf = highs.infinity
  const starts = [0]
  const indices: number[] = []
  const values: number[] = []
  const rl: number[] = []
  const ru: number[] = []
  for (let r = 0; r < model.rowIdx.length; r++) {
    if (opts.skipTags?.has(model.rowTag[r])) continue
    const idx = model.rowIdx[r]
    const val = model.rowVal[r]
    for (let j = 0; j < idx.length; j++) {
      if (val[j] === 0) continue
      indices.push(idx[j])
      values.push(val[j])
    }
    starts.push(indices.length)
    rl.push(model.rowLower[r] === -Infinity ? -inf : model.rowLower[r])
    ru.push(model.rowUpper[r] === Infinity ? inf : model.rowUpper[r])
  }
  const n = model.numCols
  const mip = !!opts.mip && model.integer.some(Boolean)
  const m = highs.createModel({
    numCols: n,
    numRows: rl.length,
    sense: opts.maximize ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    colCost: model.cost,
    colLower: model.lower.map(v => (v === -Infinity ? -inf : v)),
    colUpper: model.upper.map(v => (v === Infinity ? inf : v)),
    rowLower: rl,
    rowUpper: ru,
    matrix: { format: 'csr', numRows: rl.length, numCols: n, starts, indices, values },
    ...(mip ? { integrality: model.integer.map(b => (b ? 1 : 0)) as (0 | 1)[] } : {}),
  })
  try {
    m.options.set({ output_flag: false })
    if (opts.timeLimit) m.options.set({ time_limit: opts.timeLimit })
    if (mip) m.options.set({ mip_rel_gap: 1e-6 })
    m.run()
    const st = m.getModelStatus()
    const S = highs.constants.modelStatus
    const status: SolveOutcome['status'] = st === S.optimal ? 'optimal' : st === S.infeasible || st === S.unboundedOrInfeasible ? 'infeasible' : 'other'
    const sol = m.getSolution()
    // A MIP stopped by the time limit may still carry a feasible incumbent.
    const hasPoint = status === 'optimal' || (mip && st === S.timeLimit && Number(m.info.get('primal_solution_status')) === 2)
    return {
      status: hasPoint ? 'optimal' : status,
      objective: hasPoint ? m.getObjectiveValue() : NaN,
      x: sol.colValue,
      rowDual: sol.rowDual,
      colDual: sol.colDual,
    }
  } finally {
    m.dispose()
  }
}
