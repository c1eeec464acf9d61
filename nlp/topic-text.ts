import type { Cluster, HeatBreakdown, Member } from './cluster'
import type { PlaceKind } from './places'
import { walkTaxonomy, type Taxonomy } from './taxonomy'

/** A cluster presented as a deliberation topic a community worker can approve, edit or reject. */
export interface SuggestedTopic {
  clusterId: string
  /** 1-based position in the list returned (hottest first). */
  rank?: number
  /** E.g. 关于小河小学路口上下学高峰拥堵的议题. */
  title: string
  summary: string
  category: string
  path: string[]
  /** Place name as residents wrote it most often ('' if none). */
  place: string
  placeKind?: PlaceKind
  keywords: string[]
  /** Every complaint in the cluster, oldest first. */
  complaintIds: string[]
  /** Up to three complaints that best represent the cluster. */
  representativeIds: string[]
  community: string
  /** Same as heatBreakdown.total. */
  heat: number
  heatBreakdown: HeatBreakdown
  /** ISO times of the first and last complaint. */
  from: string
  to: string
  /** Department / role codes to invite (taxonomy stakeholders plus ones implied by the place). */
  stakeholders: string[]
  /** What the issue is about: the place, else the company, platform or programme named ('' if none). */
  entity: string
  /** The problems raised about it, largest first (by second-level category), for a worker who splits them. */
  subProblems: SubProblem[]
}

export interface SubProblem {
  /** Second-level category (or first-level when the taxonomy has none). */
  label: string
  complaintIds: string[]
}

const countBy = <T>(xs: readonly T[], key: (x: T) => string | undefined) => {
  const m = new Map<string, number>()
  for (const x of xs) {
    const k = key(x)
    if (k) m.set(k, (m.get(k) ?? 0) + 1)
  }
  return [...m.entries()].sort((a, b) => b[1] - a[1])
}

const jaccard = (a: Uint32Array, b: Uint32Array) => {
  let i = 0
  let j = 0
  let same = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) (same++, i++, j++)
    else if (a[i] < b[j]) i++
    else j++
  }
  return same / (a.length + b.length - same || 1)
}

/** Orders members by how typical they are (mean bigram Jaccard to the others; a sample for big clusters). */
function representatives(members: Member[], k = 3): Member[] {
  const sample = members.length > 40 ? members.filter((_, i) => i % Math.ceil(members.length / 40) === 0) : members
  const scored = members.map(m => ({ m, s: sample.reduce((a, o) => a + (o === m ? 0 : jaccard(m.features, o.features)), 0) + m.likes * 0.01 }))
  scored.sort((a, b) => b.s - a.s)
  const out: Member[] = []
  for (const { m } of scored) {
    // Skip copies of a complaint already chosen: representatives should add information.
    if (out.some(o => o.id === m.duplicateOf || o.subject === m.subject)) continue
    out.push(m)
    if (out.length === k) break
  }
  return out
}

const LEADING = /^(?:关于|有关|对|质疑|再次|多次|一再|继续|强烈|紧急|反映|投诉|举报|请求|恳请|建议|咨询|请问|请|呼吁|要求|希望|求助)+/
const ADMIN_PREFIX = /^(?:[A-Za-z]\d*\s?(?:省|市|区|县)|[\p{Script=Han}]{2,3}(?:省|市))+/u
const TRAILING = /(?:的问题|问题|的情况|的建议|的几点建议|的投诉|的议题|的反映|的质疑|的疑问|的咨询|的询问|的意见|的请求)?[\s!！?？。.,，、…~～:：;；]*$/

/**
 * Writes a title the way residents and workers write topics:
 * 关于 + (place if the subject lacks it) + the representative subject, cleaned of
 * 投诉/请求 openings, administrative prefixes and trailing 问题/punctuation, + 的议题.
 * Falls back to place + keywords when the subject is missing or too long.
 */
