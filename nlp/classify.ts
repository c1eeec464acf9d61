import { FeatureBag, type SparseVector } from './features'
import { addTextFeatures, inverseDocumentFrequency, looksSegmented, reweight } from './learner'
import { createMatcher, type Match } from './match'
import { trainLinearSvm, type MarginModel, type SvmOptions } from './model'
import { normalize } from './normalize'
import { nameSpans, type GazetteerEntry } from './places'
import { walkTaxonomy, type NodeInfo, type Taxonomy } from './taxonomy'

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
  /**
   * Every counted match; `field` tells whether its span is in the normalised subject or text
   * (for text already segmented into space-separated words: that text with the spaces
   * between Chinese characters removed).
   */
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
  /**
   * Labelled examples: when given, linear SVMs over TF-IDF weighted character
   * unigrams and bigrams are trained, and their calibrated scores are blended
   * with the taxonomy's opinion.
   */
  training?: LabelledExample[]
  /** How much a match in the subject (title) counts relative to one in the body. Default 3. */
  subjectWeight?: number
  train?: SvmOptions
  /**
   * Weight of the learned model against the taxonomy (0..1) when training is given.
   * Default: grows with the number of examples (n / (n + 650)), so a small
   * training set leans on the taxonomy and a large one on the model.
   */
  blend?: number
  /** Known place names of the district: like names found by suffix, their words are not category evidence. */
  gazetteer?: GazetteerEntry[]
}

export interface Classifier {
  classify(input: ClassifierInput): Classification
  taxonomy: Taxonomy
  /** Labels the model was trained on (empty without training). */
  labels: string[]
  /** Number of labelled examples the model was trained on. */
  examples: number
  /**
   * A new classifier trained on this one's examples plus `more` (e.g. workers'
   * category corrections kept as labelled examples). This one is unchanged.
   */
  withExamples(more: LabelledExample[]): Classifier
}

// Only the start of very long bodies is used for the learned model: the first
// paragraphs say what the letter is about, the rest adds noise and time.
const MODEL_TEXT_LIMIT = 1000
const CHAR_GRAMS = [1, 2]
// Without a subject (exported text often starts with the title), the body's opening stands in for it.
const LEAD_AS_SUBJECT = 40
// The same for taxonomy keywords: a keyword this close to the start of a subject-less text counts as in the subject.
const LEAD_AS_SUBJECT_MATCHES = 30
// Turns SVM margins into probabilities comparable with the taxonomy's distribution.
const MARGIN_SCALE = 2
// Name characters are replaced by this (not a word character, not in any keyword).
const MASK = '\u25a1'
// Names are looked for in the opening (where residents say where); found ones are masked throughout.
const NAME_SCAN_CHARS = 300
const HAN_SPACE_HAN = /(?<=[\p{Script=Han}]) (?=[\p{Script=Han}])/gu

/**
 * Prepares one field for matching: text already segmented into space-separated
 * words is joined back (垃圾 分类 → 垃圾分类) so keywords match as in raw text;
 * the words inside place and organisation names (小河小学 in 小河小学路口) are
 * masked so that they are not category evidence. Masking keeps lengths, so
 * match spans in raw text still index the normalised text.
 */
function prepareField(text: string, gazetteer?: GazetteerEntry[]): string {
  let t = text
  if (t.includes(' ') && looksSegmented(t)) t = t.replace(HAN_SPACE_HAN, '')
  const spans = nameSpans(t, { normalized: true, gazetteer, limit: NAME_SCAN_CHARS })
  if (!spans.length) return t
  // Spans are sorted by start: copy the text between them, mask what they cover.
  let out = ''
  let at = 0
  for (const s of spans) {
    const start = Math.max(s.start, at)
    if (s.end <= start) continue
    out += t.slice(at, start) + MASK.repeat(s.end - start)
    at = s.end
  }
  return out + t.slice(at)
}

/**
 * Creates a classifier. Without training it scores the taxonomy: each matched
 * keyword adds weight × (subjectWeight if in the subject) + weight × log2(1 + hits
 * in the body), summed up the tree; the first-level category with the most
 * weight wins and the path descends to the best-scoring child at each level.
 * With training, linear SVMs over TF-IDF character unigrams and bigrams of subject
 * and body give calibrated category probabilities, blended with the taxonomy's
 * distribution to pick the first-level category (the taxonomy still picks the
 * path inside it). Words inside place and organisation names count for neither.
 */
