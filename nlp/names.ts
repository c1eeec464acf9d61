import { Jieba } from '@node-rs/jieba'
import jaroWinkler from 'natural/lib/natural/distance/jaro-winkler_distance.js'
import { mix32 } from './features'
import { defaultDictionary } from './tokenize'

/**
 * Names learned from the messages themselves: estates without a 小区/苑 suffix
 * (星河左岸), platforms named bare (鼎利宝), programmes (安居补贴). A name is a
 * run of whole words (3–8 Chinese characters) that recurs in the subjects of
 * different residents: nouns, or a word new to the segmenter's dictionary, not
 * everyday words, and no category keyword — problems are words of the taxonomy,
 * names are not — except that a programme's name ends in what it is (补贴,
 * 政策, 工程…) and may say what it does.
 */
export interface LearnedName {
  name: string
  /** Distinct residents who wrote it in a subject (approximate). */
  residents: number
  /** Start in the text searched. */
  start: number
  kind: 'name' | 'programme'
}

export interface NameLexicon {
  /** Records the runs of a subject (once per message, once per resident). */
  learn(subject: string, user?: string, candidates?: Candidate[]): void
  /** How many residents wrote this run in a subject (approximate: hashed counts). */
  residents(run: string): number
  /** The name a subject is about, learned from earlier subjects (this one included if learned). */
  inSubject(subject: string, candidates?: Candidate[]): LearnedName | undefined
  /** A name already learned from subjects, in a letter's opening (stricter: 3 residents). */
  inText(text: string, limit?: number): LearnedName | undefined
  /** Subjects learned. */
  readonly docs: number
}

export interface NameLexiconOptions {
  /** Category keywords (problems): a run containing one is not a name. */
  problemWords?: Iterable<string>
  /** Hash table size as a power of two; 2^20 buckets per row is enough for a district's year. */
  bits?: number
}

const MIN_LEN = 3
const MAX_LEN = 8
const MAX_TOKENS = 4
const HAN_ONLY = /^\p{Script=Han}+$/u
// Everyday words that make a run a phrase, not a name (关于…, …的问题, 一直没有…), and
// kinds of organisation that name nobody in particular (平台, 物业): those come with a name.
const EVERYDAY = [
  '关于',
  '问题',
  '投诉',
  '反映',
  '举报',
  '咨询',
  '请求',
  '要求',
  '恳请',
  '希望',
  '建议',
  '呼吁',
  '解决',
  '处理',
  '政府',
  '部门',
  '领导',
  '相关',
  '情况',
  '业主',
  '居民',
  '市民',
  '群众',
  '村民',
  '百姓',
  '家长',
  '学生',
  '孩子',
  '老人',
  '我们',
  '大家',
  '本人',
  '小区',
  '社区',
  '一直',
  '没有',
  '已经',
  '现在',
  '目前',
  '今年',
  '去年',
  '每天',
  '为什么',
  '什么',
  '怎么',
  '如何',
  '何时',
  '能否',
  '是否',
  '可以',
  '还是',
  '严重',
  '非常',
  '申请',
  '办理',
  '发放',
  '领取',
  '缴纳',
  '提交',
  '审核',
  '通过',
  '失败',
  '成功',
  '进度',
  '原因',
  '答复',
  '回复',
  '落实',
  '督促',
  '整改',
  '维权',
  '强烈',
  '再次',
  '多次',
  '紧急',
  '尽快',
  '及时',
  '长期',
  '时间',
  '时候',
  '地方',
  '事情',
  '工作',
  '人员',
  '单位',
  '有限',
  '公司',
  '平台',
  '集团',
  '网贷',
  '车贷',
  '理财',
  '物业',
  '开发商',
  '银行',
  '商家',
  '老板',
  '投资人',
  '出借人',
]
const EVERYDAY_RE = new RegExp(EVERYDAY.join('|'), 'u')
// What a programme's or policy's name ends with.
const PROGRAMME = /^(?:补贴|补助|津贴|救助|政策|工程|项目|计划|指标|改造|户口|保险|基金|试点|规划)$/
const PROGRAMME_IN = /补贴|补助|津贴|救助|政策|工程|项目|计划|指标|改造|户口|保险|基金|试点|规划|有关|相关/
const PROGRAMME_KINDS = '补贴|补助|津贴|救助|政策|工程|项目|计划|指标|改造|户口|保险|基金|试点|规划'
const PROGRAMME_NAME_BEFORE_KIND = new RegExp(`(\\p{Script=Han}{3,}?)(?:${PROGRAMME_KINDS})+`, 'gu')
// Function words that never start a name (于购房 in 关于购房补贴).
const NOT_NAME_START = /^[于的了是在和与及对把被给向从为请问]/u
// Parts of speech never inside a name (verbs, adverbs, function words, idioms, numbers…).
const NOT_IN_NAME = /^(?:v|vd|vn|vg|d|dg|p|c|u|uj|ul|uz|uv|ug|ud|r|rr|rz|l|i|m|mq|q|a|ad|an|ag|y|e|o|z|zg|t|tg)$/
// …except in a programme's name, which may say what it does (安居/v 补贴, 新/a 市民).
const NOT_IN_PROGRAMME = /^(?:d|dg|p|c|u|uj|ul|uz|uv|ug|ud|r|rr|rz|l|i|m|mq|q|y|e|o)$/
// A single dictionary word is a name only when it is a proper noun or new to the dictionary.
const PROPER = /^(?:x|nr|nrt|nrfg|ns|nt|nz|j)$/
// Administrative areas alone (A市, 星沙镇) are where, not what; a run starting with one
// began right after an area code (A市|南站, A7县|泉塘) and is cut there.
const ADMIN_END = /^[省市县区镇乡]|[省市县区镇乡]$/
// Four characters shaped as a set phrase, whatever the segmenter tags them (公平公正, 违法违规, 清清楚楚,
// 研究研究): residents with unrelated matters share them; a name of four is almost never shaped so. Only
// the whole run: a longer name may begin so (新城新世界).
const SET_PHRASE = /^(?:(.)(?!\1).\1(?!\1).|(.)\2(.)\3|(.)(.)\4\5)$/u
const phrase = (gram: string) => SET_PHRASE.test(gram)
// Government offices every town has (公安局, 人民法院, 政务中心): an office, not a matter; and
// the officials letters are addressed to (胡厅长, 王局长, 李书记): whom, not what.
const OFFICE_END =
  /(?:局|法院|检察院|政府|委员会|委|办事处|办|厅|政务中心|服务中心|派出所|大队|支队|中队|管理处|管理所|人大代表|代表|省长|市长|县长|区长|镇长|乡长|厅长|局长|书记|主任|部长|处长|科长|主席)$/

