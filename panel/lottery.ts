/**
 * The fair lottery.
 *
 * 1. Fairness targets (LP). Over the LP relaxation of the class-composition
 *    polytope, maximise t such that every selectable class c gets expected
 *    seats y_c ≥ t·ρ_c·|c| (ρ = rotation factor), i.e. every member's selection
 *    probability is at least t·ρ. This t is an upper bound on the exact
 *    maximin optimum over integer panels (Flanigan et al. 2021). We then
 *    repeat with the classes that cannot rise pinned at their level (leximin
 *    over the relaxation), so the remaining probability mass is spread evenly
 *    instead of landing on an arbitrary LP vertex. Writing y_c = a_c·t + e_c
 *    keeps the LP at ~#constraints rows whatever the pool size; the per-class
 *    caps y_c ≤ |c| are added lazily (they almost never bind).
 *
 * 2. Decomposition into panels (stride scheduling). The targets y are turned
 *    into an explicit list of M feasible panels: classes are served in order
 *    of their "due time" (seats so far + ½) / y_c (Sainte-Laguë), filling role
 *    seats first, then the other seats, skipping a class only
 *    when adding it would break a quota maximum or leave minima/role seats
 *    unfillable. Over M panels each class gets ≈ M·y_c seats, so frequencies
 *    track the LP targets to within ~1/(M·y_c). A panel that the greedy cannot
 *    complete is solved exactly by a small MIP instead (counted in
 *    diagnostics). Every panel satisfies every constraint by construction.
 *
 * 3. The draw: the seed picks one of the M panels uniformly, then members
 *    within each class uniformly. The reported probabilities are exactly those
 *    of this two-stage lottery: p_i = (seats class c got over the M panels) /
 *    (M·|c|). They do not depend on the seed, and they sum to the seat count.
 */
import { LazyHeap } from './heap'
import { addCompositionRows, compositionModel, type ClassModel } from './model'
import { LinearModel, solveModel } from './solver'

/** The composition polytope has no integer point (callers then explain the conflict). */
export class NoPanelError extends Error {
  constructor() {
    super('no feasible panel')
  }
}

export interface LotteryTargets {
  /** Expected seats per class. */
  y: Float64Array
  /** Maximin value of the relaxation (upper bound on the exact maximin). */
  tMax: number
  /** Classes that cannot be on any panel (LP-infeasible to include). */
  unselectable: Uint8Array
  lpSolves: number
}

const EPS = 1e-9

/** Obvious unselectables: a class whose value of some attribute has max 0. */
function triviallyUnselectable(cm: ClassModel): Uint8Array {
  const out = new Uint8Array(cm.classes.length)
  cm.classes.forEach((c, i) => {
    c.vals.forEach((v, a) => {
      if (v >= 0 && cm.bounds[a][v][1] <= 0) out[i] = 1
    })
  })
  return out
}

/**
 * Leximin-over-the-relaxation targets (see file comment, step 1).
 * `maxRounds` bounds the number of LP solves.
 */
