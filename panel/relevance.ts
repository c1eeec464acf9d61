/**
 * Relevance of a member to a topic, and the plain-language reasons shown next
 * to each panel member.
 *
 * Design choice: relevance does NOT change who is eligible or the lottery
 * probabilities. Fairness is defined among all pool members (every member is
 * eligible); otherwise "maximin" would be meaningless for the excluded. The
 * topic shapes the panel through explicit constraints instead: role seats,
 * quotas, and the derived quota attributes `@affected` / `@relevant` (values
 * "yes"/"no"), e.g. `"quotas": {"@affected": {"yes": [5, 25]}}` asks for at
 * least five residents of the affected community. The score itself is used for
 * the reasons, the seat label, and the order of alternates.
 */
import type { PoolMember, Topic } from './types'

/** Breakdown of why a member is relevant to a topic. */
export interface Relevance {
  score: number
  /** Lives in the topic's community. */
  affected: boolean
  /** Lives at / near the topic's place (community named in place, or vice versa). */
  nearPlace: boolean
  interests: string[]
  expertise: string[]
  /** Roles that are stakeholders here: requested role seats or roles matching the topic. */
  stakeholderRoles: string[]
}

/** Loose match for short Chinese/English labels: equal, or one contains the other. */
function matches(a: string, b: string): boolean {
  const x = a.trim().toLowerCase()
  const y = b.trim().toLowerCase()
  if (!x || !y) return false
  if (x === y) return true
  // Single characters would match far too much ("路" in every road name).
  if (Math.min(x.length, y.length) < 2) return false
  if (x.includes(y) || y.includes(x)) return true
  // Chinese compounds sharing a two-character head are usually the same field
  // (交通规划 / 交通运输, 环境卫生 / 环境保护).
  return /^[\u4e00-\u9fff]{2}/.test(x) && x.slice(0, 2) === y.slice(0, 2)
}

function topicTerms(topic: Topic): string[] {
  return [topic.category, ...topic.keywords].filter(s => s && s.trim())
}

/**
 * Score a member against a topic. Weights: affected community 3, near the
 * place 2, category/keyword interest 2/1, expertise 2/1.5, stakeholder role 2.
 */
export function scoreMember(member: PoolMember, topic: Topic, roleSeats: Record<string, number> = {}): Relevance {
  const terms = topicTerms(topic)
  const community = member.community ?? ''
  const affected = !!topic.community && !!community && matches(community, topic.community)
  const nearPlace = !affected && !!topic.place && !!community && (topic.place.includes(community) || community.includes(topic.place))
  const interests = member.interests.filter(i => terms.some(t => matches(i, t)))
  const expertise = member.expertise.filter(e => terms.some(t => matches(e, t)))
  const stakeholderRoles = member.roles.filter(r => (roleSeats[r] ?? 0) > 0 || terms.some(t => matches(r, t)))
  let score = 0
  if (affected) score += 3
  if (nearPlace) score += 2
  for (const i of interests) score += matches(i, topic.category) ? 2 : 1
  for (const e of expertise) score += matches(e, topic.category) ? 2 : 1.5
  score += 2 * stakeholderRoles.length
  return { score, affected, nearPlace, interests, expertise, stakeholderRoles }
}

/** Chinese labels for common role codes; unknown roles are shown as given. */
const ROLE_ZH: Record<string, string> = {
  police: '民警',
  traffic_police: '交警',
  school: '学校代表',
  school_rep: '学校代表',
  teacher: '教师',
  parent: '家长代表',
  shop: '商户代表',
  shop_owner: '商户代表',
  local_notable: '乡贤',
  merchant: '商户代表',
  business: '商户代表',
  city_management: '城管',
  grid_worker: '网格员',
  mediator: '调解员',
  volunteer: '志愿者',
  resident_supervisor: '居民监督员',
  supervisor: '监察联络员',
  npc_deputy: '人大代表',
  cppcc_member: '政协委员',
  notable: '乡贤',
  property_management: '物业代表',
  community_worker: '社区工作者',
  doctor: '医生',
  lawyer: '律师',
}
const ROLE_EN: Record<string, string> = {
  school: 'school representative',
  school_rep: 'school representative',
  shop: 'shop owner',
  shop_owner: "shop owners' representative",
  merchant: 'shop owner',
  business: 'business representative',
  police: 'police officer',
  traffic_police: 'traffic police officer',
  city_management: 'city management officer',
  npc_deputy: "people's congress deputy",
  cppcc_member: 'CPPCC member',
}