interface Token {
  word: string
  tag: string
  at: number
}
export interface Candidate {
  gram: string
  start: number
  end: number
  kind: LearnedName['kind']
}

let tagger: Jieba | undefined
/** One shared tagger (loading the dictionary is the slow part). */
const tag = (text: string): Token[] => {
  tagger ??= Jieba.withDict(defaultDictionary())
  const out: Token[] = []
  let at = 0
  for (const t of tagger.tag(text, true)) {
    out.push({ word: t.word, tag: t.tag, at })
    at += t.word.length
  }
  return out
}

// Everyday words, and verbs said twice (管一管, 查一查).
const everyday = (gram: string) => EVERYDAY_RE.test(gram) || /(.)一\1/u.test(gram) || phrase(gram)

/** Runs of a subject that could be a name or a programme's name (what a lexicon learns from it). */
export function candidatesOf(subject: string): Candidate[] {
  return candidates(subject, everyday)
}

/** Runs of whole words that could be a name or a programme's name. */
function candidates(text: string, everyday: (gram: string) => boolean): Candidate[] {
  const tokens = tag(text)
  const out: Candidate[] = []
  for (let i = 0; i < tokens.length; i++) {
    let gram = ''
    let nameLike = true
    let programmeLike = true
    for (let j = i; j < tokens.length && j < i + MAX_TOKENS; j++) {
      const t = tokens[j]
      if (!HAN_ONLY.test(t.word)) break
      gram += t.word
      if (gram.length > MAX_LEN) break
      // A one-character word of place or time (后, 里, 前) is not where a name ends.
      const weak = NOT_IN_NAME.test(t.tag) || (t.tag === 'f' && t.word.length === 1)
      nameLike &&= !weak
      if (gram.length < MIN_LEN || everyday(gram) || ADMIN_END.test(gram) || OFFICE_END.test(gram)) {
        programmeLike &&= !NOT_IN_PROGRAMME.test(t.tag)
        continue
      }
      // A programme is named by what precedes its kind (安居|补贴), not by another kind word (补贴|政策).
      const head = gram.slice(0, gram.length - t.word.length)
      if (PROGRAMME.test(t.word) && programmeLike && j > i) {
        if (head.length >= 2 && !PROGRAMME_IN.test(head))
          out.push({ gram, start: t.at - gram.length + t.word.length, end: t.at + t.word.length, kind: 'programme' })
      } else if (nameLike && (j > i || PROPER.test(t.tag))) out.push({ gram, start: tokens[i].at, end: t.at + t.word.length, kind: 'name' })
      programmeLike &&= !NOT_IN_PROGRAMME.test(t.tag)
    }
  }
  // A programme's own name before what kind it is, whatever the segmenter made of it
  // (非转农 in 咨询非转农政策 and 非转农户口政策: residents name its kind differently, the
  // name stays): the last three to five characters before the kind word(s).
  for (const m of text.matchAll(PROGRAMME_NAME_BEFORE_KIND)) {
    const run = m[1]
    const end = m.index! + run.length
    for (let n = MIN_LEN; n <= Math.min(5, run.length); n++) {
      const gram = run.slice(-n)
      if (everyday(gram) || ADMIN_END.test(gram) || OFFICE_END.test(gram) || NOT_NAME_START.test(gram)) continue
      out.push({ gram, start: end - n, end, kind: 'programme' })
    }
  }
  return out
}

