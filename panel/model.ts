/**
 * The constraint model shared by the feasibility check, the fairness LP and the
 * lottery construction.
 *
 * Members are grouped into equivalence classes by everything the constraints
 * and the rotation penalty can see: the requested roles they hold, their value
 * of every quota attribute, and their rotation factor. Members of one class
 * are interchangeable for feasibility, so a panel is described by a
 * *composition* x_c (seats per class) and the solver works with #classes
 * variables instead of #members. Within a class, members are chosen uniformly.
 */
import { scoreMember } from './relevance'
import { LinearModel } from './solver'
import type { PanelRequest, PoolMember } from './types'

/** Quota bound row: `lo ≤ #members with attribute a = value ≤ hi`. */
export interface QuotaSpec {
  attr: string
  value: string
  min: number
  max: number
}

export interface MemberClass {
  /** Pool indices, sorted by id (so within-class draws do not depend on pool order). */
  members: number[]
  /** Requested roles (roleSeats > 0) held by these members, as indices into `roles`. */
  roles: number[]
  /** For each quota attribute: index into `valueNames[a]`, or -1 if none of the quota values. */
  vals: number[]
  rho: number
}

export interface ClassModel {
  seats: number
  /** Requested roles with n > 0, in a stable order. */
  roles: string[]
  roleNeed: number[]
  attrs: string[]
  valueNames: string[][]
  /** Per attribute, per value: [min, max] (max clipped to seats). */
  bounds: [number, number][][]
  classes: MemberClass[]
  /** Class index of each pool member. */
  classOf: Int32Array
  /** Rotation factor of each pool member (1 = no penalty). */
  rho: Float64Array
}

const DAY = 86_400_000

/**
 * Rotation factor in (0, 1]: the maximin target of a member is scaled by it,
 * so recent or frequent servers are drawn less often, but never excluded.
 * Served within 180 days → 0.5, within 365 days → 0.75; served ≥ 3 times → ×0.8.
 */
export function rotationFactor(m: PoolMember, nowMs: number): number {
  let f = 1
  if (m.lastServedAt) {
    const t = Date.parse(m.lastServedAt)
    if (Number.isFinite(t)) {
      const age = nowMs - t
      if (age < 180 * DAY) f = 0.5
      else if (age < 365 * DAY) f = 0.75
    }
  }
  if (m.timesServed >= 3) f *= 0.8
  return f
}

/**
 * Value of attribute `attr` for a member as a string, or undefined. The
 * derived attributes `@affected` and `@relevant` ("yes"/"no") let quotas
 * require members from the affected community or with any topic relevance.
 */
export function memberAttr(m: PoolMember, attr: string, req: PanelRequest): string | undefined {
  if (attr === '@affected' || attr === '@relevant') {
    const rel = scoreMember(m, req.topic, req.roleSeats)
    const yes = attr === '@affected' ? rel.affected : rel.score > 0
    return yes ? 'yes' : 'no'
  }
  const v = m.attributes[attr]
  return v === undefined || v === null ? undefined : String(v)
}

/** Flatten quotas into specs, in a stable order (attribute, then value). */
export function quotaSpecs(req: PanelRequest): QuotaSpec[] {
  const out: QuotaSpec[] = []
  for (const attr of Object.keys(req.quotas).sort()) {
    const q = req.quotas[attr]
    for (const value of Object.keys(q).sort()) out.push({ attr, value, min: q[value][0], max: q[value][1] })
  }
  return out
}

/** Constraint names, used in conflict reports (stable wording: tests and UIs match on them). */
export const cname = {
  seats: (k: number) => `seats=${k}`,
  role: (r: string, n: number) => `roleSeats ${r}>=${n}`,
  qmin: (a: string, v: string, n: number) => `quota ${a}=${v} min ${n}`,
  qmax: (a: string, v: string, n: number) => `quota ${a}=${v} max ${n}`,
}

/** Group the pool into classes (see file comment). */
export function buildClasses(req: PanelRequest, nowMs: number): ClassModel {
  const roles = Object.keys(req.roleSeats)
    .filter(r => req.roleSeats[r] > 0)
    .sort()
  const roleNeed = roles.map(r => req.roleSeats[r])
  const attrs = Object.keys(req.quotas).sort()
  const valueNames = attrs.map(a => Object.keys(req.quotas[a]).sort())
  const bounds = attrs.map((a, i) => valueNames[i].map(v => [req.quotas[a][v][0], Math.min(req.quotas[a][v][1], req.seats)] as [number, number]))
  const byKey = new Map<string, number>()
  const classes: MemberClass[] = []
  const n = req.pool.length
  const classOf = new Int32Array(n)
  const rho = new Float64Array(n)
  const order = [...req.pool.keys()].sort((a, b) => cmpId(req.pool[a].id, req.pool[b].id))
  for (const i of order) {
    const m = req.pool[i]
    const rs = roles.map((r, j) => (m.roles.includes(r) ? j : -1)).filter(j => j >= 0)
    const vals = attrs.map((a, j) => {
      const v = memberAttr(m, a, req)
      return v === undefined ? -1 : valueNames[j].indexOf(v)
    })
    rho[i] = rotationFactor(m, nowMs)
    const key = `${rs.join(',')}|${vals.join(',')}|${rho[i]}`
    let c = byKey.get(key)
    if (c === undefined) {
      c = classes.length
      byKey.set(key, c)
      classes.push({ members: [], roles: rs, vals, rho: rho[i] })
    }
    classes[c].members.push(i)
    classOf[i] = c
  }
  return { seats: req.seats, roles, roleNeed, attrs, valueNames, bounds, classes, classOf, rho }
}

