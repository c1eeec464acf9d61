// What makes two reports the same problem, for "similar reports" on the
// resident form: shared words of the problem itself, not of the place it is at
// nor of the words every letter uses (每天, 孩子, 很危险).
import type { Db } from '#db/client'
import { getUnitTree, listUnits } from '#db/queries/units'
import { normalize } from '#nlp/normalize'
import { extractPlaces, type GazetteerEntry } from '#nlp/places'
import { flattenKeywords, type Taxonomy } from '#nlp/taxonomy'
import { getPipeline } from './nlp.server'

/**
 * Words letters about any problem use: when (每天, 早上), who (孩子, 老人,
 * 行人), how much or how badly (很多, 严重, 危险), what is asked and how (希望,
 * 解决, 在哪里, 怎么) and where around a place (门口, 附近). Two letters sharing
 * them share nothing of their problem.
 */
const CONTEXT_WORDS = new Set(
  (
    '每天 天天 每次 经常 总是 一直 最近 平时 周末 今天 昨天 明天 早上 上午 中午 下午 晚上 夜里 半夜 凌晨 时间 时候 时段 小时 分钟 半年 好几天 ' +
    '上学 放学 上班 下班 ' +
    '孩子 小孩 老人 居民 家长 大家 业主 群众 住户 行人 路人 市民 学生 家里 ' +
    '很多 许多 好多 非常 特别 严重 十分 实在 根本 只能 只好 不能 无法 可能 已经 还是 真的 越来越 容易 ' +
    '影响 危险 安全 麻烦 困难 方便 不便 反映 投诉 希望 建议 要求 解决 处理 管理 加强 尽快 及时 协调 联系 帮忙 整治 ' +
    '咨询 请问 哪里 哪儿 哪个 什么 怎么 怎样 怎么办 如何 为什么 为啥 多少 是否 能否 可否 可以 能不能 有没有 ' +
    '附近 周边 旁边 门口 大门 大门口 校门 校门口 路口 对面 这里 那里 地方 一带 路边 楼下 里面 外面'
  ).split(' '),
)

/**
 * Characters too common in Chinese words to tie two words to one meaning on
 * their own: 堵住 and 拥堵 are one problem by 堵, 大门 and 门禁 are not by 门.
 */
const LIGHT_CHARS = new Set(
  '的了是在有不没很太大小多少上下来去到人子口门时天年月日个一二三四五六七八九十要会能可好都也还就被把给让等和与或并而又再已经常总每这那些么之以为对向从自里外前后中间边面头部处方点次回行走过开关出进入起加做用成看说想使生发现问题情况事重严特别非真实只得着住死道路',
)

/** What a report is about: the words of its problem (place names and context words left out), in its subject and in all of it. */
export type ProblemWords = {
  subject: ReadonlySet<string>
  all: ReadonlySet<string>
  /** The places it names (canonical names), to rank reports about the same place first. */
  places: ReadonlySet<string>
}

export type ReportText = { subject: string; placeText?: string | null; body: string }

const gazetteers = new WeakMap<object, GazetteerEntry[]>()
/** Every unit's name and other names: a community, a school or a street named in a letter says where, not what. */
function unitGazetteer(db: Db): GazetteerEntry[] {
  const tree = getUnitTree(db)
  let out = gazetteers.get(tree)
  if (!out) {
    out = listUnits(db).map(u => ({ name: u.nameZh, aliases: u.aliases, ...(u.kind === 'community' ? { kind: 'community' as const } : {}) }))
    gazetteers.set(tree, out)
  }
  return out
}

const conceptMaps = new WeakMap<Taxonomy, Map<string, string>>()
/** Each taxonomy keyword and synonym → its keyword: 拥堵 and 堵车 are one problem. */
function conceptsOf(taxonomy: Taxonomy): Map<string, string> {
  let out = conceptMaps.get(taxonomy)
  if (!out) {
    out = new Map()
    for (const k of flattenKeywords(taxonomy)) {
      const keyword = normalize(k.term)
      for (const term of [k.term, ...k.synonyms]) if (!out.has(normalize(term))) out.set(normalize(term), keyword)
    }
    conceptMaps.set(taxonomy, out)
  }
  return out
}

// Long letters state their problem early; the rest adds words, not evidence.
const SCAN_CHARS = 600

// Stored reports are read again at every keystroke of every resident: what
// they are about is kept for the most recently read ones, while the taxonomy
// and the units it was read with stay the same.
const REMEMBERED = 5000
let remembered: { taxonomy: Taxonomy; gazetteer: GazetteerEntry[]; problems: Map<string, ProblemWords> } | undefined

/**
 * Reads reports' problems with the current segmenter, taxonomy and units.
 * `remember`: a stored report, worth keeping (not a text still being typed).
 */
