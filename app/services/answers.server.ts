// Search over published answers: one index (nlp/answers) rebuilt when an answer
// is published or withdrawn, shared by the public answers page, the resident
// form ("ask before you file") and the staff pages.
import { parseCookies, serializeCookie } from '#app/utils/cookies'
import { isProduction } from '#app/utils/env.server'
import { PAGE_ROLES } from '#app/utils/permissions'
import type { Db } from '#db/client'
import {
  accountVote,
  countAnswerView,
  listPublishedAnswers,
  listPublishedFaqs,
  listRecentMessages,
  publishedAnswersVersion,
  recordAnswerFeedback,
  type AnswerVerdict,
  type BrowserVote,
  type PublicAnswer,
} from '#db/queries/answers'
import { ANONYMOUS } from '#db/queries/audit'
import { hasRole, type SessionUser } from '#db/queries/auth'
import { listFollows } from '#db/queries/follows'
import { unitDescendantIds } from '#db/queries/units'
import {
  asFaqQuestion,
  askedDetails,
  chineseNumeralsToDigits,
  collapseAskingForms,
  createAnswerIndex,
  fixSlips,
  groupRecurringQuestions,
  isInquiry,
  statesDetail,
  type AnswerIndex,
} from '#nlp/answers'
import { normalize } from '#nlp/normalize'
import { scrubPersonalData } from '#nlp/scrub'
import { getPipeline } from './nlp.server'

// Staff see when a reply awaiting review only says the message was passed on: the search never answers with one.
export { passesOnOnly } from '#nlp/answers'

type Library = { db: Db; version: string; index: AnswerIndex; byId: Map<string, PublicAnswer> }
let cached: Library | undefined

function library(db: Db): Library {
  const version = publishedAnswersVersion(db)
  if (cached && cached.db === db && cached.version === version) return cached
  const rows = listPublishedAnswers(db)
  const index = createAnswerIndex(
    rows.map(r => ({ id: String(r.id), subject: r.publicQuestion, text: r.publicText, reply: r.publicReply })),
    { segmenter: getPipeline(db).segmenter },
  )
  cached = { db, version, index, byId: new Map(rows.map(r => [String(r.id), r])) }
  return cached
}

export { answerUsage } from '#db/queries/answers'

export type AnswerFilter = { category?: string | null; communityId?: number | null; from?: Date | null; to?: Date | null }
/** `partial`: found for some of a search's words, not for the search as a whole (listed after those that are). */
export type FoundAnswer = PublicAnswer & { score: number; partial: boolean }

const matchesFilter = (a: PublicAnswer, f: AnswerFilter) =>
  (!f.category || (a.categoryPath ?? []).includes(f.category)) &&
  (!f.communityId || a.communityId === f.communityId) &&
  (!f.from || a.repliedAt >= f.from) &&
  (!f.to || a.repliedAt <= f.to)

// A newer reply is more likely to state the policy in force; relevance still leads.
const YEAR = 365 * 24 * 3600 * 1000
const freshness = (a: PublicAnswer, now: number) => 0.8 + 0.2 * Math.exp(-Math.max(0, now - a.repliedAt.getTime()) / (2 * YEAR))

/**
 * How sure the library must be that an answer is related for a search to list
 * it: up to 0.2 below the bar at which it answers outright (confidence 0.12;
 * 0.5 answers). Below it an answer shares a word or two with the question and
 * nothing more (楼上的孩子 in a complaint about dancing, for 孩子上学).
 */
export const RELATED_ANSWER = 0.12

/**
 * The public search: full text (Chinese words, synonyms, bigrams) within the
 * filters, ranked by relevance and freshness, answers no more than loosely
 * related left out; without a query, newest first. Words separated by spaces
 * (垃圾 充电) may name different subjects: the answers related to the whole
 * search come first, then those related to one or more of its words
 * (`partial`), so that each subject's answers are listed even when no answer
 * covers them all. `asQuestion`: the query is one text (a complaint's subject
 * and body), searched as a whole only. `exclude`: answers left out before they
 * are weighed, so that one left out (a complaint's own) takes no place from
 * the others.
 */
