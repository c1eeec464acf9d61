/**
 * Benchmark of the topic engine's rebuild at server start (figures, not pass/fail):
 *   npm run --silent bench:rebuild [-- --n 100000] [--data <dir>] [--db <file>] [--runs 3]
 * Builds a district-year database: N complaints (real texts from ../shared/data when
 * present, read by path and scaled up with perturbed copies; else the synthetic
 * fixtures) imported through the bulk path and classified by the app's NLP worker
 * (processQueue), which also stores each complaint's preparation for the engine.
 * Then times what the server does at start: the engine built from the stored
 * complaints and their stored preparations, blocking in a fresh process each run (as at
 * start; its peak RSS is the rebuild's) and in slices that yield to the event loop.
 * Medians of `--runs`, wall and CPU time.
 * Baselines in the same run: the rebuild from scratch in a fresh process (nothing stored:
 * every complaint prepared again, as before preparations were stored, or after
 * PREPARE_VERSION or the gazetteer changes; the stored data is deleted in a transaction
 * rolled back after) and the background storing of what it prepared; reading the rows
 * with one bare query; and the clustering from rows in memory in its parts: preparing
 * every complaint, decoding every stored preparation, joining them in order.
 * `--db <file>` keeps the database there and reuses it on the next run (preparations
 * missing from an older database are stored first, by a rebuild, as the server would).
 * Prints one JSON line.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { engineGazetteer, getPipeline, processQueue } from '#app/services/nlp.server'
import { buildTopicEngine, getTopicEngine, lastBuildPreparations, preparationsStored, resetTopicEngine } from '#app/services/topics.server'
import { openDb, setDb, type Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { importComplaintBatch } from '#db/queries/intake'
import { createUnit, getUnitTree, invalidateUnits, listUnits } from '#db/queries/units'
import { ensureBaseline } from '#db/seed'
import { createTopicEngine } from '#nlp/cluster'
import { characterCount, decodePrepared } from '#nlp/prepared-codec'
import { type Msg, readBoardRows, toMsg } from './board-messages'

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    data: { type: 'string', default: new URL('../../../shared/data/', import.meta.url).pathname },
    db: { type: 'string' },
    runs: { type: 'string', default: '3' },
    // Internal: one blocking rebuild in this process ('stored' or 'scratch'), printed as JSON.
    child: { type: 'string' },
  },
})
const N = Number(values.n)
const RUNS = Number(values.runs)
const dataDir = values.data.endsWith('/') ? values.data : `${values.data}/`
const COMMUNITIES = ['长征桥社区', '和睦社区', '登云社区', '小河佳苑社区', '湖墅社区', '米市巷社区']

function loadMessages(): { source: string; messages: Msg[] } {
  const { source, rows } = readBoardRows(dataDir)
  return { source, messages: rows.map((r, i) => toMsg(r, String(i))) }
}

/** Deterministic variant of a message for scaling up: drops ~8% of characters, shifts time. */
function variant(m: Msg, k: number, seed: { s: number }): Msg {
  const rand = () => (seed.s = (Math.imul(seed.s, 1664525) + 1013904223) >>> 0) / 4294967296
  const drop = (t: string) => [...t].filter(() => rand() > 0.08).join('')
  const t = Date.parse(m.time) + k * 37 * 86_400_000
  return {
    id: `${m.id}~${k}`,
    subject: drop(m.subject),
    text: drop(m.text),
    time: new Date(Number.isFinite(t) ? t : 0).toISOString(),
    user: m.user && `${m.user}~${k % 3}`,
  }
}

/** A district-year: N complaints imported and classified, as the server finds them at start. */
function buildDatabase(db: Db, source: Msg[]) {
  const district = createUnit(db, { kind: 'district', code: 'bd', nameZh: '滨东区', nameEn: 'Bindong' })
  const street = createUnit(db, { kind: 'street', code: 'bd-jq', nameZh: '江桥街道', nameEn: 'Jiangqiao', parentId: district.id })
  const units = COMMUNITIES.map((nameZh, i) =>
    createUnit(db, { kind: 'community', code: `bd-c${i}`, nameZh, nameEn: `C${i}`, parentId: street.id, aliases: [nameZh.replace('社区', '')] }),
  )
  const seed = { s: 11 }
  const all: Msg[] = []
  for (let k = 0; all.length < N; k++)
    for (const m of source) {
      if (all.length >= N) break
      all.push(k === 0 ? m : variant(m, k, seed))
    }
  // A year of letters, spread over the year in the order of their own dates.
  all.sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
  const start = Date.UTC(2025, 0, 1)
  for (let from = 0; from < all.length; from += 2000) {
    const batch = all.slice(from, from + 2000).map((m, j) => ({
      channel: 'import' as const,
      externalId: `B${from + j}`,
      communityId: units[(from + j) % units.length]!.id,
      subject: m.subject.slice(0, 200) || '（无标题）',
      body: m.text.slice(0, 20_000) || m.subject,
      receivedAt: new Date(start + Math.floor(((from + j) / all.length) * 365 * 86_400_000)),
      complainantKey: m.user ?? null,
    }))
    importComplaintBatch(db, batch, SYSTEM)
  }
  // The NLP worker classifies them (category path, score, keywords, search index) and stores their preparations.
  while (processQueue(db, { limit: 2000 }).length) {}
}

