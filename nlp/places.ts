import { AhoCorasick } from './aho-corasick'
import { normalize } from './normalize'

export type PlaceKind = 'compound' | 'road' | 'crossing' | 'school' | 'hospital' | 'market' | 'park' | 'community' | 'other'

/** A place mentioned in a text. Spans refer to the normalised text. */
export interface Place {
  name: string
  kind: PlaceKind
  start: number
  end: number
  /** Merged name: gazetteer name, or the name with variant suffixes folded (丽发新城小区 → 丽发新城). */
  canonical: string
  /** A name many towns share (人民医院, 第一中学) with no town to tell them apart. */
  generic?: boolean
}

/** A known place of the district (communities, schools, compounds…), with variant names. */
export interface GazetteerEntry {
  name: string
  aliases?: string[]
  kind?: PlaceKind
}

// 环城 and 绕城, with the kind of road (高速, 路, 线…): not before a direction (环城北路 is a road of its own).
// What is built along it (环城绿化带) is what letters are about, not part of its name.
const RING = '[环绕]城(?![东南西北])(?:高速公路|高速|公路|快速路|大道|干线|线|路)?'
const RING_RE = new RegExp(`^${RING}$`, 'u')
// Suffix → kind, longest first within the alternation so 路口 wins over 路.
// Negative look-aheads keep common words (村民, 路灯, 城管…) from reading as places.
const SUFFIXES: [string, PlaceKind][] = [
  ['十字路口', 'crossing'],
  ['交叉路口', 'crossing'],
  ['交叉口', 'crossing'],
  ['交汇处', 'crossing'],
  ['交界处', 'crossing'],
  ['路口', 'crossing'],
  ['社区', 'community'],
  ['居委会', 'community'],
  ['村委会', 'community'],
  ['村(?![民委里庄子干组道级镇务集小])', 'community'],
  ['中心小学', 'school'],
  ['小学', 'school'],
  ['中学', 'school'],
  ['幼儿园', 'school'],
  ['学校', 'school'],
  ['大学', 'school'],
  ['学院', 'school'],
  ['职院', 'school'],
  ['一中', 'school'],
  ['二中', 'school'],
  ['卫生服务中心', 'hospital'],
  ['保健院', 'hospital'],
  ['卫生院', 'hospital'],
  ['医院', 'hospital'],
  ['诊所', 'hospital'],
  ['农贸市场', 'market'],
  ['菜市场', 'market'],
  ['菜场', 'market'],
  ['批发市场', 'market'],
  ['市场(?![监化主经秩行价])', 'market'],
  ['超市', 'market'],
  ['商场', 'market'],
  ['公园', 'park'],
  ['广场', 'park'],
  ['湿地', 'park'],
  ['新区', 'other'],
  ['小区', 'compound'],
  ['花园', 'compound'],
  ['家园', 'compound'],
  ['公馆', 'compound'],
  ['华庭', 'compound'],
  ['山庄', 'compound'],
  ['新城', 'compound'],
  ['新村', 'compound'],
  ['公寓', 'compound'],
  ['大厦', 'compound'],
  ['半岛', 'compound'],
  ['名邸', 'compound'],
  ['明珠', 'compound'],
  ['壹号', 'compound'],
  ['天地', 'compound'],
  ['苑', 'compound'],
  ['府(?![的上门])', 'compound'],
  ['湾(?![的镇乡村])', 'compound'],
  ['园(?![区长丁林艺])', 'compound'],
  // A ring road (绕城高速, 环城路, 环城 in 环城绿化带) is one road however it is written, never an estate named 绕 or 段环.
  [RING, 'road'],
  // 城 before a direction or a road word is the town (城北新区, 城东) or a road (东城线), not an estate's suffix.
  ['城(?![管市区乡际铁里镇中建东南西北高线绿路道])', 'compound'],
  ['大道', 'road'],
  ['大街', 'road'],
  ['大桥', 'road'],
  // A town or village named after a bridge or bay (上岭桥镇, 白沙湾村) is where, not a bridge.
  ['(?<![过天立陆栈])桥(?![梁头墩面下上边洞底镇乡村])', 'road'],
  // 路 after a verb or 线/铁/网 is not a road's name (跑路, 线路, 走路, 出路, 铁路, 网路).
  ['(?<![线跑走出铁网电思套销进退活让修带引认迷赶拦堵挡领问绕抄门])路(?![灯面况过人费径线由子途段边上旁政网])', 'road'],
  ['街(?![道头上边])', 'road'],
  ['巷', 'road'],
]
/** Every spelling of the ring road (绕城高速, 环城路, 绕城线) folds to this key; the town a subject names keeps two cities' rings apart. */
const RING_CANONICAL = '环城'
const SUFFIX_RE = new RegExp(SUFFIXES.map(([s]) => `(${s})`).join('|'), 'gu')
const LEADING_SUFFIX_RE = new RegExp(`^(?:${SUFFIXES.map(([s]) => `(${s})`).join('|')})`, 'u')