export function searchAnswers(
  db: Db,
  input: { q?: string; filter?: AnswerFilter; limit?: number; asQuestion?: boolean; exclude?: (a: PublicAnswer) => boolean },
): FoundAnswer[] {
  const lib = library(db)
  const filter = input.filter ?? {}
  const limit = input.limit ?? 20
  const now = Date.now()
  const q = (input.q ?? '').trim().slice(0, 200)
  if (!q) {
    return [...lib.byId.values()]
      .filter(a => matchesFilter(a, filter))
      .sort((a, b) => b.repliedAt.getTime() - a.repliedAt.getTime())
      .slice(0, limit)
      .map(a => ({ ...a, score: 0, partial: false }))
  }
  const related = (text: string) =>
    new Map(
      lib.index
        .search(text, { k: limit * 2, abstain: false, filter: id => matchesFilter(lib.byId.get(id)!, filter) && !input.exclude?.(lib.byId.get(id)!) })
        .filter(h => h.score >= RELATED_ANSWER)
        .map(h => [h.id, h.score]),
    )
  const whole = related(q)
  if (input.asQuestion) return ranked(lib, whole, () => true, now, limit)
  const words = searchWords(q)
  if (words.length < 2) {
    const holds = wordHolders(lib, q, words, [whole], new Set(whole.keys()))
    return ranked(lib, new Map([...whole].filter(([id]) => holds(0, id))), () => true, now, limit)
  }
  // The library's confidence is that an answer covers the whole question, so an answer on one of
  // two subjects scores near 0 for both together: each word (the first MAX_WORDS) is also searched on its own.
  const each = words.slice(0, MAX_WORDS).map(related)
  const candidates = new Set([...whole.keys(), ...each.flatMap(m => [...m.keys()])])
  const holds = wordHolders(lib, q, words, each, candidates)
  const scores = new Map<string, number>()
  for (const id of candidates) {
    // An answer holding none of the words is no match for any of them, whatever it shares with their pieces.
    if (!words.some((_, i) => holds(i, id))) continue
    // Each word's confidence counts, a word it lacks as 0: the more of the search it holds, the higher.
    const score = each.reduce((sum, m, i) => sum + (holds(i, id) ? (m.get(id) ?? 0) : 0), 0) / each.length
    scores.set(id, Math.max(score, whole.get(id) ?? 0))
  }
  // The whole search lists an answer holding most of the words; it holds the search only when it holds every one.
  return ranked(lib, scores, id => words.every((_, i) => holds(i, id)), now, limit)
}

/** Found answers with their scores, freshness counted, those holding every word of the search first. */
function ranked(lib: Library, scores: Map<string, number>, holdsAll: (id: string) => boolean, now: number, limit: number): FoundAnswer[] {
  return [...scores]
    .map(([id, score]) => {
      const a = lib.byId.get(id)!
      return { ...a, score: score * freshness(a, now), partial: !holdsAll(id) }
    })
    .sort(byRelevance)
    .slice(0, limit)
}

/** The library's reading of a text (normalised, slips of the pen mended), in which its words are found. */
const asLibraryReads = (s: string) => collapseAskingForms(chineseNumeralsToDigits(fixSlips(normalize(s))))

/**
 * Whether a found answer holds a word of the search: its own search found the
 * answer, the answer's text contains it, or the answer holds each of the
 * word's content words as the library reads them (a synonym, 电动车 for
 * 电动自行车; a word the segmenter splits, 老年|食堂), or its category names it
 * (噪音 in 噪音污染). A word the library knows
 * only in part (物业费, read as 物业 where no answer says 物业费) is held only
 * by an answer containing it: 物业 mentioned in passing is not 物业费. A word
 * with no content word of its own (怎么办) names no subject and is held by any
 * answer.
 */
