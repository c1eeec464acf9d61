import { createClassifier, type Classification, type Classifier } from './classify'
import { createNearDuplicateIndex } from './dedupe'
import { forEachBigram } from './features'
import { createNameLexicon, isNameVariant, type LearnedName } from './names'
import { extractOrgs, extractPlaces, placeStem, type GazetteerEntry, type Place, type PlaceKind } from './places'
import { prepareComplaint, type PreparedComplaint } from './prepare'
import { DocumentFrequencies, FeatureProbe, idfNorm, profileCosine, textFeatures, weightedCosine, type Profile } from './similarity'
import { taxonomyUserWords, type Taxonomy } from './taxonomy'
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
  /**
   * What it is about when no place is named: the organisation's distinctive part
   * (鑫盛 for 鑫盛车贷平台) or a name learned from residents' subjects (星河左岸, 安居补贴).
   */
  org?: string
  /** The city or county it names first (see {@link areaOf}), if any. */
  area?: string
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
  /**
   * What the value was weighed against, for parts a source may or may not produce:
   * supporters per complaint on the channels that record supporters, and the number
   * of channels complaints came in through.
   */
  baseline?: number
  /** None of its complaints came through a channel that records this part: it counts as the usual share. */
  notRecorded?: boolean
}

/** Why a topic is hot: each component's raw value and contribution to `total`. */
export interface HeatBreakdown {
  complaints: HeatComponent
  distinctResidents: HeatComponent
  supporters: HeatComponent
  recency: HeatComponent
  burst: HeatComponent
  channels: HeatComponent
  /** How long residents kept raising it (days from first to last complaint). */
  span: HeatComponent
  total: number
}

export interface HeatWeights {
  complaints: number
  distinctResidents: number
  supporters: number
  recency: number
  burst: number
  channels: number
  span: number
  /** Days for recency to fall to 1/e. */
  recencyDays: number
  /** Days of span that count fully: an issue raised for this long weighs `span` in full. */
  spanDays: number
  /** Supporters count at most this many times their weight (log2 of the ratio to the usual supporters per complaint). */
  supportersCap: number
}

export const DEFAULT_HEAT_WEIGHTS: HeatWeights = {
  complaints: 2,
  // Many residents, and for a long time, is what makes an issue hot; one resident
  // writing ten letters, or one busy afternoon, is less.
  distinctResidents: 3,
  supporters: 1,
  recency: 1,
  burst: 0.5,
  channels: 0.5,
  span: 2,
  recencyDays: 30,
  spanDays: 180,
  supportersCap: 3,
}

export interface TopicEngineOptions {
  taxonomy: Taxonomy
  /** Only complaints within this many days of a cluster's first complaint join it. Default: unlimited. */
  windowDays?: number
  /**
   * A lull longer than this many days (of the complaints' own times) ends an
   * issue: a later complaint starts a new one. Default 90.
   */
  gapDays?: number
  /**
   * An issue about one named place or company may resume after a lull longer than
   * `gapDays`, relative to its own cadence (twice its mean interval), up to this many
   * days, when the later complaint raises the same problem in like words (residents
   * come back to the same plant or estate months later). Default 365.
   */
  entityLullDays?: number
  /** Learn names (estates without a suffix, bare company names, programmes) from the subjects. Default true. */
  learnNames?: boolean
  gazetteer?: GazetteerEntry[]
  /** Reference time for recency; default the latest complaint time seen. */
  now?: Date | string
  /** Smallest cluster that becomes a suggested topic. Default 2. */
  minSize?: number
  /** Reuse a classifier (e.g. a trained one); default: taxonomy-only. */
  classifier?: Classifier
  heatWeights?: Partial<HeatWeights>
  /**
   * How generated text names a community, given the key complaints carry in
   * `community` (an app passes unit codes and names them here). Default: the key.
   */
  communityName?: (community: string) => string | undefined
}

export interface TopicEngine {
  /**
   * Adds one complaint, updating only the cluster it joins. `changed`: that cluster is (now) a suggested topic.
   * `merged`: clusters that grew separately and were folded into it on this add (they no longer exist).
   */
  add(c: ComplaintInput, prepared?: PreparedComplaint): { clusterId: string; changed: boolean; merged?: string[] }
  /** The part of `add` that does not depend on earlier complaints (pure: may run ahead, in any order). */
  prepare(c: ComplaintInput): PreparedComplaint
  /** Removes a complaint (e.g. withdrawn or moved by a worker). */
  remove(id: string): boolean
  /** Suggested topics, hottest first. */
  topics(opts?: { minSize?: number; limit?: number; now?: Date | string; only?: ReadonlySet<string> }): SuggestedTopic[]
  clusters(): Cluster[]
  clusterOf(id: string): string | undefined
  readonly size: number
}

const DAY = 86_400_000
export const DEFAULT_GAP_DAYS = 90
export const DEFAULT_ENTITY_LULL_DAYS = 365
const CADENCE_FACTOR = 2
// Letters needed before their intervals say how often residents raise an issue (two letters are one interval: no cadence yet).
const CADENCE_MIN_LETTERS = 3
const NAMED_MODES = new Set<JoinMode>(['place', 'org', 'resume'])
// The share of a named thing's letters a category needs to count as one of its own.
const CATEGORY_SHARE = 1 / 3
// Places are nearly always named early; long letters are not scanned to the end.
export const PLACE_SCAN_CHARS = 400
// A block (one place, one organisation, or one community × category) may hold many
// clusters; only the most recently touched ones are candidates, so one add is bounded work.
const MAX_CANDIDATES = 32
const MAX_BLOCK = 256
// Besides its block, a complaint is compared with the few clusters sharing most of
// its rarer subject/opening bigrams (an inverted index with short posting lists), so
// an issue with no place, a category the classifier disagrees on, or a long lull
// behind hundreds of busier clusters still finds its cluster.
const RETRIEVAL_BUCKETS = 1 << 20
const POSTING_CAP = 24
const RETRIEVED = 8
const RETRIEVAL_BODY_CHARS = 60
const RETRIEVAL_KEYS = 24
// A cluster is checked for merging with similar clusters each time it doubles
// (at 3, 6, 12, 24… complaints): amortised O(log n) checks per cluster.
const MERGE_FIRST = 3
const PROFILE_SAMPLE = 16
const MERGE_CANDIDATES = 16
// Kinds of place whose name may be written bare or with a generic suffix (松岭, 松岭家园, 松岭文体城).
const STEMMED_KINDS = new Set<PlaceKind>(['compound', 'park', 'market', 'other'])
const MAX_PLACE_CONTEXTS = 16
const MAX_STEM_VARIANTS = 16
const KIND_PRIORITY: Record<PlaceKind, number> = {
  crossing: 0,
  school: 1,
  compound: 2,
  hospital: 3,
  market: 4,
  park: 5,
  road: 6,
  community: 7,
  other: 8,
}

