/**
 * Evaluates first-level classification on labelled JSON Lines
 * ({"id","subject","detail" or "text","label"}):
 *   npm run eval:nlp -- <labelled.jsonl> [--taxonomy <file>] [--train <file>] [--cv <k>] [--json]
 * --cv k runs k-fold cross-validation with training on the other folds (taxonomy features included).
 * Prints precision / recall / F1 per category, macro-F1 and accuracy.
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
        const text = typeof r.text === 'string' ? r.text : r.detail
        if (typeof text !== 'string' || typeof r.label !== 'string') throw new Error('needs "text" or "detail", and "label"')
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
    rows.map((r) => r.label),
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
  console.log(`macro-F1 ${pct(s.macroF1)}   accuracy ${pct(s.accuracy)}   unclassified ${pred.filter((p) => !p).length}`)
}

function hash(s: string) {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) >>> 0
  return h % 997
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('eval.ts')) main()