export async function lotteryTargets(cm: ClassModel, maxRounds = 6): Promise<LotteryTargets> {
  const C = cm.classes.length
  const size = cm.classes.map(c => c.members.length)
  const unselectable = triviallyUnselectable(cm)
  const level = new Float64Array(C).fill(NaN) // NaN = still free
  for (let c = 0; c < C; c++) if (unselectable[c]) level[c] = 0
  let y: Float64Array = new Float64Array(C)
  let tMax = NaN
  let lpSolves = 0
  const capped = new Set<number>()

  for (let round = 0; round < maxRounds; round++) {
    const free = [...Array(C).keys()].filter(c => Number.isNaN(level[c]))
    if (!free.length) break
    let sol: { t: number; y: Float64Array; rc: Float64Array } | null = null as never
    // Re-solve while some class exceeds its size (lazy caps).
    for (let pass = 0; pass < 6; pass++) {
      const lp = new LinearModel()
      const tCol = lp.addCol(1, 0, Infinity)
      const a = (c: number) => (Number.isNaN(level[c]) ? cm.classes[c].rho * size[c] : 0)
      const cst = (c: number) => (Number.isNaN(level[c]) ? 0 : level[c] * cm.classes[c].rho * size[c])
      const eCol = cm.classes.map((_, c) => lp.addCol(0, 0, unselectable[c] ? 0 : Math.max(0, size[c] - cst(c))))
      const expr = (c: number): [number[], number[]] =>
        a(c)
          ? [
              [tCol, eCol[c]],
              [a(c), 1],
            ]
          : [[eCol[c]], [1]]
      addCompositionRows(lp, cm, expr, cst)
      for (const c of capped) {
        const [ix, vs] = expr(c)
        lp.addRow(ix, vs, -Infinity, size[c] - cst(c), '')
      }
      const r = await solveModel(lp, { maximize: true })
      lpSolves++
      if (r.status === 'infeasible') throw new NoPanelError()
      if (r.status !== 'optimal') throw new Error(`fairness LP failed (${r.status})`)
      const t = r.x[tCol]
      const yy = new Float64Array(C)
      let violated = false
      for (let c = 0; c < C; c++) {
        yy[c] = a(c) * t + r.x[eCol[c]] + cst(c)
        if (yy[c] > size[c] + 1e-7 && !capped.has(c)) {
          capped.add(c)
          violated = true
        }
      }
      const rc = new Float64Array(C)
      for (let c = 0; c < C; c++) rc[c] = r.colDual[eCol[c]]
      sol = { t, y: yy, rc }
      if (!violated) break
    }
    if (!sol) break
    y = sol.y
    if (round === 0 && sol.t <= EPS) {
      // Some class cannot be included at all: find them (once) and restart.
      const found = await lpUnselectable(cm, unselectable)
      lpSolves++
      let any = false
      for (let c = 0; c < C; c++)
        if (found[c] && !unselectable[c]) {
          unselectable[c] = 1
          level[c] = 0
          any = true
        }
      if (any) {
        round = -1
        continue
      }
    }
    if (Number.isNaN(tMax)) tMax = sol.t
    // Pin the classes whose floor is binding in every optimum (non-zero reduced cost on e_c).
    let pinned = 0
    for (const c of free) {
      if (Math.abs(sol.rc[c]) > 1e-9 && sol.y[c] <= sol.t * cm.classes[c].rho * size[c] + 1e-9) {
        level[c] = sol.t
        pinned++
      }
    }
    if (!pinned) break
  }
  return { y, tMax: Number.isNaN(tMax) ? 0 : tMax, unselectable, lpSolves }
}

/**
 * Classes that no point of the relaxation can include: maximise Σ s_c with
 * s_c ≤ min(x_c, ε). The average of one point per includable class includes
 * them all, so for small ε every includable class reaches s_c = ε.
 */
async function lpUnselectable(cm: ClassModel, known: Uint8Array): Promise<Uint8Array> {
  const C = cm.classes.length
  const lp = compositionModel(cm, false)
  for (let c = 0; c < C; c++) if (known[c]) lp.upper[c] = 0
  const eps = 0.5 / C
  const s = cm.classes.map(() => lp.addCol(1, 0, eps))
  for (let c = 0; c < C; c++) lp.addRow([s[c], c], [1, -1], -Infinity, 0, '')
  const r = await solveModel(lp, { maximize: true })
  const out = new Uint8Array(C)
  for (let c = 0; c < C; c++) out[c] = known[c] || r.status !== 'optimal' || r.x[s[c]] < eps / 2 ? 1 : 0
  return out
}

/** One panel as class seats: `cls[j]` fills seat j; `role[j]` is the role index or -1. */
export interface Composition {
  cls: number[]
  role: number[]
}

export interface Lottery {
  panels: number
  /** Seats each class received over all panels. */
  count: Float64Array
  /** The composition of the panel with index `drawn`. */
  drawnComposition: Composition
  drawn: number
  fallbackSolves: number
  /** Panels the due-order greedy could not complete (redone deficit-first). */
  retries: number
}