const storedPreparations = (db: Db) =>
  db.$client.prepare('select count(*) from complaint_prepared where stamp = ?').pluck().get(engineGazetteer(db).stamp) as number

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000

async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const value = await fn()
  return { ms: performance.now() - t0, cpuMs: cpuMs(process.cpuUsage(c0)), value }
}

type ChildRun = { ms: number; cpuMs: number; peakRssMB: number; clusters: number; preparations: { stored: number; prepared: number }; topicsHash: string }

/** Runs one blocking rebuild in a fresh process (this file with --child). */
function runChild(mode: 'stored' | 'scratch', file: string): ChildRun {
  const out = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', mode, '--db', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  })
  if (out.status !== 0) throw new Error(`rebuild ${mode} failed: ${out.stderr}`)
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as ChildRun
}

/** One blocking rebuild, as the server does at start; 'scratch' first deletes the stored preparations in a transaction it rolls back. */
async function child(mode: string, file: string) {
  const db = openDb(file)
  setDb(db)
  getUnitTree(db)
  getPipeline(db)
  if (mode === 'scratch') db.$client.exec('begin immediate; delete from complaint_prepared')
  const t = await timed(() => getTopicEngine(db))
  const topics = JSON.stringify(t.value.topics({ now: new Date(Date.UTC(2026, 0, 1)) }))
  const run: ChildRun = {
    ms: t.ms,
    cpuMs: t.cpuMs,
    peakRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / 1048576),
    clusters: t.value.clusters().length,
    preparations: lastBuildPreparations()!,
    topicsHash: createHash('sha1').update(topics).digest('hex'),
  }
  if (mode === 'scratch') db.$client.exec('rollback')
  console.log(JSON.stringify(run))
}

