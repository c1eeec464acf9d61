import { HASH_BITS, type SparseVector } from './features'

/** A one-vs-rest linear SVM: a margin per label (positive = that label). */
export interface MarginModel {
  labels: string[]
  margins(x: SparseVector): Float64Array
}

export interface SvmOptions {
  /** Cost of a margin violation (inverse regularisation). Default 2. */
  C?: number
  /** Passes over the data at most (training stops earlier once converged). Default 6. */
  epochs?: number
  /**
   * Up-weights the rare labels' positive examples by (n / (labels × count))^power,
   * so that a small category is not drowned by the large ones. Default 1.
   */
  balance?: number
  seed?: number
}

/**
 * Trains one-vs-rest L2-regularised squared-hinge linear SVMs by dual coordinate
 * descent (the liblinear method): each pass is linear in the number of non-zero
 * features and a few passes converge, so thousands of letters train in well under
 * a second. Deterministic: examples are shuffled with a seeded generator.
 */
export function trainLinearSvm(data: { x: SparseVector; label: string }[], opts: SvmOptions = {}): MarginModel {
  const labels = [...new Set(data.map(d => d.label))].sort()
  const K = labels.length
  const D = 1 << HASH_BITS
  const W = new Float32Array(K * D)
  const B = new Float64Array(K)
  const C = opts.C ?? 2
  const epochs = opts.epochs ?? 6
  const power = opts.balance ?? 1
  const n = data.length
  const y = data.map(d => labels.indexOf(d.label))
  const count = new Float64Array(K)
  for (const k of y) count[k]++
  // ‖x‖² + 1: the bias is a constant feature of value 1.
  const sq = data.map(({ x }) => {
    let q = 1
    for (let j = 0; j < x.val.length; j++) q += x.val[j] * x.val[j]
    return q
  })
  let seed = opts.seed ?? 42
  const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296
  const order = data.map((_, i) => i)
  const alpha = new Float64Array(n)
  if (K > 1)
    for (let k = 0; k < K; k++) {
      alpha.fill(0)
      const halfInvC = [0.5 / C, 0.5 / (C * Math.pow(n / (K * count[k]), power))]
      for (let e = 0; e < epochs; e++) {
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1))
          ;[order[i], order[j]] = [order[j], order[i]]
        }
        let maxViolation = 0
        for (const i of order) {
          const { idx, val } = data[i].x
          const yi = y[i] === k ? 1 : -1
          const d = halfInvC[yi > 0 ? 1 : 0]
          let wx = B[k]
          for (let j = 0; j < idx.length; j++) wx += W[idx[j] * K + k] * val[j]
          const g = yi * wx - 1 + d * alpha[i]
          const pg = alpha[i] === 0 ? Math.min(g, 0) : g
          if (Math.abs(pg) < 1e-12) continue
          maxViolation = Math.max(maxViolation, Math.abs(pg))
          const old = alpha[i]
          alpha[i] = Math.max(old - g / (sq[i] + d), 0)
          const step = (alpha[i] - old) * yi
          for (let j = 0; j < idx.length; j++) W[idx[j] * K + k] += step * val[j]
          B[k] += step
        }
        if (maxViolation < 0.1) break
      }
    }
  return {
    labels,
    margins(x) {
      const out = new Float64Array(K)
      if (K === 1) out[0] = 1
      else {
        out.set(B)
        // Feature-major weights: one cache line per feature serves every label.
        for (let j = 0; j < x.idx.length; j++) {
          const base = x.idx[j] * K
          const v = x.val[j]
          for (let k = 0; k < K; k++) out[k] += W[base + k] * v
        }
      }
      return out
    },
  }
}
