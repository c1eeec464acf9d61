import { createClassifier, type Classification, type Classifier } from './classify'
import { createNearDuplicateIndex } from './dedupe'
import { normalize } from './normalize'
import { extractPlaces, type GazetteerEntry, type Place, type PlaceKind } from './places'
import { DocumentFrequencies, idfNorm, textFeatures, weightedCosine } from './similarity'
import type { Taxonomy } from './taxonomy'
import { buildTopic, type SuggestedTopic } from './topic-text'

/** A complaint as the engine receives it. */
export interface ComplaintInput {
  id: string
  subject?: string
  text: string
  time: string | Date
  /** Community (社区) it was filed under, if known. */
  community?: string
  /** Supporters / likes. */
  likes?: number
  /** Resident id (for distinct-resident counts and same-author duplicates). */
  user?: string
  /** Intake channel (web, hotline, mailbox, grid worker…). */
  channel?: string
  /** Pass it when already computed, to skip classification. */
  classification?: Classification
}

/** What the engine keeps per complaint (small: no full text). */
export interface Member {
  id: string
  time: number
  subject: string
  excerpt: string
  user?: string
  likes: number
  channel?: string
  community?: string
  category: string
  path: string[]
  keywords: string[]
  place?: Place
  features: Uint32Array
  /** Squared IDF norm of `features` when added (cached for speed). */
  norm: number
  /** Set when the text nearly duplicates an earlier complaint. */
  duplicateOf?: string
  sameAuthorDuplicate: boolean
}

/** A group of complaints about one place and problem. */
export interface Cluster {
  id: string
  block: string
  members: Member[]
  firstTime: number
  lastTime: number
}

export interface HeatComponent {
  /** The raw measure (count, ratio, 0..1 recency…). */
  value: number
  /** Its share of the total heat. */
  contribution: number
}

/** Why a topic is hot: each component's raw value and contribution to `total`. */
export interface HeatBreakdown {
  complaints: HeatComponent
  distinctResidents: HeatComponent
  supporters: HeatComponent
  recency: HeatComponent
  burst: HeatComponent
  channels: HeatComponent
  total: number
}

export interface HeatWeights {
  complaints: number
  distinctResidents: number
  supporters: number
  recency: number
  burst: number
  channels: number
  /** Days for recency to fall to 1/e. */
  recencyDays: number
}

export const DEFAULT_HEAT_WEIGHTS: HeatWeights = {
  complaints: 2,
  distinctResidents: 2,
  supporters: 1,
  recency: 1,
  burst: 1,
  channels: 0.5,
  recencyDays: 30,
}

export interface TopicEngineOptions {
  taxonomy: Taxonomy
  /** Only complaints within this many days of a cluster's first complaint join it. Default: unlimited. */
  windowDays?: number
  gazetteer?: GazetteerEntry[]
  /** Reference time for recency; default the latest complaint time seen. */
  now?: Date | string
  /** Smallest cluster that becomes a suggested topic. Default 2. */
  minSize?: number
  /** Reuse a classifier (e.g. a trained one); default: taxonomy-only. */
  classifier?: Classifier
  heatWeights?: Partial<HeatWeights>
}

export interface TopicEngine {
  /** Adds one complaint, updating only the cluster it joins. `changed`: that cluster is (now) a suggested topic. */
  add(c: ComplaintInput): { clusterId: string; changed: boolean }
  /** Removes a complaint (e.g. withdrawn or moved by a worker). */
  remove(id: string): boolean
  /** Suggested topics, hottest first. */
  topics(opts?: { minSize?: number; limit?: number; now?: Date | string; only?: ReadonlySet<string> }): SuggestedTopic[]
  clusters(): Cluster[]
  clusterOf(id: string): string | undefined
  readonly size: number
}

const DAY = 86_400_000
// Places are nearly always named early; long letters are not scanned to the end.
const PLACE_SCAN_CHARS = 400
// A block (one place, or one community × category) may hold many clusters; only the
// most recently touched ones are candidates, so one add is bounded work.
const MAX_CANDIDATES = 32
const MAX_BLOCK = 256
const KIND_PRIORITY: Record<PlaceKind, number> = {
  crossing: 0, school: 1, compound: 2, hospital: 3, market: 4, park: 5, road: 6, community: 7, other: 8,
}