async function main() {
  const { source, messages } = loadMessages()
  const file = values.db ?? path.join(os.tmpdir(), `teahouse-rebuild-${process.pid}.db`)
  const reuse = !!values.db && existsSync(file)
  invalidateUnits()
  const db = openDb(file)
  setDb(db)
  const setup = await timed(() => {
    if (reuse) return
    ensureBaseline(db)
    buildDatabase(db, messages)
  })
  getUnitTree(db)
  getPipeline(db)
  const stored = (db.$client.prepare(`select count(*) from complaints where category_path is not null`).pluck().get() as number) ?? 0
  // A database from before preparations were stored (or under another stamp): the first rebuild stores them.
  const storeMissing = await timed(async () => {
    if (storedPreparations(db) >= stored) return
    resetTopicEngine()
    getTopicEngine(db)
    await preparationsStored()
  })

  // Blocking rebuilds, each in a fresh process as at start: from the stored preparations, and from scratch.
  const blocking: ChildRun[] = []
  const scratch: ChildRun[] = []
  for (let r = 0; r < RUNS; r++) {
    blocking.push(runChild('stored', file))
    scratch.push(runChild('scratch', file))
  }
  if (blocking.some(b => b.preparations.prepared !== 0)) throw new Error('a rebuild from stored preparations prepared complaints')
  if (scratch.some(b => b.preparations.stored !== 0)) throw new Error('a rebuild from scratch read stored preparations')
  const sameTopics = new Set([...blocking, ...scratch].map(b => b.topicsHash)).size === 1
  const sliced: { ms: number; cpuMs: number }[] = []
  for (let r = 0; r < RUNS; r++) {
    resetTopicEngine()
    sliced.push(await timed(() => buildTopicEngine(db)))
  }
  // What the built engine holds.
  const engineMemory = { rssMB: Math.round(process.memoryUsage().rss / 1048576), heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1048576) }
  // What a rebuild from scratch prepared, stored in the background.
  db.$client.prepare('delete from complaint_prepared').run()
  resetTopicEngine()
  getTopicEngine(db)
  const storeBack = await timed(() => preparationsStored())

  // Baselines: the rows alone, read with one bare query; the clustering alone, from rows in memory.
  const sql = `select c.id, c.subject, c.body, c.place_text, c.received_at, c.unit_id, c.supporters_count, c.complainant_key, c.channel, c.category_path,
      c.category_score, c.keywords, p.data as prepared
    from complaints c left join complaint_prepared p on p.complaint_id = c.id
    where c.category_path is not null and c.status not in ('resolved', 'closed') order by c.received_at, c.id`
  const read: { ms: number; cpuMs: number }[] = []
  let rows: Record<string, unknown>[] = []
  for (let r = 0; r < RUNS; r++) {
    const t = await timed(() => db.$client.prepare(sql).all() as Record<string, unknown>[])
    rows = t.value
    read.push(t)
  }
  const pipeline = getPipeline(db)
  const codeOf = new Map(listUnits(db).map(u => [u.id, u.code]))
  const gazetteer = listUnits(db, 'community').map(u => ({ name: u.nameZh, aliases: u.aliases, kind: 'community' as const }))
  const chars = rows.map(r => [characterCount(String(r.subject)), characterCount(`${r.place_text ?? ''} ${r.body}`)] as const)
  const inputs = rows.map(r => {
    const path = JSON.parse(String(r.category_path)) as string[]
    return {
      id: String(r.id),
      subject: String(r.subject),
      text: `${r.place_text ?? ''} ${r.body}`,
      time: new Date(Number(r.received_at)),
      community: codeOf.get(Number(r.unit_id)) ?? '',
      likes: Number(r.supporters_count),
      user: (r.complainant_key as string | null) ?? undefined,
      channel: String(r.channel),
      classification: {
        category: path[0] ?? '',
        path,
        nodeId: '',
        keywords: JSON.parse(String(r.keywords ?? '[]')),
        score: Number(r.category_score ?? 0),
        matches: [],
        categoryScores: {},
      },
    }
  })
  // The clustering split in parts: the order-independent preparation of every complaint (or the
  // decoding of its stored preparation), then the join in order. It holds all 100,000 preparations
  // at once: its memory is reported apart.
  const peakBeforeSplit = process.resourceUsage().maxRSS * 1024
  const prepareOnly: { ms: number; cpuMs: number }[] = []
  const decodeOnly: { ms: number; cpuMs: number }[] = []
  const joinOnly: { ms: number; cpuMs: number }[] = []
  for (let r = 0; r < RUNS; r++) {
    const engine = createTopicEngine({ taxonomy: pipeline.taxonomy, classifier: pipeline.classifier, gazetteer })
    prepareOnly.push(await timed(() => inputs.map(c => engine.prepare(c))))
    // Complaints with no category have nothing stored (their preparation classifies them): prepared here too.
    const decoded = await timed(() =>
      inputs.map((c, i) => {
        const data = rows[i]!.prepared as Buffer | null
        return (c.classification.path.length && data && decodePrepared(data, { chars: chars[i]!, classification: c.classification })) || engine.prepare(c)
      }),
    )
    decodeOnly.push(decoded)
    joinOnly.push(await timed(() => inputs.forEach((c, i) => engine.add(c, decoded.value[i]))))
  }
  db.$client.close()
  if (!values.db) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })

  const fig = (xs: { ms: number; cpuMs: number }[]) => ({ ms: Math.round(median(xs.map(x => x.ms))), cpuMs: Math.round(median(xs.map(x => x.cpuMs))) })
  const mb = (x: number) => Math.round(x / 1024 / 1024)
  console.log(
    JSON.stringify({
      source,
      complaints: stored,
      engineComplaints: rows.length,
      clusters: blocking[0]!.clusters,
      runs: RUNS,
      setupMs: Math.round(setup.ms),
      storeMissingMs: Math.round(storeMissing.ms),
      preparations: blocking[0]!.preparations,
      rebuild: { ...fig(blocking), peakRssMB: median(blocking.map(b => b.peakRssMB)) },
      rebuildInSlices: fig(sliced),
      baseline: {
        fromScratch: { ...fig(scratch), peakRssMB: median(scratch.map(b => b.peakRssMB)) },
        storeBackMs: Math.round(storeBack.ms),
        sameTopics,
        readRows: fig(read),
        prepareFromMemory: fig(prepareOnly),
        decodeFromMemory: fig(decodeOnly),
        joinPrepared: fig(joinOnly),
      },
      afterSlicedRebuild: engineMemory,
      peakRssMB: mb(peakBeforeSplit),
      splitBaselinePeakRssMB: mb(process.resourceUsage().maxRSS * 1024),
      load: os.loadavg().map(x => Math.round(x * 100) / 100),
    }),
  )
}

if (values.child) {
  await child(values.child, values.db!)
  process.exit(0)
} else await main()