// Suffixes that may continue a place found right before them (阳光花园 + 小区, 小河小学 + 路口).
const TAILS = new Set([
  '小区',
  '路口',
  '十字路口',
  '交叉口',
  '交叉路口',
  '社区',
  '村委会',
  '居委会',
  '菜市场',
  '农贸市场',
  '市场',
  '超市',
  '小学',
  '中学',
  '幼儿园',
  '医院',
  '公园',
])

// Characters that end a backward scan: function words and verbs rarely inside names.
const STOP = new Set('未的了是我你他她们这那个说就都也还被把给让为因请问住旁边原该本此某各每或等即'.split(''))
// Soft stops usually join or introduce names (皇庭尚品和金域蓝湾, 住在翠苑) but start a few
// common ones (和平路, 向阳小区), which are listed.
const SOFT_STOP = new Set('和与及同至到经近靠往向对在于从'.split(''))
const NAME_STARTS = new Set(['和平', '和顺', '和美', '和谐', '和园', '向阳', '同心', '同仁', '同德', '于家', '至善', '经开', '经济', '近郊', '从化', '在水'])
const LEAD =
  /^(?:这个|那个|这条|那条|一条|一个|整个|所在|所有|附近|周边|我们|我家|关于|针对|反映|投诉|举报|位于|地处|建议|请求|恳请|要求|呼吁|希望|目前|现在|今年|去年|每天|每晚|晚上|早上|上午|下午|中午|夜里|夜间|深夜|半夜|凌晨|傍晚|白天|周末|平时|一些|多个|多家|部分|再次|多次|一再|继续|强烈|紧急|解决|整治|治理|处理|严查|查处|为何|为什么|何时|怎么|咨询|询问|请问|反对|支持|质疑|取消|尽快|加快|完善|推进|落实|督促|保护|修复|拆除|拆|开通|打通|搬迁|取缔|关停|请|盼)+/
// Words that never sit inside a place name: the name starts after the last one (没有一条公交线路, 鑫盛公司老板跑路).
const NOT_IN_NAME =
  /^.*(?:\d+年|关于|整顿|整治|治理|取缔|查处|反映|投诉|举报|咨询|反对|拆除|建议|希望|请求|恳请|呼吁|质疑|没有|老板|什么|怎么|如何|已经|影响|严重|一下|一条|一家|一所|一座|这家|那家|多家|这所|那所|要求|投资|公司|平台|集团)/
// Between a compound and a school suffix, these make a school *near* the compound (中冶青山府配套学校).
const NOT_GLUED = /^(?:配套|新建|周边|附近|对面|旁边|门口|对口|就近|公办|民办|私立|片区|学区|这所|一所|那所|该|本)/
// Between a place and a crossing suffix: 小河小学门口路口 is the crossing at the school.
const CONNECTOR = /^(?:门口|门前|大门|附近|旁边|对面|东侧|西侧|南侧|北侧)$/
// Administrative prefixes (A市, A3区, 四方坪街道…) are not part of a compound's name.
const ADMIN = /^.*(?:省|市|县|区|镇|乡|街道)/
const GENERIC_PREFIX =
  /^(?:第?[一二三四五六七八九十百零\d]+|人民|中心|中医|中西医|妇幼|妇幼保健|职业|技术|职业技术|外国语|实验|师范|民族|城关|儿童|附属|疾控|卫生|公立|市|县|区|中|小|大|第|高级|初级|科技|工业|商业|农贸|附近|本地|当地|我市|全市|市属|县级|市级|省级|配套|新建|周边|对口|就近|公办|民办|私立|片区|学区|这所|一所|那所|该|本)+$/