/** Parses a complaint time (ISO string or Date) to epoch ms; throws on garbage. */
export function parseTime(t: string | Date): number {
  const ms = t instanceof Date ? t.getTime() : Date.parse(t)
  if (!Number.isFinite(ms)) throw new Error(`invalid time: ${String(t)}`)
  return ms
}

/** Picks the place a complaint is about: the subject's most specific place, else the body's most frequent. */
export function primaryPlace(subjectPlaces: Place[], bodyPlaces: Place[]): Place | undefined {
  // Town-less generic names (人民医院) come last: they cannot tell two places apart.
  const pick = (ps: Place[]) =>
    [...ps].sort((a, b) => +!!a.generic - +!!b.generic || KIND_PRIORITY[a.kind] - KIND_PRIORITY[b.kind] || a.start - b.start)[0]
  if (subjectPlaces.length) return pick(subjectPlaces)
  if (!bodyPlaces.length) return undefined
  const counts = new Map<string, number>()
  for (const p of bodyPlaces) counts.set(p.canonical, (counts.get(p.canonical) ?? 0) + 1)
  const max = Math.max(...counts.values())
  return pick(bodyPlaces.filter((p) => counts.get(p.canonical) === max))
}

/**
 * Creates the incremental clustering engine. A complaint joins the best
 * existing cluster in its block — same place (canonical name), or when no place
 * is named the same community and first-level category — if the category and
 * text similarity (IDF-weighted cosine of character bigrams) agree enough;
 * near-duplicate texts (MinHash) join their original's cluster wherever it is.
 * Adding one complaint touches one block only: no global recomputation.
 */