export function problemReader(db: Db): (r: ReportText, remember?: boolean) => ProblemWords {
  const { segmenter, taxonomy } = getPipeline(db)
  const gazetteer = unitGazetteer(db)
  const concepts = conceptsOf(taxonomy)
  if (remembered?.taxonomy !== taxonomy || remembered.gazetteer !== gazetteer) remembered = { taxonomy, gazetteer, problems: new Map() }
  const problems = remembered.problems
  const read = (text: string, typedPlace: string, places: Set<string>) => {
    let t = normalize(text.slice(0, SCAN_CHARS), { keepCase: true })
    for (const p of extractPlaces(t, { gazetteer, normalized: true })) {
      places.add(p.canonical)
      t = t.slice(0, p.start) + ' '.repeat(p.end - p.start) + t.slice(p.end)
    }
    if ([...typedPlace].length >= 2) t = t.split(typedPlace).join(' ')
    return segmenter
      .words(t.toLowerCase())
      .filter(w => [...w].length >= 2 && !CONTEXT_WORDS.has(w))
      .map(w => concepts.get(w) ?? w)
  }
  const problemOf = (r: ReportText): ProblemWords => {
    const typedPlace = normalize((r.placeText ?? '').slice(0, 100), { keepCase: true })
    const places = new Set<string>()
    for (const p of extractPlaces(typedPlace, { gazetteer, normalized: true })) places.add(p.canonical)
    // The place typed in its own field is where, whatever words it is made of (小河小学大门).
    const placeWords = new Set(segmenter.words(typedPlace.toLowerCase()))
    const keep = (words: string[]) => words.filter(w => !placeWords.has(w))
    const subject = new Set(keep(read(r.subject, typedPlace, places)))
    const all = new Set([...subject, ...keep(read(r.body, typedPlace, places))])
    return { subject, all, places }
  }
  return (r, remember = false) => {
    if (!remember) return problemOf(r)
    const key = `${r.subject}\u0000${r.placeText ?? ''}\u0000${r.body.slice(0, SCAN_CHARS)}`
    let found = problems.get(key)
    if (found) {
      // Most recently read last: the oldest are forgotten first.
      problems.delete(key)
    } else {
      found = problemOf(r)
      if (problems.size >= REMEMBERED) problems.delete(problems.keys().next().value!)
    }
    problems.set(key, found)
    return found
  }
}

/** Two words share a character that carries meaning (堵住, 拥堵). */
function akin(a: string, b: string) {
  for (const ch of a) if (!LIGHT_CHARS.has(ch) && b.includes(ch)) return true
  return false
}

/**
 * How well report `c` matches what the resident typed (`q`), or null when it
 * is about another problem. They must share words of the problem, and at
 * least one of them must be in a subject: two letters mentioning the same
 * thing in passing (行人只能走机动车道) are not about the same problem. Words of
 * the two subjects written differently around one meaning (被车堵住, 车辆拥堵)
 * count too. A typed text of one problem word needs that word.
 */
export function sameProblem(q: ProblemWords, c: ProblemWords): number | null {
  if (!q.all.size) return null
  let score = 0
  let shared = 0
  let inSubject = false
  for (const w of q.all) {
    if (!c.all.has(w)) continue
    shared++
    const subjects = (q.subject.has(w) ? 1 : 0) + (c.subject.has(w) ? 1 : 0)
    if (subjects) inSubject = true
    score += 1 + subjects
  }
  let alike = 0
  const paired = new Set<string>()
  for (const a of q.subject) {
    if (c.all.has(a)) continue
    const b = [...c.subject].find(w => !paired.has(w) && !q.all.has(w) && akin(a, w))
    if (b === undefined) continue
    paired.add(b)
    alike++
  }
  score += 1.5 * alike
  const need = Math.min(2, q.all.size)
  const matches = (shared >= need && inSubject) || (shared + alike >= 2 && (inSubject || alike > 0))
  if (!matches) return null
  for (const p of q.places) if (c.places.has(p)) score += 2
  return score
}

/**
 * Words to look reports up by in the search index: the typed words, and the
 * other ways of writing the problem words the taxonomy knows (堵车 → 拥堵).
 */
export function searchTerms(db: Db, typed: string, q: ProblemWords): string[] {
  const { segmenter, taxonomy } = getPipeline(db)
  const words = segmenter.words(normalize(typed.slice(0, SCAN_CHARS)))
  const variants: string[] = []
  const concepts = conceptsOf(taxonomy)
  for (const [term, keyword] of concepts) if (q.all.has(keyword) && term !== keyword) variants.push(term)
  return [...new Set([...words, ...q.all, ...variants].filter(w => [...w].length >= 2))]
}