const LAST_ADMIN = /[^省市区县镇乡]{0,4}(?:省|市|县|区|镇|乡|街道)$/
const GENERIC = new Set([
  '学校',
  '医院',
  '小区',
  '市场',
  '超市',
  '公园',
  '广场',
  '社区',
  '农村',
  '马路',
  '公路',
  '道路',
  '政府',
  '人民政府',
  '小学',
  '中学',
  '大学',
  '村级公路',
  '乡村公路',
  '农村公路',
  '县级公路',
  '通村公路',
  '配套学校',
  '配套小学',
])
const BAD_END = /(?:政府|城管|管理|开发|建设|服务|道路|马路)$/

const isNameChar = (c: string) => /[\p{Script=Han}A-Za-z0-9·-]/u.test(c)
// A dash joins letters and numbers (A-3栋), not words: after a Chinese word it is punctuation (脏乱差之源-松岭文体城).
const endsScan = (t: string, i: number) => t[i - 1] === '-' && /\p{Script=Han}/u.test(t[i - 2] ?? '')

// Generic suffixes after an estate's or venue's own name (松岭|家园, 松岭|文体城, 松岭|时代广场).
const STEM_SUFFIX = '小区|家园|花园|公寓|大厦|广场|新城|新村|华庭|山庄|公馆|名邸|苑|城|园|府|湾'
// Numbers, ordinals, directions and road words tell sibling places apart (阳光一苑, 阳光东苑, 松岭南路): never dropped with the suffix.
const SIBLING_MARK = '\\d一二三四五六七八九十百零东南西北中甲乙丙丁期区栋幢号座路街道桥巷'
const STEM_RE = new RegExp(`^(\\p{Script=Han}{2,}?)([^${SIBLING_MARK}]{0,2})(?:${STEM_SUFFIX})$`, 'u')
const SIBLING_END = new RegExp(`[${SIBLING_MARK}]$`, 'u')

/**
 * The bare name of an estate or venue written with a generic suffix: 松岭 for 松岭家园,
 * 松岭花园 and 松岭文体城 (at most two words of the venue's kind before the suffix).
 * Undefined when nothing generic can be dropped, or when what is left ends in a number,
 * ordinal or direction (阳光一苑 and 阳光二苑 are two estates, not 阳光).
 */
export function placeStem(canonical: string): string | undefined {
  const m = canonical.match(STEM_RE)
  // A public park is named for the place it lies by, not a variant of an estate of that name (和睦公园, 和睦新村).
  if (!m || SIBLING_END.test(m[1]) || canonical.endsWith('公园')) return undefined
  return m[1]
}

/** Folds variant spellings of the same place to one key. */
export function canonicalPlace(name: string, kind: PlaceKind): string {
  let n = name
  if (kind === 'compound') n = n.replace(/(?:小区|[0-9一二三四五六七八九十]+期)+$/, '') || name
  if (kind === 'crossing') n = n.replace(/(?:十字路口|交叉路口|交叉口|交汇处|交界处)$/, '路口')
  // 星城职业技术学院, 星城职业学院 and 星城职院 are one school.
  if (kind === 'school') n = n.replace(/(?:职业技术学院|职业学院)$/, '职院')
  if (kind === 'community') n = n.replace(/(?:居委会|村委会)$/, m => (m === '居委会' ? '社区' : '村'))
  // A district named for where it lies from the town (城北新区) is written with or without the town before it (安沙城北新区).
  n = n.replace(DIRECTION_DISTRICT, '$1')
  return n
}
const DIRECTION_DISTRICT = /^.+?((?:[城河江湖][东南西北]|[东南西北][城郊])新区)$/u

export interface PlaceOptions {
  gazetteer?: GazetteerEntry[]
  /** Only scan this many characters (places are stated early; keeps long letters cheap). */
  limit?: number
  /** The text is already normalize(text, { keepCase: true }): skip normalising again. */
  normalized?: boolean
}

