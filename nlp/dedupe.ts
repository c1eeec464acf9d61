import { hashString, mix32 } from './features'
import { normalize } from './normalize'

const SHINGLE = 3
// Letters longer than this add little to duplicate detection and cost time.
const MAX_CHARS = 800

/** Hashes of the character 3-shingles of normalised text (punctuation and spaces dropped). */
export function shingles(text: string, normalized = false): Uint32Array {
  const source = normalized ? text.slice(0, MAX_CHARS * 2) : normalize(text)
  // The kept code units (Han, a–z, 0–9), as the pattern would keep them, without building a string.
  const t = keptUnits(source)
  const n = t.length
  if (n < SHINGLE) return n ? new Uint32Array([hashString(String.fromCharCode(...t))]) : new Uint32Array(0)
  const out = new Uint32Array(n - SHINGLE + 1)
  for (let i = 0; i + SHINGLE <= n; i++) out[i] = mix32(Math.imul(Math.imul(t[i], 0x9e3779b1) ^ t[i + 1], 0x85ebca6b) ^ t[i + 2])
  return out
}

const KEEP = /[\p{Script=Han}a-z0-9]/u
// Per BMP code unit: 1 when kept. Surrogate pairs are tested as one character.
const KEEP_BMP = Uint8Array.from({ length: 0x10000 }, (_, c) => (c >= 0xd800 && c <= 0xdfff ? 0 : KEEP.test(String.fromCharCode(c)) ? 1 : 0))
const kept = new Uint16Array(MAX_CHARS)

/** The first MAX_CHARS code units of `s` left after dropping every character but Han, a–z and 0–9. */
function keptUnits(s: string): Uint16Array {
  let n = 0
  for (let i = 0; i < s.length && n < MAX_CHARS; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        if (KEEP.test(String.fromCharCode(c, d))) {
          kept[n++] = c
          if (n < MAX_CHARS) kept[n++] = d
        }
        i++
        continue
      }
    }
    if (KEEP_BMP[c]) kept[n++] = c
  }
  return kept.subarray(0, n)
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
// Each slot's xor seed and multiplier, laid out for the inner loop.
const SLOT_XOR = Int32Array.from(SEEDS)
const SLOT_MUL = Int32Array.from(SEEDS, (_, k) => SEEDS[(k + 7) % MINHASH_SIZE])

/** MinHash signature (32 values) of the character 3-shingles: equal-slot fraction estimates Jaccard similarity. */
export function minhash(text: string, normalized = false): Uint32Array {
  return minhashOf(shingles(text, normalized))
}

