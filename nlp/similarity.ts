import { forEachBigram } from './features'

const DF_BITS = 20
const DF_MASK = (1 << DF_BITS) - 1

/**
 * Running document frequencies of hashed character bigrams (a fixed 4 MB table,
 * collisions tolerated), so similarity can down-weight words every complaint
 * uses (小区, 业主, 反映) without a vocabulary that grows with the input.
 */
export class DocumentFrequencies {
  /** Documents per hashed slot (read directly by the similarity loops). */
  readonly counts = new Uint32Array(1 << DF_BITS)
  docs = 0
  addDoc(features: Uint32Array): void {
    this.docs++
    for (const f of features) this.counts[f & DF_MASK]++
  }
  removeDoc(features: Uint32Array): void {
    this.docs = Math.max(0, this.docs - 1)
    for (const f of features) if (this.counts[f & DF_MASK] > 0) this.counts[f & DF_MASK]--
  }
  /** Documents holding feature `f` (or another feature hashed to its slot). */
  bucketCount(f: number): number {
    return this.counts[f & DF_MASK]
  }
  idf(f: number): number {
    const d = this.counts[f & DF_MASK]
    return Math.log(this.docs + 1) - (d < LOG_TABLE.length ? LOG_TABLE[d] : Math.log(d + 1)) + 1
  }
}

// ln(df + 1) for small df: similarity is computed millions of times at 100k complaints.
const LOG_TABLE = Float64Array.from({ length: 1 << 16 }, (_, d) => Math.log(d + 1))

/** Squared IDF norm of a feature set (cache it: it only drifts slowly as documents are added). */
export function idfNorm(a: Uint32Array, df: DocumentFrequencies): number {
  const counts = df.counts
  const logDocs = Math.log(df.docs + 1)
  let n = 0
  for (let i = 0; i < a.length; i++) {
    const d = counts[a[i] & DF_MASK]
    // Same arithmetic as DocumentFrequencies.idf, with the per-call logarithm hoisted.
    n += (logDocs - (d < LOG_TABLE.length ? LOG_TABLE[d] : Math.log(d + 1)) + 1) ** 2
  }
  return n
}

/**
 * The set of hashed character bigrams describing a complaint for clustering:
 * the subject plus the first `bodyChars` characters of the body, sorted and
 * capped so memory per complaint stays small.
 */
export function textFeatures(normSubject: string, normText: string, bodyChars = 160, cap = 192): Uint32Array {
  // The first `cap` distinct bigrams, deduplicated in a reusable open-addressing table
  // (a Set per complaint was a large share of a rebuild).
  const slots = Math.max(FEATURE_SLOTS, 1 << Math.ceil(Math.log2(cap * 4)))
  if (featureKeys.length < slots) ((featureKeys = new Uint32Array(slots)), (featureStamps = new Uint32Array(slots)), (featureStamp = 0))
  if (++featureStamp === 0xffffffff) (featureStamps.fill(0), (featureStamp = 1))
  const found = new Uint32Array(cap)
  let n = 0
  const mask = slots - 1
  const add = (h: number) => {
    if (n >= cap) return
    let slot = h & mask
    while (featureStamps[slot] === featureStamp) {
      if (featureKeys[slot] === h) return
      slot = (slot + 1) & mask
    }
    featureStamps[slot] = featureStamp
    featureKeys[slot] = h
    found[n++] = h
  }
  forEachBigram(normSubject, 0, add)
  forEachBigram(normText, 0, add, bodyChars)
  return (n === cap ? found : found.slice(0, n)).sort()
}
const FEATURE_SLOTS = 1024
let featureKeys = new Uint32Array(FEATURE_SLOTS)
let featureStamps = new Uint32Array(FEATURE_SLOTS)
let featureStamp = 0