/**
 * Extracts places from text (normalised here): gazetteer names and aliases
 * first, then names ending in a place suffix (…小区, …苑, …新城, …路口, …小学,
 * …医院, …市场, …公园, …社区), scanning back from the suffix over name
 * characters until a function word, punctuation or an earlier place.
 * Administrative prefixes (A市A3区) are dropped. Results are in text order.
 */
export function extractPlaces(text: string, opts: PlaceOptions = {}): Place[] {
  // Case is kept for display (L市职业技术学院); keys and the gazetteer use lower case.
  let t = opts.normalized ? text : normalize(text, { keepCase: true })
  if (opts.limit && t.length > opts.limit) t = t.slice(0, opts.limit)
  const lower = t.replace(/[A-Z]+/g, c => c.toLowerCase())
  const gaz = opts.gazetteer?.length ? compileGazetteer(opts.gazetteer) : undefined
  const out: Place[] = []
  const taken: boolean[] = []
  if (gaz) {
    const hits = gaz.ac.search(lower).sort((a, b) => a.start - b.start || b.end - a.end)
    let lastEnd = 0
    for (const h of hits) {
      if (h.start < lastEnd) continue
      const e = gaz.entries[h.pattern]
      // A place named after its community (和睦 + 小学, 菜场, 公园) is that place, not the community.
      const other = e.kind === 'community' ? placeSuffixAt(lower, h.end) : undefined
      const end = other ? h.end + other.suffix.length : h.end
      const name = t.slice(h.start, end)
      out.push(
        other
          ? { name, kind: other.kind, start: h.start, end, canonical: canonicalPlace(name.toLowerCase(), other.kind) }
          : { name, kind: e.kind, start: h.start, end, canonical: e.canonical },
      )
      for (let i = h.start; i < end; i++) taken[i] = true
      lastEnd = end
    }
  }
  let lastEnd = 0
  let prev: Place | undefined
  SUFFIX_RE.lastIndex = 0
  for (const m of lower.matchAll(SUFFIX_RE)) {
    const sStart = m.index!
    const suffix = m[0]
    const sEnd = sStart + suffix.length
    if (taken[sStart]) {
      lastEnd = Math.max(lastEnd, sEnd)
      continue
    }
    const kind = SUFFIXES[m.slice(1).findIndex(g => g !== undefined)][1]
    if (RING_RE.test(suffix)) {
      const place: Place = { name: t.slice(sStart, sEnd), kind: 'road', start: sStart, end: sEnd, canonical: RING_CANONICAL }
      out.push(place)
      prev = place
      lastEnd = sEnd
      continue
    }
    let i = sStart
    while (i > lastEnd && sStart - i < 8 && isNameChar(t[i - 1]) && !STOP.has(t[i - 1]) && !taken[i - 1] && !endsScan(t, i)) {
      if (SOFT_STOP.has(t[i - 1]) && !NAME_STARTS.has(t.slice(i - 1, i + 1))) break
      i--
    }
    // 星城 + 职业技术学院: a compound-like name glued to a school/hospital/market suffix
    // is that institution's name (A市星城职业技术学院), not a compound and a generic 学院.
    if (
      prev &&
      i === lastEnd &&
      i === prev.end &&
      i < sStart &&
      prev.kind === 'compound' &&
      /[城园苑府湾]$/.test(prev.name) &&
      (kind === 'school' || kind === 'hospital' || kind === 'market' || kind === 'park') &&
      out[out.length - 1] === prev &&
      !NOT_GLUED.test(lower.slice(i, sStart))
    ) {
      i = prev.start
      out.pop()
      prev = undefined
    }
    let prefix = t.slice(i, sStart)
    const notIn = lower.slice(i, sStart).match(NOT_IN_NAME)
    if (notIn) prefix = prefix.slice(notIn[0].length)
    const lead = lower.slice(sStart - prefix.length, sStart).match(LEAD)
    if (lead) prefix = prefix.slice(lead[0].length)
    const admin = prefix.match(ADMIN)
    let generic = false
    let shortName = false
    // A compound's one-character suffix after a bare administrative prefix (A7县城, K7县城)
    // is the town itself, not an estate; one character left (A市绕城) is the name.
    // Nothing but an administrative prefix before a crossing, road or compound suffix (A7县路口):
    // the text names no particular place. Schools keep it (K9县二中 is one school).
    if (admin && prefix.length === admin[0].length && (kind === 'crossing' || kind === 'road' || kind === 'compound')) prefix = ''
    else if (admin && kind === 'compound' && suffix.length === 1 && prefix.length - admin[0].length < 2) {
      prefix = prefix.slice(admin[0].length)
      shortName = true
    } else if (admin && prefix.length - admin[0].length >= 2) {
      const rest = prefix.slice(admin[0].length)
      // 人民医院, 第一中学…: keep the town (E市人民医院) or the name means nothing.
      // A verb may follow the county too (反对K7县拆除五一桥): the name starts after it.
      const lead = rest.toLowerCase().match(LEAD)?.[0].length ?? 0
      if (GENERIC_PREFIX.test(rest)) prefix = admin[0].match(LAST_ADMIN)?.[0] + rest
      else prefix = rest.length - lead >= 2 ? rest.slice(lead) : rest
    } else if (GENERIC_PREFIX.test(prefix)) generic = !admin
    const start = sStart - prefix.length
    let place: Place | undefined
    const isTail = !!prev && TAILS.has(suffix) && (prefix.length === 0 ? prev.end === sStart : CONNECTOR.test(prefix) && prev.end === start)
    if (isTail && prev) {
      // 阳光花园 + 小区 extends the compound; 小河小学 + 路口 is a crossing named after the school.
      const name = prev.name + suffix
      if (kind === 'compound' && prev.kind === 'compound') {
        prev.name = name
        prev.end = sEnd
        prev.canonical = canonicalPlace(name.toLowerCase(), 'compound')
        lastEnd = sEnd
        continue
      }
      place = { name, kind, start: prev.start, end: sEnd, canonical: canonicalPlace(name.toLowerCase(), kind) }
      // 长征桥 + 社区: the bridge named the community, it is not a second place here.
      if (kind !== 'crossing' && /桥$/.test(prev.name) && out[out.length - 1] === prev) out.pop()
    } else if (prefix.length >= 2 || (shortName && prefix.length === 1)) {
      const name = prefix + suffix
      if (!GENERIC.has(name) && !BAD_END.test(name))
        place = { name, kind, start, end: sEnd, canonical: canonicalPlace(name.toLowerCase(), kind), ...(generic ? { generic } : {}) }
    }
    if (place) {
      out.push(place)
      prev = place
      lastEnd = sEnd
    }
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end)
}