export function topicTitle(subject: string, place: string, keywords: string[]): string {
  let core = subject.trim()
  const has = (x: string) => !!place && x.toLowerCase().includes(place.toLowerCase())
  for (let i = 0; i < 3; i++) {
    core = core.replace(LEADING, '').trim()
    const stripped = core.replace(ADMIN_PREFIX, '').trim()
    // Keep the town when the place needs it (K9县二中 is not any 二中).
    if (!(has(core) && !has(stripped))) core = stripped
  }
  for (let i = 0; i < 2; i++) core = core.replace(TRAILING, '').trim()
  if (!core || core.length > 28) core = `${place}${keywords.slice(0, 2).join('、')}${keywords.length ? '问题' : ''}`
  else if (place && !mentions(core, place)) core = `${place}${core}`
  return `关于${core || '居民集中反映问题'}的议题`
}

/** True when the subject already names the place (ignoring case, the town prefix and 小区). */
function mentions(core: string, place: string): boolean {
  const c = core.toLowerCase()
  const p = place.toLowerCase()
  const bare = p.replace(/^.*?(?:省|市|县|区|镇|乡)(?=..)/, '').replace(/小区$/, '')
  return c.includes(p) || c.includes(bare)
}

/** Stakeholders implied by where the problem is, on top of the taxonomy's. */
function placeStakeholders(place: string, kind: PlaceKind | undefined, category: string): string[] {
  const out: string[] = []
  if (/(小学|中学|幼儿园|学校|学院|大学)/.test(place)) out.push('school')
  if (kind === 'crossing' || (kind === 'road' && category === '交通运输')) out.push('traffic_police')
  if (kind === 'compound') out.push('property_management', 'homeowners_committee')
  if (kind === 'hospital') out.push('hospital')
  if (kind === 'market') out.push('market_management', 'nearby_shops')
  if (kind === 'park') out.push('parks_management')
  if (kind === 'crossing' || kind === 'road' || kind === 'market') out.push('nearby_shops')
  return out
}

// The day as residents and the pages count it: China time (UTC+8, no daylight saving), not the server's UTC.
const CHINA_OFFSET_MS = 8 * 3600_000
const fmtDate = (ms: number) => new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10)

/** The days a topic's letters span, as its summary states them: "2026-11-04至2026-11-29". */
export function topicPeriod(firstTime: number, lastTime: number): string {
  return `${fmtDate(firstTime)}至${fmtDate(lastTime)}`
}

/** The parts of a summary written by buildTopic, so a page can render it in the reader's language. */
export interface TopicSummaryParts {
  complaints: number
  residents: number
  supporters: number
  /** Place or organisation ('' if none). */
  where: string
  /** The keywords (or category) named, 、-separated. */
  problems: string
  /** The representative complaint's subject ('' if none). */
  example: string
}

const SUMMARY = /^\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}，(\d+)条诉求（(\d+)位居民(?:，(\d+)人支持)?）集中反映(?:(.+?)的)?(.+?)问题。(?:例：“([\s\S]*)”)?$/

/** Reads back a summary buildTopic wrote; null when a worker has written or edited it. */
export function parseTopicSummary(summary: string): TopicSummaryParts | null {
  const m = SUMMARY.exec(summary.trim())
  if (!m) return null
  return { complaints: Number(m[1]), residents: Number(m[2]), supporters: Number(m[3] ?? 0), where: m[4] ?? '', problems: m[5] ?? '', example: m[6] ?? '' }
}

/**
 * The category a topic's letters are filed under: the first-level category most
 * of them have, with the path most of those share. Letters filed under none do
 * not count; none filed at all gives '' and no path. Ties go to the earliest
 * letter's, for letters in the order they were received.
 */
export function topicCategory(letters: readonly { category: string; path: readonly string[] }[]): { category: string; path: string[] } {
  const category = countBy(letters, m => m.category)[0]?.[0] ?? ''
  const pathKey =
    countBy(
      letters.filter(m => m.category === category),
      m => m.path.join('/'),
    )[0]?.[0] ?? category
  return { category, path: pathKey ? pathKey.split('/') : [] }
}