function wordHolders(lib: Library, q: string, words: string[], each: Map<string, number>[], ids: Set<string>) {
  const evidence = lib.index.inspect(q, ids.size, id => ids.has(id))
  const termsHeld = new Map(evidence.map(e => [e.id, new Map(e.termWeights.map(([term, , fields]) => [term, fields !== 0]))]))
  const terms = evidence[0]?.termWeights.map(([term]) => term) ?? []
  const read = words.map(asLibraryReads)
  // A content word belongs to the searched word it was read from.
  const termsOf = read.map(w => terms.filter(t => w.includes(t) || t.includes(w)))
  // The words of each searched word that only part of is known: an answer holds it only by containing them.
  const partly = evidence[0]?.partlyKnown ?? []
  const unknownIn = read.map(w => partly.filter(p => w.includes(p)))
  const texts = new Map<string, string>()
  const text = (id: string) => {
    if (!texts.has(id)) {
      const a = lib.byId.get(id)!
      // The category it is filed under names its matter too (噪音污染 for a reply on loud dancing).
      texts.set(id, asLibraryReads(`${a.publicQuestion}\n${a.publicText}\n${a.publicReply}\n${(a.categoryPath ?? []).join('\n')}`))
    }
    return texts.get(id)!
  }
  return (i: number, id: string) => {
    const w = read[i]!
    if (!termsOf[i]!.length || text(id).includes(w)) return true
    if (!unknownIn[i]!.every(p => text(id).includes(p))) return false
    return Boolean(each[i]?.has(id)) || termsOf[i]!.every(t => termsHeld.get(id)?.get(t))
  }
}

/**
 * More words than are searched each on its own: the first ones are, the
 * others count only in the search as a whole and in whether an answer holds
 * them all (a pasted sentence or letter is searched by its beginning).
 */
export const MAX_WORDS = 10

/** The words of a search, separated by spaces, each once. */
export const searchWords = (q: string) => [...new Set(q.trim().split(/\s+/).filter(Boolean))]

/** Search results in order: those related to the whole search first, then by score. */
export const byRelevance = (a: FoundAnswer, b: FoundAnswer) => Number(a.partial) - Number(b.partial) || b.score - a.score

/**
 * The frequent questions that stand on their own above the library's list:
 * those that hold everywhere (no category, no community) and those of the
 * chosen category or community, most helpful first, then most read.
 */
export function frequentQuestions(db: Db, filter: Pick<AnswerFilter, 'category' | 'communityId'> = {}): PublicAnswer[] {
  return listPublishedFaqs(db).filter(
    a =>
      (!filter.category || !a.categoryPath?.length || a.categoryPath.includes(filter.category)) &&
      (!filter.communityId || !a.communityId || a.communityId === filter.communityId),
  )
}

/**
 * Published answers that really answer the text, or none. `askedDetails:
 * false` for what a resident about to file reads: a reply on the matter is
 * shown though it states no price or time they also asked; whether the library
 * answers an inquiry (the FAQ entries still to write) asks for the detail.
 */
export function answersForQuestion(db: Db, text: string, limit = 3, opts: { askedDetails?: boolean } = {}): FoundAnswer[] {
  const q = text.trim().slice(0, 600)
  if ([...q].length < 4) return []
  const lib = library(db)
  return lib.index.search(q, { k: limit, askedDetails: opts.askedDetails }).flatMap(h => {
    const a = lib.byId.get(h.id)
    return a && h.score >= 0.5 ? [{ ...a, score: h.score, partial: false }] : []
  })
}

/** The answer's sentences that share most with the question (at most `n`, in reading order), for a short preview. */
export function keySentences(reply: string, question: string, n = 2, maxChars = 160): string {
  const picked = pickKeySentences(reply, question, n)
  if (!picked) return (replySentences(reply).join('') || reply).slice(0, maxChars)
  const { best, count } = picked
  // What is left out shows as an ellipsis: between sentences that do not follow each other, and after the last when the reply goes on.
  let out = best.map((b, k) => (k && b.i > best[k - 1]!.i + 1 ? `…${b.s}` : b.s)).join('')
  if (out.length > maxChars) return `${out.slice(0, maxChars)}…`
  if (/[；;，,：:]$/.test(out)) out = `${out.slice(0, -1)}…`
  else if (best[best.length - 1]!.i < count - 1) out += '…'
  return out
}