export function createTopicEngine(opts: TopicEngineOptions): TopicEngine {
  const classifier = opts.classifier ?? createClassifier({ taxonomy: opts.taxonomy })
  const weights = { ...DEFAULT_HEAT_WEIGHTS, ...opts.heatWeights }
  const windowMs = opts.windowDays ? opts.windowDays * DAY : Infinity
  const minSizeDefault = opts.minSize ?? 2
  const dupes = createNearDuplicateIndex({ threshold: 0.8 })
  const df = new DocumentFrequencies()
  const clusters = new Map<string, Cluster>()
  const blocks = new Map<string, string[]>()
  const memberCluster = new Map<string, string>()
  const memberById = new Map<string, Member>()
  const communityCount = new Map<string, number>()
  let minTime = Infinity
  let maxTime = -Infinity
  let nextId = 1

  const scoreAgainst = (m: Member, c: Cluster, placeBlock: boolean): number => {
    // Compare with the first and the latest few members: bounded cost, and the
    // cluster can drift slowly as a problem develops.
    const reps = c.members.length <= 4 ? c.members : [c.members[0], ...c.members.slice(-3)]
    let sim = 0
    for (const r of reps) sim = Math.max(sim, weightedCosine(m.features, r.features, df, m.norm, r.norm))
    const cat = dominant(c.members.map((x) => x.category))
    const sub = dominant(c.members.map((x) => x.path[1] ?? ''))
    const sameCat = !!m.category && cat === m.category
    const sameSub = sameCat && !!m.path[1] && sub === m.path[1]
    let need: number
    // Same place is strong evidence: a different category (noise filed under 城乡建设
    // by one resident, 环境保护 by another) only needs moderately similar wording.
    if (placeBlock) need = sameSub ? 0.05 : sameCat ? 0.1 : 0.25
    else need = sameSub ? 0.3 : 0.4
    if (sim < need) return -1
    return sim + (sameSub ? 0.3 : 0) + (sameCat ? 0.2 : 0)
  }

  const engine: TopicEngine = {
    get size() {
      return memberById.size
    },
    add(input) {
      if (memberById.has(input.id)) engine.remove(input.id)
      const time = parseTime(input.time)
      // Normalise once; classification, places, features and duplicates all reuse it.
      const ds = normalize(input.subject ?? '', { keepCase: true })
      const dt = normalize(input.text ?? '', { keepCase: true })
      const ns = ds.toLowerCase()
      const nt = dt.toLowerCase()
      const cls = input.classification ?? classifier.classify({ subject: ns, text: nt, normalized: true })
      const subjectPlaces = extractPlaces(ds, { gazetteer: opts.gazetteer, normalized: true })
      const place = primaryPlace(subjectPlaces, extractPlaces(dt.slice(0, PLACE_SCAN_CHARS), { gazetteer: opts.gazetteer, normalized: true }))
      const features = textFeatures(ns, nt)
      const norm = idfNorm(features, df)
      const dup = dupes.add(input.id, `${ns} ${nt.slice(0, 800)}`, true)
      const original = dup.duplicateOf ? memberById.get(dup.duplicateOf) : undefined
      const m: Member = {
        id: input.id,
        time,
        subject: ds,
        // Only kept when there is no subject; copied so it does not pin the whole letter in memory.
        excerpt: ds ? '' : Buffer.from(dt.slice(0, 120)).toString(),
        user: input.user,
        likes: Math.max(0, Number(input.likes) || 0),
        channel: input.channel,
        community: input.community,
        category: cls.category,
        path: cls.path,
        keywords: cls.keywords.slice(0, 8),
        place,
        features,
        norm,
        duplicateOf: dup.duplicateOf,
        sameAuthorDuplicate: !!(original && input.user && original.user === input.user),
      }
      df.addDoc(features)
      memberById.set(m.id, m)
      minTime = Math.min(minTime, time)
      maxTime = Math.max(maxTime, time)
      const comm = m.community ?? ''
      communityCount.set(comm, (communityCount.get(comm) ?? 0) + 1)

      linkAdjacentCompounds(subjectPlaces)
      const placeKey = place && !place.generic ? findPlace(place.canonical) : undefined
      const block = placeKey ? `p:${placeKey}` : `c:${m.community ?? ''}|${m.category}`
      let target: Cluster | undefined
      const dupCluster = original ? clusters.get(memberCluster.get(original.id)!) : undefined
      if (dupCluster && withinWindow(dupCluster, time)) target = dupCluster
      else {
        const ids = blocks.get(block) ?? []
        let best = -1
        for (let i = ids.length - 1, seen = 0; i >= 0 && seen < MAX_CANDIDATES; i--, seen++) {
          const c = clusters.get(ids[i])!
          if (!withinWindow(c, time)) continue
          const s = scoreAgainst(m, c, !!placeKey)
          if (s > best) {
            best = s
            target = c
          }
        }
      }
      if (!target) {
        target = { id: `c${nextId++}`, block, members: [], firstTime: time, lastTime: time }
        clusters.set(target.id, target)
      }
      target.members.push(m)
      target.firstTime = Math.min(target.firstTime, time)
      target.lastTime = Math.max(target.lastTime, time)
      memberCluster.set(m.id, target.id)
      touch(target)
      return { clusterId: target.id, changed: target.members.length >= minSizeDefault }
    },
    remove(id) {
      const m = memberById.get(id)
      if (!m) return false
      const c = clusters.get(memberCluster.get(id)!)!
      c.members = c.members.filter((x) => x.id !== id)
      memberById.delete(id)
      memberCluster.delete(id)
      dupes.remove(id)
      df.removeDoc(m.features)
      const comm = m.community ?? ''
      communityCount.set(comm, (communityCount.get(comm) ?? 1) - 1)
      if (!c.members.length) {
        clusters.delete(c.id)
        const ids = blocks.get(c.block)
        const i = ids ? ids.indexOf(c.id) : -1
        if (ids && i >= 0) ids.splice(i, 1)
        if (ids && !ids.length) blocks.delete(c.block)
      } else {
        c.firstTime = Math.min(...c.members.map((x) => x.time))
        c.lastTime = Math.max(...c.members.map((x) => x.time))
      }
      return true
    },
    clusters: () => [...clusters.values()],
    clusterOf: (id) => memberCluster.get(id),
    topics(o = {}) {
      const minSize = o.minSize ?? minSizeDefault
      const now = o.now ? parseTime(o.now) : opts.now ? parseTime(opts.now) : maxTime
      const spanDays = Math.max(1, (maxTime - minTime) / DAY)
      const out: SuggestedTopic[] = []
      // `only`: build just these clusters (an incremental update touched them);
      // ranks are then relative to that subset.
      const pool = o.only ? [...o.only].map((id) => clusters.get(id)).filter((c): c is Cluster => !!c) : clusters.values()
      for (const c of pool) {
        if (c.members.length < minSize) continue
        const community = dominant(c.members.map((m) => m.community ?? ''))
        const baselinePerDay = (communityCount.get(community) ?? c.members.length) / spanDays
        const heat = heatOf(c, { now, baselinePerDay, weights })
        out.push(buildTopic(c, heat, { taxonomy: opts.taxonomy, community }))
      }
      out.sort((a, b) => b.heat - a.heat || b.complaintIds.length - a.complaintIds.length || (a.clusterId < b.clusterId ? -1 : 1))
      const limited = o.limit ? out.slice(0, o.limit) : out
      limited.forEach((t, i) => (t.rank = i + 1))
      return limited
    },
  }

  // Variant names: 伊景园滨河苑 written together links 伊景园 and 滨河苑, so a later
  // complaint naming either lands in the same block (union–find over canonical names).
  const placeParent = new Map<string, string>()
  function findPlace(name: string): string {
    let root = name
    while (placeParent.has(root)) root = placeParent.get(root)!
    // Path compression keeps later lookups O(1)-ish.
    while (name !== root) {
      const next = placeParent.get(name)!
      placeParent.set(name, root)
      name = next
    }
    return root
  }
  function linkAdjacentCompounds(ps: Place[]) {
    for (let i = 1; i < ps.length; i++) {
      const a = ps[i - 1]
      const b = ps[i]
      if (a.kind !== 'compound' || b.kind !== 'compound' || a.end !== b.start || a.generic || b.generic) continue
      const ra = findPlace(a.canonical)
      const rb = findPlace(b.canonical)
      if (ra === rb) continue
      placeParent.set(rb, ra)
      const moved = blocks.get(`p:${rb}`)
      if (!moved) continue
      blocks.delete(`p:${rb}`)
      const into = blocks.get(`p:${ra}`) ?? []
      for (const id of moved) {
        const c = clusters.get(id)
        if (c) c.block = `p:${ra}`
      }
      blocks.set(`p:${ra}`, [...into, ...moved].slice(-MAX_BLOCK))
    }
  }

  function withinWindow(c: Cluster, time: number): boolean {
    return Math.max(c.lastTime, time) - Math.min(c.firstTime, time) <= windowMs
  }
  function touch(c: Cluster) {
    let ids = blocks.get(c.block)
    if (!ids) blocks.set(c.block, (ids = []))
    const i = ids.lastIndexOf(c.id)
    if (i >= 0) ids.splice(i, 1)
    ids.push(c.id)
    // Only the most recently touched clusters stay candidates: bounded work per add,
    // and a cluster idle that long behind hundreds of others is not the same issue.
    if (ids.length > MAX_BLOCK) ids.shift()
  }
  return engine
}

