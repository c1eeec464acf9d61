/**
 * Evaluates first-level classification on labelled JSON Lines
 * ({"id","subject","detail" or "text" or "tokens","label"}; "tokens" is text
 * already segmented into space-separated words):
 *   npm run eval:nlp -- <labelled.jsonl> [--taxonomy <file>] [--train <file>] [--cv <k>] [--json]
 *   npm run eval:nlp -- <labelled.jsonl> --curve 250,500,1000,2000,all [--splits 3] [--json]
 * --cv k runs k-fold cross-validation with training on the other folds.
 * --curve prints a learning curve: for each of --splits random splits, 20% of the
 * rows are held out, and the classifier is trained on the first n of the rest (all:
 * every one of them); then, for the largest numeric n, n rows train and every
 * other row is the test ("n against the rest"). Untrained macro-F1 on the same
 * held-out rows and training times are printed beside them.
 * Otherwise prints precision / recall / F1 per category, macro-F1 and accuracy.
 */
import { readFileSync } from 'node:fs'
import { createClassifier, type LabelledExample } from './classify'
import { defaultTaxonomy, loadTaxonomyFile } from './taxonomy'

interface Row extends LabelledExample {
  id: unknown
}

function readLabelled(file: string): Row[] {
  const rows: Row[] = []
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return
      try {
        const r = JSON.parse(line)
        const text = typeof r.text === 'string' ? r.text : typeof r.detail === 'string' ? r.detail : r.tokens
        if (typeof text !== 'string' || typeof r.label !== 'string') throw new Error('needs "text", "detail" or "tokens", and "label"')
        rows.push({ id: r.id, subject: typeof r.subject === 'string' ? r.subject : undefined, text, label: r.label })
      } catch (e) {
        process.stderr.write(`${file}: line ${i + 1}: ${(e as Error).message}, skipped\n`)
      }
    })
  return rows
}

export interface Scores {
  perCategory: Record<string, { precision: number; recall: number; f1: number; support: number }>
  macroF1: number
  accuracy: number
  n: number
}

/** Per-category precision/recall/F1 over the gold labels' categories, plus macro-F1 and accuracy. */
export function score(gold: string[], pred: string[]): Scores {
  const labels = [...new Set(gold)].sort()
  const perCategory: Scores['perCategory'] = {}
  let correct = 0
  gold.forEach((g, i) => (correct += g === pred[i] ? 1 : 0))
  let sumF1 = 0
  for (const l of labels) {
    let tp = 0
    let fp = 0
    let fn = 0
    gold.forEach((g, i) => {
      if (pred[i] === l && g === l) tp++
      else if (pred[i] === l) fp++
      else if (g === l) fn++
    })
    const precision = tp + fp ? tp / (tp + fp) : 0
    const recall = tp + fn ? tp / (tp + fn) : 0
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
    perCategory[l] = { precision, recall, f1, support: tp + fn }
    sumF1 += f1
  }
  return { perCategory, macroF1: labels.length ? sumF1 / labels.length : 0, accuracy: gold.length ? correct / gold.length : 0, n: gold.length }
}

function main() {
  const args = process.argv.slice(2)
  const flag = (name: string) => {
    const i = args.indexOf(`--${name}`)
    return i >= 0 ? args[i + 1] : undefined
  }
  const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'))
  if (!file) {
    process.stderr.write('usage: npm run eval:nlp -- <labelled.jsonl> [--taxonomy <file>] [--train <file>] [--cv <k>] [--json]\n')
    process.exitCode = 2
    return
  }
  const taxonomy = flag('taxonomy') ? loadTaxonomyFile(flag('taxonomy')!) : defaultTaxonomy()
  const rows = readLabelled(file)
  if (flag('curve')) return learningCurve(file, rows, taxonomy, flag('curve')!, Number(flag('splits') ?? 3), args.includes('--json'))
  const pred: string[] = new Array(rows.length)
  const k = Number(flag('cv') ?? 0)
  const t0 = performance.now()
  if (k > 1) {
    // Stratified-ish folds: deal rows round-robin per label so every fold sees every category.
    const fold = new Array<number>(rows.length)
    const seen = new Map<string, number>()
    rows.forEach((r, i) => {
      const n = seen.get(r.label) ?? 0
      seen.set(r.label, n + 1)
      fold[i] = (n + hash(String(r.id))) % k
    })
    for (let f = 0; f < k; f++) {
      const training = rows.filter((_, i) => fold[i] !== f)
      const c = createClassifier({ taxonomy, training })
      rows.forEach((r, i) => {
        if (fold[i] === f) pred[i] = c.classify(r).category
      })
    }
  } else {
    const training = flag('train') ? readLabelled(flag('train')!) : undefined
    const c = createClassifier({ taxonomy, training })
    rows.forEach((r, i) => (pred[i] = c.classify(r).category))
  }
  const s = score(
    rows.map(r => r.label),
    pred,
  )
  const ms = performance.now() - t0
  if (args.includes('--json')) {
    process.stdout.write(JSON.stringify({ file, cv: k > 1 ? k : undefined, ...s, ms: Math.round(ms) }) + '\n')
    return
  }
  const pct = (x: number) => (x * 100).toFixed(1).padStart(6)
  console.log(`${file}: ${rows.length} rows${k > 1 ? `, ${k}-fold cross-validation` : flag('train') ? `, trained on ${flag('train')}` : ', taxonomy only'}`)
  console.log('category            precision  recall      F1  support')
  for (const [l, v] of Object.entries(s.perCategory))
    console.log(`${l.padEnd(12, '　')}  ${pct(v.precision)}  ${pct(v.recall)}  ${pct(v.f1)}  ${String(v.support).padStart(7)}`)
  console.log(`macro-F1 ${pct(s.macroF1)}   accuracy ${pct(s.accuracy)}   unclassified ${pred.filter(p => !p).length}`)
}

