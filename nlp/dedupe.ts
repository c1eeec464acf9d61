import { hashString, mix32 } from './features'
import { normalize } from './normalize'

const SHINGLE = 3
// Letters longer than this add little to duplicate detection and cost time.
const MAX_CHARS = 2000

/** Hashes of the character 3-shingles of normalised text (punctuation and spaces dropped). */
export function shingles(text: string): Uint32Array {
  const t = normalize(text).replace(/[^\p{Script=Han}a-z0-9]/gu, '').slice(0, MAX_CHARS)
  if (t.length < SHINGLE) return t ? new Uint32Array([hashString(t)]) : new Uint32Array(0)
  const out = new Uint32Array(t.length - SHINGLE + 1)
  for (let i = 0; i + SHINGLE <= t.length; i++)
    out[i] = mix32(Math.imul(Math.imul(t.charCodeAt(i), 0x9e3779b1) ^ t.charCodeAt(i + 1), 0x85ebca6b) ^ t.charCodeAt(i + 2))
  return out
}

/**
 * 64-bit SimHash of the character 3-shingles, as a 16-digit hex string.
 * Near-identical texts differ in few bits ({@link hammingHex}).
 */
export function simhash(text: string): string {
  const v = new Int32Array(64)
  for (const h of shingles(text)) {
    const lo = h
    const hi = mix32(h ^ 0x5bd1e995)
    for (let b = 0; b < 32; b++) {
      v[b] += lo & (1 << b) ? 1 : -1
      v[b + 32] += hi & (1 << b) ? 1 : -1
    }
  }
  let lo = 0
  let hi = 0
  for (let b = 0; b < 32; b++) {
    if (v[b] > 0) lo |= 1 << b
    if (v[b + 32] > 0) hi |= 1 << b
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0')
}

/** Number of differing bits between two {@link simhash} values. */
export function hammingHex(a: string, b: string): number {
  let d = 0
  for (let i = 0; i < 16; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0
    while (x) {
      x &= x - 1
      d++
    }
  }
  return d
}

export const MINHASH_SIZE = 32
const SEEDS = Array.from({ length: MINHASH_SIZE }, (_, i) => mix32(0x9e3779b9 * (i + 1)) | 1)

/** MinHash signature (32 values) of the character 3-shingles: equal-slot fraction estimates Jaccard similarity. */
export function minhash(text: string): Uint32Array {
  return minhashOf(shingles(text))
}

function minhashOf(sh: Uint32Array): Uint32Array {
  const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff)
  for (let i = 0; i < sh.length; i++) {
    const h = sh[i]
    for (let k = 0; k < MINHASH_SIZE; k++) {
      // Cheap universal-ish permutation per slot: multiply by an odd seed, then xorshift.
      let x = Math.imul(h ^ SEEDS[k], SEEDS[(k + 7) % MINHASH_SIZE])
      x = (x ^ (x >>> 15)) >>> 0
      if (x < sig[k]) sig[k] = x
    }
  }
  return sig
}

/** Estimated Jaccard similarity of two MinHash signatures. */
export function minhashSimilarity(a: Uint32Array, b: Uint32Array): number {
  if (!a.length || !b.length) return 0
  let same = 0
  for (let k = 0; k < MINHASH_SIZE; k++) if (a[k] === b[k]) same++
  return same / MINHASH_SIZE
}

export interface NearDuplicateIndex {
  /** Adds a text; reports the most similar earlier text at or above the threshold, if any. */
  add(id: string, text: string): { duplicateOf?: string; similarity: number }
  /** Finds the most similar indexed text without adding. */
  query(text: string): { duplicateOf?: string; similarity: number }
  remove(id: string): void
  readonly size: number
}

/**
 * Locality-sensitive index over MinHash signatures: 8 bands of 4 slots, so two
 * texts with Jaccard ≥ 0.7 share a band with probability > 0.9 and each lookup
 * only compares against texts sharing a band (no all-pairs comparison).
 */
export function createNearDuplicateIndex(opts: { threshold?: number } = {}): NearDuplicateIndex {
  const threshold = opts.threshold ?? 0.7
  const BANDS = 8
  const ROWS = MINHASH_SIZE / BANDS
  const buckets = new Map<number, string[]>()
  const sigs = new Map<string, Uint32Array>()
  const bandKeys = (sig: Uint32Array) => {
    const keys: number[] = []
    for (let b = 0; b < BANDS; b++) {
      let h = b + 1
      for (let r = 0; r < ROWS; r++) h = mix32(Math.imul(h, 0x01000193) ^ sig[b * ROWS + r])
      keys.push(h)
    }
    return keys
  }
  const lookup = (sig: Uint32Array, keys: number[]) => {
    let best: string | undefined
    let bestSim = 0
    const seen = new Set<string>()
    for (const k of keys)
      for (const other of buckets.get(k) ?? []) {
        if (seen.has(other)) continue
        seen.add(other)
        const s = minhashSimilarity(sig, sigs.get(other)!)
        if (s > bestSim) {
          bestSim = s
          best = other
        }
      }
    return bestSim >= threshold ? { duplicateOf: best, similarity: bestSim } : { similarity: bestSim }
  }
  return {
    get size() {
      return sigs.size
    },
    query(text) {
      const sig = minhash(text)
      return lookup(sig, bandKeys(sig))
    },
    add(id, text) {
      const sig = minhash(text)
      const keys = bandKeys(sig)
      const r = sig.length && shinglesNonEmpty(sig) ? lookup(sig, keys) : { similarity: 0 }
      if (sigs.has(id)) this.remove(id)
      sigs.set(id, sig)
      if (shinglesNonEmpty(sig))
        for (const k of keys) {
          let b = buckets.get(k)
          if (!b) buckets.set(k, (b = []))
          // Cap bucket size: thousands of identical one-word texts would make lookups quadratic.
          if (b.length < 200) b.push(id)
        }
      return r
    },
    remove(id) {
      const sig = sigs.get(id)
      if (!sig) return
      sigs.delete(id)
      for (const k of bandKeys(sig)) {
        const b = buckets.get(k)
        if (!b) continue
        const i = b.indexOf(id)
        if (i >= 0) b.splice(i, 1)
        if (!b.length) buckets.delete(k)
      }
    },
  }
}

const shinglesNonEmpty = (sig: Uint32Array) => sig[0] !== 0xffffffff
