/**
 * Feasibility check with explanations.
 *
 * First cheap counting checks with precise messages (not enough police
 * officers, minima that exceed the seats, …). If those pass, an integer
 * program over class compositions decides feasibility; when it is infeasible
 * a deletion filter over the constraint groups (each role seat entry, each
 * quota bound, the seat count) returns an irreducible conflicting subset:
 * dropping any one of the named constraints makes the rest satisfiable.
 */
import { buildClasses, cname, compositionModel, memberAttr, quotaSpecs, type ClassModel } from './model'
import { solveModel } from './solver'
import { parseRequest, type FeasibilityResult, type PanelRequest, type PanelRequestInput } from './types'

/** Counting pre-checks; returns the first conflict found, with a specific message. */
export function precheck(req: PanelRequest): FeasibilityResult {
  const k = req.seats
  const pool = req.pool
  if (pool.length < k) {
    return { feasible: false, message: `${cname.seats(k)}: the pool has only ${pool.length} members`, conflicts: [cname.seats(k)] }
  }
  const roles = Object.keys(req.roleSeats)
    .filter(r => req.roleSeats[r] > 0)
    .sort()
  for (const r of roles) {
    const n = req.roleSeats[r]
    const have = pool.filter(m => m.roles.includes(r)).length
    if (have < n) {
      return {
        feasible: false,
        message: `${cname.role(r, n)}: only ${have} pool member(s) hold role "${r}"`,
        conflicts: [cname.role(r, n)],
      }
    }
  }
  const roleSum = roles.reduce((s, r) => s + req.roleSeats[r], 0)
  if (roleSum > k) {
    const names = roles.map(r => cname.role(r, req.roleSeats[r]))
    return {
      feasible: false,
      message: `${names.join(' + ')} need ${roleSum} seats but there are only ${k}`,
      conflicts: [...names, cname.seats(k)],
    }
  }
  for (const q of quotaSpecs(req)) {
    if (q.min > q.max) {
      const names = [cname.qmin(q.attr, q.value, q.min), cname.qmax(q.attr, q.value, q.max)]
      return { feasible: false, message: `${names[0]} is above its max ${q.max}`, conflicts: names }
    }
    if (q.min > 0) {
      const have = pool.filter(m => memberAttr(m, q.attr, req) === q.value).length
      if (have < q.min) {
        const n = cname.qmin(q.attr, q.value, q.min)
        return { feasible: false, message: `${n}: only ${have} pool member(s) have ${q.attr}=${q.value}`, conflicts: [n] }
      }
    }
  }
  for (const attr of Object.keys(req.quotas).sort()) {
    const q = req.quotas[attr]
    const vals = Object.keys(q).sort()
    const mins = vals.filter(v => q[v][0] > 0)
    const minSum = mins.reduce((s, v) => s + q[v][0], 0)
    if (minSum > k) {
      const names = mins.map(v => cname.qmin(attr, v, q[v][0]))
      return {
        feasible: false,
        message: `${names.join(' + ')} = ${minSum} exceeds ${k} seats`,
        conflicts: [...names, cname.seats(k)],
      }
    }
    // Members whose value is not one of the quota values are limited by nothing.
    const others = req.pool.filter(m => {
      const v = memberAttr(m, attr, req)
      return v === undefined || !(v in q)
    }).length
    const maxCap = vals.reduce((s, v) => {
      const have = pool.filter(m => memberAttr(m, attr, req) === v).length
      return s + Math.min(q[v][1], have)
    }, 0)
    if (maxCap + others < k) {
      const capped = vals.filter(v => q[v][1] < k)
      const names = capped.map(v => cname.qmax(attr, v, q[v][1]))
      return {
        feasible: false,
        message:
          `${names.join(' + ') || `quota ${attr}`} allow at most ${maxCap} seats` +
          (others ? ` (plus ${others} member(s) with another ${attr})` : '') +
          `, fewer than ${k} seats`,
        conflicts: [...names, cname.seats(k)],
      }
    }
  }
  return { feasible: true }
}

/** Is the integer composition model feasible without the rows tagged in `skip`? */
async function feasibleWithout(cm: ClassModel, skip: Set<string>): Promise<boolean> {
  const lp = compositionModel(cm, true)
  // LP relaxation first: if even it is infeasible, no MIP is needed.
  const relaxed = await solveModel(lp, { skipTags: skip })
  if (relaxed.status === 'infeasible') return false
  const r = await solveModel(lp, { mip: true, skipTags: skip, timeLimit: 10 })
  if (r.status === 'optimal') return true
  if (r.status === 'infeasible') return false
  throw new Error('feasibility check: solver did not finish (time limit)')
}

/**
 * Decide whether all constraints of a request can hold at once. When they
 * cannot, `conflicts` lists a minimal set of constraint names (e.g.
 * ["quota gender=女 min 15", "quota gender=男 min 12", "seats=25"]).
 * Accepts a raw request (validated here) or an already parsed one.
 */
export async function checkFeasibility(request: PanelRequestInput | PanelRequest): Promise<FeasibilityResult> {
  const req = parseRequest(request)
  const pre = precheck(req)
  if (!pre.feasible) return pre
  const cm = buildClasses(req, Date.now())
  return checkClassModel(cm)
}

/** Feasibility on an already built class model (used by selectPanel to avoid rebuilding). */
export async function checkClassModel(cm: ClassModel): Promise<FeasibilityResult> {
  if (await feasibleWithout(cm, new Set())) return { feasible: true }
  // Deletion filter: try dropping each group; keep it dropped if still infeasible.
  const tags = [...new Set(compositionModel(cm, true).rowTag.filter(Boolean))]
  const dropped = new Set<string>()
  for (const t of tags) {
    dropped.add(t)
    if (await feasibleWithout(cm, dropped)) dropped.delete(t)
  }
  const conflicts = tags.filter(t => !dropped.has(t))
  return {
    feasible: false,
    message: `these constraints cannot all hold together: ${conflicts.join('; ')}`,
    conflicts,
  }
}
