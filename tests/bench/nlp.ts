/**
 * Benchmarks of the hot-topic engine (figures, not pass/fail):
 *   npm run --silent bench:nlp [-- --n 100000] [--runs 3] [--data <dir>]
 * Prints one JSON line: bare Jieba segmentation throughput, classification
 * throughput and its ratio to Jieba (same texts, same run), the time to train
 * the classifier on 2,000 segmented labelled messages (wall and CPU), the time and
 * peak memory to classify and cluster N messages (default 100,000), and apart the
 * engine rebuild from stored classifications (what the server does at start).
 * Uses ../shared/data when present (read by path, never copied), else the
 * synthetic fixtures in tests/fixtures/nlp.
 * The scale run happens in a child process with a 1 GB old-space cap so that its
 * peak RSS is its own (not the throughput runs') and the memory budget is enforced;
 * it runs `--runs` times (default 3) and each figure is the median, with CPU time
 * beside wall time (on a shared machine the wall clock mostly measures the
 * neighbours) and bare Jieba segmentation of the same N texts as its baseline.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict'
import { createClassifier, createTopicEngine, defaultTaxonomy, type ComplaintInput } from '../../nlp/index'
import { type Msg, readBoardRows, readJsonl, toMsg } from './board-messages'

const args = process.argv.slice(2)
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : dflt
}
const N = Number(flag('n', '100000'))
// The scale run is repeated in fresh processes; figures are medians (a shared machine is noisy).
const RUNS = Number(flag('runs', '3'))
const dataDir = flag('data', new URL('../../../shared/data/', import.meta.url).pathname).replace(/\/?$/, '/')

function loadMessages(): { source: string; messages: Msg[] } {
  const { source, rows } = readBoardRows(dataDir)
  const seen = new Set<string>()
  const messages: Msg[] = []
  for (const r of rows) {
    const id = String(r.id)
    if (seen.has(id)) continue
    seen.add(id)
    messages.push(toMsg(r, id))
  }
  return { source, messages }
}

/** Deterministic variant of a message for scaling up: drops ~8% of characters, shifts time. */
function variant(m: Msg, k: number, seed: { s: number }): Msg {
  const rand = () => (seed.s = (Math.imul(seed.s, 1664525) + 1013904223) >>> 0) / 4294967296
  const drop = (t: string) => [...t].filter(() => rand() > 0.08).join('')
  const t = Date.parse(m.time) + k * 37 * 86_400_000
  return { id: `${m.id}~${k}`, subject: drop(m.subject), text: drop(m.text), time: new Date(Number.isFinite(t) ? t : 0).toISOString(), user: m.user }
}

function main() {
  const { source, messages } = loadMessages()
  const texts = messages.map(m => `${m.subject}\n${m.text}`)
  const chars = texts.reduce((a, t) => a + t.length, 0)
  const taxonomy = defaultTaxonomy()

  // Bare Jieba (default dictionary, HMM on), warmed up once.
  const jieba = Jieba.withDict(dict)
  for (const t of texts.slice(0, 200)) jieba.cut(t, true)
  const best = (fn: () => void, reps = 3) => {
    let min = Infinity
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now()
      fn()
      min = Math.min(min, performance.now() - t0)
    }
    return min
  }
  const jiebaMs = best(() => {
    for (const t of texts) jieba.cut(t, true)
  })

  const classifier = createClassifier({ taxonomy })
  for (const m of messages.slice(0, 200)) classifier.classify(m)
  const classifyMs = best(() => {
    for (const m of messages) classifier.classify(m)
  })

  let trainedMs: number | undefined
  let trainMs: number | undefined
  // Training on 2,000 of the segmented labelled messages, wall and CPU time (best of 3).
  let train2000: { ms: number; cpuMs: number } | undefined
  const segmented = dataDir + 'messages_labeled_segmented.jsonl'
  if (existsSync(segmented)) {
    const training = readJsonl(segmented)
      .slice(0, 2000)
      .map(r => ({ text: String(r.tokens), label: String(r.label) }))
    createClassifier({ taxonomy, training: training.slice(0, 100) })
    for (let r = 0; r < 3; r++) {
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      createClassifier({ taxonomy, training })
      const ms = performance.now() - t0
      const c = process.cpuUsage(c0)
      if (!train2000 || ms < train2000.ms) train2000 = { ms: Math.round(ms), cpuMs: Math.round((c.user + c.system) / 1000) }
    }
  }
  const labelled = dataDir + 'messages_labeled_dev.jsonl'
  if (existsSync(labelled)) {
    const training = readJsonl(labelled).map(r => ({ subject: String(r.subject), text: String(r.detail), label: String(r.label) }))
    const t0 = performance.now()
    const trained = createClassifier({ taxonomy, training })
    trainMs = performance.now() - t0
    trainedMs = best(() => {
      for (const m of messages) trained.classify(m)
    })
  }

  const scaleRuns: Record<string, number>[] = []
  for (let r = 0; r < RUNS; r++)
    scaleRuns.push(
      JSON.parse(
        execFileSync(
          process.execPath,
          ['--max-old-space-size=900', '--import', 'tsx', fileURLToPath(import.meta.url), '--scale-only', '--n', String(N), '--data', dataDir],
          {
            encoding: 'utf8',
            maxBuffer: 1 << 24,
          },
        ),
      ),
    )
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  // Each numeric figure is the median over the runs (nested objects too).
  const medianOf = (objs: Record<string, unknown>[]): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(objs[0]).map(([k, v]) => [
        k,
        typeof v === 'number'
          ? median(objs.map(o => o[k] as number))
          : v && typeof v === 'object'
            ? medianOf(objs.map(o => o[k] as Record<string, unknown>))
            : v,
      ]),
    )
  const scale = { runs: RUNS, ...medianOf(scaleRuns) }
  const cps = (ms: number) => Math.round((chars / ms) * 1000)
  console.log(
    JSON.stringify({
      source,
      messages: messages.length,
      chars,
      jieba: { ms: Math.round(jiebaMs), charsPerSec: cps(jiebaMs) },
      classify: { ms: Math.round(classifyMs), charsPerSec: cps(classifyMs), ratioToJieba: Math.round((jiebaMs / classifyMs) * 100) / 100 },
      ...(trainedMs !== undefined
        ? {
            classifyTrained: {
              trainMs: Math.round(trainMs!),
              ms: Math.round(trainedMs),
              charsPerSec: cps(trainedMs),
              ratioToJieba: Math.round((jiebaMs / trainedMs) * 100) / 100,
            },
          }
        : {}),
      ...(train2000 ? { train2000Segmented: train2000 } : {}),
      scale,
      load: os.loadavg().map(x => Math.round(x * 100) / 100),
    }),
  )
}

