/**
 * selectPanel: validation → feasibility → fair lottery → seeded draw → seats,
 * reasons and alternates. Also the replacement helper nextAlternate and the
 * member-level constraint check used by both (and by the tests).
 */
import { checkClassModel, precheck } from './feasibility'
import { NoPanelError, buildLottery, lotteryTargets } from './lottery'
import { buildClasses, cname, memberAttr, quotaSpecs } from './model'
import { explainMember, scoreMember } from './relevance'
import { sampleWithoutReplacement, seededRandom } from './rng'
import { InfeasibleError, parseRequest, type MemberId, type PanelRequest, type PanelRequestInput, type PanelResult, type PanelSeat } from './types'

export const ALGORITHM = 'leximin-lp-classes+stride-decomposition'

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / 86_400_000) * 86_400_000
}

/**
 * Draw a panel for an approved topic.
 *
 * - every role seat, quota and the seat count hold on the returned panel;
 * - `probabilities` are the exact selection probabilities of the lottery
 *   (maximin/leximin-fair among selectable members, scaled down for members
 *   who served recently), independent of the seed, summing to `seats`;
 * - the same request and seed always give the same panel (pass `now` for
 *   rotation; when absent, the current UTC day is used and echoed back);
 * - throws {@link ValidationError} for malformed requests and
 *   {@link InfeasibleError} (with `conflicts`) when constraints cannot all hold.
 */
export async function selectPanel(request: PanelRequestInput | PanelRequest): Promise<PanelResult> {
  const started = performance.now()
  const req = parseRequest(request)
  const pre = precheck(req)
  if (!pre.feasible) throw new InfeasibleError(pre.message, pre.conflicts)
  const nowMs = req.now ? Date.parse(req.now) : startOfUtcDay(Date.now())
  const cm = buildClasses(req, nowMs)
  // No separate feasibility solve on the happy path: the LP and the lottery
  // construction fail with NoPanelError when no panel exists, and only then do
  // we pay for the conflict analysis.
  const explain = async (e: unknown): Promise<never> => {
    if (!(e instanceof NoPanelError)) throw e
    const feas = await checkClassModel(cm)
    if (feas.feasible) throw new Error('internal: lottery found no panel for a feasible request')
    throw new InfeasibleError(feas.message, feas.conflicts)
  }
  const targets = await lotteryTargets(cm).catch(explain)
  const rnd = seededRandom(req.seed)
  const lottery = await buildLottery(cm, targets.y, M => Math.floor(rnd() * M)).catch(explain)

  // Probabilities of the two-stage lottery.
  const N = req.pool.length
  const prob = new Float64Array(N)
  for (let i = 0; i < N; i++) {
    const c = cm.classOf[i]
    prob[i] = lottery.count[c] / (lottery.panels * cm.classes[c].members.length)
  }

  // Members within each class, uniformly (classes in seat order, deterministic).
  const comp = lottery.drawnComposition
  const perClass = new Map<number, number[]>()
  comp.cls.forEach((c, j) => perClass.set(c, [...(perClass.get(c) ?? []), j]))
  const seatMember = new Array<number>(comp.cls.length)
  for (const [c, seats] of [...perClass].sort((a, b) => a[0] - b[0])) {
    const chosen = sampleWithoutReplacement(cm.classes[c].members, seats.length, rnd)
    seats.forEach((j, t) => (seatMember[j] = chosen[t]))
  }
  const rels = new Map<number, ReturnType<typeof scoreMember>>()
  const rel = (i: number) => {
    let r = rels.get(i)
    if (!r) rels.set(i, (r = scoreMember(req.pool[i], req.topic, req.roleSeats)))
    return r
  }
  const seatsOut = seatMember.map((i, j) => {
    const role = comp.role[j]
    const seat = role >= 0 ? cm.roles[role] : rel(i).affected ? 'affected_resident' : 'general'
    return { i, seat, order: role >= 0 ? role : cm.roles.length + (seat === 'general' ? 1 : 0) }
  })
  seatsOut.sort((a, b) => a.order - b.order || cmp(req, a.i, b.i))
  const panel: PanelSeat[] = seatsOut.map(({ i, seat }) => ({
    id: req.pool[i].id,
    seat,
    reasons: explainMember(req.pool[i], req.topic, seat, req.language, req.roleSeats),
  }))
  const ctx = checkContext(req)
  const bad = violations(
    ctx,
    panel.map(p => p.id),
  )
  if (bad.length) throw new Error(`internal: drawn panel violates ${bad.join('; ')}`)

  const alternates = chooseAlternates(ctx, panel, rnd, req.alternates)

  const probabilities: Record<string, number> = {}
  req.pool.forEach((m, i) => (probabilities[String(m.id)] = prob[i]))
  let minW = Infinity
  for (let i = 0; i < N; i++) if (!targets.unselectable[cm.classOf[i]]) minW = Math.min(minW, prob[i] / cm.rho[i])
  let unselectable = 0
  for (let i = 0; i < N; i++) if (targets.unselectable[cm.classOf[i]]) unselectable++
  return {
    panel,
    alternates,
    probabilities,
    seed: req.seed,
    algorithm: ALGORITHM,
    now: new Date(nowMs).toISOString(),
    diagnostics: {
      poolSize: N,
      classes: cm.classes.length,
      lotteryPanels: lottery.panels,
      drawnPanel: lottery.drawn,
      minWeightedProbability: Number.isFinite(minW) ? minW : 0,
      maximinUpperBound: targets.tMax,
      fairnessRatio: targets.tMax > 0 && Number.isFinite(minW) ? minW / targets.tMax : 1,
      unselectable,
      fallbackSolves: lottery.fallbackSolves,
      millis: Math.round(performance.now() - started),
    },
  }
}

