import { FeatureBag, forEachBigram, hashString } from './features'
import { createMatcher, type Match, type Matcher } from './match'
import { trainSoftmax, type LinearModel, type TrainOptions } from './model'
import { normalize } from './normalize'
import { walkTaxonomy, type NodeInfo, type Taxonomy } from './taxonomy'

/** The category of a complaint and why. */
export interface Classification {
  /** First-level category nameZh, or '' when nothing matched and no model was trained. */
  category: string
  /** nameZh path from the first-level category down to the most specific matched node. */
  path: string[]
  /** id of the deepest node on `path` ('' if none). */
  nodeId: string
  /** Distinct matched keywords supporting the category, strongest first. */
  keywords: string[]
  /** Confidence 0..1. */
  score: number
  /** Every counted match; `field` tells whether its span is in the normalised subject or text. */
  matches: Match[]
  /** Taxonomy score per first-level category (nameZh → score), before any model. */
  categoryScores: Record<string, number>
}

export interface ClassifierInput {
  subject?: string
  text: string
  /** Subject and text are already normalize()d: skip normalising again (spans are unaffected). */
  normalized?: boolean
}

export interface LabelledExample {
  text: string
  subject?: string
  /** A first-level category nameZh. */
  label: string
}

export interface ClassifierOptions {
  taxonomy: Taxonomy
  /** Labelled examples: when given, a softmax model over character bigrams and taxonomy scores is trained. */
  training?: LabelledExample[]
  /** How much a match in the subject (title) counts relative to one in the body. Default 2. */
  subjectWeight?: number
  train?: TrainOptions
  /**
   * Weight of the learned model against the taxonomy (0..1) when training is given.
   * Default: chosen by 4-fold cross-validation on the training examples, so a small
   * training set leans on the taxonomy and a large one on the model.
   */
  blend?: number
}

export interface Classifier {
  classify(input: ClassifierInput): Classification
  taxonomy: Taxonomy
  /** Labels the model was trained on (empty without training). */
  labels: string[]
}

// Only the start of very long bodies is used for the learned model: the first
// paragraphs say what the letter is about, the rest adds noise and time.
const MODEL_TEXT_LIMIT = 1000
const SEED_SUBJECT = 0x5bd1e995
const SEED_TEXT = 0x1b873593

/**
 * Creates a classifier. Without training it scores the taxonomy: each matched
 * keyword adds weight × (subjectWeight if in the subject) + weight × log2(1 + hits
 * in the body), summed up the tree; the first-level category with the most
 * weight wins and the path descends to the best-scoring child at each level.
 * With training, a softmax model over character bigrams of subject and body plus
 * the taxonomy's category scores picks the first-level category (the taxonomy
 * still picks the path inside it).
 */