interface CompiledGazetteer {
  ac: AhoCorasick
  entries: { canonical: string; kind: PlaceKind }[]
}
const gazCache = new WeakMap<GazetteerEntry[], CompiledGazetteer>()

function compileGazetteer(g: GazetteerEntry[]): CompiledGazetteer {
  const cached = gazCache.get(g)
  if (cached) return cached
  const ac = new AhoCorasick()
  const entries: CompiledGazetteer['entries'] = []
  for (const e of g) {
    const canonical = normalize(e.name)
    const kind = e.kind ?? guessKind(canonical)
    for (const n of [e.name, ...(e.aliases ?? [])]) {
      const nn = normalize(n)
      if (!nn) continue
      ac.add(nn)
      entries.push({ canonical, kind })
    }
  }
  const c = { ac, entries }
  gazCache.set(g, c)
  return c
}

/** A place suffix of a kind other than a community's starting at `at` (和睦|公园, but not 和睦|社区). */
function placeSuffixAt(lower: string, at: number): { suffix: string; kind: PlaceKind } | undefined {
  const m = lower.slice(at, at + 8).match(LEADING_SUFFIX_RE)
  if (!m) return undefined
  const kind = SUFFIXES[m.slice(1).findIndex(g => g !== undefined)][1]
  return kind === 'community' ? undefined : { suffix: m[0], kind }
}

/** Infers the kind of a place name from its suffix ('other' if none fits). */
export function guessKind(name: string): PlaceKind {
  for (const [s, k] of SUFFIXES) if (new RegExp(`(?:${s})$`, 'u').test(name)) return k
  return 'other'
}

/** An organisation named in a text (鑫盛车贷, 恒达地产, XX物业管理有限公司). */
export interface Org {
  name: string
  /** The distinctive part shared by its variant names (鑫盛车贷平台, 鑫盛金融信息服务有限公司 → 鑫盛). */
  canonical: string
  start: number
  end: number
}