/** The most frequent value (first seen wins ties). */
export function dominant(values: string[]): string {
  const counts = new Map<string, number>()
  let best = ''
  let bestN = 0
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1
    counts.set(v, n)
    if (v && n > bestN) {
      best = v
      bestN = n
    }
  }
  return best
}

const round = (x: number) => Math.round(x * 100) / 100

/**
 * The explainable heat of a cluster: a weighted sum of log-scaled complaint
 * count (same-author duplicates not counted twice), distinct residents, supporters
 * (likes), recency (e^(−age/recencyDays)), burst (the cluster's daily rate against
 * the community's baseline daily rate) and number of intake channels.
 */
export function heatOf(c: Cluster, ctx: { now: number; baselinePerDay: number; weights: HeatWeights }): HeatBreakdown {
  const w = ctx.weights
  const n = c.members.filter((m) => !m.sameAuthorDuplicate).length
  // Complaints without a user id are counted as separate residents.
  const residents = new Set(c.members.map((m) => m.user ?? `#${m.id}`)).size
  const likes = c.members.reduce((a, m) => a + m.likes, 0)
  const ageDays = Math.max(0, (ctx.now - c.lastTime) / DAY)
  const recency = Math.exp(-ageDays / w.recencyDays)
  const days = Math.max(1, (c.lastTime - c.firstTime) / DAY)
  const burstRatio = c.members.length / days / Math.max(ctx.baselinePerDay, 1e-9)
  const channels = new Set(c.members.map((m) => m.channel ?? '')).size
  const comp = (value: number, contribution: number): HeatComponent => ({ value: round(value), contribution: round(contribution) })
  const parts = {
    complaints: comp(n, w.complaints * Math.log2(1 + n)),
    distinctResidents: comp(residents, w.distinctResidents * Math.log2(1 + residents)),
    supporters: comp(likes, w.supporters * Math.log2(1 + likes)),
    recency: comp(recency, w.recency * recency),
    burst: comp(burstRatio, w.burst * Math.min(3, Math.log2(1 + burstRatio))),
    channels: comp(channels, w.channels * Math.max(0, channels - 1)),
  }
  const total = round(Object.values(parts).reduce((a, p) => a + p.contribution, 0))
  return { ...parts, total }
}