/** How a complaint is compared with a candidate cluster: what vouches that they are about the same thing. */
export type JoinMode = 'place' | 'org' | 'other' | 'cross' | 'resume'
/** Similarity needed when the complaint's category and sub-category agree with the cluster's, only the category, or neither. */
export interface JoinNeed {
  sameSub: number
  sameCat: number
  otherCat: number
}

/**
 * Every join and merge threshold of the topic engine, with its reason. Similarities
 * are IDF-weighted cosines of character bigrams (0 = no shared wording, 1 = the same
 * text); a letter and its neighbour about the same problem typically score 0.2–0.5,
 * unrelated letters 0–0.1.
 */
export const CLUSTER_THRESHOLDS = {
  join: {
    /**
     * Same named place: strong evidence. A different category (noise filed under
     * 城乡建设 by one resident, 环境保护 by another) needs only moderately similar wording.
     */
    place: { sameSub: 0.05, sameCat: 0.1, otherCat: 0.15 },
    /** Same named company or learned name (鑫盛车贷, 恒达地产, 安居补贴): almost as strong; investors write about money, pensions, police… */
    org: { sameSub: 0.05, sameCat: 0.08, otherCat: 0.12 },
    /** Nothing named, same community and category: the wording must carry it. */
    other: { sameSub: 0.3, sameCat: 0.4, otherCat: 0.4 },
    /** A cluster found by shared rare bigrams in another block (no place or company vouches): the wording must agree. */
    cross: { sameSub: 0.35, sameCat: 0.42, otherCat: 0.42 },
    /**
     * The same place or company after a lull longer than the gap (within its cadence):
     * residents come back to the same problem, so a little more shared wording than within the gap.
     */
    resume: { sameSub: 0.08, sameCat: 0.12, otherCat: 0.25 },
  } satisfies Record<JoinMode, JoinNeed>,
  /**
   * After such a lull, the same problem raised again about the same place or company (same
   * category, and a problem word few letters use: 油漆, 绿化, 脏乱差, not 物业 or 业主) needs only
   * wording that is not unrelated: residents coming back a season later describe it afresh.
   */
  sameProblemResume: 0.03,
  /** A problem word in at most this share of all complaints (or this many) tells one problem from another. */
  problemWordShare: 0.02,
  problemWordMin: 8,
  /** Score bonus for agreeing with the cluster's sub-category, and for its category. */
  sameSubBonus: 0.3,
  sameCatBonus: 0.2,
  /** Within a company's block the category is a weak signal (one problem, many angles): its bonus counts this much. */
  orgCategoryWeight: 0.25,
  /** A cluster found outside the block ranks below an equally similar one inside it. */
  crossPenalty: 0.1,
  /** MinHash likeness at which a text is a copy of an earlier one and joins its cluster. */
  nearDuplicate: 0.8,
  merge: {
    /** Cheap gate: the newest complaint must share at least this much wording with one of the other cluster's members. */
    gate: 0.1,
    /** Two clusters about one company: anything but unrelated wording. */
    sameOrg: 0.15,
    /** About one place: clearly shared wording (a compound has many problems). */
    samePlace: 0.3,
    /** In one community × category block with nothing named: much the same words. */
    sameBlock: 0.45,
    /** Anywhere else: the same words, whoever wrote them. */
    elsewhere: 0.5,
  },
} as const

/** Parses a complaint time (ISO string or Date) to epoch ms; throws on garbage. */
export function parseTime(t: string | Date): number {
  const ms = t instanceof Date ? t.getTime() : Date.parse(t)
  if (!Number.isFinite(ms)) throw new Error(`invalid time: ${String(t)}`)
  return ms
}

/** Picks the place a complaint is about: the subject's most specific place, else the body's most frequent. */
export function primaryPlace(subjectPlaces: Place[], bodyPlaces: Place[]): Place | undefined {
  // Town-less generic names (人民医院) come last: they cannot tell two places apart.
  const pick = (ps: Place[]) => [...ps].sort((a, b) => +!!a.generic - +!!b.generic || KIND_PRIORITY[a.kind] - KIND_PRIORITY[b.kind] || a.start - b.start)[0]
  if (subjectPlaces.length) return pick(subjectPlaces)
  if (!bodyPlaces.length) return undefined
  const counts = new Map<string, number>()
  for (const p of bodyPlaces) counts.set(p.canonical, (counts.get(p.canonical) ?? 0) + 1)
  const max = Math.max(...counts.values())
  return pick(bodyPlaces.filter(p => counts.get(p.canonical) === max))
}

interface ClusterStats {
  /** Category and second-level path counts (for the dominant category without scanning members). */
  cats: Map<string, number>
  subs: Map<string, number>
  /** What members are about: `p:<canonical place>` or `o:<organisation>` counts. */
  about: Map<string, number>
  /** What the cluster is about, valid while its size and the place links are unchanged. */
  aboutCache?: { epoch: number; size: number; value: About }
  /** Counts of the areas its members name. */
  areas: Map<string, number>
  /** Internal number used in posting lists. */
  num: number
  /** Size at which the next merge check runs. */
  nextMerge: number
  /** Dominant category and sub-category, cached until `cats` or `subs` change. */
  dominant?: { cat: string; sub: string }
}

const bump = (m: Map<string, number>, k: string, d: number) => {
  const n = (m.get(k) ?? 0) + d
  if (n > 0) m.set(k, n)
  else m.delete(k)
}
/** Like {@link dominant} over counts kept in first-seen order. */
const dominantOf = (m: Map<string, number>) => {
  let best = ''
  let bestN = 0
  for (const [k, n] of m) if (k && n > bestN) ((best = k), (bestN = n))
  return best
}
type About = { place: string; org: string; area: string }

// A city (A市) or a county or district within it (A7县, J10 县): the letter is the city, the number the county.
const AREA_RE = /(?<![A-Za-z])([A-Z])(\d{0,2}) ?([市县区])/
/**
 * The town a complaint's subject names first, as written (A市, A7县). A programme or
 * a company's branch in one town is not the same matter as in another (购房补贴 of
 * A市 and of C市), and a name many towns share (五一桥, 人民医院) is one place once the
 * town is said. Only the subject: letters mention other towns on the way (I live in
 * A市 and work in B市).
 */
