import { mix32 } from './features'

/**
 * Names learned from the messages themselves: estates without a 小区/苑 suffix
 * (星河左岸), platforms named bare (鼎利宝), programmes (安居补贴). A name is a
 * run of 3–8 Chinese characters that recurs in the subjects of different
 * residents, is not made of everyday words, and does not contain a category
 * keyword — problems are words of the taxonomy, names are not — except that a
 * programme's name ends in what it is (补贴, 政策, 工程…).
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
  learn(subject: string, user?: string): void
  /** How many residents wrote this run in a subject (approximate: hashed counts). */
  residents(run: string): number
  /** The name a subject is about, learned from earlier subjects (this one included if learned). */
  inSubject(subject: string): LearnedName | undefined
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
const HAN = /\p{Script=Han}/u
// Characters never inside a name (function words), and characters a name does not start or end with.
const NEVER_IN = new Set('的了吗呢吧啊么我你他她它们这那哪谁啥'.split(''))
const NOT_AT_EDGE = new Set('是在和与及或被把对向从到于为有也都就还又很不没请让给等个些已将要会能可该此其各每再并且而但却只才更最太多少几两上下内外后前旁边'.split(''))
// Everyday words that make a run a phrase, not a name (关于…, …的问题, 一直没有…).
const EVERYDAY = [
  '关于', '问题', '投诉', '反映', '举报', '咨询', '请求', '要求', '恳请', '希望', '建议', '呼吁', '解决', '处理', '政府', '部门', '领导', '相关', '情况',
  '业主', '居民', '市民', '群众', '村民', '百姓', '老百姓', '家长', '学生', '孩子', '老人', '我们', '大家', '本人', '小区', '社区',
  '一直', '没有', '已经', '现在', '目前', '今年', '去年', '每天', '为什么', '什么', '怎么', '如何', '何时', '能否', '是否', '可以', '还是', '严重', '非常',
  '申请', '办理', '发放', '领取', '缴纳', '提交', '审核', '不通过', '失败', '成功', '进度', '原因', '答复', '回复', '落实', '督促', '整改', '维权',
  '强烈', '再次', '多次', '紧急', '尽快', '及时', '长期', '时间', '时候', '地方', '东西', '事情', '工作', '人员', '单位', '公司', '有限',
]
// What a programme's or policy's name ends with.
const PROGRAMME = /(?:补贴|补助|津贴|救助|政策|工程|项目|计划|指标|改造|户口|保险|基金|试点|规划)$/
// Administrative prefixes alone (A市, 星沙镇) are where, not what.
const ADMIN_END = /[省市县区镇乡]$/

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
  let docs = 0
  let anonymous = 0

  const hashes = (run: string): [number, number] => {
    let h = 0x811c9dc5
    for (let i = 0; i < run.length; i++) h = Math.imul(h ^ run.charCodeAt(i), 16777619)
    return [mix32(h) & mask, mix32(h ^ 0x5bd1e995) & mask]
  }
  const userHash = (user: string) => {
    let h = 0x811c9dc5
    for (let i = 0; i < user.length; i++) h = Math.imul(h ^ user.charCodeAt(i), 16777619)
    return mix32(h) || 1
  }
  const residents = (run: string) => {
    const [a, b] = hashes(run)
    return Math.min(counts[0][a], counts[1][b])
  }

  /** Runs of Chinese characters (names live inside them; punctuation and Latin codes end them). */
  const hanRuns = (text: string) => {
    const out: { s: string; at: number }[] = []
    let start = -1
    for (let i = 0; i <= text.length; i++) {
      const isHan = i < text.length && HAN.test(text[i])
      if (isHan && start < 0) start = i
      else if (!isHan && start >= 0) {
        out.push({ s: text.slice(start, i), at: start })
        start = -1
      }
    }
    return out
  }
  const forEachGram = (text: string, fn: (gram: string, start: number) => void) => {
    for (const { s, at } of hanRuns(text))
      for (let i = 0; i + MIN_LEN <= s.length; i++) for (let n = MIN_LEN; n <= MAX_LEN && i + n <= s.length; n++) fn(s.slice(i, i + n), at + i)
  }
  const containsAny = (gram: string, words: Set<string> | string[]) => {
    if (Array.isArray(words)) return words.some((w) => gram.includes(w))
    for (let i = 0; i < gram.length; i++) for (let j = i + 2; j <= gram.length; j++) if (words.has(gram.slice(i, j))) return true
    return false
  }
  /** Whether a run can be a name at all (before counting). */
  const kindOf = (gram: string): LearnedName['kind'] | undefined => {
    if (NOT_AT_EDGE.has(gram[0]) || NOT_AT_EDGE.has(gram[gram.length - 1])) return undefined
    for (const ch of gram) if (NEVER_IN.has(ch)) return undefined
    if (containsAny(gram, EVERYDAY) || ADMIN_END.test(gram)) return undefined
    if (PROGRAMME.test(gram)) {
      // The programme's own words may be category words (安居补贴); what precedes the suffix names it.
      const head = gram.replace(PROGRAMME, '')
      return [...head].length >= 2 && !problems.has(head) ? 'programme' : undefined
    }
    return containsAny(gram, problems) ? undefined : 'name'
  }
  /** Spans of category keywords in the text (a name does not cut through one: 枫丹丽舍交|房). */
  const problemSpans = (text: string) => {
    const spans: [number, number][] = []
    for (let i = 0; i < text.length; i++) for (let j = i + 2; j <= Math.min(text.length, i + 8); j++) if (problems.has(text.slice(i, j))) spans.push([i, j])
    return spans
  }
  const best = (text: string, minResidents: number, limit: number): LearnedName | undefined => {
    const scope = text.slice(0, limit)
    const spans = problemSpans(scope)
    const problemAt = spans.length ? Math.min(...spans.map(([a]) => a)) : Infinity
    let found: LearnedName | undefined
    let bestScore = 0
    forEachGram(scope, (gram, start) => {
      const r = residents(gram)
      if (r < minResidents) return
      const kind = kindOf(gram)
      if (!kind) return
      const end = start + gram.length
      // Cutting through a keyword: the name is shorter or longer than this run.
      if (spans.some(([a, b]) => (a < start && start < b) || (a < end && end < b))) return
      // Names lead a subject ("[estate][problem]"); longer wins among equals (星河左岸 over 河左岸).
      const score = r * (start < problemAt ? 3 : 1) + gram.length * 0.01
      if (score > bestScore) {
        bestScore = score
        found = { name: gram, residents: r, start, kind }
      }
    })
    return found
  }

  return {
    get docs() {
      return docs
    },
    residents,
    learn(subject, user) {
      docs++
      const who = userHash(user ?? `#${anonymous++}`)
      const seen = new Set<string>()
      forEachGram(subject, (gram) => {
        if (seen.has(gram)) return
        seen.add(gram)
        const hs = hashes(gram)
        for (let row = 0; row < 2; row++) {
          const h = hs[row]
          // The same resident writing again does not make a name more common.
          if (lastUser[row][h] === who) continue
          lastUser[row][h] = who
          if (counts[row][h] < 0xffff) counts[row][h]++
        }
      })
    },
    inSubject: (subject) => best(subject, 2, subject.length),
    inText: (text, limit = 120) => best(text, 3, limit),
  }
}

/**
 * Batch helper: the names recurring in these subjects, most residents first,
 * with variants folded into the name they extend (鼎利宝平台 → 鼎利宝 when
 * nearly everyone writing the longer one is counted in the shorter).
 */
export function discoverNames(subjects: { subject: string; user?: string }[], opts: NameLexiconOptions = {}): { name: string; residents: number; kind: LearnedName['kind'] }[] {
  const lex = createNameLexicon(opts)
  for (const s of subjects) lex.learn(s.subject, s.user)
  const found = new Map<string, { name: string; residents: number; kind: LearnedName['kind'] }>()
  for (const s of subjects) {
    const n = lex.inSubject(s.subject)
    if (n) found.set(n.name, { name: n.name, residents: n.residents, kind: n.kind })
  }
  return [...found.values()].sort((a, b) => b.residents - a.residents || a.name.localeCompare(b.name))
}