/** Human label for a role code in the given language. */
export function roleLabel(role: string, language: 'zh' | 'en' = 'zh'): string {
  if (language === 'en') return ROLE_EN[role] ?? role.replace(/_/g, ' ')
  return ROLE_ZH[role] ?? role
}

/**
 * One reason a member is on a panel, as data for the caller to word in its own
 * language: the seat, where they live, matching interests and expertise (as
 * the member's labels), and stakeholder roles other than the seat's (codes).
 */
export type MemberReason =
  | { kind: 'seat'; seat: string }
  | { kind: 'lives'; community: string; nearPlace: boolean }
  | { kind: 'interests'; items: string[] }
  | { kind: 'expertise'; items: string[] }
  | { kind: 'roles'; roles: string[] }

/**
 * Why a member is on the panel, seat first (it is why this person is on the
 * panel at all). `seat` is the seat code from the result (a role name,
 * "affected_resident" or "general").
 */
export function reasonsFor(member: PoolMember, topic: Topic, seat: string, roleSeats: Record<string, number> = {}): MemberReason[] {
  const rel = scoreMember(member, topic, roleSeats)
  const reasons: MemberReason[] = [{ kind: 'seat', seat }]
  if (rel.affected || rel.nearPlace) reasons.push({ kind: 'lives', community: member.community ?? '', nearPlace: rel.nearPlace })
  if (rel.interests.length) reasons.push({ kind: 'interests', items: rel.interests })
  if (rel.expertise.length) reasons.push({ kind: 'expertise', items: rel.expertise })
  const otherRoles = rel.stakeholderRoles.filter(r => r !== seat)
  if (otherRoles.length) reasons.push({ kind: 'roles', roles: otherRoles })
  return reasons
}

/**
 * Plain-language reason for one panel member, e.g.
 * "学校代表席位；居住在长征桥社区；关注交通运输；专长：交通规划" (for the command line;
 * the app words {@link reasonsFor} from its own catalogs).
 */
export function explainMember(member: PoolMember, topic: Topic, seat: string, language: 'zh' | 'en' = 'zh', roleSeats: Record<string, number> = {}): string {
  const zh = language === 'zh'
  const word = (r: MemberReason): string => {
    switch (r.kind) {
      case 'seat':
        if (r.seat === 'general') return zh ? '普通居民席位（抽签）' : 'general seat (drawn by lot)'
        if (r.seat === 'affected_resident') return zh ? '受影响社区居民席位' : 'affected-resident seat'
        return zh ? `${roleLabel(r.seat, 'zh')}席位` : `${roleLabel(r.seat, 'en')} seat`
      case 'lives':
        if (r.nearPlace) return zh ? `居住在${r.community}（议题地点附近）` : `lives in ${r.community}, near the topic's place`
        return zh ? `居住在${r.community}` : `lives in ${r.community}`
      case 'interests':
        return zh ? `关注${r.items.join('、')}` : `interested in ${r.items.join(', ')}`
      case 'expertise':
        return zh ? `专长：${r.items.join('、')}` : `expertise: ${r.items.join(', ')}`
      case 'roles':
        return zh ? `相关身份：${r.roles.map(x => roleLabel(x, 'zh')).join('、')}` : `stakeholder role: ${r.roles.map(x => roleLabel(x, 'en')).join(', ')}`
    }
  }
  return reasonsFor(member, topic, seat, roleSeats)
    .map(word)
    .join(zh ? '；' : '; ')
}