/** The scale run alone: N messages (real ones, then perturbed copies) classified and clustered in time order. */
function scaleOnly() {
  const { messages } = loadMessages()
  const taxonomy = defaultTaxonomy()
  const classifier = createClassifier({ taxonomy })
  // Scale: N messages classified and clustered incrementally, in time order.
  const seed = { s: 7 }
  const big: Msg[] = []
  for (let k = 0; big.length < N; k++)
    for (const m of messages) {
      if (big.length >= N) break
      big.push(k === 0 ? m : variant(m, k, seed))
    }
  big.sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
  const bigChars = big.reduce((a, m) => a + m.subject.length + m.text.length, 0)
  // Classified first (as the intake worker does, once per complaint); then the engine is
  // built from the stored classifications, as the server rebuilds it at start.
  const classifyCpu0 = process.cpuUsage()
  const t0 = performance.now()
  // Kept as the database keeps it (category path, keywords, score), not the whole result.
  const classified = big.map(m => {
    const c = classifier.classify({ subject: m.subject, text: m.text })
    return {
      ...m,
      classification: { category: c.category, path: c.path, keywords: c.keywords.slice(0, 8), score: c.score, nodeId: '', matches: [], categoryScores: {} },
    } as ComplaintInput
  })
  big.length = 0
  const classifyMs = performance.now() - t0
  const classifyCpu = process.cpuUsage(classifyCpu0)
  const tr = performance.now()
  // CPU time too: on a shared machine the wall clock mostly measures the neighbours.
  const cpu0 = process.cpuUsage()
  const engine = createTopicEngine({ taxonomy, classifier })
  for (const m of classified) engine.add(m)
  const rebuildMs = performance.now() - tr
  const cpu = process.cpuUsage(cpu0)
  const rebuildCpuMs = (cpu.user + cpu.system) / 1000
  const addMs = classifyMs + rebuildMs
  const t1 = performance.now()
  const topics = engine.topics()
  const topicsMs = performance.now() - t1
  const mb = (x: number) => Math.round(x / 1024 / 1024)
  const peakRss = process.resourceUsage().maxRSS * 1024
  const heapUsed = process.memoryUsage().heapUsed
  // Baseline on the same texts, same process, after the peak was read: bare Jieba
  // segmentation (default dictionary, HMM on).
  const jieba = Jieba.withDict(dict)
  const texts = classified.map(m => `${m.subject}\n${m.text}`)
  for (const t of texts.slice(0, 200)) jieba.cut(t, true)
  const jc0 = process.cpuUsage()
  const j0 = performance.now()
  for (const t of texts) jieba.cut(t, true)
  const jiebaMs = performance.now() - j0
  const jc = process.cpuUsage(jc0)
  console.log(
    JSON.stringify({
      n: classified.length,
      chars: bigChars,
      classifyAndClusterMs: Math.round(addMs),
      classifyAndClusterCpuMs: Math.round((classifyCpu.user + classifyCpu.system) / 1000 + rebuildCpuMs),
      classifyMs: Math.round(classifyMs),
      classifyCpuMs: Math.round((classifyCpu.user + classifyCpu.system) / 1000),
      jiebaSameTexts: { ms: Math.round(jiebaMs), cpuMs: Math.round((jc.user + jc.system) / 1000) },
      rebuildFromStoredMs: Math.round(rebuildMs),
      rebuildFromStoredCpuMs: Math.round(rebuildCpuMs),
      topicsMs: Math.round(topicsMs),
      totalMs: Math.round(addMs + topicsMs),
      clusters: engine.clusters().length,
      topics: topics.length,
      peakRssMB: mb(peakRss),
      heapUsedMB: mb(heapUsed),
      oldSpaceCapMB: 900,
    }),
  )
}

if (args.includes('--scale-only')) scaleOnly()
else main()