/**
 * Build M panels by stride scheduling towards the targets `y` and keep panel
 * `drawn` (see file comment, step 2). `granularity` ≈ seats the smallest
 * target class receives over the M panels (accuracy ~1/granularity).
 */
export async function buildLottery(
  cm: ClassModel,
  y: Float64Array,
  pickPanel: (M: number) => number,
  opts: { granularity?: number; maxPanels?: number } = {},
): Promise<Lottery> {
  const C = cm.classes.length
  const k = cm.seats
  const A = cm.attrs.length
  const R = cm.roles.length
  const size = Int32Array.from(cm.classes, c => c.members.length)
  const vals = cm.classes.map(c => c.vals)
  let minY = Infinity
  for (let c = 0; c < C; c++) if (y[c] > EPS) minY = Math.min(minY, y[c])
  const G = opts.granularity ?? 20
  const M = Math.max(1, Math.min(opts.maxPanels ?? 12000, Math.ceil(G / Math.min(1, minY))))
  const drawn = pickPanel(M)

  // Controlled rounding of the marginals: every panel's count of each quota
  // value is floor or ceil of its expectation under y. Without this, a value
  // whose expected count sits at its max (common: maximin pushes quotas to
  // their bounds) loses seats in every panel that falls short and can never
  // make them up, starving its classes.
  const expected = cm.valueNames.map((vs, a) => vs.map((_, v) => cm.classes.reduce((s, c, i) => s + (c.vals[a] === v ? y[i] : 0), 0)))
  // Only near a bound: tightening everything makes the last seats demand exact
  // attribute combinations that small pools often lack.
  const lo = cm.bounds.map((b, a) => b.map((x, v) => (expected[a][v] > x[1] - 1 ? Math.max(x[0], Math.floor(expected[a][v] + 1e-7)) : x[0])))
  const hi = cm.bounds.map((b, a) => b.map((x, v) => (expected[a][v] < x[0] + 1 ? Math.min(x[1], Math.ceil(expected[a][v] - 1e-7)) : x[1])))
  const tight: ClassModel = { ...cm, bounds: lo.map((l, a) => l.map((x, v) => [x, hi[a][v]] as [number, number])) }
  const hasOther = cm.attrs.map((_, a) => cm.classes.some(c => c.vals[a] < 0))
  const count = new Float64Array(C)
  const ver = new Int32Array(C)
  const due = (c: number) => (count[c] + 0.5) / y[c]

  // Heaps: the free seats use one heap per "signature" (the values of the
  // quota attributes that most often block a class), so a value that is full
  // for the rest of a panel closes whole heaps instead of being popped and
  // skipped class by class (that skipping dominated the run time on large
  // pools). The signature attributes are learnt from the blocks seen in the
  // first panels. One heap per requested role serves the role seats.
  const blocks = new Float64Array(A)
  let sigAttrs: number[] = []
  let sigVals: number[][] = []
  const sigOf = new Int32Array(C)
  let HS: LazyHeap[] = []
  // The tournament holds one entry per signature heap, keyed by that heap's
  // top key and versioned by heapVer: it persists across seats and panels,
  // so picking a seat costs the heaps examined, not all of them. A top may be
  // a stale class entry; its key is then a lower bound and the heap is
  // cleaned when its entry surfaces, which keeps the order exact.
  const tournament = new LazyHeap()
  let heapVer = new Int32Array(0)
  const announceTop = (s: number) => {
    const h = HS[s]
    if (h.size) tournament.push(h.topKey(), s, ++heapVer[s])
  }
  /** Push a class entry into signature heap s, announcing it when it became the top. */
  const pushSig = (s: number, key: number, c: number, v: number) => {
    const h = HS[s]
    h.push(key, c, v)
    if (h.topItem() === c && h.topKey() === key && h.topVer() === v) tournament.push(key, s, ++heapVer[s])
  }
  const buildSignature = (attrs: number[]) => {
    sigAttrs = attrs
    const index = new Map<string, number>()
    sigVals = []
    for (let c = 0; c < C; c++) {
      const sv = sigAttrs.map(a => vals[c][a])
      const key = sv.join(',')
      let s = index.get(key)
      if (s === undefined) {
        s = sigVals.length
        index.set(key, s)
        sigVals.push(sv)
      }
      sigOf[c] = s
    }
    HS = sigVals.map(() => new LazyHeap())
    heapVer = new Int32Array(HS.length)
    tournament.clear()
    for (let c = 0; c < C; c++) if (y[c] > EPS) HS[sigOf[c]].push(due(c), c, ver[c])
    for (let s = 0; s < HS.length; s++) announceTop(s)
  }
  const chooseSignature = () => {
    const attrs: number[] = []
    let combos = 1
    for (const a of [...Array(A).keys()].sort((p, q) => blocks[q] - blocks[p] || p - q)) {
      if (blocks[a] <= 0) break
      const width = cm.valueNames[a].length + 1
      if (combos * width > 96) continue
      combos *= width
      attrs.push(a)
    }
    buildSignature(attrs)
  }
  const HR = cm.roles.map(() => new LazyHeap())
  const roleOrder = [...Array(R).keys()].sort(
    (p, q) =>
      cm.classes.reduce((s, c) => s + (c.roles.includes(p) ? c.members.length : 0), 0) -
        cm.classes.reduce((s, c) => s + (c.roles.includes(q) ? c.members.length : 0), 0) || p - q,
  )
  const pushAll = (c: number) => {
    const key = due(c)
    pushSig(sigOf[c], key, c, ver[c])
    for (const r of cm.classes[c].roles) HR[r].push(key, c, ver[c])
  }
  for (let c = 0; c < C; c++) if (y[c] > EPS) for (const r of cm.classes[c].roles) HR[r].push(due(c), c, ver[c])
  buildSignature([])

  // Per-panel state.
  const used = new Int32Array(C)
  const cav = cm.valueNames.map(vs => new Int32Array(vs.length))
  const defSum = new Int32Array(A)
  const room = new Float64Array(A)
  const roleDef = new Int32Array(R)
  let roleDefSum = 0
  let seatsLeft = 0
  let panelCls: number[] = []
  let panelRole: number[] = []
  const resetPanel = () => {
    for (const c of panelCls) used[c] = 0
    panelCls = []
    panelRole = []
    seatsLeft = k
    for (let a = 0; a < A; a++) {
      cav[a].fill(0)
      defSum[a] = lo[a].reduce((s, x) => s + x, 0)
      room[a] = hasOther[a] ? Infinity : hi[a].reduce((s, x) => s + x, 0)
    }
    roleDefSum = 0
    for (let r = 0; r < R; r++) {
      roleDef[r] = cm.roleNeed[r]
      roleDefSum += roleDef[r]
    }
  }
  const canAdd = (c: number, role: number): boolean => {
    if (used[c] >= size[c]) return false
    const s = seatsLeft - 1
    const vc = vals[c]
    for (let a = 0; a < A; a++) {
      const v = vc[a]
      let d = defSum[a]
      let rm = room[a]
      if (v >= 0) {
        if (cav[a][v] + 1 > hi[a][v]) return (blocks[a]++, false)
        if (cav[a][v] < lo[a][v]) d--
        rm--
      }
      if (d > s || rm < s) return (blocks[a]++, false)
    }
    const rd = roleDefSum - (role >= 0 && roleDef[role] > 0 ? 1 : 0)
    return rd <= s
  }
  const add = (c: number, role: number) => {
    used[c]++
    count[c]++
    ver[c]++
    const vc = vals[c]
    for (let a = 0; a < A; a++) {
      const v = vc[a]
      if (v >= 0) {
        if (cav[a][v] < lo[a][v]) defSum[a]--
        cav[a][v]++
        room[a]--
      }
    }
    if (role >= 0 && roleDef[role] > 0) {
      roleDef[role]--
      roleDefSum--
    }
    seatsLeft--
    panelCls.push(c)
    panelRole.push(role)
    pushAll(c)
  }
  const undoPanel = () => {
    for (const c of panelCls) {
      count[c]--
      ver[c]++
    }
    for (const c of new Set(panelCls)) pushAll(c)
  }
  const top: [number, number, number] = [0, 0, 0]
  // Entries popped and passed over in this panel, pushed back when it is done
  // (flat arrays: there are hundreds of thousands). Heap: signature s ≥ 0, or
  // -1 - r for the heap of role r.
  const skippedHeap: number[] = []
  const skippedKey: number[] = []
  const skippedCls: number[] = []
  const skippedVer: number[] = []
  const skip = (heap: number, key: number, c: number, v: number) => {
    skippedHeap.push(heap)
    skippedKey.push(key)
    skippedCls.push(c)
    skippedVer.push(v)
  }
  /** Pop the most-due addable class from the heap of `role`; -1 when the heap is exhausted. */
  const takeFrom = (role: number): number => {
    const heap = HR[role]
    while (heap.pop(top)) {
      const c = top[1]
      if (top[2] !== ver[c]) continue
      if (canAdd(c, role)) return c
      skip(-1 - role, top[0], c, top[2])
    }
    return -1
  }

  /** Can any class with signature s be added now, as far as the signature attributes tell? */
  const sigOpen = (s: number): boolean => {
    const sv = sigVals[s]
    for (let j = 0; j < sv.length; j++) {
      const a = sigAttrs[j]
      const v = sv[j]
      if (v >= 0 && cav[a][v] >= hi[a][v]) return false
      const helps = v >= 0 && cav[a][v] < lo[a][v]
      if (!helps && defSum[a] >= seatsLeft) return false
    }
    return true
  }
  /**
   * Most-due addable class over the open signature heaps; -1 when none.
   * Candidates come in (due, signature, class) order. A heap closed now stays
   * closed for the rest of the panel (quota counts only grow, and the seats
   * still owed to minima never fall faster than the seats left), so it is set
   * aside until the panel is done.
   */
  const entry: [number, number, number] = [0, 0, 0]
  const closed: number[] = []
  const takeFree = (): number => {
    let found = -1
    while (found < 0 && tournament.pop(entry)) {
      const s = entry[1]
      if (entry[2] !== heapVer[s]) continue
      const h = HS[s]
      if (h.topVer() !== ver[h.topItem()]) {
        h.pop(top)
        announceTop(s)
        continue
      }
      if (!sigOpen(s)) {
        closed.push(s)
        continue
      }
      h.pop(top)
      const c = top[1]
      if (canAdd(c, -1)) found = c
      else skip(s, top[0], c, top[2])
      announceTop(s)
    }
    return found
  }
  let fallbackSolves = 0
  let retries = 0
  let drawnComposition: Composition = { cls: [], role: [] }
  let mipModel: LinearModel | null = null
  /**
   * Deficit-first pick: the addable class that fills the most unmet minima
   * (role seats count double: they are the scarcest), then the most due.
   * Returns [class, role] or [-1, -1].
   */
  const takeByDeficit = (out: [number, number]): void => {
    out[0] = -1
    out[1] = -1
    let bestScore = -1
    let bestDue = Infinity
    for (let c = 0; c < C; c++) {
      if (y[c] <= EPS || used[c] >= size[c]) continue
      let score = 0
      for (let a = 0; a < A; a++) {
        const v = vals[c][a]
        if (v >= 0 && cav[a][v] < lo[a][v]) score++
      }
      let role = -1
      for (const r of cm.classes[c].roles) if (roleDef[r] > 0 && (role < 0 || roleDef[r] > roleDef[role])) role = r
      if (role >= 0) score += 2
      const d = due(c)
      if (score > bestScore || (score === bestScore && d < bestDue)) {
        if (!canAdd(c, role)) continue
        out[0] = c
        out[1] = role
        bestScore = score
        bestDue = d
      }
    }
  }
  const pickOut: [number, number] = [-1, -1]
  const attempt = (strategy: 0 | 1): boolean => {
    resetPanel()
    let ok = true
    if (strategy === 0) {
      for (const r of roleOrder) {
        while (ok && roleDef[r] > 0) {
          const c = takeFrom(r)
          if (c < 0) ok = false
          else add(c, r)
        }
      }
    }
    while (ok && seatsLeft > 0) {
      if (strategy === 0) {
        const c = takeFree()
        if (c < 0) ok = false
        else add(c, -1)
      } else {
        takeByDeficit(pickOut)
        if (pickOut[0] < 0) ok = false
        else add(pickOut[0], pickOut[1])
      }
    }
    for (let i = 0; i < skippedCls.length; i++) {
      const c = skippedCls[i]
      const v = skippedVer[i]
      if (v !== ver[c]) continue
      const heap = skippedHeap[i]
      if (heap >= 0) pushSig(heap, skippedKey[i], c, v)
      else HR[-1 - heap].push(skippedKey[i], c, v)
    }
    skippedHeap.length = skippedKey.length = skippedCls.length = skippedVer.length = 0
    for (const s of closed) announceTop(s)
    closed.length = 0
    if (!ok) undoPanel()
    return ok
  }
  for (let m = 0; m < M; m++) {
    if (m === Math.min(100, M >> 1) && m > 0) chooseSignature()
    // Strategy 0: strictly by due time (keeps frequencies on target); strategy 1
    // resolves joint requirements the one-step lookahead cannot see.
    const ok = attempt(0) || (retries++, attempt(1))
    if (!ok) {
      // Greedy dead end: solve this panel exactly, preferring the most overdue classes.
      fallbackSolves++
      mipModel ??= compositionModel(tight, true)
      for (let c = 0; c < C; c++) mipModel.cost[c] = y[c] > EPS ? (m + 1) * y[c] - count[c] : -1
      let r = await solveModel(mipModel, { maximize: true, mip: true, timeLimit: 5 })
      if (r.status !== 'optimal') {
        // The rounded marginals may be jointly infeasible; fall back to the request's own bounds.
        const loose = compositionModel(cm, true)
        loose.cost = mipModel.cost.slice()
        r = await solveModel(loose, { maximize: true, mip: true, timeLimit: 5 })
      }
      if (r.status !== 'optimal') throw new NoPanelError()
      resetPanel()
      const comp = compositionFromCounts(
        cm,
        Array.from({ length: C }, (_, c) => Math.round(r.x[c])),
      )
      comp.cls.forEach((c, j) => {
        used[c]++
        count[c]++
        ver[c]++
        panelCls.push(c)
        panelRole.push(comp.role[j])
      })
      for (const c of new Set(comp.cls)) pushAll(c)
    }
    if (m === drawn) drawnComposition = { cls: panelCls.slice(), role: panelRole.slice() }
  }
  return { panels: M, count, drawnComposition, drawn, fallbackSolves, retries }
}

