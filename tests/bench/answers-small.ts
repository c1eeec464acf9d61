/**
 * The reply library when it is still small, as in a street office's first
 * months: npx tsx tests/bench/answers-small.ts [--data <dir>] [--sizes 20,60,200,800]
 *
 * For each size, libraries are drawn from the real answered messages
 * (../shared/data, read by path): the right answers of randomly chosen questions
 * from our sets, then random other messages. A question whose answer is in the
 * library is answerable; one whose answer was left out, or that no message
 * answers, is not. Prints JSON per size: right answer first and in the top 3,
 * unanswerable questions left empty (those no message answers and those whose
 * answer was left out, apart), beside the same ranking that never abstains.
 * A measurement, not a test: exit status 0 whatever the figures.
 */
import { prng } from '../../db/seed'
import { createAnswerIndex } from '../../nlp/index'
import { answersBenchArgs, loadAnswersBench } from './answers-data'

const args = process.argv.slice(2)
const { dataDir, questionFiles } = answersBenchArgs(args)
const sizesFlag = args.indexOf('--sizes')
const sizes = (sizesFlag >= 0 ? args[sizesFlag + 1]! : '20,60,200,800').split(',').map(Number)
const { corpus, questions, goldOf } = loadAnswersBench(dataDir, questionFiles)
const answerable = questions.filter(q => q.answers.length)

type Tally = { answerable: number; top1: number; top3: number; noAnswer: number; noAnswerEmpty: number; answerLeftOut: number; answerLeftOutEmpty: number }
const blank = (): Tally => ({ answerable: 0, top1: 0, top3: 0, noAnswer: 0, noAnswerEmpty: 0, answerLeftOut: 0, answerLeftOutEmpty: 0 })
const pct = (x: number, of: number) => (of ? Math.round((1000 * x) / of) / 10 : null)
const report = (t: Tally) => ({
  answerable: t.answerable,
  top1: pct(t.top1, t.answerable),
  top3: pct(t.top3, t.answerable),
  unanswerable: t.noAnswer + t.answerLeftOut,
  leftEmpty: pct(t.noAnswerEmpty + t.answerLeftOutEmpty, t.noAnswer + t.answerLeftOut),
  noMessageAnswersLeftEmpty: pct(t.noAnswerEmpty, t.noAnswer),
  answerLeftOutLeftEmpty: pct(t.answerLeftOutEmpty, t.answerLeftOut),
})

const out: Record<string, unknown> = {}
const started = performance.now()
for (const size of sizes) {
  const ours = blank()
  const rankingOnly = blank()
  // Small libraries vary more from draw to draw: more draws.
  const draws = size < 100 ? 12 : 4
  for (let draw = 0; draw < draws; draw++) {
    const rnd = prng(1000 * size + draw)
    const kept = new Set<string>()
    while (kept.size < size / 2) for (const id of goldOf(answerable[Math.floor(rnd.next() * answerable.length)]!)) kept.add(id)
    while (kept.size < size) kept.add(corpus[Math.floor(rnd.next() * corpus.length)]!.id)
    const index = createAnswerIndex(corpus.filter(m => kept.has(m.id)))
    for (const q of questions) {
      const gold = [...goldOf(q)].filter(id => kept.has(id))
      const noMessageAnswers = !q.answers.length
      // Most questions lose their answer in a small library: a sample of them keeps the run short and the kinds balanced.
      if (!gold.length && rnd.next() > (noMessageAnswers ? 0.3 : 0.15)) continue
      for (const [tally, abstain] of [
        [ours, true],
        [rankingOnly, false],
      ] as const) {
        const got = index.search(q.question, { k: 3, abstain }).map(h => h.id)
        if (gold.length) {
          tally.answerable++
          if (gold.includes(got[0]!)) tally.top1++
          if (got.some(id => gold.includes(id))) tally.top3++
        } else if (noMessageAnswers) {
          tally.noAnswer++
          if (!got.length) tally.noAnswerEmpty++
        } else {
          tally.answerLeftOut++
          if (!got.length) tally.answerLeftOutEmpty++
        }
      }
    }
  }
  out[size] = { draws, teahouse: report(ours), rankingOnly: report(rankingOnly) }
}
console.log(JSON.stringify({ ...out, ms: Math.round(performance.now() - started) }, null, 1))
