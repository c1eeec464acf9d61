/**
 * How well the reply library's answer rule carries from one question set to
 * another:
 *   npx tsx tests/bench/answers-fit.ts [--data <dir>] [--questions <file>[,<file>…]]
 *
 * The rule (nlp/answers.ts `confidence`) answers when
 *   relevance + a·ln(content words) + b·(share of the question the first three hold)
 *     + r·(relevance − what the question's ordinary candidates reach) ≥ t.
 * For every question set, for every set left out and for all sets together it
 * fits the rule on the fit sets and measures the others: right answer first,
 * in the top 3, unanswerable questions left empty. Fits t alone with a, b and r
 * as shipped (thresholdOnly), t alone without the rise (r = 0: the rule before
 * it), all four numbers (rule), (a, t) with b = r = 0 (twoNumbers) and (a, b, m, t)
 * with the best hit's margin over the next different answer instead of the rise,
 * and prints the shipped rule's figures. The asked-detail check (a price, a time, the days a place works,
 * how long, a phone number the best reply must state) applies to every rule as
 * shipped, and so do the credit for questions about how a problem is handled,
 * the credit for the characters of missing words the best reply holds and the
 * cost of the words it lacks that one of the next four holds.
 * A rule that holds only on what it was
 * fitted on shows here. Prints JSON; a measurement, not a test.
 */
import { basename } from 'node:path'
import { ANSWER_RULE, asksAboutHandling, createAnswerIndex } from '../../nlp/answers'
import { answersBenchArgs, loadAnswersBench, readJsonl } from './answers-data'

const args = process.argv.slice(2)
const { dataDir, questionFiles } = answersBenchArgs(args)
const { corpus, goldOf } = loadAnswersBench(dataDir, questionFiles)
/** What the rule sees of one question, and where its right answer ranks (-1: not in the top 3; null: unanswerable). */
interface Case {
  set: string
  relevance: number
  logWords: number
  coverage: number
  /** How far the best stands above the best different answer, relative to its relevance. */
  margin: number
  /** How far the best rises above what the question's ordinary candidates reach. */
  rise: number
  /** Whether the best hit's reply states the details asked (a price, a time…): when not, no threshold answers. */
  statesAsked: boolean
  /** A question about how a problem is handled: the shipped credit is added to every rule. */
  aboutHandling: boolean
  /** What the characters of the words the best hit lacks add to its coverage: the shipped credit is added to every rule. */
  partialCoverage: number
  /** What the words the best hit lacks and one of the next four holds cost: the shipped cost is taken from every rule. */
  heldElsewhere: number
  goldRank: number | null
}

const index = createAnswerIndex(corpus)
const cases: Case[] = []
for (const file of questionFiles) {
  for (const q of readJsonl(file) as { question: string; answers: number[] }[]) {
    const gold = goldOf(q)
    const top = index.inspect(q.question, 3)
    if (!top.length) continue
    const weights = top[0].termWeights
    const total = weights.reduce((s, [, w]) => s + w, 0)
    // Share of the question's word weight that any of the first three holds.
    const held = weights.reduce((s, [, w], i) => s + (top.some(e => e.termWeights[i]?.[2]) ? w : 0), 0)
    const rank = top.findIndex(e => gold.has(e.id))
    cases.push({
      set: basename(file),
      relevance: top[0].relevance,
      logWords: Math.log(Math.max(1, weights.length)),
      coverage: total ? held / total : 0,
      margin: top[0].margin,
      rise: top[0].relevance - top[0].background,
      statesAsked: top[0].statesAsked,
      aboutHandling: asksAboutHandling(q.question),
      partialCoverage: top[0].partialCoverage,
      heldElsewhere: top[0].heldElsewhere,
      goldRank: gold.size ? rank : null,
    })
  }
}

type Rule = { a: number; b: number; t: number; m?: number; r?: number }
const answers = (rule: Rule, c: Case) => c.statesAsked && zOf(rule, c) >= rule.t
const zOf = (rule: Rule, c: Case) =>
  c.relevance +
  rule.a * c.logWords +
  rule.b * c.coverage +
  (rule.m ?? 0) * c.margin +
  (rule.r ?? 0) * c.rise +
  (c.aboutHandling ? ANSWER_RULE.handlingCredit : 0) +
  ANSWER_RULE.partialCredit * c.partialCoverage -
  ANSWER_RULE.elsewhereCost * c.heldElsewhere

function measure(rule: Rule, cs: Case[]) {
  const answerable = cs.filter(c => c.goldRank !== null)
  const unanswerable = cs.filter(c => c.goldRank === null)
  const share = (xs: Case[], p: (c: Case) => boolean) => (xs.length ? Math.round((1000 * xs.filter(p).length) / xs.length) / 1000 : 0)
  return {
    top1: share(answerable, c => c.goldRank === 0 && answers(rule, c)),
    top3: share(answerable, c => c.goldRank! >= 0 && answers(rule, c)),
    unanswerableLeftEmpty: share(unanswerable, c => !answers(rule, c)),
  }
}
/**
 * For given a, b, m and r, the threshold in the middle of the best range: what a
 * fit maximises is first + top 3 + unanswerable left empty, as `measure` rounds
 * them (an answerable question left empty costs twice). One sweep over the cases sorted by their sum: each cut leaves the cases below it
 * unanswered, so the figures change by one case at a time.
 */