/** The sentences a preview shows (see keySentences), with their places among the reply's substantive sentences; undefined when it has none. */
function pickKeySentences(reply: string, question: string, n: number) {
  // Greetings, formulas and sentences about the person (a placeholder where a name was) say nothing of the answer.
  const sentences = replySentences(reply).filter(s => !FORMULA.test(s) && !s.includes('【'))
  if (!sentences.length) return undefined
  const q = normalize(question)
  const grams = new Set<string>()
  for (let i = 0; i + 1 < q.length; i++) grams.add(q.slice(i, i + 2))
  const asked = askedDetails(question)
  const scored = sentences.map((s, i) => {
    const t = normalize(s)
    let hits = 0
    for (let j = 0; j + 1 < t.length; j++) if (grams.has(t.slice(j, j + 2))) hits++
    // A reply that opens with its verdict (不能。可以。) has answered a yes-or-no question there: that sentence always shows.
    if (i === 0 && VERDICT.test(s)) return { i, s, hits: Infinity }
    // The sentence giving what was asked for (几点: a clock time; 多少钱: a sum) comes before ones that only share its words.
    const givesAsked = asked.some(d => statesDetail(d, s)) ? 1 : 0
    return { i, s, hits: givesAsked + hits / Math.sqrt(t.length + 10) }
  })
  const best = [...scored]
    .sort((a, b) => b.hits - a.hits || a.i - b.i)
    .slice(0, n)
    .sort((a, b) => a.i - b.i)
  return { best, count: sentences.length }
}

/** A reply's sentences; a colon's clause stays with what it introduces, and a bare verdict (不能。) with the sentence that explains it. */
const replySentences = (reply: string) =>
  reply
    .split(/(?<=[。！？；!?;：])/)
    .map(s => s.trim())
    .filter(Boolean)
    .reduce<string[]>((out, s) => {
      const last = out[out.length - 1]
      if (last !== undefined && !FORMULA.test(last) && (last.length <= 4 || last.endsWith('：'))) out[out.length - 1] = last + s
      else out.push(s)
      return out
    }, [])
    .filter(s => s.length > 4)
const VERDICT = /^(可以|不可以|能|不能|不行|是的|不是|会|不会|需要|不需要|不用|有|没有)[。！!，,]/
const FORMULA = /您好|你好|留言已收悉|来信已收悉|已收悉|回复如下|答复如下|特此回复|特此答复|感谢您|谢谢您|感谢你|欢迎.*监督/

/** First-level categories that published answers carry (for the search filter). */
export function answerCategories(db: Db): string[] {
  const set = new Set<string>()
  for (const a of library(db).byId.values()) if (a.categoryPath?.[0]) set.add(a.categoryPath[0])
  return [...set].sort()
}

export type AnswerSuggestion = { id: number; question: string; preview: string; repliedAt: string; communityId: number | null; faq: boolean }

/** "Ask before you file": the published answers that answer what the resident is typing (none when unsure). */
export function answerSuggestionsFor(db: Db, input: { subject: string; body: string }): AnswerSuggestion[] {
  const text = `${input.subject} ${input.body}`.trim()
  return answersForQuestion(db, text, 3, { askedDetails: false }).map(a => ({
    id: a.id,
    question: a.publicQuestion,
    preview: keySentences(a.publicReply, text),
    repliedAt: a.repliedAt.toISOString(),
    communityId: a.communityId,
    faq: a.kind === 'faq',
  }))
}

export type FaqGroup = { question: string; questions: { id: number; question: string; repliedAt: string }[] }
let groupsCache: { db: Db; version: string; groups: FaqGroup[] } | undefined

/**
 * Recurring inquiries (咨询, not 投诉) among the newest published replies,
 * grouped like hot topics: each group no FAQ entry covers yet is a candidate entry.
 */
