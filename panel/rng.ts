/**
 * Seeded PRNG: cyrb128 string hash → sfc32. Small, fast, and identical on every
 * platform, so a published seed lets anyone re-run the draw and check it.
 */

/** Hash a string into four 32-bit words (cyrb128). */
export function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

/** Returns a function yielding uniform floats in [0, 1), deterministic in `seed`. */
export function seededRandom(seed: string | number): () => number {
  let [a, b, c, d] = cyrb128(String(seed))
  const next = () => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  // Discard the first outputs: sfc32 mixes poorly for a few rounds.
  for (let i = 0; i < 15; i++) next()
  return next
}

/** Uniform sample of `k` distinct items (partial Fisher–Yates on a copy). */
export function sampleWithoutReplacement<T>(items: readonly T[], k: number, rnd: () => number): T[] {
  const a = items.slice()
  const n = a.length
  for (let i = 0; i < k && i < n; i++) {
    const j = i + Math.floor(rnd() * (n - i))
    const tmp = a[i]
    a[i] = a[j]
    a[j] = tmp
  }
  return a.slice(0, Math.min(k, n))
}