// Suffixes that end an organisation's name; longest first.
const ORG_RE = /有限责任公司|股份有限公司|有限公司|分公司|公司|集团|平台|车贷|网贷|金服|理财|银行|地产|置业|物业/gu
// Trade words folded away to reach the distinctive part of the name.
const ORG_TRADE =
  /(?:有限责任公司|股份有限公司|有限公司|分公司|公司|集团|平台|车贷|网贷|金服|理财|银行|金融信息服务|信息服务|金融服务|投资管理|资产管理|投资咨询|投资|网络科技|信息科技|信息技术|科技|金融|电子商务|房地产开发|房地产|地产|置业|物业服务|物业管理|物业|开发|实业|控股|贸易|商贸|建设|建筑|工程|服务|管理|咨询|网络|信息|小额贷款|贷款|借贷|租赁|汽车|车辆|互联网)$/u
// Function words that end a backward scan over an organisation's name.
const ORG_STOP = new Set('如而但其由去拒感以致不所凭偏若即因并且被将把要向让有没'.split(''))
// Names that say what kind of company, not which one (该公司, 物业公司, 快递公司, 中国移动).
const GENERIC_ORG =
  /^(?:该|这|那|此|本|某|一|多|各|我|贵|其|相关|涉事|黑心|无良|违规|非法|个|家|[一二三四五六七八九十几两数多]+家)*(?:邮政|邮政储蓄|供水|发展|评估|行业|公共|前期|改造|地方|诈骗|教育|旅游|搬家|货运|烟草|人寿|开锁|民爆|交管|煤气|通讯|新老|电信|移动|联通|供电|电力|自来水|水务|燃气|天然气|公交|出租车|出租|保险|快递|担保|中介|装修|外卖|家政|培训|劳务|保安|环卫|绿化|施工|开发商|房产|中国|国有|私人|民营|外资|p2p|物流|运输|客运|驾校|商业|农村|商业银行|建设|工商|农业|交通|人民|外包|第三方|上市|空壳|皮包|网上|线上|大型|小型|国企|央企|私企)*$/u

/**
 * Extracts organisation names (companies, lending platforms, developers,
 * property firms) from normalised text: a name ending in 公司/集团/平台/车贷/
 * 地产/物业…, scanned back like a place name. Generic ones (该公司, 物业公司)
 * are dropped; `canonical` is the name without trade words, so 鑫盛车贷,
 * 鑫盛车贷平台 and 鑫盛金融信息服务有限公司 share one key.
 */
export function extractOrgs(text: string, opts: { normalized?: boolean; limit?: number } = {}): Org[] {
  let t = opts.normalized ? text : normalize(text, { keepCase: true })
  if (opts.limit && t.length > opts.limit) t = t.slice(0, opts.limit)
  const lower = t.replace(/[A-Z]+/g, c => c.toLowerCase())
  const out: Org[] = []
  let lastEnd = 0
  ORG_RE.lastIndex = 0
  for (const m of lower.matchAll(ORG_RE)) {
    const sStart = m.index!
    const sEnd = sStart + m[0].length
    const prev = out[out.length - 1]
    // 鑫盛车贷 + 平台, XX物业 + 管理有限公司: one name.
    if (prev && prev.end === sStart) {
      prev.name += t.slice(sStart, sEnd)
      prev.end = sEnd
      lastEnd = sEnd
      continue
    }
    let i = sStart
    while (i > lastEnd && sStart - i < 12 && isNameChar(t[i - 1]) && !STOP.has(t[i - 1]) && !SOFT_STOP.has(t[i - 1]) && !ORG_STOP.has(t[i - 1])) i--
    let name = t.slice(i, sEnd)
    const notIn = name
      .slice(0, sStart - i)
      .match(/^.*(?:没有|老板|什么|怎么|如何|已经|一家|这家|那家|多家|投资了|我们|他们|部门|督促|要求|请求|反映|投诉|举报|希望|责令|监管)/)
    if (notIn) name = name.slice(notIn[0].length)
    name = name.replace(LEAD, '').replace(ADMIN, '')
    let core = name.toLowerCase()
    for (let k = 0; k < 6; k++) {
      const next = core.replace(ORG_TRADE, '')
      if (next === core) break
      core = next
    }
    lastEnd = sEnd
    if (core.length < 2 || GENERIC_ORG.test(core)) continue
    out.push({ name, canonical: core, start: sEnd - name.length, end: sEnd })
  }
  return out
}

