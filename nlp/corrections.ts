import type { Classifier, ClassifierInput, LabelledExample } from './classify'
import { normalize } from './normalize'
import { textFeatures } from './similarity'

/** A worker's correction: the text and the category path they chose. */
export interface CorrectedExample extends LabelledExample {
  /** nameZh path from the first-level category down; `[label]` when absent. */
  path?: string[]
}

export interface CorrectionOptions {
  /**
   * How alike (cosine of the character-bigram sets of subject and opening) a
   * complaint must be to a corrected one to take its category. Default 0.5:
   * the same matter in other words passes, the same place with another
   * problem does not.
   */
  threshold?: number
}

const DEFAULT_THRESHOLD = 0.5

/**
 * Wraps a classifier with workers' corrections. Each corrected complaint is a
 * labelled example used twice: a complaint much like it takes the corrected
 * category at once (nearest example over character bigrams, found through an
 * inverted index), and once the corrections cover every first-level category
 * of the taxonomy they also train the linear model through `withExamples`. A
 * model trained on only some categories would force every complaint into one
 * of them, so it waits for that coverage.
 */
export function withCorrections(base: Classifier, examples: CorrectedExample[], opts: CorrectionOptions = {}): Classifier {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD
  const categories = base.taxonomy.categories.map(c => c.nameZh)
  const labels = new Set(examples.map(e => e.label))
  const trained = examples.length && categories.every(c => labels.has(c)) ? base.withExamples(examples) : base
  const kept = examples.map(e => ({ e, f: featuresOf(e) }))
  const postings = new Map<number, number[]>()
  kept.forEach(({ f }, i) => {
    for (const h of f) {
      const list = postings.get(h)
      if (list) list.push(i)
      else postings.set(h, [i])
    }
  })

  /** The most similar corrected example at or above the threshold. */
  const nearest = (input: ClassifierInput) => {
    if (!kept.length) return undefined
    const f = featuresOf(input)
    if (!f.length) return undefined
    const shared = new Map<number, number>()
    for (const h of f) for (const i of postings.get(h) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1)
    let best: { i: number; sim: number } | undefined
    for (const [i, n] of shared) {
      const sim = n / Math.sqrt(f.length * kept[i].f.length)
      // The later correction wins a tie: workers may correct their own corrections.
      if (sim >= threshold && (!best || sim >= best.sim)) best = { i, sim }
    }
    return best ? { example: kept[best.i].e, similarity: best.sim } : undefined
  }

  return {
    taxonomy: base.taxonomy,
    labels: trained.labels,
    examples: trained.examples,
    withExamples: more => withCorrections(base.withExamples(more), examples, opts),
    classify(input) {
      const r = trained.classify(input)
      const hit = nearest(input)
      if (!hit) return r
      const path = hit.example.path?.length ? hit.example.path : [hit.example.label]
      if (path.join('/') === r.path.join('/')) return r
      const keywords = [...new Set(r.matches.filter(m => m.path[0] === path[0] && !m.pattern).map(m => m.keyword))]
      return { ...r, category: path[0], path, nodeId: '', keywords, score: Math.round(hit.similarity * 1000) / 1000 }
    },
  }
}

function featuresOf(input: ClassifierInput): Uint32Array {
  const subject = input.normalized ? (input.subject ?? '') : normalize(input.subject ?? '')
  const text = input.normalized ? input.text : normalize(input.text ?? '')
  return textFeatures(subject, text)
}