export function createClassifier(opts: ClassifierOptions): Classifier {
  const { taxonomy } = opts
  const subjectWeight = opts.subjectWeight ?? 2
  const matcher = createMatcher(taxonomy)
  const nodes = walkTaxonomy(taxonomy)
  const index = new Map(nodes.map((n, i) => [n.node.id, i]))
  const parent = nodes.map((n) => (n.idPath.length > 1 ? index.get(n.idPath[n.idPath.length - 2])! : -1))
  const top = taxonomy.categories.map((c) => index.get(c.id)!)
  const topNames = taxonomy.categories.map((c) => c.nameZh)

  const analyse = (input: ClassifierInput) => {
    const ns = input.normalized ? (input.subject ?? '') : normalize(input.subject ?? '')
    const nt = input.normalized ? input.text : normalize(input.text ?? '')
    const matches = matcher.match(ns, { longestOnly: true, field: 'subject' })
    for (const m of matcher.match(nt, { longestOnly: true, field: 'text' })) matches.push(m)
    const score = new Float64Array(nodes.length)
    const perKeyword = new Map<number, { node: number; weight: number; s: number; t: number }>()
    for (const m of matches) {
      const key = m.kid!
      let k = perKeyword.get(key)
      if (!k) perKeyword.set(key, (k = { node: index.get(m.nodeId)!, weight: m.weight, s: 0, t: 0 }))
      if (m.field === 'subject') k.s++
      else k.t++
    }
    const kwScore = new Map<number, number>()
    for (const [key, k] of perKeyword) {
      // Repetition in a long letter should not outweigh breadth of evidence: log-damped.
      const v = k.weight * ((k.s > 0 ? subjectWeight : 0) + Math.log2(1 + k.t))
      for (let n = k.node; n !== -1; n = parent[n]) score[n] += v
      kwScore.set(key, v)
    }
    return { ns, nt, matches, score, kwScore }
  }

  let model: LinearModel | undefined
  const vectorize = (ns: string, nt: string, score: Float64Array) => {
    const bag = new FeatureBag()
    forEachBigram(ns, SEED_SUBJECT, (h) => bag.add(h))
    forEachBigram(ns, SEED_TEXT, (h) => bag.add(h))
    forEachBigram(nt, SEED_TEXT, (h) => bag.add(h), MODEL_TEXT_LIMIT)
    const total = top.reduce((a, n) => a + score[n], 0)
    if (total > 0) {
      let best = 0
      top.forEach((n, i) => {
        // The taxonomy's opinion enters as features, so training decides how far to trust it.
        if (score[n] > 0) bag.addRaw(hashString(`tax:${i}`), 4 * (score[n] / total))
        if (score[n] > score[top[best]]) best = i
      })
      bag.addRaw(hashString(`taxtop:${best}`), 4)
    }
    return bag.toVector()
  }
  let blend = 1
  // Taxonomy opinion as a distribution over the model's labels.
  const taxDist = (score: Float64Array, labels: string[]) => {
    const v = labels.map((l) => {
      const i = topNames.indexOf(l)
      return i >= 0 ? score[top[i]] : 0
    })
    const sum = v.reduce((a, b) => a + b, 0)
    return sum > 0 ? v.map((x) => x / sum) : v.map(() => 1 / labels.length)
  }
  const argmaxBlend = (p: Float64Array, q: number[], w: number) => {
    let k = 0
    let best = -1
    for (let j = 0; j < p.length; j++) {
      const v = w * p[j] + (1 - w) * q[j]
      if (v > best) (best = v), (k = j)
    }
    return { k, p: best }
  }
  if (opts.training?.length) {
    const train = { epochs: 20, l2: 1e-5, ...opts.train }
    const data = opts.training.map((ex) => {
      const a = analyse(ex)
      return { x: vectorize(a.ns, a.nt, a.score), label: ex.label, score: a.score }
    })
    model = trainSoftmax(data, train)
    if (opts.blend !== undefined) blend = opts.blend
    else if (data.length >= 40) blend = chooseBlend(data, train, taxDist, argmaxBlend)
  }

  return {
    taxonomy,
    labels: model?.labels ?? [],
    classify(input) {
      const { ns, nt, matches, score, kwScore } = analyse(input)
      const categoryScores: Record<string, number> = {}
      let total = 0
      let best = -1
      top.forEach((n, i) => {
        categoryScores[topNames[i]] = score[n]
        total += score[n]
        if (score[n] > 0 && (best === -1 || score[n] > score[top[best]])) best = i
      })
      let category = best >= 0 ? topNames[best] : ''
      let confidence = 0
      if (best >= 0) {
        const s1 = score[top[best]]
        confidence = (s1 / total) * (1 - Math.exp(-s1 / 2))
      }
      if (model) {
        const p = model.predict(vectorize(ns, nt, score))
        const { k, p: pk } = argmaxBlend(p, taxDist(score, model.labels), blend)
        category = model.labels[k]
        confidence = pk
        best = topNames.indexOf(category)
      }
      // Descend inside the chosen category to the best-scoring child at each level.
      const path: string[] = []
      let nodeId = ''
      let keywords: string[] = []
      if (best >= 0) {
        let info: NodeInfo = nodes[top[best]]
        path.push(info.node.nameZh)
        nodeId = info.node.id
        for (;;) {
          let bestChild = -1
          for (const c of info.node.children) {
            const ci = index.get(c.id)!
            if (score[ci] > 0 && (bestChild === -1 || score[ci] > score[bestChild])) bestChild = ci
          }
          if (bestChild === -1) break
          info = nodes[bestChild]
          path.push(info.node.nameZh)
          nodeId = info.node.id
        }
        const inCategory = matches.filter((m) => m.path[0] === topNames[best] && !m.pattern)
        const weightOf = new Map<string, number>()
        for (const m of inCategory)
          weightOf.set(m.keyword, Math.max(weightOf.get(m.keyword) ?? 0, kwScore.get(m.kid!) ?? 0))
        keywords = [...weightOf.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k)
      }
      return { category, path, nodeId, keywords, score: Math.round(confidence * 1000) / 1000, matches, categoryScores }
    },
  }
}

const BLEND_GRID = [0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1]

/** Picks the model/taxonomy blend weight with the best macro-F1 in 4-fold cross-validation on the training data. */
function chooseBlend(
  data: { x: import('./features').SparseVector; label: string; score: Float64Array }[],
  train: TrainOptions,
  taxDist: (score: Float64Array, labels: string[]) => number[],
  argmaxBlend: (p: Float64Array, q: number[], w: number) => { k: number; p: number },
): number {
  const K = 4
  const correct = new Map<number, { gold: string[]; pred: string[] }>()
  for (const w of BLEND_GRID) correct.set(w, { gold: [], pred: [] })
  for (let f = 0; f < K; f++) {
    const m = trainSoftmax(
      data.filter((_, i) => i % K !== f),
      { ...train, epochs: Math.min(train.epochs ?? 20, 12) },
    )
    data.forEach((d, i) => {
      if (i % K !== f) return
      const p = m.predict(d.x)
      const q = taxDist(d.score, m.labels)
      for (const w of BLEND_GRID) {
        const r = correct.get(w)!
        r.gold.push(d.label)
        r.pred.push(m.labels[argmaxBlend(p, q, w).k])
      }
    })
  }
  let best = 1
  let bestF = -1
  for (const w of BLEND_GRID) {
    const { gold, pred } = correct.get(w)!
    const f = macroF1(gold, pred)
    // Ties go to the larger weight: with enough data the model generalises better.
    if (f >= bestF - 1e-9) (bestF = f), (best = w)
  }
  return best
}

/** Macro-averaged F1 over the gold labels. */
export function macroF1(gold: string[], pred: string[]): number {
  const labels = [...new Set(gold)]
  let sum = 0
  for (const l of labels) {
    let tp = 0
    let fp = 0
    let fn = 0
    for (let i = 0; i < gold.length; i++) {
      if (pred[i] === l && gold[i] === l) tp++
      else if (pred[i] === l) fp++
      else if (gold[i] === l) fn++
    }
    sum += tp ? (2 * tp) / (2 * tp + fp + fn) : 0
  }
  return labels.length ? sum / labels.length : 0
}
