import { HASH_BITS, type SparseVector } from './features'

/** A multinomial logistic-regression model over hashed features. */
export interface LinearModel {
  labels: string[]
  /** Class probabilities for one vector, in `labels` order. */
  predict(x: SparseVector): Float64Array
}

export interface TrainOptions {
  epochs?: number
  learningRate?: number
  l2?: number
  seed?: number
}

/**
 * Trains softmax regression with AdaGrad (per-feature learning rates suit the
 * very sparse, skewed character-bigram features) and light L2 decay.
 * Deterministic: examples are shuffled with a seeded generator.
 */
export function trainSoftmax(data: { x: SparseVector; label: string }[], opts: TrainOptions = {}): LinearModel {
  const labels = [...new Set(data.map((d) => d.label))].sort()
  const K = labels.length
  const D = 1 << HASH_BITS
  const W = new Float32Array(K * D)
  const G = new Float32Array(K * D)
  const b = new Float64Array(K)
  const epochs = opts.epochs ?? 15
  const lr = opts.learningRate ?? 0.5
  const l2 = opts.l2 ?? 1e-4
  const y = data.map((d) => labels.indexOf(d.label))
  const order = data.map((_, i) => i)
  let seed = opts.seed ?? 42
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296)
  const p = new Float64Array(K)

  const scores = (x: SparseVector, out: Float64Array) => {
    let max = -Infinity
    for (let k = 0; k < K; k++) {
      let s = b[k]
      const base = k * D
      for (let j = 0; j < x.idx.length; j++) s += W[base + x.idx[j]] * x.val[j]
      out[k] = s
      if (s > max) max = s
    }
    let z = 0
    for (let k = 0; k < K; k++) z += out[k] = Math.exp(out[k] - max)
    for (let k = 0; k < K; k++) out[k] /= z
  }

  if (K > 1)
    for (let e = 0; e < epochs; e++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1))
        ;[order[i], order[j]] = [order[j], order[i]]
      }
      for (const i of order) {
        const x = data[i].x
        scores(x, p)
        for (let k = 0; k < K; k++) {
          const g = p[k] - (k === y[i] ? 1 : 0)
          b[k] -= 0.05 * g
          const base = k * D
          for (let j = 0; j < x.idx.length; j++) {
            const f = base + x.idx[j]
            const gr = g * x.val[j] + l2 * W[f]
            G[f] += gr * gr
            W[f] -= (lr * gr) / (Math.sqrt(G[f]) + 1e-8)
          }
        }
      }
    }

  return {
    labels,
    predict(x) {
      const out = new Float64Array(K)
      if (K === 1) out[0] = 1
      else scores(x, out)
      return out
    },
  }
}
