/**
 * Quality and speed of the reply library's search (`nlp answers`):
 *   npx tsx tests/bench/answers.ts [--data <dir>] [--questions <file>[,<file>…]] [--debug]
 *
 * Reads the real answered messages in ../shared/data/messages_with_replies.jsonl
 * (by path, never copied) and our own resident-style questions, by default
 * tests/fixtures/answers-questions{,-2,…,-41}.jsonl (each
 * question names the message ids whose reply answers it; an empty list means the
 * corpus cannot answer it). A message with the same reply as a named one (a
 * resident who posted twice) also counts. Each question file is reported on its
 * own and all together: the answer rule was fitted on the sets at
 * once and must hold on each, and on any set written later (tests/bench/answers-fit.ts
 * fits it set against set). Prints JSON: right answer first, in
 * the top 3, answerable questions wrongly left empty, unanswerable questions left
 * empty, time for the whole run; beside it a plain character-bigram BM25 over
 * subject + text + reply. Exit status 0 even when the targets are missed: it is a
 * measurement, not a test. `hardForBaseline` pools the sets on which the BM25
 * puts the right answer first for fewer than 86 % of questions, as hard for it as
 * the held-out questions the issue quotes (first 72 %, top 3 92 %).
 */
import { createAnswerIndex, defaultSegmenter, type AnsweredMessage } from '../../nlp/index'
import { answersBenchArgs, loadAnswersBench } from './answers-data'

const args = process.argv.slice(2)
const { dataDir, questionFiles } = answersBenchArgs(args)
const debug = args.includes('--debug')
const { corpus, questions, goldOf, byId } = loadAnswersBench(dataDir, questionFiles)
type Question = (typeof questions)[number]

/** A plain character-bigram BM25 over subject + text + reply, never abstaining: the baseline to beat. */
function createBaseline(docs: AnsweredMessage[]) {
  const grams = (s: string) => {
    const out: string[] = []
    const t = s.replace(/[^\p{Script=Han}a-zA-Z0-9]/gu, ' ')
    for (let i = 0; i + 1 < t.length; i++) if (t[i] !== ' ' && t[i + 1] !== ' ') out.push(t.slice(i, i + 2))
    return out
  }
  const tfs = docs.map(d => {
    const m = new Map<string, number>()
    for (const g of grams(`${d.subject ?? ''} ${d.text} ${d.reply}`)) m.set(g, (m.get(g) ?? 0) + 1)
    return m
  })
  const lens = tfs.map(m => [...m.values()].reduce((a, b) => a + b, 0))
  const avg = lens.reduce((a, b) => a + b, 0) / lens.length
  const df = new Map<string, number>()
  for (const m of tfs) for (const g of m.keys()) df.set(g, (df.get(g) ?? 0) + 1)
  const n = docs.length
  return (q: string, k: number) => {
    const qg = [...new Set(grams(q))]
    const scored = tfs.map((m, i) => {
      let s = 0
      for (const g of qg) {
        const tf = m.get(g)
        if (!tf) continue
        const d = df.get(g)!
        s += Math.log(1 + (n - d + 0.5) / (d + 0.5)) * ((tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * lens[i]) / avg)))
      }
      return { id: docs[i].id, s }
    })
    return scored
      .sort((a, b) => b.s - a.s)
      .slice(0, k)
      .map(x => x.id)
  }
}

type Result = { id: string; file: string; gold: Set<string>; got: string[] }
function measure(results: Result[]) {
  const answerable = results.filter(r => r.gold.size)
  const unanswerable = results.filter(r => !r.gold.size)
  const share = (xs: Result[], p: (r: Result) => boolean) => (xs.length ? Math.round((1000 * xs.filter(p).length) / xs.length) / 1000 : null)
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    top1: share(answerable, r => r.gold.has(r.got[0])),
    top3: share(answerable, r => r.got.slice(0, 3).some(id => r.gold.has(id))),
    answerableLeftEmpty: share(answerable, r => r.got.length === 0),
    unanswerableLeftEmpty: share(unanswerable, r => r.got.length === 0),
  }
}
const files = [...new Set(questions.map(q => q.file))]
/** All questions, then each file on its own. */
const perFile = (rs: Result[]) => ({
  all: measure(rs),
  ...Object.fromEntries(files.map(f => [f, measure(rs.filter(r => r.file === f))])),
})

// Timed like the command line: segmenter start-up, index build and every question.
const t0 = performance.now()
defaultSegmenter().words('预热')
const index = createAnswerIndex(corpus)
const tBuilt = performance.now()
const ours: Result[] = questions.map(q => ({ id: q.id, file: q.file, gold: goldOf(q), got: index.search(q.question, { k: 5 }).map(h => h.id) }))
const tDone = performance.now()
const ranking: Result[] = questions.map(q => ({
  id: q.id,
  file: q.file,
  gold: goldOf(q),
  got: index.search(q.question, { k: 5, abstain: false }).map(h => h.id),
}))

const baseline = createBaseline(corpus)
const theirs: Result[] = questions.map(q => ({ id: q.id, file: q.file, gold: goldOf(q), got: baseline(q.question, 5) }))

if (debug) {
  for (const q of questions) {
    const hits = index.search(q.question, { k: 3, abstain: false })
    const answered = index.search(q.question, { k: 1 }).length > 0
    const gold = goldOf(q)
    const mark = !gold.size ? (answered ? 'FALSE+' : 'ok-none') : gold.has(hits[0]?.id) ? (answered ? 'ok' : 'ABSTAINED') : 'WRONG'
    const rank = [
      ...index
        .search(q.question, { k: 50, abstain: false })
        .map(h => h.id)
        .entries(),
    ].find(([, id]) => gold.has(id))?.[0]
    process.stderr.write(
      `${mark.padEnd(9)} ${q.id} ${q.question}\n          gold rank ${rank ?? '-'}; ${hits.map(h => `${h.id}:${h.score} ${byId.get(h.id)!.subject.slice(0, 24)}`).join(' | ')}\n`,
    )
  }
}

// The issue's own held-out questions are harder for the bigram BM25 than most of ours (first 72 %, top 3 92 % against 90.5 / 96.3):
// the sets on which the baseline puts the right answer first for fewer than 86 % of questions are the likelier picture of them.
const HARD_FOR_BASELINE = 0.86
const hardFiles = files.filter(f => measure(theirs.filter(r => r.file === f)).top1! < HARD_FOR_BASELINE)
const ofFiles = (rs: Result[], fs: string[]) => rs.filter(r => fs.includes(r.file))

console.log(
  JSON.stringify(
    {
      corpus: corpus.length,
      questions: questions.length,
      hardForBaseline: {
        files: hardFiles,
        teahouse: measure(ofFiles(ours, hardFiles)),
        teahouseRankingOnly: measure(ofFiles(ranking, hardFiles)),
        baseline: measure(ofFiles(theirs, hardFiles)),
      },
      teahouse: perFile(ours),
      teahouseRankingOnly: perFile(ranking),
      baseline: perFile(theirs),
      ms: {
        startupAndIndex: Math.round(tBuilt - t0),
        questions: Math.round(tDone - tBuilt),
        perQuestion: Math.round(((tDone - tBuilt) / questions.length) * 10) / 10,
      },
    },
    null,
    1,
  ),
)