/** IDF-weighted cosine between two sorted feature sets (pass cached squared norms from {@link idfNorm} if known). */
export function weightedCosine(a: Uint32Array, b: Uint32Array, df: DocumentFrequencies, na = idfNorm(a, df), nb = idfNorm(b, df)): number {
  if (!a.length || !b.length || !na || !nb) return 0
  const counts = df.counts
  const logDocs = Math.log(df.docs + 1)
  const la = a.length
  const lb = b.length
  let i = 0
  let j = 0
  let dot = 0
  let x = a[0]
  let y = b[0]
  while (true) {
    if (x === y) {
      const d = counts[x & DF_MASK]
      dot += (logDocs - (d < LOG_TABLE.length ? LOG_TABLE[d] : Math.log(d + 1)) + 1) ** 2
      if (++i >= la || ++j >= lb) break
      x = a[i]
      y = b[j]
    } else if (x < y) {
      if (++i >= la) break
      x = a[i]
    } else {
      if (++j >= lb) break
      y = b[j]
    }
  }
  return dot / Math.sqrt(na * nb)
}

/** A cluster's bigram profile: for each feature, how many of `n` sampled members hold it. */
export interface Profile {
  counts: Map<number, number>
  n: number
}

/**
 * IDF-weighted cosine between two cluster profiles (each feature weighted by the
 * share of members holding it × its IDF): high when two clusters keep using the
 * same distinctive words, whichever member said them.
 */
export function profileCosine(a: Profile, b: Profile, df: DocumentFrequencies): number {
  if (!a.n || !b.n) return 0
  let dot = 0
  let na = 0
  let nb = 0
  for (const [f, ca] of a.counts) {
    const w = df.idf(f) ** 2
    const x = ca / a.n
    na += x * x * w
    const cb = b.counts.get(f)
    if (cb) dot += x * (cb / b.n) * w
  }
  for (const [f, cb] of b.counts) {
    const y = cb / b.n
    nb += y * y * df.idf(f) ** 2
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0
}

/**
 * One feature set held in a small open-addressing table, to be compared with many
 * others: each comparison walks only the other set (one probe per feature) instead
 * of merging two sorted lists. Same result as {@link weightedCosine}, summed in the
 * same (ascending) order.
 */
export class FeatureProbe {
  private keys = new Uint32Array(512)
  private stamps = new Uint32Array(512)
  private mask = 511
  private stamp = 0
  private size = 0
  private norm = 0

  /** Loads `a` (sorted, distinct features) with its squared IDF norm. */
  load(a: Uint32Array, norm: number): void {
    if (a.length * 4 > this.keys.length) {
      let n = this.keys.length
      while (a.length * 4 > n) n *= 2
      this.keys = new Uint32Array(n)
      this.stamps = new Uint32Array(n)
      this.mask = n - 1
      this.stamp = 0
    }
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0)
      this.stamp = 1
    }
    const { keys, stamps, mask, stamp } = this
    for (let i = 0; i < a.length; i++) {
      const f = a[i]
      let slot = f & mask
      while (stamps[slot] === stamp) slot = (slot + 1) & mask
      stamps[slot] = stamp
      keys[slot] = f
    }
    this.size = a.length
    this.norm = norm
  }

  /** {@link weightedCosine} between the loaded set and `b` (sorted, with squared norm `nb`). */
  cosine(b: Uint32Array, df: DocumentFrequencies, nb: number): number {
    const na = this.norm
    if (!this.size || !b.length || !na || !nb) return 0
    const { keys, stamps, mask, stamp } = this
    const counts = df.counts
    const logDocs = Math.log(df.docs + 1)
    let dot = 0
    for (let j = 0; j < b.length; j++) {
      const f = b[j]
      let slot = f & mask
      while (stamps[slot] === stamp) {
        if (keys[slot] === f) {
          const d = counts[f & DF_MASK]
          dot += (logDocs - (d < LOG_TABLE.length ? LOG_TABLE[d] : Math.log(d + 1)) + 1) ** 2
          break
        }
        slot = (slot + 1) & mask
      }
    }
    return dot / Math.sqrt(na * nb)
  }
}