export function proposeFaqGroups(db: Db, opts: { recent?: number } = {}): FaqGroup[] {
  const lib = library(db)
  if (groupsCache && groupsCache.db === db && groupsCache.version === lib.version) return groupsCache.groups
  const inquiries = [...lib.byId.values()]
    .filter(a => a.kind === 'reply' && isInquiry(a.publicQuestion, a.publicText))
    .sort((a, b) => b.repliedAt.getTime() - a.repliedAt.getTime())
    .slice(0, opts.recent ?? 150)
  const entries = [...lib.byId.values()].filter(a => a.kind === 'faq')
  const drawnOn = new Set(entries.flatMap(a => a.sourceIds ?? []))
  const entryIds = new Set(entries.map(a => String(a.id)))
  // A group an entry already covers (it draws on one of the group's replies, or answers its question) is not proposed again.
  const covered = (questions: { id: number; question: string }[]) =>
    questions.some(q => drawnOn.has(q.id)) || lib.index.search(questions[0]!.question, { k: 1, filter: id => entryIds.has(id) }).length > 0
  const groups = groupRecurringQuestions(
    lib.index,
    // The subject is the question; the body tells the resident's own case, which others do not share.
    // A short subject holds most of another's words on little relevance (上小学 and 入学 count as synonyms): coverage decides.
    inquiries.map(a => ({ id: String(a.id), question: a.publicQuestion })),
    { minRelevance: 0.1 },
  )
    .map(ids => {
      const questions = ids.map(id => {
        const a = lib.byId.get(id)!
        return { id: a.id, question: a.publicQuestion, repliedAt: a.repliedAt.toISOString() }
      })
      // The entry's question starts from the best-connected member's subject, as a question rather than a letter's title.
      return { question: asFaqQuestion(questions[0]!.question), questions }
    })
    .filter(g => !covered(g.questions))
  groupsCache = { db, version: lib.version, groups }
  return groups
}

/** A draft FAQ answer from the chosen replies: their key sentences, newest first, a paragraph a reply, and the replies it draws on. */
export function draftFaqAnswer(
  db: Db,
  question: string,
  sourceIds: number[],
): { reply: string; category: string | null; sources: { id: number; question: string }[] } {
  const lib = library(db)
  const sources = sourceIds
    .map(id => lib.byId.get(String(id)))
    .filter((a): a is PublicAnswer => !!a)
    .sort((a, b) => b.repliedAt.getTime() - a.repliedAt.getTime())
  // Replies to the same question often say the same thing: each sentence is taken once, credited to the first reply saying it.
  const seen = new Set<string>()
  const reply = sources
    .map(a => {
      const picked = pickKeySentences(a.publicReply, question, 3)?.best.map(b => b.s) ?? []
      const fresh = picked.filter(sentence => {
        const key = normalize(sentence)
        return !seen.has(key) && !!seen.add(key)
      })
      // The sources are listed beside the draft, not marked in it: what staff leave in the text is published.
      return fresh.join('')
    })
    .filter(Boolean)
    .join('\n')
  // Filed where most of its sources are.
  const votes = new Map<string, number>()
  for (const a of sources) if (a.categoryPath?.[0]) votes.set(a.categoryPath[0], (votes.get(a.categoryPath[0]) ?? 0) + 1)
  const category = [...votes].sort((x, y) => y[1] - x[1])[0]?.[0] ?? null
  return { reply, category, sources: sources.map(a => ({ id: a.id, question: a.publicQuestion })) }
}

/** When a reply's current text was written: the day it was updated in place, else the day it was first replied. */
export const newerTextDate = (a: Pick<PublicAnswer, 'repliedAt' | 'revisedAt'>): Date =>
  a.revisedAt && a.revisedAt.getTime() > a.repliedAt.getTime() ? a.revisedAt : a.repliedAt

/** Why an entry is due: `old`, its sources are; `due`, an entry without sources went unconfirmed as long; `withdrawn`, a source was; `newer`, a reply. */
export type FaqToReview = { id: number; question: string; reasons: ('old' | 'due' | 'newer' | 'withdrawn')[]; newerIds: number[] }