function cmp(req: PanelRequest, a: number, b: number): number {
  const x = String(req.pool[a].id)
  const y = String(req.pool[b].id)
  return x < y ? -1 : x > y ? 1 : 0
}

/** Precomputed lookups for repeated member-level checks on one request. */
interface CheckContext {
  req: PanelRequest
  index: Map<string, number>
  specs: ReturnType<typeof quotaSpecs>
  /** values[s][i]: does member i have the value of quota spec s? */
  has: Uint8Array[]
  roleSeats: string[]
}

function checkContext(req: PanelRequest): CheckContext {
  const specs = quotaSpecs(req)
  const attrs = [...new Set(specs.map(q => q.attr))]
  const vals = new Map(attrs.map(a => [a, req.pool.map(m => memberAttr(m, a, req))]))
  const has = specs.map(q => Uint8Array.from(vals.get(q.attr)!, v => (v === q.value ? 1 : 0)))
  const roleSeats: string[] = []
  for (const r of Object.keys(req.roleSeats).sort()) for (let i = 0; i < req.roleSeats[r]; i++) roleSeats.push(r)
  return { req, index: new Map(req.pool.map((m, i) => [String(m.id), i])), specs, has, roleSeats }
}

function violations(ctx: CheckContext, ids: MemberId[]): string[] {
  const { req } = ctx
  const out: string[] = []
  const idx = ids.map(id => ctx.index.get(String(id)))
  if (idx.some(i => i === undefined)) out.push('unknown member id')
  const ms = idx.filter((i): i is number => i !== undefined)
  if (new Set(ids.map(String)).size !== ids.length) out.push('duplicate member id')
  if (ms.length !== req.seats) out.push(cname.seats(req.seats))
  // Role seats: augmenting-path matching of seats to distinct holders.
  const seats = ctx.roleSeats
  const holder = new Int32Array(ms.length).fill(-1)
  const aug = (s: number, seen: Uint8Array): boolean => {
    for (let j = 0; j < ms.length; j++) {
      if (seen[j] || !req.pool[ms[j]].roles.includes(seats[s])) continue
      seen[j] = 1
      if (holder[j] < 0 || aug(holder[j], seen)) {
        holder[j] = s
        return true
      }
    }
    return false
  }
  const unmatched = new Set<string>()
  for (let s = 0; s < seats.length; s++) if (!aug(s, new Uint8Array(ms.length))) unmatched.add(seats[s])
  for (const r of [...unmatched].sort()) out.push(cname.role(r, req.roleSeats[r]))
  ctx.specs.forEach((q, s) => {
    let n = 0
    for (const i of ms) n += ctx.has[s][i]
    if (n < q.min) out.push(cname.qmin(q.attr, q.value, q.min))
    if (n > q.max) out.push(cname.qmax(q.attr, q.value, q.max))
  })
  return out
}

/**
 * Names of the constraints a set of member ids violates (empty = valid panel):
 * seat count, role seats (each member fills at most one role seat: bipartite
 * matching), quota minima and maxima.
 */
export function checkPanel(request: PanelRequestInput | PanelRequest, ids: MemberId[]): string[] {
  return violations(checkContext(parseRequest(request)), ids)
}

/** One role seat or quota of a request, what it asks and how many of a set of members meet it. */
export type CompositionLine =
  | { kind: 'role'; role: string; min: number; count: number; met: boolean }
  | { kind: 'quota'; attr: string; value: string; min: number; max: number; count: number; met: boolean }

/**
 * How a set of members (a drawn panel, or those holding its seats now) stands
 * against each role seat and quota of the request: role seats first, then
 * quotas (attribute, then value). A role is counted by its holders; it is met
 * when each of its seats can go to a different one of them.
 */
