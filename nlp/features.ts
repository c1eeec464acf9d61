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

const isWordChar = (c: number) =>
  (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)

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

/** Accumulates hashed features into a map, then freezes them as a log-TF, L2-normalised vector. */
export class FeatureBag {
  private m = new Map<number, number>()
  add(h: number, v = 1): void {
    const k = h & MASK
    this.m.set(k, (this.m.get(k) ?? 0) + v)
  }
  addRaw(k: number, v: number): void {
    this.m.set(k & MASK, (this.m.get(k & MASK) ?? 0) + v)
  }
  toVector(sublinear = true): SparseVector {
    const idx = new Int32Array(this.m.size)
    const val = new Float32Array(this.m.size)
    let i = 0
    let norm = 0
    for (const [k, v] of this.m) {
      const x = sublinear ? Math.sign(v) * Math.log1p(Math.abs(v)) : v
      idx[i] = k
      val[i] = x
      norm += x * x
      i++
    }
    norm = Math.sqrt(norm) || 1
    for (let j = 0; j < val.length; j++) val[j] /= norm
    return { idx, val }
  }
}