/**
 * FAQ entries to look at again: their newest source reply is older than
 * `maxAgeDays` (an entry without sources: its publication), a source was
 * withdrawn, or a reply published (or updated in place) after the entry
 * answers the same question (it may say something different). Once a worker
 * has confirmed or updated an entry, the age counts from then at the
 * earliest, and only replies published since are new to it.
 */
export function faqEntriesToReview(db: Db, opts: { maxAgeDays?: number; now?: Date } = {}): FaqToReview[] {
  const lib = library(db)
  const now = (opts.now ?? new Date()).getTime()
  const maxAge = (opts.maxAgeDays ?? 365) * 24 * 3600 * 1000
  const out: FaqToReview[] = []
  for (const faq of lib.byId.values()) {
    if (faq.kind !== 'faq') continue
    const sourceIds = faq.sourceIds ?? []
    const sources = sourceIds.map(id => lib.byId.get(String(id))).filter((a): a is PublicAnswer => !!a)
    const reasons: FaqToReview['reasons'] = []
    if (sources.length < sourceIds.length) reasons.push('withdrawn')
    const confirmed = faq.confirmedAt?.getTime() ?? 0
    const since = faq.publishedAt?.getTime() ?? 0
    if (sources.length) {
      if (now - Math.max(confirmed, ...sources.map(a => a.repliedAt.getTime())) > maxAge) reasons.push('old')
    } else if (now - Math.max(confirmed, since) > maxAge) {
      // Without sources (or none left) an entry is as fresh as its last confirmation, or its publication before any.
      reasons.push('due')
    }
    const newerIds = lib.index
      .search(faq.publicQuestion, {
        k: 5,
        filter: id => {
          const a = lib.byId.get(id)!
          // A reply updated in place says something new from the day its newer text was published.
          const revised = a.revisedAt?.getTime() ?? 0
          const written = Math.max(a.repliedAt.getTime(), revised)
          const published = Math.max(a.publishedAt?.getTime() ?? 0, revised)
          return a.kind === 'reply' && !sourceIds.includes(a.id) && written > since && (!confirmed || published > confirmed)
        },
      })
      .filter(h => h.score >= 0.5)
      .map(h => Number(h.id))
    if (newerIds.length) reasons.push('newer')
    if (reasons.length) out.push({ id: faq.id, question: faq.publicQuestion, reasons, newerIds })
  }
  return out
}

/**
 * Who may follow on a public page and what they already follow: `null` for an
 * anonymous visitor (offered a login link), `false` for staff (no button),
 * otherwise the resident's followed targets as `kind:key` strings.
 */
export function followStateFor(db: Db, user: SessionUser | null): string[] | false | null {
  if (!user || user.via !== 'session') return null
  if (!hasRole(db, user, PAGE_ROLES['/me'])) return false
  return listFollows(db, user.id).map(f => `${f.kind}:${f.key}`)
}

export type UnansweredQuestion = { question: string; count: number; complaintIds: number[] }

// The newest inquiries looked at: bounded, since each is a search of the library.
const UNANSWERED_WINDOW = 150
let unansweredCache: { db: Db; key: string; result: UnansweredQuestion[] } | undefined
let answeredCache: { db: Db; version: string; answered: Map<number, boolean> } | undefined

/** Whether the library answers a message; remembered until an answer is published or withdrawn. */
function isAnswered(db: Db, m: { id: number; subject: string; body: string }): boolean {
  const version = library(db).version
  if (!answeredCache || answeredCache.db !== db || answeredCache.version !== version) answeredCache = { db, version, answered: new Map() }
  let answered = answeredCache.answered.get(m.id)
  if (answered === undefined) answeredCache.answered.set(m.id, (answered = answersForQuestion(db, `${m.subject} ${m.body.slice(0, 120)}`, 1).length > 0))
  return answered
}

