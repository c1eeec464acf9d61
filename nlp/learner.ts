import { type FeatureBag, HASH_BITS, mix32, type SparseVector } from './features'

/**
 * Text features for the learned classifier, tolerant of both raw resident text
 * and text already segmented into words joined by spaces (as exported by
 * segmenters, stop words removed): spaces between Chinese characters are
 * dropped before character n-grams. (Word unigrams and pairs of segmented text
 * were tried: they add nothing over character bigrams.)
 */
export interface TextFeatureOptions {
  /** Character n-gram lengths. Default [1, 2, 3]. */
  charGrams?: number[]
  /** Only this many characters of the body are used. Default 1000. */
  limit?: number
}

const isHan = (c: number) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)
const isWordChar = (c: number) => isHan(c) || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)

/** Feature families, so that a subject bigram and a body bigram are different features. */
export const SEED_SUBJECT = 0x5bd1e995
export const SEED_BODY = 0x1b873593

/**
 * Calls `fn(hash)` for every character n-gram (n in `sizes`) inside runs of word
 * characters of normalised text. A space between two Chinese characters does
 * not end a run (segmented text reads like raw text); digits fold to 0.
 */
export function forEachCharGram(text: string, sizes: number[], seed: number, fn: (h: number) => void, limit = Infinity): void {
  const n = Math.min(text.length, limit)
  const maxN = Math.max(...sizes)
  // A ring of the last characters, a power of two long so positions wrap with a mask;
  // each n-gram size's starting hash is computed once per call, not per character.
  let ring = 1
  while (ring < maxN) ring *= 2
  const mask = ring - 1
  const win = new Int32Array(ring)
  const starts = Int32Array.from(sizes, g => seed ^ (g * 0x9e3779b1))
  let len = 0
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i)
    if (c === 0x20 && len > 0 && i + 1 < n && isHan(win[(len - 1) & mask]) && isHan(text.charCodeAt(i + 1))) continue
    if (!isWordChar(c)) {
      len = 0
      continue
    }
    if (c >= 0x30 && c <= 0x39) c = 0x30
    win[len & mask] = c
    len++
    for (let s = 0; s < sizes.length; s++) {
      const g = sizes[s]
      if (len < g) continue
      let h = starts[s]
      for (let k = len - g; k < len; k++) h = mix32(Math.imul(h, 0x01000193) ^ win[k & mask])
      fn(h)
    }
  }
}

/** True when the text looks segmented: most gaps between Chinese characters are spaces. */
export function looksSegmented(text: string): boolean {
  let spaced = 0
  let han = 0
  const n = Math.min(text.length, 400)
  for (let i = 1; i + 1 < n; i++) {
    const c = text.charCodeAt(i)
    if (isHan(c)) han++
    else if (c === 0x20 && isHan(text.charCodeAt(i - 1)) && isHan(text.charCodeAt(i + 1))) spaced++
  }
  return han > 0 && spaced * 4 >= han
}

/** Adds the text features of one complaint to a bag. `subject` and `body` are normalised. */
export function addTextFeatures(bag: FeatureBag, subject: string, body: string, opts: TextFeatureOptions = {}): void {
  const sizes = opts.charGrams ?? [1, 2, 3]
  const limit = opts.limit ?? 1000
  const add = (h: number) => bag.add(h)
  if (subject) {
    // The title says what the letter is about: its n-grams count twice, once as title features.
    forEachCharGram(subject, sizes, SEED_SUBJECT, add)
    forEachCharGram(subject, sizes, SEED_BODY, add)
  }
  forEachCharGram(body, sizes, SEED_BODY, add, limit)
}

/** Inverse document frequencies over hashed features, learned from training vectors. */
export function inverseDocumentFrequency(xs: SparseVector[]): Float32Array {
  const df = new Uint32Array(1 << HASH_BITS)
  for (const x of xs) for (let j = 0; j < x.idx.length; j++) df[x.idx[j]]++
  const idf = new Float32Array(1 << HASH_BITS)
  const n = xs.length
  for (let i = 0; i < idf.length; i++) idf[i] = Math.log((1 + n) / (1 + df[i])) + 1
  return idf
}

/** Scales a vector by per-feature weights and renormalises it to unit length (in place). */
export function reweight(x: SparseVector, w: Float32Array): SparseVector {
  let norm = 0
  for (let j = 0; j < x.idx.length; j++) {
    const v = (x.val[j] *= w[x.idx[j]])
    norm += v * v
  }
  norm = Math.sqrt(norm) || 1
  for (let j = 0; j < x.val.length; j++) x.val[j] /= norm
  return x
}