export function panelComposition(request: PanelRequestInput | PanelRequest, ids: MemberId[]): CompositionLine[] {
  const ctx = checkContext(parseRequest(request))
  const { req } = ctx
  const members = ids.map(id => ctx.index.get(String(id))).filter((i): i is number => i !== undefined)
  const broken = new Set(violations(ctx, ids))
  const roles = Object.keys(req.roleSeats)
    .filter(r => req.roleSeats[r] > 0)
    .sort()
    .map(role => ({
      kind: 'role' as const,
      role,
      min: req.roleSeats[role],
      count: members.filter(i => req.pool[i].roles.includes(role)).length,
      met: !broken.has(cname.role(role, req.roleSeats[role])),
    }))
  const quotas = ctx.specs.map((q, s) => {
    const count = members.reduce((n, i) => n + ctx.has[s][i], 0)
    return { kind: 'quota' as const, attr: q.attr, value: q.value, min: q.min, max: q.max, count, met: count >= q.min && count <= q.max }
  })
  return [...roles, ...quotas]
}

/**
 * Ordered replacement list. Candidates are ranked by a seeded random order
 * weighted by relevance (Efraimidis–Spirakis keys u^(1/(1+score))), then
 * chosen greedily so the list covers, first, every role seat, then as many
 * panel members as possible with a like-for-like replacement (one whose swap
 * keeps every constraint), then filled in rank order.
 */
function chooseAlternates(ctx: CheckContext, panel: PanelSeat[], rnd: () => number, count: number): MemberId[] {
  const { req } = ctx
  if (count <= 0) return []
  const onPanel = new Set(panel.map(p => String(p.id)))
  const ranked = req.pool
    .filter(m => !onPanel.has(String(m.id)))
    .map(m => ({ m, key: Math.pow(rnd(), 1 / (1 + scoreMember(m, req.topic, req.roleSeats).score)) }))
    .sort((a, b) => b.key - a.key)
    .map(x => x.m)
  const ids = panel.map(p => p.id)
  // Quota counts of the panel: a swap that breaks a quota is rejected without
  // the full check (which also matches role seats).
  const panelIdx = ids.map(id => ctx.index.get(String(id))!)
  const quotaCount = ctx.specs.map((_, s) => panelIdx.reduce((n, i) => n + ctx.has[s][i], 0))
  const keepsQuotas = (cand: number, j: number) =>
    ctx.specs.every((q, s) => {
      const n = quotaCount[s] - ctx.has[s][panelIdx[j]] + ctx.has[s][cand]
      return n >= q.min && n <= q.max
    })
  const covers = (cand: MemberId, j: number) => {
    if (!keepsQuotas(ctx.index.get(String(cand))!, j)) return false
    const next = ids.slice()
    next[j] = cand
    return violations(ctx, next).length === 0
  }
  const chosen: MemberId[] = []
  const taken = new Set<string>()
  const covered = new Set<number>()
  const take = (id: MemberId) => {
    chosen.push(id)
    taken.add(String(id))
  }
  // 1. Role seats: a holder of the same role who keeps the quotas.
  panel.forEach((p, j) => {
    if (chosen.length >= count || p.seat === 'general' || p.seat === 'affected_resident' || covered.has(j)) return
    for (const m of ranked) {
      if (taken.has(String(m.id)) || !m.roles.includes(p.seat)) continue
      if (covers(m.id, j)) {
        take(m.id)
        panel.forEach((_, j2) => covers(m.id, j2) && covered.add(j2))
        break
      }
    }
  })
  // 2. Cover further panel members, scanning a bounded prefix of the ranking.
  const scan = ranked.slice(0, Math.max(200, count * 20))
  for (const m of scan) {
    if (chosen.length >= count) break
    if (taken.has(String(m.id))) continue
    const gain = panel.map((_, j) => j).filter(j => !covered.has(j) && covers(m.id, j))
    if (gain.length) {
      take(m.id)
      gain.forEach(j => covered.add(j))
    }
  }
  // 3. Fill in rank order.
  for (const m of ranked) {
    if (chosen.length >= count) break
    if (!taken.has(String(m.id))) take(m.id)
  }
  // Publish in rank order, so the list reads as one seeded sequence.
  const pos = new Map(ranked.map((m, i) => [String(m.id), i]))
  return chosen.sort((a, b) => pos.get(String(a))! - pos.get(String(b))!)
}

/**
 * The first alternate (in published order) who can replace `declinedId` while
 * keeping every role seat and quota satisfied; `exclude` lists alternates
 * already used or who also declined. Returns null when no alternate fits.
 */
export function nextAlternate(
  result: Pick<PanelResult, 'panel' | 'alternates'>,
  request: PanelRequestInput | PanelRequest,
  declinedId: MemberId,
  exclude: MemberId[] = [],
): MemberId | null {
  const ctx = checkContext(parseRequest(request))
  const ids = result.panel.map(p => p.id)
  const j = ids.findIndex(id => String(id) === String(declinedId))
  if (j < 0) throw new Error(`member ${declinedId} is not on the panel`)
  const skip = new Set([...exclude, ...ids].map(String))
  for (const alt of result.alternates) {
    if (skip.has(String(alt))) continue
    const next = ids.slice()
    next[j] = alt
    if (violations(ctx, next).length === 0) return alt
  }
  return null
}