function fitThreshold(a: number, b: number, cs: Case[], m = 0, r = 0): { rule: Rule; value: number } {
  const z = cs.map(c => zOf({ a, b, m, r, t: 0 }, c))
  const order = cs.map((_, i) => i).sort((i, j) => z[i] - z[j])
  const zs = [...new Set(order.map(i => z[i]))]
  const cuts = [zs[0] - 0.01, ...zs.slice(1).map((v, i) => (v + zs[i]) / 2), zs[zs.length - 1] + 0.01]
  const answerable = cs.filter(c => c.goldRank !== null).length
  const unanswerable = cs.length - answerable
  const share = (k: number, n: number) => (n ? Math.round((1000 * k) / n) / 1000 : 0)
  // Below the first cut, every case the asked-detail check lets through is answered.
  let top1 = 0
  let top3 = 0
  let empty = 0
  for (const c of cs)
    if (c.goldRank === null) empty += c.statesAsked ? 0 : 1
    else if (c.statesAsked) ((top1 += c.goldRank === 0 ? 1 : 0), (top3 += c.goldRank >= 0 ? 1 : 0))
  let best = -1
  let from = 0
  let to = 0
  let next = 0
  cuts.forEach((t, i) => {
    for (; next < order.length && z[order[next]] < t; next++) {
      const c = cs[order[next]]
      if (!c.statesAsked) continue
      if (c.goldRank === null) empty++
      else ((top1 -= c.goldRank === 0 ? 1 : 0), (top3 -= c.goldRank >= 0 ? 1 : 0))
    }
    const v = share(top1, answerable) + share(top3, answerable) + share(empty, unanswerable)
    if (v > best + 1e-9) ((best = v), (from = to = i))
    else if (Math.abs(v - best) <= 1e-9 && to === i - 1) to = i
  })
  return { rule: { a, b, m, r, t: (cuts[from] + cuts[to]) / 2 }, value: best }
}

/**
 * Fits a, b and t; without coverage, b stays 0 (a two-number rule); with the
 * margin, m·margin joins the sum; with the rise, r·rise.
 */
function fitRule(cs: Case[], withCoverage = true, withMargin = false, withRise = false): Rule {
  let best: { rule: Rule; value: number } = { rule: { a: 0, b: 0, t: 0 }, value: -1 }
  const step = withMargin || withRise ? 2 : 1
  for (let a = 0; a <= 0.3001; a += 0.01 * step)
    for (let b = 0; b <= (withCoverage ? 0.3001 : 0); b += 0.02 * step)
      for (let m = 0; m <= (withMargin ? 0.4001 : 0); m += 0.04)
        for (let r = 0; r <= (withRise ? 1.2001 : 0); r += 0.1) {
          const f = fitThreshold(a, b, cs, m, r)
          // Ties go to the smaller credits: the simpler rule.
          if (f.value > best.value + 1e-9) best = f
        }
  const r = best.rule
  return { a: round(r.a), b: round(r.b), t: round(r.t), ...(withMargin ? { m: round(r.m ?? 0) } : {}), ...(withRise ? { r: round(r.r ?? 0) } : {}) }
}
const round = (x: number) => Math.round(x * 1000) / 1000

const sets = [...new Set(cases.map(c => c.set))]
const of = (names: string[]) => cases.filter(c => names.includes(c.set))
const fitGroups: string[][] = [...sets.map(s => [s])]
if (sets.length > 2) for (const s of sets) fitGroups.push(sets.filter(x => x !== s))
if (sets.length > 1) fitGroups.push(sets)

const shipped: Rule = { a: ANSWER_RULE.lengthCredit, b: ANSWER_RULE.coverageCredit, r: ANSWER_RULE.riseCredit, t: ANSWER_RULE.threshold }
console.log(
  JSON.stringify(
    {
      questions: Object.fromEntries(sets.map(s => [s, of([s]).length])),
      shipped: { rule: shipped, ...Object.fromEntries(sets.map(s => [s, measure(shipped, of([s]))])) },
      fits: fitGroups.map(group => {
        const rule = fitRule(of(group), true, false, true)
        const twoNumbers = fitRule(of(group), false)
        const withMargin = fitRule(of(group), true, true)
        const thresholdOnly = fitThreshold(shipped.a, shipped.b, of(group), 0, shipped.r).rule
        const withoutRise = fitThreshold(shipped.a, shipped.b, of(group)).rule
        return {
          fittedOn: group,
          rule,
          twoNumbers,
          withMargin,
          thresholdOnly: round(thresholdOnly.t),
          withoutRise: round(withoutRise.t),
          ...Object.fromEntries(
            sets.map(s => [
              s,
              {
                measured: group.includes(s) ? 'fit' : 'test',
                rule: measure(rule, of([s])),
                twoNumbers: measure(twoNumbers, of([s])),
                withMargin: measure(withMargin, of([s])),
                thresholdOnly: measure(thresholdOnly, of([s])),
                withoutRise: measure(withoutRise, of([s])),
              },
            ]),
          ),
        }
      }),
    },
    null,
    1,
  ),
)