/**
 * Department and role codes to invite about a topic: the community committee and
 * residents, those the taxonomy names along its category path, and those its
 * place calls for.
 */
export function topicStakeholders(taxonomy: Taxonomy, topic: { category: string; path: readonly string[]; place: string; placeKind?: PlaceKind }): string[] {
  const { category, path, place, placeKind } = topic
  const stakeholders = new Set<string>(['community_committee', 'residents'])
  const byId = new Map(walkTaxonomy(taxonomy).map(i => [i.node.nameZh + '|' + i.path.join('/'), i.node]))
  for (let i = 1; i <= path.length; i++) {
    const node = byId.get(path[i - 1] + '|' + path.slice(0, i).join('/'))
    for (const s of node?.stakeholders ?? []) stakeholders.add(s)
  }
  for (const s of placeStakeholders(place, placeKind, category)) stakeholders.add(s)
  return [...stakeholders]
}

/** Builds the suggested topic for a cluster (title, summary, keywords, stakeholders…). */
export function buildTopic(c: Cluster, heat: HeatBreakdown, ctx: { taxonomy: Taxonomy; community: string; communityName?: string }): SuggestedTopic {
  const members = [...c.members].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1))
  const { category, path } = topicCategory(members)
  // What most letters are about: a place, or a company, platform or programme (one letter
  // of a programme's topic that mentions the writer's estate does not make it the estate's).
  const [topPlace = '', placeCount = 0] = countBy(members, m => m.place?.name)[0] ?? []
  const [topOrg = '', orgCount = 0] = countBy(members, m => m.org)[0] ?? []
  const placeName = placeCount >= orgCount ? topPlace : ''
  const placeKind = members.find(m => m.place?.name === placeName)?.place?.kind
  const keywords = countBy(
    members.flatMap(m => [...new Set(m.keywords)]),
    k => k,
  )
    .filter(([k]) => !placeName.includes(k))
    .slice(0, 8)
    .map(([k]) => k)
  const reps = representatives(members)
  // A company, platform or programme stands where a place would when there is none.
  const entity = placeName || topOrg
  const title = topicTitle(reps[0]?.subject ?? '', entity, keywords)
  const groups = new Map<string, string[]>()
  for (const m of members) {
    const label = m.path[1] ?? m.category
    if (label) groups.set(label, [...(groups.get(label) ?? []), m.id])
  }
  const subProblems = [...groups].map(([label, complaintIds]) => ({ label, complaintIds })).sort((a, b) => b.complaintIds.length - a.complaintIds.length)
  const residents = heat.distinctResidents.value
  const likes = heat.supporters.value
  // With no place or company, the matter is its community's; letters from several communities name none (one of them would mislead).
  const oneCommunity = members.every(m => (m.community ?? '') === ctx.community)
  const where = entity || (oneCommunity ? (ctx.communityName ?? ctx.community) : '')
  const summary =
    `${topicPeriod(c.firstTime, c.lastTime)}，${members.length}条诉求（${residents}位居民` +
    `${likes ? `，${likes}人支持` : ''}）集中反映${where ? `${where}的` : ''}${keywords.slice(0, 3).join('、') || category}问题。` +
    (reps[0] ? `例：“${(reps[0].subject || reps[0].excerpt).slice(0, 60)}”` : '')

  const stakeholders = topicStakeholders(ctx.taxonomy, { category, path, place: placeName, placeKind })

  return {
    clusterId: c.id,
    title,
    summary,
    category,
    path,
    place: placeName,
    ...(placeKind ? { placeKind } : {}),
    keywords,
    complaintIds: members.map(m => m.id),
    representativeIds: reps.map(m => m.id),
    community: ctx.community,
    heat: heat.total,
    heatBreakdown: heat,
    from: new Date(c.firstTime).toISOString(),
    to: new Date(c.lastTime).toISOString(),
    stakeholders,
    entity,
    subProblems,
  }
}
