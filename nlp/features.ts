/** Hashed sparse features: parallel arrays of feature index and value. */
export interface SparseVector {
  idx: Int32Array
  val: Float32Array
}

export const HASH_BITS = 18
const MASK = (1 << HASH_BITS) - 1

/** Murmur3-style integer finaliser: spreads nearby inputs over the hash space. */
export function mix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** FNV-1a hash of a string, mixed. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return mix32(h)
}

const isWordChar = (c: number) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)

/**
 * Calls `fn(hash)` for each pair of adjacent word characters (CJK, digit, a–z) in
 * normalised text. Digits are folded to 0 so that house numbers and dates do not
 * each become a feature. `seed` separates feature families (subject vs body).
 */
export function forEachBigram(text: string, seed: number, fn: (h: number) => void, limit = Infinity): void {
  let prev = -1
  const n = Math.min(text.length, limit)
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i)
    if (!isWordChar(c)) {
      prev = -1
      continue
    }
    if (c >= 0x30 && c <= 0x39) c = 0x30
    if (prev !== -1) fn(mix32(Math.imul(prev, 0x9e3779b1) ^ c ^ seed))
    prev = c
  }
}

// One scratch accumulator shared by all bags: building a bag then touches only the
// features present instead of hashing into a Map (classification with a model is
// on the hot path).
const SCRATCH = new Float32Array(1 << HASH_BITS)
const TOUCHED = new Int32Array(1 << 16)

/** Accumulates hashed features, then freezes them as a log-TF, L2-normalised vector. Use one bag at a time. */
export class FeatureBag {
  private n = 0
  private overflow = new Map<number, number>()
  add(h: number, v = 1): void {
    this.addRaw(h, v)
  }
  addRaw(k: number, v: number): void {
    const i = k & MASK
    if (SCRATCH[i] === 0) {
      if (this.n < TOUCHED.length) TOUCHED[this.n++] = i
      else {
        this.overflow.set(i, (this.overflow.get(i) ?? 0) + v)
        return
      }
    }
    SCRATCH[i] += v
    // A feature whose sum returns to exactly 0 would be lost; nudge it (values are counts, so this is rare).
    if (SCRATCH[i] === 0) SCRATCH[i] = 1e-9
  }
  toVector(sublinear = true): SparseVector {
    const size = this.n + this.overflow.size
    const idx = new Int32Array(size)
    const val = new Float32Array(size)
    let norm = 0
    const put = (j: number, k: number, v: number) => {
      const x = sublinear ? Math.sign(v) * Math.log1p(Math.abs(v)) : v
      idx[j] = k
      val[j] = x
      norm += x * x
    }
    for (let j = 0; j < this.n; j++) {
      const i = TOUCHED[j]
      put(j, i, SCRATCH[i])
      SCRATCH[i] = 0
    }
    let j = this.n
    for (const [i, v] of this.overflow) put(j++, i, v)
    this.n = 0
    this.overflow.clear()
    norm = Math.sqrt(norm) || 1
    for (let q = 0; q < size; q++) val[q] /= norm
    return { idx, val }
  }
}