/**
 * Top unanswered questions: inquiry-type messages (咨询, not 投诉) in the
 * period and scope that no published answer answers, grouped when residents ask
 * the same thing; a question asked only once is not recurring. Largest first,
 * each named by its newest message's subject (scrubbed of personal data).
 */
export function topUnansweredQuestions(db: Db, f: { unitIds: number[] | null; from: Date; to: Date }, limit = 10): UnansweredQuestion[] {
  const unitIds = f.unitIds ? [...new Set(f.unitIds.flatMap(id => unitDescendantIds(db, id)))] : null
  const inquiries = listRecentMessages(db, { unitIds, from: f.from, to: f.to, limit: UNANSWERED_WINDOW * 3 })
    .filter(m => isInquiry(m.subject, m.body))
    .slice(0, UNANSWERED_WINDOW)
  // The same messages against the same library give the same groups: reloading the dashboard costs nothing.
  const key = `${library(db).version}|${limit}|${inquiries.map(m => m.id).join(',')}`
  if (unansweredCache?.db === db && unansweredCache.key === key) return unansweredCache.result
  const result = groupUnanswered(
    db,
    inquiries.filter(m => !isAnswered(db, m)),
    limit,
  )
  unansweredCache = { db, key, result }
  return result
}

function groupUnanswered(db: Db, unanswered: { id: number; subject: string; body: string; receivedAt: Date }[], limit: number): UnansweredQuestion[] {
  if (unanswered.length < 2) return []
  const asked = createAnswerIndex(
    unanswered.map(m => ({ id: String(m.id), subject: m.subject, text: m.body.slice(0, 600), reply: '' })),
    { segmenter: getPipeline(db).segmenter },
  )
  const byId = new Map(unanswered.map(m => [String(m.id), m]))
  return groupRecurringQuestions(
    asked,
    // Asked by its subject: the body's circumstances differ from one resident to the next.
    unanswered.map(m => ({ id: String(m.id), question: [...m.subject.trim()].length >= 4 ? m.subject : `${m.subject} ${m.body.slice(0, 80)}` })),
  )
    .map(ids => {
      const members = ids.map(id => byId.get(id)!).sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime())
      return { question: scrubPersonalData(members[0]!.subject).text, count: members.length, complaintIds: members.map(m => m.id) }
    })
    .sort((a, b) => b.count - a.count)
    .slice(0, limit)
}

const SEEN_COOKIE = 'th_answers_seen'
const SEEN_MAX = 200
const CRAWLER = /bot|crawl|spider|slurp|preview|monitor|curl|wget|python-requests|headless/i

/**
 * Count a view of a published answer once per browser and day: the answers a
 * browser has seen today travel in a small cookie, and crawlers are not
 * counted. Returns the cookie to set when the view was counted.
 */
export function countViewOnce(db: Db, request: Request, answerId: number, now = new Date()): string | null {
  if (CRAWLER.test(request.headers.get('user-agent') ?? '')) return null
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  const [cookieDay, list = ''] = (parseCookies(request.headers.get('cookie'))[SEEN_COOKIE] ?? '').split(':')
  const seen =
    cookieDay === day
      ? list
          .split('.')
          .filter(s => /^\d+$/.test(s))
          .map(Number)
      : []
  if (seen.includes(answerId)) return null
  countAnswerView(db, answerId)
  const ids = [...seen, answerId].slice(-SEEN_MAX)
  return serializeCookie(SEEN_COOKIE, `${day}:${ids.join('.')}`, { maxAge: 24 * 3600, secure: isProduction() })
}

const VOTED_COOKIE = 'th_answers_voted'
/** Older browsers' list of the answers they said answered their question; read, no longer written. */
const AVOIDED_COOKIE = 'th_answers_avoided'

/**
 * What a browser gave on each answer, in one small cookie: `12h` / `12n` its
 * anonymous verdict, `12a` its anonymous "this answers my question", `12u` a
 * signed-in account voted there (and took over anything anonymous). A bare id
 * (written before verdicts were kept) is a verdict not known, `x` an older
 * cookie's "answers my question": counted, but no account can take them over.
 */