/**
 * Creates a lexicon that learns names as subjects arrive. Counting is hashed
 * (two rows, the smaller count wins) so memory stays fixed for any volume.
 */
export function createNameLexicon(opts: NameLexiconOptions = {}): NameLexicon {
  const bits = opts.bits ?? 20
  const size = 1 << bits
  const mask = size - 1
  const counts = [new Uint16Array(size), new Uint16Array(size)]
  const lastUser = [new Uint32Array(size), new Uint32Array(size)]
  const problems = new Set<string>()
  for (const w of opts.problemWords ?? []) if ([...w].length >= 2) problems.add(w)
  // Longest problem word by first character: most positions of a text start none.
  const problemLongest = new Map<number, number>()
  for (const w of problems) problemLongest.set(w.charCodeAt(0), Math.max(problemLongest.get(w.charCodeAt(0)) ?? 0, w.length))
  let docs = 0
  let anonymous = 0
  // Runs written by two or more residents (exact strings; few beside all runs counted).
  const recurring = new Set<string>()

  const hash = (s: string, seed: number) => {
    let h = seed
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
    return mix32(h)
  }
  const hashes = (run: string): [number, number] => [hash(run, 0x811c9dc5) & mask, hash(run, 0x5bd1e995) & mask]
  const residents = (run: string) => {
    const [a, b] = hashes(run)
    return Math.min(counts[0][a], counts[1][b])
  }
  // A subject is learned and then searched: segment it once (or not at all when segmented ahead).
  let lastText = ''
  let lastCandidates: Candidate[] = []
  const candidatesOf = (text: string, given?: Candidate[]) => {
    if (given) ((lastText = text), (lastCandidates = given))
    else if (text !== lastText) {
      lastText = text
      lastCandidates = candidates(text, everyday)
    }
    return lastCandidates
  }
  /** Spans of category keywords in the text (a name does not cut through one: 枫丹丽舍交|房). */
  const problemSpans = (text: string) => {
    const spans: [number, number][] = []
    for (let i = 0; i < text.length; i++) {
      const longest = problemLongest.get(text.charCodeAt(i))
      if (longest === undefined) continue
      for (let j = i + 2; j <= Math.min(text.length, i + 8, i + longest); j++) if (problems.has(text.slice(i, j))) spans.push([i, j])
    }
    return spans
  }
  /** Problems are words of the taxonomy, names are not (a programme's own words may be: 安居补贴). */
  const usable = (c: Candidate, spans: [number, number][]) => {
    for (const [a, b] of spans) {
      if ((a < c.start && c.start < b) || (a < c.end && c.end < b)) return false
      if (c.kind === 'name' && a >= c.start && b <= c.end) return false
    }
    return true
  }
  /**
   * Runs of a letter's opening already counted as names in subjects (only whole-word
   * runs are counted there, so the letter need not be segmented: cheaper for long text).
   */
  const knownRuns = (text: string, minResidents: number): Candidate[] => {
    const out: Candidate[] = []
    const runs = text.match(/\p{Script=Han}{3,}/gu) ?? []
    let from = 0
    for (const run of runs) {
      const at = text.indexOf(run, from)
      from = at + run.length
      for (let i = 0; i + MIN_LEN <= run.length; i++) {
        // Hashes extended one character at a time: no substring is made unless it counts.
        let h1 = 0x811c9dc5
        let h2 = 0x5bd1e995
        for (let n = 1; n <= MAX_LEN && i + n <= run.length; n++) {
          const code = run.charCodeAt(i + n - 1)
          h1 = Math.imul(h1 ^ code, 16777619)
          h2 = Math.imul(h2 ^ code, 16777619)
          // The second row is only read when the first already counts enough residents.
          if (n < MIN_LEN || counts[0][mix32(h1) & mask] < minResidents || counts[1][mix32(h2) & mask] < minResidents) continue
          const gram = run.slice(i, i + n)
          // Hashed counts can collide: only runs really seen recurring in subjects.
          if (!recurring.has(gram) || everyday(gram) || ADMIN_END.test(gram)) continue
          out.push({ gram, start: at + i, end: at + i + n, kind: PROGRAMME.test(gram.slice(-2)) ? 'programme' : 'name' })
        }
      }
    }
    return out
  }
  const best = (text: string, minResidents: number, limit: number, segment: boolean, given?: Candidate[]): LearnedName | undefined => {
    const scope = text.slice(0, limit)
    const cands = segment ? candidatesOf(scope, given).filter(c => residents(c.gram) >= minResidents) : knownRuns(scope, minResidents)
    if (!cands.length) return undefined
    const spans = problemSpans(scope)
    const problemAt = spans.length ? Math.min(...spans.map(([a]) => a)) : Infinity
    let found: LearnedName | undefined
    let bestScore = 0
    for (const c of cands) {
      if (!usable(c, spans)) continue
      const r = residents(c.gram)
      // Names lead a subject ("[estate][problem]"); longer wins among equals (星河左岸 over 河左岸).
      const score = r * (c.start < problemAt || c.kind === 'programme' ? 3 : 1) + c.gram.length * 0.01
      if (score > bestScore) {
        bestScore = score
        found = { name: c.gram, residents: r, start: c.start, kind: c.kind }
      }
    }
    return found
  }

  return {
    get docs() {
      return docs
    },
    residents,
    learn(subject, user, given) {
      docs++
      const who = hash(user ?? `#${anonymous++}`, 0x811c9dc5) || 1
      const seen = new Set<string>()
      for (const { gram } of candidatesOf(subject, given)) {
        if (seen.has(gram)) continue
        seen.add(gram)
        const hs = hashes(gram)
        for (let row = 0; row < 2; row++) {
          const h = hs[row]
          // The same resident writing again does not make a name more common.
          if (lastUser[row][h] === who) continue
          lastUser[row][h] = who
          if (counts[row][h] < 0xffff) counts[row][h]++
        }
        if (Math.min(counts[0][hs[0]], counts[1][hs[1]]) >= 2) recurring.add(gram)
      }
    },
    inSubject: (subject, given) => best(subject, 2, subject.length, true, given),
    inText: (text, limit = 120) => best(text, 3, limit, false),
  }
}