/** Deterministic id order: numbers before strings, then natural order. */
export function cmpId(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number') return -1
  if (typeof b === 'number') return 1
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Build the composition polytope over class variables (columns 0..C-1 are
 * x_c ∈ [0, |c|]). Each row is tagged with its constraint name so the conflict
 * finder can drop groups. Members holding two or more requested roles get
 * assignment variables z_{c,r} (a member fills one seat only); the assignment
 * is a bipartite flow, so an integer x always admits an integer z.
 *
 * `colsFor` lets the fairness LP substitute each x_c by an affine expression
 * of other columns; by default x_c is column c.
 */
export function compositionModel(cm: ClassModel, integer: boolean): LinearModel {
  const lp = new LinearModel()
  cm.classes.forEach(c => lp.addCol(0, 0, c.members.length, integer))
  addCompositionRows(lp, cm, c => [[c], [1]], 0)
  return lp
}

/**
 * Add seats/role/quota rows to `lp`, where x_c = Σ coef·col (from `expr`) +
 * `constOf(c)`. Returns nothing; rows are tagged with constraint names.
 */
export function addCompositionRows(
  lp: LinearModel,
  cm: ClassModel,
  expr: (c: number) => [number[], number[]],
  constOf: number | ((c: number) => number),
): void {
  const C = cm.classes.length
  const k = (c: number) => (typeof constOf === 'number' ? constOf : constOf(c))
  // Coefficients accumulate in a dense scratch row; columns keep the order of
  // their first appearance (the solver sees the same rows whatever the pool).
  let scratch = new Float64Array(0)
  let seen = new Uint8Array(0)
  const sumRow = (cls: number[]): [number[], number[], number] => {
    if (scratch.length < lp.numCols) {
      scratch = new Float64Array(lp.numCols)
      seen = new Uint8Array(lp.numCols)
    }
    const cols: number[] = []
    let cst = 0
    for (const c of cls) {
      const [ix, vs] = expr(c)
      for (let t = 0; t < ix.length; t++) {
        const j = ix[t]
        if (!seen[j]) {
          seen[j] = 1
          cols.push(j)
        }
        scratch[j] += vs[t]
      }
      cst += k(c)
    }
    const vals = cols.map(j => scratch[j])
    for (const j of cols) {
      scratch[j] = 0
      seen[j] = 0
    }
    return [cols, vals, cst]
  }
  const all = [...Array(C).keys()]
  {
    const [ix, vs, cst] = sumRow(all)
    lp.addRow(ix, vs, cm.seats - cst, cm.seats - cst, cname.seats(cm.seats))
  }
  // Roles: single-role classes count directly; multi-role classes get z_{c,r}.
  const roleTerms: [number[], number[], number][] = cm.roles.map(() => [[], [], 0])
  const roleAcc = cm.roles.map(() => new Map<number, number>())
  for (let c = 0; c < C; c++) {
    const rs = cm.classes[c].roles
    if (rs.length === 1) {
      const [ix, vs] = expr(c)
      ix.forEach((j, t) => roleAcc[rs[0]].set(j, (roleAcc[rs[0]].get(j) ?? 0) + vs[t]))
      roleTerms[rs[0]][2] += k(c)
    } else if (rs.length > 1) {
      const zs = rs.map(() => lp.addCol(0, 0, cm.classes[c].members.length, false))
      const [ix, vs] = expr(c)
      // Σ_r z_{c,r} ≤ x_c
      lp.addRow([...zs, ...ix], [...zs.map(() => 1), ...vs.map(v => -v)], -Infinity, k(c), '')
      rs.forEach((r, t) => roleAcc[r].set(zs[t], 1))
    }
  }
  cm.roles.forEach((r, i) => {
    const cst = roleTerms[i][2]
    lp.addRow([...roleAcc[i].keys()], [...roleAcc[i].values()], cm.roleNeed[i] - cst, Infinity, cname.role(r, cm.roleNeed[i]))
  })
  cm.attrs.forEach((a, ai) => {
    cm.valueNames[ai].forEach((v, vi) => {
      const [lo, hi] = cm.bounds[ai][vi]
      const cls = all.filter(c => cm.classes[c].vals[ai] === vi)
      const [ix, vs, cst] = sumRow(cls)
      if (lo > 0) lp.addRow(ix, vs, lo - cst, Infinity, cname.qmin(a, v, lo))
      if (hi < cm.seats) lp.addRow(ix, vs, -Infinity, hi - cst, cname.qmax(a, v, hi))
    })
  })
}