export function areaOf(subject: string): string | undefined {
  const m = subject.match(AREA_RE)
  return m ? m[1] + m[2] + m[3] : undefined
}
/** Two towns that cannot hold one matter: two cities, or two counties (a city and one of its counties can). */
export function areasApart(a: string, b: string): boolean {
  if (!a || !b) return false
  const [, cityA, countyA] = a.match(/^([A-Z])(\d*)/) ?? []
  const [, cityB, countyB] = b.match(/^([A-Z])(\d*)/) ?? []
  return cityA !== cityB || (!!countyA && !!countyB && countyA !== countyB)
}
const blockKind = (block: string) => block.slice(0, 2) as 'p:' | 'o:' | 'c:'
/** What a complaint is about, before place variants are resolved ('' when nothing specific). */
const aboutOf = (m: Member) => (m.place && !m.place.generic ? `p:${m.place.canonical}` : m.org ? `o:${m.org}` : '')

/**
 * Creates the incremental clustering engine. A complaint's block is the place its
 * subject names, else the organisation its subject names (鑫盛车贷, 恒达地产), else
 * a name learned from earlier residents' subjects (星河左岸, 鼎利宝, 安居补贴),
 * else the body's place, else the body's organisation, else a learned name in the
 * body's opening, else its community and first-level category. It joins the best
 * cluster among its block's recently touched ones and a few clusters anywhere
 * that share its rarer subject/opening bigrams (an inverted index), if category
 * and text similarity (IDF-weighted cosine of character bigrams) agree enough —
 * more easily within one place or company, never across two different places or
 * two different companies — and if the complaint's own time is within `gapDays`
 * of the cluster's (event time, not the clock). Near-duplicate texts (MinHash)
 * join their original's cluster. When a cluster doubles, it is merged with
 * similar clusters that grew separately. Adding one complaint is bounded work:
 * no global recomputation.
 */