/** The distinctive part of a place or organisation name in a text: `[start, end)` in the normalised text. */
export interface NameSpan {
  start: number
  end: number
  /** The whole name the span belongs to. */
  name: string
}

const SUFFIX_AT_END = new RegExp(`(?:${SUFFIXES.map(([s]) => s).join('|')})$`, 'u')
// After a name, these make it a landmark that locates the problem (人民医院对面的工地):
// then the whole name, kind word included, says nothing about the problem.
const LOCATIVE = /^的?(?:斜对面|对面|旁边|边上|隔壁|门口|门前|附近|周边|周围|一带|背后|后面|前面|楼下|东侧|西侧|南侧|北侧|东边|西边|南边|北边)/u
// Work-unit housing and stations locate a problem by an agency or a transport word
// (环保局宿舍, 交警大队家属院, 长途汽车站): the words before them are a name.
const LANDMARK = /([\p{Script=Han}A-Za-z0-9]{2,6}?)(家属院|家属区|家属楼|宿舍区|宿舍楼|宿舍|汽车站|火车站|客运站|高铁站)/gu
// Any LANDMARK match holds one of these: most letters have none, and the lazy prefix
// above is tried at every position (a large share of classification time).
const LANDMARK_WORD = /家属[院区楼]|宿舍|汽车站|火车站|客运站|高铁站/u
const NOT_LANDMARK = /(?:学生|员工|职工|教职工|集体|男生|女生|工人|单位|公司|学校)$/u

/**
 * Spans of the words inside place and organisation names (小河小学 in
 * 小河小学路口, 医院 in 医院路, 阳光 in 阳光物业有限公司): the name without the
 * suffix that says what kind of place or firm it is. Those words name the place,
 * they do not describe the problem, so a classifier should not count them.
 * Names found in the first `limit` characters are masked wherever they recur.
 * Spans refer to the normalised text (lengths equal normalize(text) with or without case).
 */
export function nameSpans(text: string, opts: { normalized?: boolean; limit?: number; gazetteer?: GazetteerEntry[] } = {}): NameSpan[] {
  const t = opts.normalized ? text : normalize(text, { keepCase: true })
  const limit = opts.limit ?? 600
  // name → how many of its leading characters are masked (the whole name when it is a landmark).
  const names = new Map<string, number>()
  const scanned = limit && t.length > limit ? t.slice(0, limit) : t
  const put = (name: string, keep: number, end: number) => {
    if (LOCATIVE.test(scanned.slice(end, end + 4))) keep = name.length
    if (keep >= 2) names.set(name, Math.max(names.get(name) ?? 0, keep))
  }
  for (const p of extractPlaces(t, { normalized: true, limit, gazetteer: opts.gazetteer })) {
    const suffix = p.name.toLowerCase().match(SUFFIX_AT_END)?.[0].length ?? 0
    put(p.name, p.name.length - suffix, p.end)
  }
  if (LANDMARK_WORD.test(scanned))
    for (const m of scanned.matchAll(LANDMARK)) {
      let name = m[1]
      const cut = name.match(/^.*[的了是在我你他她们这那个说就都也还被把给让为因请问住和与及到对从]/u)
      if (cut) name = name.slice(cut[0].length)
      if (name.length < 2 || NOT_LANDMARK.test(name)) continue
      put(name + m[2], name.length, m.index! + m[0].length)
    }
  for (const o of extractOrgs(t, { normalized: true, limit })) {
    if (o.canonical.length >= 2 && o.name.toLowerCase().startsWith(o.canonical)) names.set(o.name, Math.max(names.get(o.name) ?? 0, o.canonical.length))
  }
  if (!names.size) return []
  const out: NameSpan[] = []
  const lower = t.toLowerCase()
  for (const [name, keep] of names) {
    const key = name.toLowerCase()
    for (let i = lower.indexOf(key); i >= 0; i = lower.indexOf(key, i + key.length)) out.push({ start: i, end: i + keep, name })
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end)
}