/**
 * Turn class seat counts into seats with role assignments (bipartite matching
 * of role seats to class seats; augmenting paths, sizes are tiny).
 */
export function compositionFromCounts(cm: ClassModel, x: number[]): Composition {
  const cls: number[] = []
  x.forEach((n, c) => {
    for (let i = 0; i < n; i++) cls.push(c)
  })
  const roleSeats: number[] = []
  cm.roleNeed.forEach((n, r) => {
    for (let i = 0; i < n; i++) roleSeats.push(r)
  })
  const holder = new Int32Array(cls.length).fill(-1) // seat j → role-seat index
  const matchOf = new Int32Array(roleSeats.length).fill(-1)
  const tryAssign = (s: number, seen: Uint8Array): boolean => {
    for (let j = 0; j < cls.length; j++) {
      if (seen[j] || !cm.classes[cls[j]].roles.includes(roleSeats[s])) continue
      seen[j] = 1
      if (holder[j] < 0 || tryAssign(holder[j], seen)) {
        holder[j] = s
        matchOf[s] = j
        return true
      }
    }
    return false
  }
  for (let s = 0; s < roleSeats.length; s++) tryAssign(s, new Uint8Array(cls.length))
  return { cls, role: Array.from(holder, s => (s >= 0 ? roleSeats[s] : -1)) }
}
