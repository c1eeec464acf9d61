import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ComplaintInput } from '#nlp/cluster'
import type { GazetteerEntry } from '#nlp/places'
import type { PreparedComplaint } from '#nlp/prepare'

/**
 * Threads that prepare complaints for the topic engine (the order-independent half
 * of adding one) while the main thread joins them in order. Batches are handed out
 * in turn; each answer resolves its own batch's promise, so the caller awaits them
 * in the order it sent them. A batch the threads could not prepare (a thread failed
 * to start or a complaint has no classification) resolves to undefined: the caller
 * prepares it itself.
 */
export interface PreparePool {
  prepare(inputs: ComplaintInput[]): Promise<PreparedComplaint[] | undefined>
  close(): Promise<void>
}

// Resolved from the working directory, as the server finds its build: the same file
// serves the source (tests, tsx) and the bundled server.
const WORKER_FILE = path.resolve('app/services/prepare-worker.mjs')

export function createPreparePool(opts: { threads: number; gazetteer: GazetteerEntry[] }): PreparePool {
  const pending = new Map<number, (p: PreparedComplaint[] | undefined) => void>()
  let seq = 0
  let failed = false
  const fail = (error: Error) => {
    if (!failed) console.error('topic engine: preparing in the main thread', error)
    failed = true
    for (const resolve of pending.values()) resolve(undefined)
    pending.clear()
  }
  const workers = Array.from({ length: opts.threads }, () => {
    const w = new Worker(WORKER_FILE, { workerData: { gazetteer: opts.gazetteer, learnNames: true } })
    w.on('message', (m: { seq: number; prepared?: PreparedComplaint[]; error?: string }) => {
      const resolve = pending.get(m.seq)
      if (!resolve) return
      pending.delete(m.seq)
      resolve(m.prepared)
    })
    w.on('error', fail)
    w.on('exit', () => fail(new Error('prepare worker exited')))
    return w
  })
  return {
    prepare(inputs) {
      if (failed) return Promise.resolve(undefined)
      const n = seq++
      const promise = new Promise<PreparedComplaint[] | undefined>(resolve => pending.set(n, resolve))
      workers[n % workers.length]!.postMessage({ seq: n, inputs })
      return promise
    },
    async close() {
      failed = true
      await Promise.all(workers.map(w => w.terminate()))
    },
  }
}