type BrowserMarks = Map<number, Set<string>>
const MARK = /^(\d+)([hnvaxu]*)$/

function browserMarks(request: Request): BrowserMarks {
  const cookies = parseCookies(request.headers.get('cookie'))
  const marks: BrowserMarks = new Map()
  const mark = (id: number, flags: string) => {
    const set = marks.get(id) ?? new Set<string>()
    for (const f of flags) set.add(f)
    marks.set(id, set)
  }
  for (const entry of (cookies[VOTED_COOKIE] ?? '').split('.')) {
    const m = MARK.exec(entry)
    if (m) mark(Number(m[1]), m[2] || 'v')
  }
  for (const entry of (cookies[AVOIDED_COOKIE] ?? '').split('.')) if (/^\d+$/.test(entry)) mark(Number(entry), 'x')
  return marks
}

/** The cookie holding `marks` after the answer `changed` was given on (it moves last: the newest are kept when the list is full). */
function marksCookie(marks: BrowserMarks, changed: number, flags: Set<string>): string {
  marks.delete(changed)
  marks.set(changed, flags)
  const entries = [...marks].slice(-SEEN_MAX).map(([id, f]) => `${id}${[...f].sort().join('')}`)
  return serializeCookie(VOTED_COOKIE, entries.join('.'), { maxAge: 365 * 24 * 3600, secure: isProduction() })
}

/**
 * Whether the browser has given a verdict on the answer (`vote`), or said it answered its question (`avoided`).
 * Saying it answered the question was its helpful vote: the answer page thanks it rather than counting another.
 */
const given = (flags: Set<string> | undefined, kind: 'vote' | 'avoided') => !!flags && [...(kind === 'vote' ? 'hnvuax' : 'axu')].some(f => flags.has(f))

/**
 * A verdict on a published answer, counted once: a signed-in resident's once
 * per account, whichever browser it comes from (a new verdict replaces their
 * earlier one), anyone else's once per browser, so the public figures cannot
 * be pushed up by pressing again (a browser's "helpful / not helpful" and its
 * "this answers my question" once each). A browser that voted before its user
 * signed in is still one person: the account's vote takes the place of the
 * anonymous one. The cookie then records the account's vote, so signing out
 * there opens no second vote, and no other account takes the anonymous one
 * over again. Returns the cookie to set.
 */
export function giveAnswerFeedback(db: Db, request: Request, user: SessionUser | null, answerId: number, verdict: AnswerVerdict): string | null {
  const marks = browserMarks(request)
  const flags = marks.get(answerId)
  if (user) {
    const anonymous = flags && !flags.has('u') ? flags : undefined
    const browser: BrowserVote | null = anonymous
      ? { verdict: anonymous.has('h') ? 'helpful' : anonymous.has('n') ? 'not_helpful' : null, avoided: anonymous.has('a') }
      : null
    if (!recordAnswerFeedback(db, { answerId, verdict, browser }, { kind: 'user', id: user.id })) return null
    return marksCookie(marks, answerId, new Set('u'))
  }
  if (given(flags, verdict === 'avoided' ? 'avoided' : 'vote')) return null
  if (!recordAnswerFeedback(db, { answerId, verdict }, ANONYMOUS)) return null
  return marksCookie(marks, answerId, new Set([...(flags ?? []), verdict === 'helpful' ? 'h' : verdict === 'not_helpful' ? 'n' : 'a']))
}

/**
 * Whether the reader has given their verdict on an answer (they are thanked, not
 * asked again) and, signed in, which one: theirs to change from any browser.
 */
export function feedbackStateFor(
  db: Db,
  request: Request,
  user: SessionUser | null,
  answerId: number,
): { voted: boolean; mine: 'helpful' | 'not_helpful' | null } {
  if (!user) return { voted: given(browserMarks(request).get(answerId), 'vote'), mine: null }
  const vote = accountVote(db, answerId, user.id)
  return { voted: !!vote, mine: vote?.verdict ?? null }
}