function minhashOf(sh: Uint32Array): Uint32Array {
  const sig = new Uint32Array(MINHASH_SIZE)
  // Slot by slot, so each slot's minimum stays in a register (the minimum does not depend on order).
  for (let k = 0; k < MINHASH_SIZE; k++) {
    const seed = SLOT_XOR[k]
    const mul = SLOT_MUL[k]
    let min = 0xffffffff
    for (let i = 0; i < sh.length; i++) {
      // Cheap universal-ish permutation per slot: multiply by an odd seed, then xorshift.
      let x = Math.imul(sh[i] ^ seed, mul)
      x = (x ^ (x >>> 15)) >>> 0
      if (x < min) min = x
    }
    sig[k] = min
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
  /** Adds a text; reports the most similar earlier text at or above the threshold, if any. `normalized`: text is already normalize()d. */
  add(id: string, text: string, normalized?: boolean): { duplicateOf?: string; similarity: number }
  /** The same as `add`, with the text's {@link minhash} signature computed ahead. */
  addSignature(id: string, signature: Uint32Array): { duplicateOf?: string; similarity: number }
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
  // Memory matters at 100k+ texts: signatures live in one growable pool indexed by
  // an internal doc number, and a bucket holding one doc stores the bare number.
  let pool = new Uint32Array(1024 * MINHASH_SIZE)
  const ids: (string | undefined)[] = []
  const docOf = new Map<string, number>()
  const buckets = new Map<number, number | number[]>()
  const sigAt = (d: number) => pool.subarray(d * MINHASH_SIZE, (d + 1) * MINHASH_SIZE)
  const bandKeys = (sig: Uint32Array) => {
    const keys: number[] = []
    for (let b = 0; b < BANDS; b++) {
      let h = b + 1
      for (let r = 0; r < ROWS; r++) h = mix32(Math.imul(h, 0x01000193) ^ sig[b * ROWS + r])
      // As a signed 32-bit number: a small integer Map key, not a boxed one.
      keys.push(h | 0)
    }
    return keys
  }
  // One lookup's state, kept across lookups: a Set, a closure and a signature view per
  // candidate were most of a lookup's cost over a district-year of complaints.
  let seenAt = new Uint32Array(1024)
  let stamp = 0
  let best = -1
  let bestSim = 0
  let probe: Uint32Array = pool
  const consider = (d: number) => {
    if (seenAt[d] === stamp || ids[d] === undefined) return
    seenAt[d] = stamp
    // minhashSimilarity against the pooled signature, in place.
    const base = d * MINHASH_SIZE
    let same = 0
    for (let k = 0; k < MINHASH_SIZE; k++) if (probe[k] === pool[base + k]) same++
    const s = same / MINHASH_SIZE
    if (s > bestSim) ((bestSim = s), (best = d))
  }
  const lookup = (sig: Uint32Array, keys: number[]) => {
    if (seenAt.length < ids.length) seenAt = new Uint32Array(Math.max(seenAt.length * 2, ids.length))
    if (++stamp === 0xffffffff) (seenAt.fill(0), (stamp = 1))
    best = -1
    bestSim = 0
    probe = sig
    for (const k of keys) {
      const b = buckets.get(k)
      if (b === undefined) continue
      if (typeof b === 'number') consider(b)
      else for (const d of b) consider(d)
    }
    return bestSim >= threshold && best >= 0 ? { duplicateOf: ids[best], similarity: bestSim } : { similarity: bestSim }
  }
  const index: NearDuplicateIndex = {
    get size() {
      return docOf.size
    },
    query(text) {
      const sig = minhash(text)
      return shinglesNonEmpty(sig) ? lookup(sig, bandKeys(sig)) : { similarity: 0 }
    },
    add(id, text, normalized = false) {
      return index.addSignature(id, minhash(text, normalized))
    },
    addSignature(id, sig) {
      if (docOf.has(id)) index.remove(id)
      if (!shinglesNonEmpty(sig)) return { similarity: 0 }
      const keys = bandKeys(sig)
      const r = lookup(sig, keys)
      const d = ids.length
      ids.push(id)
      docOf.set(id, d)
      if ((d + 1) * MINHASH_SIZE > pool.length) {
        const bigger = new Uint32Array(pool.length * 2)
        bigger.set(pool)
        pool = bigger
      }
      pool.set(sig, d * MINHASH_SIZE)
      for (const k of keys) {
        const b = buckets.get(k)
        if (b === undefined) buckets.set(k, d)
        else if (typeof b === 'number') buckets.set(k, [b, d])
        // Cap bucket size: thousands of identical one-line texts would make lookups quadratic.
        else if (b.length < 200) b.push(d)
      }
      return r
    },
    remove(id) {
      const d = docOf.get(id)
      if (d === undefined) return
      docOf.delete(id)
      ids[d] = undefined
      for (const k of bandKeys(sigAt(d))) {
        const b = buckets.get(k)
        if (b === d) buckets.delete(k)
        else if (Array.isArray(b)) {
          const i = b.indexOf(d)
          if (i >= 0) b.splice(i, 1)
          if (b.length === 1) buckets.set(k, b[0])
        }
      }
    },
  }
  return index
}

const shinglesNonEmpty = (sig: Uint32Array) => sig[0] !== 0xffffffff