interface CurvePoint {
  train: number | 'all'
  rows: number
  macroF1: number[]
  trainMs: number[]
  trainCpuMs: number[]
}

/** Seeded Fisher–Yates shuffle (splits are reproducible). */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = xs.slice()
  let s = seed >>> 0
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

function learningCurve(file: string, rows: Row[], taxonomy: ReturnType<typeof defaultTaxonomy>, spec: string, splits: number, json: boolean) {
  const sizes = spec.split(',').map(x => (x.trim() === 'all' ? ('all' as const) : Number(x)))
  if (sizes.some(x => x !== 'all' && !(x > 0))) throw new Error('--curve takes sizes like 250,500,1000,all')
  const untrained = createClassifier({ taxonomy })
  const evaluate = (c: ReturnType<typeof createClassifier>, test: Row[]) =>
    score(
      test.map(r => r.label),
      test.map(r => c.classify(r).category),
    ).macroF1
  const curve: CurvePoint[] = sizes.map(n => ({ train: n, rows: 0, macroF1: [], trainMs: [], trainCpuMs: [] }))
  // CPU time beside wall time: on a shared machine the wall clock mostly measures the neighbours.
  const timed = <T>(fn: () => T) => {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    const value = fn()
    const c = process.cpuUsage(c0)
    return { value, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }
  }
  const numeric = sizes.filter((x): x is number => x !== 'all')
  const against = numeric.length ? Math.max(...numeric) : 0
  const rest = { train: against, macroF1: [] as number[], untrained: [] as number[], trainMs: [] as number[], trainCpuMs: [] as number[] }
  const heldOut: number[] = []
  for (let s = 1; s <= splits; s++) {
    const order = shuffled(rows, s * 7919)
    const cut = Math.floor(order.length * 0.8)
    const pool = order.slice(0, cut)
    const test = order.slice(cut)
    heldOut.push(evaluate(untrained, test))
    curve.forEach((p, i) => {
      const training = pool.slice(0, sizes[i] === 'all' ? pool.length : (sizes[i] as number))
      const c = timed(() => createClassifier({ taxonomy, training }))
      p.trainMs.push(c.ms)
      p.trainCpuMs.push(c.cpuMs)
      p.rows = training.length
      p.macroF1.push(evaluate(c.value, test))
    })
    if (against && against < rows.length) {
      const training = order.slice(0, against)
      const others = order.slice(against)
      const c = timed(() => createClassifier({ taxonomy, training }))
      rest.trainMs.push(c.ms)
      rest.trainCpuMs.push(c.cpuMs)
      rest.macroF1.push(evaluate(c.value, others))
      rest.untrained.push(evaluate(untrained, others))
    }
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0)
  const r3 = (x: number) => Math.round(x * 1000) / 1000
  const untrainedAll = evaluate(untrained, rows)
  const result = {
    file,
    rows: rows.length,
    splits,
    untrained: { all: r3(untrainedAll), heldOut: r3(mean(heldOut)) },
    curve: curve.map(p => ({
      train: p.train,
      rows: p.rows,
      macroF1: r3(mean(p.macroF1)),
      min: r3(Math.min(...p.macroF1)),
      max: r3(Math.max(...p.macroF1)),
      trainMs: Math.round(mean(p.trainMs)),
      trainCpuMs: Math.round(mean(p.trainCpuMs)),
    })),
    againstRest: rest.macroF1.length
      ? {
          train: rest.train,
          macroF1: r3(mean(rest.macroF1)),
          perSplit: rest.macroF1.map(r3),
          untrained: r3(mean(rest.untrained)),
          trainMs: Math.round(mean(rest.trainMs)),
          trainCpuMs: Math.round(mean(rest.trainCpuMs)),
        }
      : undefined,
  }
  if (json) {
    process.stdout.write(JSON.stringify(result) + '\n')
    return
  }
  const pct = (x: number) => (x * 100).toFixed(1).padStart(6)
  console.log(`${file}: ${rows.length} rows, ${splits} random splits, 20% held out`)
  console.log(`untrained (taxonomy only): macro-F1 ${pct(result.untrained.heldOut)} held out, ${pct(untrainedAll)} on all rows`)
  console.log('  train     rows  macro-F1  (min – max)      train ms (cpu)')
  for (const p of result.curve)
    console.log(
      `${String(p.train).padStart(7)}  ${String(p.rows).padStart(7)}  ${pct(p.macroF1)}  (${pct(p.min)} – ${pct(p.max)})  ${String(p.trainMs).padStart(8)} (${p.trainCpuMs})`,
    )
  const a = result.againstRest
  if (a)
    console.log(
      `${a.train} trained against the other ${rows.length - a.train}: macro-F1 ${pct(a.macroF1)} (untrained ${pct(a.untrained)}), training ${a.trainMs} ms (cpu ${a.trainCpuMs} ms)`,
    )
}

function hash(s: string) {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) >>> 0
  return h % 997
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('eval.ts')) main()
