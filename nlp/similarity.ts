import { forEachBigram } from './features'

const DF_BITS = 20
const DF_MASK = (1 << DF_BITS) - 1

/**
 * Running document frequencies of hashed character bigrams (a fixed 4 MB table,
 * collisions tolerated), so similarity can down-weight words every complaint
 * uses (小区, 业主, 反映) without a vocabulary that grows with the input.
 */
export class DocumentFrequencies {
  private df = new Uint32Array(1 << DF_BITS)
  docs = 0
  addDoc(features: Uint32Array): void {
    this.docs++
    for (const f of features) this.df[f & DF_MASK]++
  }
  removeDoc(features: Uint32Array): void {
    this.docs = Math.max(0, this.docs - 1)
    for (const f of features) if (this.df[f & DF_MASK] > 0) this.df[f & DF_MASK]--
  }
  idf(f: number): number {
    return Math.log((this.docs + 1) / (this.df[f & DF_MASK] + 1)) + 1
  }
}

/**
 * The set of hashed character bigrams describing a complaint for clustering:
 * the subject plus the first `bodyChars` characters of the body, sorted and
 * capped so memory per complaint stays small.
 */
export function textFeatures(normSubject: string, normText: string, bodyChars = 160, cap = 192): Uint32Array {
  const set = new Set<number>()
  forEachBigram(normSubject, 0, (h) => set.size < cap && set.add(h))
  forEachBigram(normText, 0, (h) => set.size < cap && set.add(h), bodyChars)
  return Uint32Array.from(set).sort()
}

/** IDF-weighted cosine between two sorted feature sets. */
export function weightedCosine(a: Uint32Array, b: Uint32Array, df: DocumentFrequencies): number {
  if (!a.length || !b.length) return 0
  let i = 0
  let j = 0
  let dot = 0
  let na = 0
  let nb = 0
  for (const f of a) na += df.idf(f) ** 2
  for (const f of b) nb += df.idf(f) ** 2
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      dot += df.idf(a[i]) ** 2
      i++
      j++
    } else if (a[i] < b[j]) i++
    else j++
  }
  return dot / Math.sqrt(na * nb)
}