export function createClassifier(opts: ClassifierOptions): Classifier {
  const { taxonomy } = opts
  const subjectWeight = opts.subjectWeight ?? 3
  const matcher = createMatcher(taxonomy)
  const nodes = walkTaxonomy(taxonomy)
  const index = new Map(nodes.map((n, i) => [n.node.id, i]))
  const parent = nodes.map(n => (n.idPath.length > 1 ? index.get(n.idPath[n.idPath.length - 2])! : -1))
  const top = taxonomy.categories.map(c => index.get(c.id)!)
  const topNames = taxonomy.categories.map(c => c.nameZh)

  const prepare = (input: ClassifierInput) => ({
    ns: prepareField(input.normalized ? (input.subject ?? '') : normalize(input.subject ?? ''), opts.gazetteer),
    nt: prepareField(input.normalized ? input.text : normalize(input.text ?? ''), opts.gazetteer),
  })
  const analyse = (input: ClassifierInput) => {
    const { ns, nt } = prepare(input)
    const matches = matcher.match(ns, { longestOnly: true, field: 'subject' })
    for (const m of matcher.match(nt, { longestOnly: true, field: 'text' })) matches.push(m)
    const score = new Float64Array(nodes.length)
    const perKeyword = new Map<number, { node: number; weight: number; s: number; t: number }>()
    for (const m of matches) {
      const key = m.kid!
      let k = perKeyword.get(key)
      if (!k) perKeyword.set(key, (k = { node: index.get(m.nodeId)!, weight: m.weight, s: 0, t: 0 }))
      if (m.field === 'subject') k.s++
      else {
        k.t++
        if (!ns && m.start < LEAD_AS_SUBJECT_MATCHES) k.s++
      }
    }
    const kwScore = new Map<number, number>()
    for (const [key, k] of perKeyword) {
      // Repetition in a long letter should not outweigh breadth of evidence: log-damped.
      const hits = Math.log2(1 + k.t)
      const v = k.weight * ((k.s > 0 ? subjectWeight : 0) + hits)
      for (let n = k.node; n !== -1; n = parent[n]) score[n] += v
      kwScore.set(key, v)
    }
    return { ns, nt, matches, score, kwScore }
  }

  let model: MarginModel | undefined
  let idf: Float32Array | undefined
  const vectorize = (ns: string, nt: string) => {
    const bag = new FeatureBag()
    addTextFeatures(bag, ns || nt.slice(0, LEAD_AS_SUBJECT), nt, { charGrams: CHAR_GRAMS, limit: MODEL_TEXT_LIMIT })
    // Raw counts (not log-damped): TF-IDF weighting already tempers the frequent n-grams.
    return bag.toVector(false)
  }
  // Taxonomy opinion as a distribution over the model's labels.
  const taxDist = (score: Float64Array, labels: string[]) => {
    const v = labels.map(l => {
      const i = topNames.indexOf(l)
      return i >= 0 ? score[top[i]] : 0
    })
    const sum = v.reduce((a, b) => a + b, 0)
    return sum > 0 ? v.map(x => x / sum) : v.map(() => 1 / labels.length)
  }
  const training = opts.training ?? []
  let blend = 1
  if (training.length) {
    const data = training.map(ex => {
      // The taxonomy's opinion joins at prediction time only: training needs just the text.
      const a = prepare(ex)
      return { x: vectorize(a.ns, a.nt), label: ex.label }
    })
    idf = inverseDocumentFrequency(data.map(d => d.x))
    for (const d of data) reweight(d.x, idf)
    model = trainLinearSvm(data, opts.train)
    blend = opts.blend ?? training.length / (training.length + 650)
  }
  const modelDist = (x: SparseVector, m: MarginModel) => {
    const z = m.margins(x)
    let max = -Infinity
    for (const v of z) max = Math.max(max, v)
    let sum = 0
    for (let k = 0; k < z.length; k++) sum += z[k] = Math.exp(MARGIN_SCALE * (z[k] - max))
    for (let k = 0; k < z.length; k++) z[k] /= sum
    return z
  }

  return {
    taxonomy,
    labels: model?.labels ?? [],
    examples: training.length,
    withExamples(more) {
      return createClassifier({ ...opts, training: [...training, ...more] })
    },
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
      if (model && idf) {
        const p = modelDist(reweight(vectorize(ns, nt), idf), model)
        const q = taxDist(score, model.labels)
        let k = 0
        let pk = -1
        for (let j = 0; j < p.length; j++) {
          const v = blend * p[j] + (1 - blend) * q[j]
          if (v > pk) ((pk = v), (k = j))
        }
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
        const inCategory = matches.filter(m => m.path[0] === topNames[best] && !m.pattern)
        const weightOf = new Map<string, number>()
        for (const m of inCategory) weightOf.set(m.keyword, Math.max(weightOf.get(m.keyword) ?? 0, kwScore.get(m.kid!) ?? 0))
        keywords = [...weightOf.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k)
      }
      return { category, path, nodeId, keywords, score: Math.round(confidence * 1000) / 1000, matches, categoryScores }
    },
  }
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