/**
 * Batch helper: the names recurring in these subjects, most residents first,
 * with variants folded into the name they extend (鼎利宝平台 → 鼎利宝 when
 * nearly everyone writing the longer one is counted in the shorter).
 */
export function discoverNames(
  subjects: { subject: string; user?: string }[],
  opts: NameLexiconOptions = {},
): { name: string; residents: number; kind: LearnedName['kind'] }[] {
  const lex = createNameLexicon(opts)
  for (const s of subjects) lex.learn(s.subject, s.user)
  const found = new Map<string, { name: string; residents: number; kind: LearnedName['kind'] }>()
  for (const s of subjects) {
    const n = lex.inSubject(s.subject)
    if (n) found.set(n.name, { name: n.name, residents: n.residents, kind: n.kind })
  }
  return [...found.values()].sort((a, b) => b.residents - a.residents || a.name.localeCompare(b.name))
}

/** How alike two spellings must be (Jaro–Winkler) to be one name: a typo in a long name, not a sibling estate. */
const VARIANT_SIMILARITY = 0.9
/** Names this short differ by one character from their neighbours (阳光花园, 阳光家园): never merged by likeness. */
const VARIANT_MIN_LEN = 4

/**
 * Whether two names that share no three-character run are still spellings of one
 * name: a word left out (东方明珠花园, 东方花园) or two characters swapped
 * (东方明珠花园, 东方珠明花园). Jaro–Winkler rewards the shared
 * beginning that Chinese names keep, so two estates that only share a prefix
 * (阳光花园, 阳光新城) stay apart.
 */
export function isNameVariant(a: string, b: string): boolean {
  if (a === b) return true
  if (a.length < VARIANT_MIN_LEN || b.length < VARIANT_MIN_LEN) return false
  return jaroWinkler(a, b) >= VARIANT_SIMILARITY
}
