/**
 * Benchmark of the topic engine's rebuild at server start (figures, not pass/fail):
 *   npm run --silent bench:rebuild [-- --n 100000] [--data <dir>] [--db <file>] [--runs 3]
 * Builds a district-year database: N complaints (real texts from ../shared/data when
 * present, read by path and scaled up with perturbed copies; else the synthetic
 * fixtures) imported through the bulk path and classified by the pipeline's
 * classifier, as the NLP worker leaves them. Then times what the server does at
 * start: the engine built from the stored complaints (blocking, and in slices that
 * yield to the event loop). Medians of `--runs`, wall and CPU time.
 * Baselines in the same run: reading the same rows with one bare query, and
 * building the engine from rows already in memory (the clustering alone), and that
 * clustering in its two parts: preparing every complaint, then joining them in order.
 * `--db <file>` keeps the database there and reuses it on the next run.
 * Prints one JSON line.
 */
import { existsSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { getPipeline } from '#app/services/nlp.server'
import { buildTopicEngine, getTopicEngine, resetTopicEngine } from '#app/services/topics.server'
import { openDb, setDb, type Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { importComplaintBatch } from '#db/queries/intake'
import { createUnit, getUnitTree, invalidateUnits, listUnits } from '#db/queries/units'
import { ensureBaseline } from '#db/seed'
import { createTopicEngine } from '#nlp/cluster'
import { type Msg, readBoardRows, toMsg } from './board-messages'

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    data: { type: 'string', default: new URL('../../../shared/data/', import.meta.url).pathname },
    db: { type: 'string' },
    runs: { type: 'string', default: '3' },
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
  // What the NLP worker leaves behind: category path, score and keywords.
  const { classifier } = getPipeline(db)
  const sqlite = db.$client
  const rows = sqlite.prepare('select id, subject, body, place_text as placeText from complaints').all() as {
    id: number
    subject: string
    body: string
    placeText: string | null
  }[]
  const update = sqlite.prepare(`update complaints set category_path = ?, category_score = ?, keywords = ?, status = 'classified' where id = ?`)
  sqlite.transaction(() => {
    for (const r of rows) {
      const c = classifier.classify({ subject: r.subject, text: `${r.placeText ?? ''} ${r.body}` })
      update.run(JSON.stringify(c.path), c.score, JSON.stringify(c.keywords.slice(0, 12)), r.id)
    }
    sqlite.prepare('delete from nlp_queue').run()
  })()
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000

async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const value = await fn()
  return { ms: performance.now() - t0, cpuMs: cpuMs(process.cpuUsage(c0)), value }
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

  const blocking: { ms: number; cpuMs: number }[] = []
  let clusters = 0
  for (let r = 0; r < RUNS; r++) {
    resetTopicEngine()
    const t = await timed(() => getTopicEngine(db))
    clusters = t.value.clusters().length
    blocking.push(t)
  }
  const sliced: { ms: number; cpuMs: number }[] = []
  for (let r = 0; r < RUNS; r++) {
    resetTopicEngine()
    sliced.push(await timed(() => buildTopicEngine(db)))
  }

  // What the built engine holds (the database setup and the baselines below add their own).
  const engineMemory = { rssMB: Math.round(process.memoryUsage().rss / 1048576), heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1048576) }
  // Baselines: the rows alone, read with one bare query; the clustering alone, from rows in memory.
  const sql = `select id, subject, body, place_text, received_at, unit_id, supporters_count, complainant_key, channel, category_path, category_score, keywords
    from complaints where category_path is not null and status not in ('resolved', 'closed') order by received_at, id`
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
  const engineOnly: { ms: number; cpuMs: number }[] = []
  for (let r = 0; r < RUNS; r++) {
    engineOnly.push(
      await timed(() => {
        const engine = createTopicEngine({ taxonomy: pipeline.taxonomy, classifier: pipeline.classifier, gazetteer })
        for (const c of inputs) engine.add(c)
        return engine
      }),
    )
  }
  // The clustering split in two: the order-independent preparation of every complaint, then the join in order.
  // It holds all 100,000 preparations (texts included) at once: its memory is reported apart.
  const peakBeforeSplit = process.resourceUsage().maxRSS * 1024
  const prepareOnly: { ms: number; cpuMs: number }[] = []
  const joinOnly: { ms: number; cpuMs: number }[] = []
  for (let r = 0; r < RUNS; r++) {
    const engine = createTopicEngine({ taxonomy: pipeline.taxonomy, classifier: pipeline.classifier, gazetteer })
    const prepared = await timed(() => inputs.map(c => engine.prepare(c)))
    prepareOnly.push(prepared)
    joinOnly.push(await timed(() => inputs.forEach((c, i) => engine.add(c, prepared.value[i]))))
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
      clusters,
      runs: RUNS,
      setupMs: Math.round(setup.ms),
      rebuild: fig(blocking),
      rebuildInSlices: fig(sliced),
      baseline: { readRows: fig(read), engineFromMemory: fig(engineOnly), prepareFromMemory: fig(prepareOnly), joinPrepared: fig(joinOnly) },
      afterRebuild: engineMemory,
      peakRssMB: mb(peakBeforeSplit),
      splitBaselinePeakRssMB: mb(process.resourceUsage().maxRSS * 1024),
      load: os.loadavg().map(x => Math.round(x * 100) / 100),
    }),
  )
}

await main()