export function createTopicEngine(opts: TopicEngineOptions): TopicEngine {
  const classifier = opts.classifier ?? createClassifier({ taxonomy: opts.taxonomy })
  const weights = { ...DEFAULT_HEAT_WEIGHTS, ...opts.heatWeights }
  const windowMs = opts.windowDays ? opts.windowDays * DAY : Infinity
  const gapMs = (opts.gapDays ?? DEFAULT_GAP_DAYS) * DAY
  // A named place or company's issue may resume after a longer lull (never shorter than the gap).
  const entityLullMs = Math.max(gapMs, (opts.entityLullDays ?? DEFAULT_ENTITY_LULL_DAYS) * DAY)
  const names = opts.learnNames === false ? undefined : createNameLexicon({ problemWords: taxonomyUserWords(opts.taxonomy) })
  // Canonical names seen as places: a learned name that is one of them is that place.
  const knownPlaces = new Set<string>()
  // Shared names qualified by the town a subject named (k7县五一桥 for 五一桥).
  const townNames = new Set<string>()
  const minSizeDefault = opts.minSize ?? 2
  const dupes = createNearDuplicateIndex({ threshold: CLUSTER_THRESHOLDS.nearDuplicate })
  const df = new DocumentFrequencies()
  const clusters = new Map<string, Cluster>()
  const blocks = new Map<string, string[]>()
  const memberCluster = new Map<string, string>()
  const memberById = new Map<string, Member>()
  const communityCount = new Map<string, number>()
  // First and last complaint time per community: its baseline rate is over its own span.
  const communitySpan = new Map<string, { first: number; last: number }>()
  // Complaints and supporters per intake channel: a channel that never recorded a
  // supporter (an imported file, a hotline) cannot make a topic look less supported.
  const channelSupport = new Map<string, { complaints: number; likes: number }>()
  let minTime = Infinity
  let maxTime = -Infinity
  let nextId = 1

  const stats = new Map<string, ClusterStats>()
  const byNum = new Map<number, string>()
  const postings: (number[] | undefined)[] = new Array(RETRIEVAL_BUCKETS)
  // Merged-away cluster numbers point at the cluster that absorbed them.
  const forward = new Map<number, number>()

  const probe = new FeatureProbe()
  let probeOf: Member | undefined
  const scoreAgainst = (member: Member, cluster: Cluster, mode: JoinMode): number => {
    // Compare with the first and the latest few members: bounded cost, and the
    // cluster can drift slowly as a problem develops.
    const members = cluster.members
    let similarity = 0
    // `probe` holds the member's features (loaded once per add): this runs millions of times in a rebuild.
    if (probeOf !== member) {
      probe.load(member.features, member.norm)
      probeOf = member
    }
    for (let i = members.length <= 4 ? 0 : members.length - 3; i < members.length; i++)
      similarity = Math.max(similarity, probe.cosine(members[i].features, df, members[i].norm))
    if (members.length > 4) similarity = Math.max(similarity, probe.cosine(members[0].features, df, members[0].norm))
    const counts = stats.get(cluster.id)!
    const { cat, sub } = (counts.dominant ??= { cat: dominantOf(counts.cats), sub: dominantOf(counts.subs) })
    // About one named thing, a category a good share of its letters were filed under counts as its own
    // (a bridge's demolition filed under 城乡建设 by some and 教育文体 by others).
    const share = (m: Map<string, number>, k: string) => NAMED_MODES.has(mode) && (m.get(k) ?? 0) >= members.length * CATEGORY_SHARE
    const sameCat = !!member.category && (cat === member.category || share(counts.cats, member.category))
    const sameSub = sameCat && !!member.path[1] && (sub === member.path[1] || share(counts.subs, member.path[1]))
    const need = CLUSTER_THRESHOLDS.join[mode]
    if (similarity < (sameSub ? need.sameSub : sameCat ? need.sameCat : need.otherCat)) {
      if (mode !== 'resume' || similarity < CLUSTER_THRESHOLDS.sameProblemResume || !sameProblem(member, cluster)) return -1
    }
    const categoryWeight = mode === 'org' ? CLUSTER_THRESHOLDS.orgCategoryWeight : 1
    const agreement = (sameSub ? CLUSTER_THRESHOLDS.sameSubBonus : 0) + (sameCat ? CLUSTER_THRESHOLDS.sameCatBonus : 0)
    return similarity + categoryWeight * agreement - (mode === 'cross' ? CLUSTER_THRESHOLDS.crossPenalty : 0)
  }

  // How many complaints matched each taxonomy keyword: a rare one names a problem, a common one an actor (物业, 业主).
  const keywordCount = new Map<string, number>()
  const rareKeyword = (k: string) =>
    (keywordCount.get(k) ?? 0) <= Math.max(CLUSTER_THRESHOLDS.problemWordMin, CLUSTER_THRESHOLDS.problemWordShare * memberById.size)
  /**
   * A letter of the cluster (its first or latest ones) in the same category shares a rare problem
   * word with the complaint, one that is not part of what both are about (绕城 in 绕城高速 is the place).
   */
  const sameProblem = (member: Member, cluster: Cluster) => {
    const ms = cluster.members
    const compared = ms.length <= 4 ? ms : [ms[0], ...ms.slice(-3)]
    const named = (x: Member, k: string) => !!(x.place?.name.toLowerCase().includes(k) || x.org?.includes(k))
    return compared.some(
      x => x.category === member.category && x.keywords.some(k => rareKeyword(k) && member.keywords.includes(k) && !named(x, k) && !named(member, k)),
    )
  }

  /** Resolves place variants (伊景园 → 伊景园滨河苑's root) in an `about` key. */
  const resolveAbout = (k: string) => (k.startsWith('p:') ? `p:${findPlace(k.slice(2))}` : k.startsWith('o:') ? `o:${findName(k.slice(2))}` : k)
  /** What a cluster is about: its most frequent resolved place, and organisation ('' if none). */
  const clusterAbout = (c: Cluster): About => {
    const st = stats.get(c.id)!
    if (st.aboutCache && st.aboutCache.epoch === placeEpoch && st.aboutCache.size === c.members.length) return st.aboutCache.value
    const value = computeAbout(st)
    st.aboutCache = { epoch: placeEpoch, size: c.members.length, value }
    return value
  }
  const computeAbout = (st: ClusterStats): About => {
    const area = dominantOf(st.areas)
    if (!st.about.size) return { place: '', org: '', area }
    const places = new Map<string, number>()
    const orgs = new Map<string, number>()
    for (const [k, n] of st.about) if (k) bump(k.startsWith('p:') ? places : orgs, resolveAbout(k), n)
    return { place: dominantOf(places), org: dominantOf(orgs), area }
  }
  const memberAbout = (m: Member): About => {
    const k = resolveAbout(aboutOf(m))
    return { place: k.startsWith('p:') ? k : '', org: k.startsWith('o:') ? k : '', area: m.area ?? '' }
  }
  /**
   * Wording alone does not join a place of one community with complaints from another
   * community that name no place (at most a name learned from the text): the same words
   * about a school gate elsewhere are another issue. `a`/`b` are what each side is about
   * and who wrote in.
   */
  const apartUnnamed = (a: About, aCommunities: (string | undefined)[], b: About, bCommunities: (string | undefined)[]) => {
    const [unnamed, placed] = !a.place && b.place ? [aCommunities, bCommunities] : !b.place && a.place ? [bCommunities, aCommunities] : [undefined, undefined]
    if (!unnamed || !placed) return false
    const from = new Set(unnamed.filter(Boolean))
    return from.size > 0 && !placed.some(c => c && from.has(c))
  }
  const communitiesOf = (c: Cluster) => c.members.map(m => m.community)
  const elsewhereUnnamed = (about: About, m: Member, c: Cluster) => apartUnnamed(about, [m.community], clusterAbout(c), communitiesOf(c))
  /** Two different places, two different companies, or one name in two towns, are two issues. */
  const compatible = (a: About, b: About) => !(a.place && b.place && a.place !== b.place) && !(a.org && b.org && a.org !== b.org) && !areasApart(a.area, b.area)
  /**
   * Bigrams used to find candidate clusters outside the block: the rarest of the
   * subject's and the opening's (common ones say nothing and have long lists).
   */
  const retrievalKeys = (ns: string, nt: string) => {
    const keys = new Set<number>()
    forEachBigram(ns, 0, h => keys.add(h & (RETRIEVAL_BUCKETS - 1)))
    forEachBigram(nt, 0, h => keys.add(h & (RETRIEVAL_BUCKETS - 1)), RETRIEVAL_BODY_CHARS)
    const maxDf = Math.max(20, df.docs / 400)
    const out: number[] = []
    for (const k of keys) if (df.bucketCount(k) <= maxDf) out.push(k)
    if (out.length <= RETRIEVAL_KEYS) return out
    return out.sort((a, b) => df.bucketCount(a) - df.bucketCount(b)).slice(0, RETRIEVAL_KEYS)
  }
  const resolve = (num: number) => {
    let n = num
    while (forward.has(n)) n = forward.get(n)!
    return byNum.get(n)
  }
  /** Clusters sharing the most retrieval bigrams with `keys` (at least 3). */
  // Hit counts per cluster number in a reusable typed array (a Map per lookup was a
  // large share of the rebuild at 100,000 complaints); `hitNums` keeps first-hit order.
  let hitCount = new Uint16Array(1 << 12)
  const hitNums: number[] = []
  const retrieve = (keys: number[], exclude: Set<string>, limit: number): Cluster[] => {
    hitNums.length = 0
    for (const k of keys) {
      const list = postings[k]
      if (!list) continue
      for (const num of list) {
        if (num >= hitCount.length) {
          const bigger = new Uint16Array(Math.max(hitCount.length * 2, num + 1))
          bigger.set(hitCount)
          hitCount = bigger
        }
        if (hitCount[num]++ === 0) hitNums.push(num)
      }
    }
    const found: [Cluster, number][] = []
    for (const num of hitNums) {
      const n = hitCount[num]
      hitCount[num] = 0
      if (n < 3) continue
      const id = resolve(num)
      if (id && !exclude.has(id)) found.push([clusters.get(id)!, n])
    }
    if (found.length > limit) found.sort((a, b) => b[1] - a[1])
    // A merged-away number resolves to its survivor: keep each cluster once.
    return [...new Set(found.slice(0, limit).map(([c]) => c))]
  }
  const post = (keys: number[], c: Cluster) => {
    const num = stats.get(c.id)!.num
    for (const k of keys) {
      let list = postings[k]
      if (!list) postings[k] = list = []
      else if (list[list.length - 1] === num) continue
      else {
        const i = list.lastIndexOf(num)
        if (i >= 0) list.splice(i, 1)
      }
      list.push(num)
      if (list.length > POSTING_CAP) list.shift()
    }
  }

  /** IDF-weighted bigram profile of a cluster from a sample of its members. */
  const profileOf = (c: Cluster): Profile => {
    const step = Math.max(1, Math.ceil(c.members.length / PROFILE_SAMPLE))
    const counts = new Map<number, number>()
    let n = 0
    for (let i = 0; i < c.members.length; i += step, n++) for (const f of c.members[i].features) counts.set(f, (counts.get(f) ?? 0) + 1)
    return { counts, n }
  }

  /** Folds `from` into `into` (both live clusters). */
  const absorb = (into: Cluster, from: Cluster) => {
    into.members = [...into.members, ...from.members].sort((a, b) => a.time - b.time)
    into.firstTime = Math.min(into.firstTime, from.firstTime)
    into.lastTime = Math.max(into.lastTime, from.lastTime)
    const si = stats.get(into.id)!
    const sf = stats.get(from.id)!
    si.dominant = undefined
    for (const [k, n] of sf.cats) bump(si.cats, k, n)
    for (const [k, n] of sf.subs) bump(si.subs, k, n)
    for (const [k, n] of sf.about) bump(si.about, k, n)
    for (const [k, n] of sf.areas) bump(si.areas, k, n)
    for (const m of from.members) memberCluster.set(m.id, into.id)
    forward.set(sf.num, si.num)
    byNum.delete(sf.num)
    dropCluster(from)
  }

  /**
   * Clusters that grew apart (before a place variant was linked, or while the
   * wording drifted) are merged when their bigram profiles agree; checked when a
   * cluster doubles, against its block's recent clusters and retrieved ones.
   */
  const maybeMerge = (cluster: Cluster, keys: number[]): string[] => {
    const counts = stats.get(cluster.id)!
    if (cluster.members.length < counts.nextMerge) return []
    counts.nextMerge = Math.max(MERGE_FIRST, cluster.members.length * 2)
    const merged: string[] = []
    const candidates = new Set<Cluster>()
    // Its own block, and the block of the place or company it turned out to be about
    // (a cluster that began before the name was learned grew outside that block).
    const about = clusterAbout(cluster)
    for (const blockKey of new Set([cluster.block, about.place, about.org])) {
      const ids = (blockKey && blocks.get(blockKey)) || []
      for (let i = ids.length - 1, seen = 0; i >= 0 && seen < MERGE_CANDIDATES; i--, seen++) {
        const other = clusters.get(ids[i])!
        // Lone complaints were compared with this cluster when they arrived.
        if (other !== cluster && other.members.length >= 2) candidates.add(other)
      }
    }
    for (const other of retrieve(keys, new Set([cluster.id]), RETRIEVED)) candidates.add(other)
    let ownProfile: Profile | undefined
    const last = cluster.members[cluster.members.length - 1]
    for (const other of candidates) {
      if (
        !clusters.has(other.id) ||
        other === cluster ||
        !compatible(clusterAbout(cluster), clusterAbout(other)) ||
        apartUnnamed(clusterAbout(cluster), communitiesOf(cluster), clusterAbout(other), communitiesOf(other))
      )
        continue
      if (Math.max(cluster.lastTime, other.lastTime) - Math.min(cluster.firstTime, other.firstTime) > windowMs) continue
      // Two clusters about the same place or company count as one block, whichever block each grew in.
      const aboutThis = clusterAbout(cluster)
      const aboutOther = clusterAbout(other)
      const sameEntity = (aboutThis.org && aboutThis.org === aboutOther.org) || (aboutThis.place && aboutThis.place === aboutOther.place)
      // One entity's issue may span a lull relative to its cadence (as when a complaint joins it); anything else, the gap.
      const lull = sameEntity ? Math.max(entityLull(cluster), entityLull(other)) : gapMs
      if (other.firstTime > cluster.lastTime + lull || cluster.firstTime > other.lastTime + lull) continue
      // Cheap gate before building profiles: the newest complaint must share some wording with the other cluster.
      const representatives = other.members.length <= 4 ? other.members : [other.members[0], ...other.members.slice(-3)]
      if (!representatives.some(rep => weightedCosine(last.features, rep.features, df, last.norm, rep.norm) >= CLUSTER_THRESHOLDS.merge.gate)) continue
      ownProfile ??= profileOf(cluster)
      const similarity = profileCosine(ownProfile, profileOf(other), df)
      // Same company: anything but unrelated wording; same place: clearly shared wording
      // (a compound has many problems); elsewhere: the same words, whoever wrote them.
      const kind = sameEntity ? (aboutThis.org && aboutThis.org === aboutOther.org ? 'o:' : 'p:') : blockKind(cluster.block)
      const merge = CLUSTER_THRESHOLDS.merge
      const need =
        cluster.block === other.block || sameEntity ? (kind === 'o:' ? merge.sameOrg : kind === 'p:' ? merge.samePlace : merge.sameBlock) : merge.elsewhere
      if (similarity < need) continue
      // The bigger one keeps its id (and the stored suggestion matched to it).
      const [into, from] = other.members.length > cluster.members.length ? [other, cluster] : [cluster, other]
      absorb(into, from)
      merged.push(from.id)
      ownProfile = undefined
      if (from === cluster) {
        cluster = into
      }
    }
    if (merged.length) touch(cluster)
    return merged
  }

  /**
   * Moves complaints that named `name` in their subject before it was known to be a
   * name (so they are about nothing yet) from nearby clusters into `into`.
   */
  function adoptNamed(into: Cluster, name: string, keys: number[]) {
    for (const c of retrieve(keys, new Set([into.id]), RETRIEVED)) {
      const intoArea = clusterAbout(into).area
      const moving = c.members.filter(
        x => !aboutOf(x) && x.subject.includes(name) && withinWindow(into, x.time, entityLull(into)) && !areasApart(x.area ?? '', intoArea),
      )
      if (!moving.length) continue
      const from = stats.get(c.id)!
      const to = stats.get(into.id)!
      from.dominant = to.dominant = undefined
      for (const x of moving) {
        x.org = name
        bump(from.cats, x.category, -1)
        bump(from.subs, x.path[1] ?? '', -1)
        bump(to.cats, x.category, 1)
        bump(to.subs, x.path[1] ?? '', 1)
        bump(to.about, aboutOf(x), 1)
        if (x.area) (bump(from.areas, x.area, -1), bump(to.areas, x.area, 1))
        memberCluster.set(x.id, into.id)
      }
      const moved = new Set(moving)
      c.members = c.members.filter(x => !moved.has(x))
      into.members = [...into.members, ...moving].sort((a, b) => a.time - b.time)
      into.firstTime = into.members[0].time
      into.lastTime = into.members[into.members.length - 1].time
      if (!c.members.length) {
        byNum.delete(from.num)
        dropCluster(c)
      } else {
        c.firstTime = c.members[0].time
        c.lastTime = c.members[c.members.length - 1].time
      }
    }
  }

  function dropCluster(c: Cluster) {
    clusters.delete(c.id)
    stats.delete(c.id)
    const ids = blocks.get(c.block)
    const i = ids ? ids.indexOf(c.id) : -1
    if (ids && i >= 0) ids.splice(i, 1)
    if (ids && !ids.length) blocks.delete(c.block)
  }

  const engine: TopicEngine = {
    get size() {
      return memberById.size
    },
    prepare: input => prepareComplaint(input, { classifier, gazetteer: opts.gazetteer, learnNames: !!names }),
    add(input, prepared = engine.prepare(input)) {
      if (memberById.has(input.id)) engine.remove(input.id)
      const time = parseTime(input.time)
      // What does not depend on earlier complaints was computed once, by prepare.
      const { ds, dt, ns, nt, classification: cls, bodyPlaces, features } = prepared
      // A name many towns share (五一桥, 人民医院) is one place once the subject says which town.
      const area = areaOf(ds)
      const inTown = (p: Place): Place => (p.generic && area ? { ...p, generic: undefined, canonical: `${area.toLowerCase()}${p.canonical}` } : p)
      const sharedNamed = !!area && prepared.subjectPlaces.some(p => p.generic)
      const subjectPlaces = sharedNamed ? prepared.subjectPlaces.map(inTown) : prepared.subjectPlaces
      const place = sharedNamed ? primaryPlace(subjectPlaces, bodyPlaces) : prepared.place
      const norm = idfNorm(features, df)
      const dup = dupes.addSignature(input.id, prepared.signature)
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
        area,
      }
      df.addDoc(features)
      memberById.set(m.id, m)
      for (const k of new Set(m.keywords)) keywordCount.set(k, (keywordCount.get(k) ?? 0) + 1)
      minTime = Math.min(minTime, time)
      maxTime = Math.max(maxTime, time)
      const comm = m.community ?? ''
      communityCount.set(comm, (communityCount.get(comm) ?? 0) + 1)
      const span = communitySpan.get(comm)
      if (span) ((span.first = Math.min(span.first, time)), (span.last = Math.max(span.last, time)))
      else communitySpan.set(comm, { first: time, last: time })
      const support = channelSupport.get(m.channel ?? '') ?? { complaints: 0, likes: 0 }
      support.complaints++
      support.likes += m.likes
      channelSupport.set(m.channel ?? '', support)

      // A copy of an earlier letter naming its place with characters swapped (华邦小区, 邦华小区) is a slip of the pen.
      if (original?.place && place && isTransposition(original.place, place)) linkPlaces(original.place.canonical, place.canonical)
      linkAdjacentCompounds(subjectPlaces)
      linkAdjacentCompounds(bodyPlaces)
      linkPlaceVariants([...subjectPlaces, ...bodyPlaces], input.community)
      for (const p of [...subjectPlaces, ...bodyPlaces]) if (!p.generic) knownPlaces.add(p.canonical)
      // 五一桥 read apart from its county (K7县拆除五一桥) is the k7县五一桥 other subjects write.
      if (area)
        for (const p of prepared.subjectPlaces) {
          const inTownName = `${area.toLowerCase()}${p.canonical}`
          if (p.generic) townNames.add(inTownName)
          if (townNames.has(inTownName) && knownPlaces.has(p.canonical)) linkPlaces(p.canonical, inTownName)
        }
      names?.learn(ds, input.user, prepared.nameCandidates)
      // Block: the subject's place, else the subject's company, else a name learned from
      // earlier subjects (an estate without a suffix, a platform, a programme), else the
      // body's place, else the body's company, else a learned name in the body's opening,
      // else community × category.
      const key = (p?: Place) => (p && !p.generic ? `p:${findPlace(p.canonical)}` : undefined)
      const learnedKey = (n?: LearnedName) => (!n ? undefined : knownPlaces.has(n.name) ? `p:${findPlace(n.name)}` : `o:${registerName(n.name)}`)
      const subjectPlace = key(primaryPlace(subjectPlaces, []))
      let learned: LearnedName | undefined
      let block = subjectPlace
      if (!block) {
        const subjectOrg = prepared.subjectOrg
        learned = subjectOrg ? undefined : names?.inSubject(ds, prepared.nameCandidates)
        block = subjectOrg ? `o:${subjectOrg.canonical}` : learnedKey(learned)
      }
      if (!block) {
        const org = key(place) ? undefined : prepared.bodyOrg
        block = key(place) ?? (org ? `o:${org.canonical}` : (learnedKey(names?.inText(dt)) ?? `c:${m.community ?? ''}|${m.category}`))
      }
      if (!key(place) && blockKind(block) === 'o:') m.org = learned && block === `o:${findName(learned.name)}` ? learned.name : block.slice(2)
      const about = memberAbout(m)
      const mode = blockKind(block) === 'p:' ? 'place' : blockKind(block) === 'o:' ? 'org' : 'other'
      const keys = retrievalKeys(ns, nt)
      let target: Cluster | undefined
      const dupCluster = original ? clusters.get(memberCluster.get(original.id)!) : undefined
      // A copy joins its original's cluster, unless the copy names another place or company.
      if (dupCluster && withinWindow(dupCluster, time) && compatible(about, clusterAbout(dupCluster)) && !elsewhereUnnamed(about, m, dupCluster))
        target = dupCluster
      else {
        const ids = blocks.get(block) ?? []
        let best = -1
        const seenIds = new Set<string>()
        for (let i = ids.length - 1, seen = 0; i >= 0 && seen < MAX_CANDIDATES; i--, seen++) {
          const c = clusters.get(ids[i])!
          seenIds.add(c.id)
          const resumed = !withinWindow(c, time)
          if (resumed && (mode === 'other' || !withinWindow(c, time, entityLull(c)))) continue
          // A cluster that took in complaints from elsewhere may be about another place or company.
          if (!compatible(about, clusterAbout(c))) continue
          const s = scoreAgainst(m, c, resumed ? 'resume' : mode)
          if (s > best) {
            best = s
            target = c
          }
        }
        for (const c of retrieve(keys, seenIds, RETRIEVED)) {
          if (!withinWindow(c, time)) continue
          const same = c.block === block
          if (!same && !compatible(about, clusterAbout(c))) continue
          if (areasApart(about.area, clusterAbout(c).area)) continue
          if (!same && elsewhereUnnamed(about, m, c)) continue
          const s = scoreAgainst(m, c, same ? mode : 'cross')
          if (s > best) {
            best = s
            target = c
          }
        }
      }
      if (!target) {
        target = { id: `c${nextId}`, block, members: [], firstTime: time, lastTime: time }
        clusters.set(target.id, target)
        stats.set(target.id, { cats: new Map(), subs: new Map(), about: new Map(), areas: new Map(), num: nextId, nextMerge: MERGE_FIRST })
        byNum.set(nextId, target.id)
        nextId++
      }
      target.members.push(m)
      target.firstTime = Math.min(target.firstTime, time)
      target.lastTime = Math.max(target.lastTime, time)
      const st = stats.get(target.id)!
      st.dominant = undefined
      bump(st.cats, m.category, 1)
      bump(st.subs, m.path[1] ?? '', 1)
      bump(st.about, aboutOf(m), 1)
      if (m.area) bump(st.areas, m.area, 1)
      memberCluster.set(m.id, target.id)
      touch(target)
      post(keys, target)
      // A name just learned: the first complaint(s) that wrote it went where their wording led.
      if (learned && learned.residents <= 3 && blockKind(block) === 'o:') adoptNamed(target, learned.name, keys)
      const merged = maybeMerge(target, keys)
      const final = clusters.get(memberCluster.get(m.id)!)!
      return { clusterId: final.id, changed: final.members.length >= minSizeDefault, ...(merged.length ? { merged } : {}) }
    },
    remove(id) {
      const m = memberById.get(id)
      if (!m) return false
      const c = clusters.get(memberCluster.get(id)!)!
      c.members = c.members.filter(x => x.id !== id)
      memberById.delete(id)
      memberCluster.delete(id)
      dupes.remove(id)
      df.removeDoc(m.features)
      for (const k of new Set(m.keywords)) bump(keywordCount, k, -1)
      const comm = m.community ?? ''
      communityCount.set(comm, (communityCount.get(comm) ?? 1) - 1)
      const support = channelSupport.get(m.channel ?? '')
      if (support) ((support.complaints = Math.max(0, support.complaints - 1)), (support.likes = Math.max(0, support.likes - m.likes)))
      const st = stats.get(c.id)!
      st.dominant = undefined
      bump(st.cats, m.category, -1)
      bump(st.subs, m.path[1] ?? '', -1)
      bump(st.about, aboutOf(m), -1)
      if (m.area) bump(st.areas, m.area, -1)
      if (!c.members.length) {
        byNum.delete(st.num)
        dropCluster(c)
      } else {
        c.firstTime = Math.min(...c.members.map(x => x.time))
        c.lastTime = Math.max(...c.members.map(x => x.time))
      }
      return true
    },
    clusters: () => [...clusters.values()],
    clusterOf: id => memberCluster.get(id),
    topics(o = {}) {
      const minSize = o.minSize ?? minSizeDefault
      const now = o.now ? parseTime(o.now) : opts.now ? parseTime(opts.now) : maxTime
      const supporters = supporterBaseline()
      const channelCount = [...channelSupport.values()].filter(x => x.complaints > 0).length
      const out: SuggestedTopic[] = []
      // `only`: build just these clusters (an incremental update touched them);
      // ranks are then relative to that subset.
      const pool = o.only ? [...o.only].map(id => clusters.get(id)).filter((c): c is Cluster => !!c) : clusters.values()
      for (const c of pool) {
        if (c.members.length < minSize) continue
        const community = dominant(c.members.map(m => m.community ?? ''))
        const span = communitySpan.get(community)
        const spanDays = span ? Math.max(1, (span.last - span.first) / DAY) : Math.max(1, (maxTime - minTime) / DAY)
        const baselinePerDay = (communityCount.get(community) ?? c.members.length) / spanDays
        const heat = heatOf(c, { now, baselinePerDay, weights, supporters, channelCount })
        out.push(buildTopic(c, heat, { taxonomy: opts.taxonomy, community, communityName: community ? opts.communityName?.(community) : undefined }))
      }
      out.sort((a, b) => b.heat - a.heat || b.complaintIds.length - a.complaintIds.length || (a.clusterId < b.clusterId ? -1 : 1))
      const limited = o.limit ? out.slice(0, o.limit) : out
      limited.forEach((t, i) => (t.rank = i + 1))
      return limited
    },
  }

  /** Supporters per complaint over the channels that record supporters at all. */
  function supporterBaseline(): SupporterBaseline {
    const channels = new Set<string>()
    let n = 0
    let likes = 0
    for (const [channel, x] of channelSupport)
      if (x.likes > 0) {
        channels.add(channel)
        n += x.complaints
        likes += x.likes
      }
    return { perComplaint: n ? likes / n : 0, channels }
  }

  // Variant names: 伊景园滨河苑 written together links 伊景园 and 滨河苑, so a later
  // complaint naming either lands in the same block (union–find over canonical names).
  const placeParent = new Map<string, string>()
  // Bumped whenever two place names are linked (cached cluster places go stale).
  let placeEpoch = 0
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
  // Variants of a learned name (混凝土搅拌站, 搅拌站粉尘; 鼎利宝, 鼎利宝网贷) share a run of
  // three characters: they are linked like place variants, the first one seen is the root.
  const nameParent = new Map<string, string>()
  const nameByTrigram = new Map<string, string>()
  const registered = new Set<string>()
  function findName(name: string): string {
    let root = name
    while (nameParent.has(root)) root = nameParent.get(root)!
    while (name !== root) {
      const next = nameParent.get(name)!
      nameParent.set(name, root)
      name = next
    }
    return root
  }
  // Names by their first two characters: the spellings compared for likeness (names keep their beginning).
  const namesByStart = new Map<string, string[]>()
  function registerName(name: string): string {
    if (registered.has(name)) return findName(name)
    registered.add(name)
    let root: string | undefined
    for (let i = 0; i + 3 <= name.length && !root; i++) {
      const other = nameByTrigram.get(name.slice(i, i + 3))
      if (other) root = findName(other)
    }
    const start = name.slice(0, 2)
    let sameStart = namesByStart.get(start)
    if (!sameStart) namesByStart.set(start, (sameStart = []))
    if (!root) {
      const alike = sameStart.find(other => isNameVariant(name, other))
      if (alike) root = findName(alike)
    }
    if (sameStart.length < MAX_BLOCK) sameStart.push(name)
    for (let i = 0; i + 3 <= name.length; i++) if (!nameByTrigram.has(name.slice(i, i + 3))) nameByTrigram.set(name.slice(i, i + 3), root ?? name)
    if (!root || root === name) return name
    nameParent.set(name, root)
    placeEpoch++
    moveBlock(`o:${name}`, `o:${root}`)
    return root
  }
  /** Clusters that grew under a variant's block join the root's block. */
  function moveBlock(from: string, to: string) {
    const moved = blocks.get(from)
    if (!moved) return
    blocks.delete(from)
    const into = blocks.get(to) ?? []
    for (const id of [...moved, ...into]) {
      const c = clusters.get(id)
      if (c) c.block = to
      // Clusters that grew under either name are checked for merging on their next add.
      const st = stats.get(id)
      if (st) st.nextMerge = 0
    }
    blocks.set(to, [...into, ...moved].slice(-MAX_BLOCK))
  }

  function linkPlaces(a: string, b: string) {
    const ra = findPlace(a)
    const rb = findPlace(b)
    if (ra === rb) return
    placeParent.set(rb, ra)
    placeEpoch++
    moveBlock(`p:${rb}`, `p:${ra}`)
  }

  // A bare name (松岭, written 松岭小区) and the name with a generic suffix (松岭家园,
  // 松岭文体城) are one place when written with the same community or road; without
  // that, a bare name joins the one suffixed form it has, never a second (阳光花园
  // and 阳光新城 both extend 阳光 and may be two estates).
  const stemFamilies = new Map<string, { bare: boolean; variants: string[]; freeLink: boolean }>()
  // Communities (c:) and roads (r:) each place was written with.
  const placeContexts = new Map<string, Set<string>>()
  const sharesContext = (a: string, b: string) => {
    const ca = placeContexts.get(a)
    const cb = placeContexts.get(b)
    if (!ca || !cb) return false
    const [small, big] = ca.size <= cb.size ? [ca, cb] : [cb, ca]
    for (const k of small) if (big.has(k)) return true
    return false
  }
  function linkPlaceVariants(ps: Place[], community?: string) {
    if (!ps.length) return
    const context = ps.filter(p => p.kind === 'road' && !p.generic).map(p => `r:${p.canonical}`)
    if (community) context.push(`c:${community}`)
    for (const p of ps) {
      if (p.generic || !STEMMED_KINDS.has(p.kind)) continue
      const name = p.canonical
      let seen = placeContexts.get(name)
      if (!seen) placeContexts.set(name, (seen = new Set()))
      for (const k of context) if (seen.size < MAX_PLACE_CONTEXTS) seen.add(k)
      const bareFamily = stemFamilies.get(name)
      if (bareFamily) {
        bareFamily.bare = true
        linkFamily(name, bareFamily, name)
      }
      const stem = placeStem(name)
      if (!stem) continue
      let family = stemFamilies.get(stem)
      if (!family) stemFamilies.set(stem, (family = { bare: knownPlaces.has(stem), variants: [], freeLink: false }))
      if (!family.variants.includes(name) && family.variants.length < MAX_STEM_VARIANTS) family.variants.push(name)
      linkFamily(stem, family, name)
    }
  }
  function linkFamily(stem: string, family: { bare: boolean; variants: string[]; freeLink: boolean }, name: string) {
    const others = family.bare && name !== stem ? [stem, ...family.variants] : family.variants
    for (const other of others) {
      if (other === name) continue
      if (sharesContext(name, other)) linkPlaces(other, name)
      else if (family.bare && (other === stem || name === stem) && family.variants.length === 1 && !family.freeLink) {
        family.freeLink = true
        linkPlaces(other, name)
      }
    }
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
      placeEpoch++
      moveBlock(`p:${rb}`, `p:${ra}`)
    }
  }

  /**
   * The lull after which a named place's or company's issue is over, relative to its own
   * cadence: twice its mean interval between complaints, at least the gap and at most
   * `entityLullDays`. A busy issue (weekly letters) ends after the usual gap; one that
   * residents raise every few months may resume months later; one or two letters have no
   * cadence yet (one interval says nothing of the next) and wait the longest.
   */
  function entityLull(c: Cluster): number {
    const n = c.members.length
    if (n < CADENCE_MIN_LETTERS) return entityLullMs
    return Math.max(gapMs, Math.min(entityLullMs, (CADENCE_FACTOR * (c.lastTime - c.firstTime)) / (n - 1)))
  }
  function withinWindow(c: Cluster, time: number, lullMs = gapMs): boolean {
    if (time > c.lastTime + lullMs || time < c.firstTime - lullMs) return false
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

/** Two spellings of one named place with the same characters in another order (华邦, 邦华). */
export function isTransposition(a: Place, b: Place): boolean {
  if (a.generic || b.generic || a.kind !== b.kind || a.canonical === b.canonical || a.canonical.length !== b.canonical.length) return false
  return [...a.canonical].sort().join('') === [...b.canonical].sort().join('')
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

/** The usual supporters per complaint, and the channels that record supporters. */
export interface SupporterBaseline {
  perComplaint: number
  channels: ReadonlySet<string>
}

export interface HeatContext {
  now: number
  /** The community's usual complaints per day, over its own span. */
  baselinePerDay: number
  weights: HeatWeights
  /** Without it every channel counts as recording supporters, one a complaint being usual. */
  supporters?: SupporterBaseline
  /** Channels complaints come in through (without it, the cluster's own). */
  channelCount?: number
}

/**
 * The explainable heat of a cluster: a weighted sum of log-scaled complaint
 * count (same-author duplicates not counted twice), distinct residents, supporters
 * (per complaint against the usual, on the channels that record them), recency
 * (e^(−age/recencyDays)), burst (the cluster's daily rate against the community's
 * baseline daily rate), intake channels (the share of the channels in use) and span
 * (how long residents kept raising it, full weight from `spanDays`).
 * Parts a source cannot produce are weighed by what it can: letters imported from a
 * file record no supporters and come through one channel, and compete with live
 * ones on residents, complaints and span.
 */
export function heatOf(c: Cluster, ctx: HeatContext): HeatBreakdown {
  const w = ctx.weights
  const n = c.members.filter(m => !m.sameAuthorDuplicate).length
  // Complaints without a user id are counted as separate residents.
  const residents = new Set(c.members.map(m => m.user ?? `#${m.id}`)).size
  const likes = c.members.reduce((a, m) => a + m.likes, 0)
  // Supporters per complaint against the usual, counting only complaints whose channel records them;
  // when none does, the part is the usual share (ratio 1), not zero.
  const recorded = ctx.supporters ? c.members.filter(m => ctx.supporters!.channels.has(m.channel ?? '')) : c.members
  const usual = ctx.supporters ? ctx.supporters.perComplaint : 1
  const supportRatio = recorded.length && usual > 0 ? recorded.reduce((a, m) => a + m.likes, 0) / recorded.length / usual : 1
  const ageDays = Math.max(0, (ctx.now - c.lastTime) / DAY)
  const recency = Math.exp(-ageDays / w.recencyDays)
  const days = Math.max(1, (c.lastTime - c.firstTime) / DAY)
  const burstRatio = c.members.length / days / Math.max(ctx.baselinePerDay, 1e-9)
  const channels = new Set(c.members.map(m => m.channel ?? '')).size
  const channelCount = Math.max(channels, ctx.channelCount ?? channels)
  const comp = (value: number, contribution: number, extra?: Partial<HeatComponent>): HeatComponent => ({
    value: round(value),
    contribution: round(contribution),
    ...extra,
  })
  const parts = {
    complaints: comp(n, w.complaints * Math.log2(1 + n)),
    distinctResidents: comp(residents, w.distinctResidents * Math.log2(1 + residents)),
    supporters: comp(likes, w.supporters * Math.min(w.supportersCap, Math.log2(1 + supportRatio)), {
      baseline: round(usual),
      ...(recorded.length && usual > 0 ? {} : { notRecorded: true }),
    }),
    recency: comp(recency, w.recency * recency),
    burst: comp(burstRatio, w.burst * Math.min(3, Math.log2(1 + burstRatio))),
    // The share of the channels in use it came in through: one channel of one counts nothing, all of them the weight.
    channels: comp(channels, channelCount > 1 ? (w.channels * (channels - 1)) / (channelCount - 1) : 0, { baseline: channelCount }),
    span: comp(days, w.span * Math.min(1, days / w.spanDays)),
  }
  const total = round(Object.values(parts).reduce((a, p) => a + p.contribution, 0))
  return { ...parts, total }
}
