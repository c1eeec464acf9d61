// npm run --silent bench:realtime -- --clients 1000 [--processes 2] [--client-threads n] --json
// npm run --silent bench:realtime -- --append-only (persistence figures only)
//
// Clients against a real server in one meeting: the first --deliberators
// (default 1,000) take part, the rest watch the public meeting without an
// account (a hearing followed by thousands). The server (Socket.IO + SQLite
// log) runs on the main thread; the clients run in worker threads, by default
// one per server process (--client-threads), so that simulated phones do not
// wait for each other as real phones never do: in a single thread the phone
// read last waits for the other 4,999 to be read, and that wait counted as
// latency. The threads still share the machine's cores with the servers.
// With --processes p, p server processes share the meeting through the Redis streams adapter (a redis-server started
// here on a free port) and one SQLite database, and the clients are split
// evenly between them; the bare broadcast then spans the same processes
// through the same adapter.
//
// Which clients are real and which are protocol-level:
// - the deliberators (the speakers among them) are full clients: the real
//   `socket.io-client` with the app's MeetingSession folding every event, as
//   the meeting page runs it (resync, idempotent retries, duplicate checks);
// - the anonymous observers are protocol-level clients (realtime-wire.ts): the
//   same wire protocol over `ws` (Engine.IO v4 / Socket.IO v5, connection
//   state recovery, binary join answers), the same `meeting:join` with the
//   last seq after every connect, the same seq rules (apply the next, buffer a
//   gap, resync after a second), but keeping only the seqs of the statements
//   they hold and reading a live event's seq and send time without parsing
//   the rest. Thousands of full clients in one thread would make the
//   benchmark measure its own client thread rather than the server.
// The bare run uses the same split: full clients for the deliberators' share
// of sockets, protocol-level ones for the observers'.
//
// Measures:
// - delivery latency of statements from the sender's `meeting:command` to
//   every participant's `meeting:event`, persistence in the log included;
// - a forced network drop of 10% of the clients mid-run, and how many
//   statements are still missing after they resync (`lost`);
// - the same load through a bare Socket.IO broadcast (no validation, no
//   database) in the same run, for comparison (`bareP99Ms`, `ratio`), then
//   once more with the same phones dropped at the same moments
//   (`bareDropsP99Ms`): what the drops alone cost a bare broadcast;
// - `duplicated`: statements that a participant's meeting (as the client builds
//   it) holds more than once; `redelivered`: live deliveries of a statement the
//   client had already received, which its sequence-number check drops.
// Latency samples of the dropped clients for messages sent while they were
// away are not counted (they arrive by resync, not live); `resynced` counts them.
//
// Profiling: `node --cpu-prof --import tsx tests/bench/realtime.ts …` profiles
// the main thread, the client threads and every server process.
// BENCH_DEBUG=1 prints event-loop stalls, long GC pauses and per-message latency.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { freePort } from '../free-port'

type Args = {
  clients: number
  processes: number
  clientThreads: number
  messages: number
  rate: number
  speakers: number
  deliberators: number
  /** The share of phones that lose the network mid-run (default 10%). */
  dropShare: number
  json: boolean
  appendOnly: boolean
}
/** A client thread's share: the clients whose global index is `thread` modulo `clientThreads`. */
type WorkerInput = Args & { thread: number; meetingUrls: string[]; bareUrls: string[]; meetingId: number; cookies: string[] }
type RunResult = { samples: number[]; lost: number; duplicated: number; redelivered: number; resynced: number; disconnected: number }
/** A thread's part of a run: its clients' results, its own CPU during the send phase and, with BENCH_DEBUG, latencies by message. */
type ThreadResult = RunResult & { cpuMs: number; bySend: [sent: number, latencies: number[]][] }
/** Main thread → client threads: start a phase's sends at `start` (epoch ms), or connect for the bare run. */
type Command = { go: Phase; start: number } | { connect: 'bare' }
/** Client threads → main thread. */
/** `joinMs`: how long this thread's phones took to connect and join the meeting, in batches of 50. */
type Report = { ready: Phase; joinMs?: number } | { done: Phase; result: ThreadResult }

function parseArgs(argv: string[]): Args {
  const get = (name: string, dflt: number) => {
    const i = argv.indexOf(`--${name}`)
    return i >= 0 ? Number(argv[i + 1]) : dflt
  }
  const clients = get('clients', 1000)
  const processes = Math.max(1, get('processes', 1))
  return {
    clients,
    processes,
    clientThreads: Math.max(1, get('client-threads', processes)),
    messages: get('messages', 200),
    rate: get('rate', 10),
    speakers: Math.min(clients, get('speakers', 20)),
    deliberators: Math.min(clients, get('deliberators', 1000)),
    dropShare: get('drop-share', 0.1),
    json: argv.includes('--json'),
    appendOnly: argv.includes('--append-only'),
  }
}

function percentile(sorted: Float64Array, p: number) {
  if (!sorted.length) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

const now = () => performance.timeOrigin + performance.now()

/** BENCH_DEBUG: print event-loop stalls over 50 ms, to tell server stalls from client stalls. */
function watchLag(label: string) {
  if (!process.env.BENCH_DEBUG) return
  let last = performance.now()
  setInterval(() => {
    const t = performance.now()
    if (t - last > 60) console.error(`${label} stall ${Math.round(t - last - 10)}ms at ${Math.round(now()) % 1_000_000}`)
    last = t
  }, 10).unref()
}
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

/** CPU time (user + system, ms) of a process or thread from /proc (Linux); `/proc/thread-self/stat` is the calling thread. */
const CLOCK_TICKS_PER_SECOND = 100
function cpuMsOf(statPath: string) {
  try {
    const stat = fs.readFileSync(statPath, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND
  } catch {
    return NaN
  }
}
const ownThreadCpuMs = () => cpuMsOf('/proc/thread-self/stat')

/** The send phases the client worker marks, during which the CPU of every thread and process is counted. */
type Phase = 'meeting' | 'bare' | 'bareDrops'
type PhaseMark = `${Phase}:${'start' | 'end'}`
type CpuReading = { at: number; serverMs: number[]; redisMs: number }

// ---------------------------------------------------------------------------
// Servers: the meeting server and the bare broadcast, in this process.

const listen = (server: http.Server) =>
  new Promise<string>(r => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)))

/** The server's Redis streams adapter (realtime/redis-adapter.ts) on its own connection. */
async function streamsAdapter(redisUrl: string, streamName: string) {
  const { connectAdapterClient } = await import('#realtime/redis-adapter')
  const { createAdapter } = await import('@socket.io/redis-streams-adapter')
  const client = await connectAdapterClient(redisUrl)
  return createAdapter(client, { streamName })
}

async function startServers(redisUrl: string | null) {
  const { getDb } = await import('#db/client')
  const { createRealtime } = await import('#realtime/index')
  const { authenticateSocket } = await import('#app/utils/socket-auth.server')
  const { Server } = await import('socket.io')
  const meetingAdapter = redisUrl ? await streamsAdapter(redisUrl, 'bench-meeting') : null
  const bareAdapter = redisUrl ? await streamsAdapter(redisUrl, 'bench-bare') : null
  const meetingHttp = http.createServer()
  createRealtime(meetingHttp, {
    db: getDb(),
    authenticate: cookie => authenticateSocket(getDb(), cookie),
    ...(meetingAdapter ? { adapter: meetingAdapter } : {}),
  })
  const meetingUrl = await listen(meetingHttp)

  // The bare broadcast: same transport, settings and adapter, nothing else.
  const bareHttp = http.createServer()
  const bare = new Server(bareHttp, {
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000 },
    ...(bareAdapter ? { adapter: bareAdapter } : {}),
  })
  bare.on('connection', socket => {
    void socket.join('bare')
    socket.on('bare:send', (t: number, ack: () => void) => {
      bare.to('bare').emit('bare:msg', t)
      ack()
    })
  })
  const bareUrl = await listen(bareHttp)
  return { meetingUrl, bareUrl }
}

/** A server process (--serve): the bench's database, and Redis when there are several; prints its addresses. */
async function serve() {
  const { openDb, setDb } = await import('#db/client')
  setDb(openDb(process.env.DATABASE_PATH!))
  const { meetingUrl, bareUrl } = await startServers(process.env.REDIS_URL ?? null)
  watchLag(`server-${process.pid}`)
  process.stdout.write(`SERVING ${JSON.stringify({ meetingUrl, bareUrl })}\n`)
}

function startChild(cmd: string, args: string[], env: Record<string, string>, ready: RegExp, children: ChildProcess[]): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(child)
    let out = ''
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start:\n${out}`)), 60_000)
    const onData = (d: Buffer) => {
      out += String(d)
      const m = out.match(ready)
      if (m) {
        clearTimeout(timer)
        resolve(m)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (d: Buffer) => (process.env.BENCH_DEBUG ? process.stderr.write(d) : onData(d)))
    child.on('error', reject)
    child.on('exit', code => reject(new Error(`${cmd} exited with ${code}:\n${out}`)))
  })
}

// ---------------------------------------------------------------------------
// Main thread: database, meeting, the server processes, the client threads.

/** redis-server and the further server processes; ended with this one, even when it fails. */
const children: ChildProcess[] = []
process.on('exit', () => children.forEach(child => child.exitCode === null && child.kill()))
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1))

/** A client thread, and `expect(match)`: the next report from it that matches (earlier ones that do not are kept). */
function clientThread(data: WorkerInput) {
  const worker = new Worker(
    `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(m => { m.register(); return import(${JSON.stringify(import.meta.url)}) })`,
    // A large young generation: the simulated phones allocate a lot of short-lived garbage.
    { eval: true, workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 64, maxOldGenerationSizeMb: 4096 } },
  )
  const reports: Report[] = []
  const waiting: { match: (r: Report) => boolean; resolve: (r: Report) => void; reject: (e: Error) => void }[] = []
  const deliver = () => {
    for (const w of [...waiting]) {
      const at = reports.findIndex(w.match)
      if (at < 0) continue
      waiting.splice(waiting.indexOf(w), 1)
      w.resolve(reports.splice(at, 1)[0]!)
    }
  }
  let failure: Error | null = null
  const fail = (error: Error) => {
    failure = error
    for (const w of waiting.splice(0)) w.reject(error)
  }
  worker.on('message', (r: Report) => {
    reports.push(r)
    deliver()
  })
  worker.on('error', fail)
  worker.on('exit', code => code !== 0 && fail(new Error(`client thread ${data.thread} exited with ${code}`)))
  const expect = (match: (r: Report) => boolean) =>
    new Promise<Report>((resolve, reject) => {
      if (failure) return reject(failure)
      waiting.push({ match, resolve, reject })
      deliver()
    })
  return { worker, expect }
}

/** BENCH_DEBUG: each message's latency across all clients, by its send time. */
function printBySend(bySend: [number, number[]][]) {
  const merged = new Map<number, number[]>()
  for (const [sent, xs] of bySend) merged.set(sent, [...(merged.get(sent) ?? []), ...xs])
  for (const [t, xs] of [...merged].sort((a, b) => a[0] - b[0])) {
    xs.sort((a, b) => a - b)
    console.error(`msg@${Math.round(t) % 1_000_000} n=${xs.length} min=${xs[0]!.toFixed(1)} p50=${xs[xs.length >> 1]!.toFixed(1)} max=${xs.at(-1)!.toFixed(1)}`)
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teahouse-bench-rt-'))
  process.env.DATABASE_PATH = path.join(dir, 'bench.db')
  const { openDb, setDb } = await import('#db/client')
  const { ensureBaseline } = await import('#db/seed')
  const { createUnit } = await import('#db/queries/units')
  const { createSession } = await import('#db/queries/auth')
  const { createMeeting, runMeetingCommand } = await import('#db/queries/meetings')
  const schema = await import('#db/schema/index')

  const db = openDb(process.env.DATABASE_PATH)
  setDb(db)
  ensureBaseline(db)
  const district = createUnit(db, { kind: 'district', code: 'gs', nameZh: '拱墅区', nameEn: 'Gongshu' })
  const community = createUnit(db, { kind: 'community', code: 'gs-czq', nameZh: '长征桥社区', nameEn: 'Changzhengqiao', parentId: district.id })
  const topic = db.insert(schema.topics).values({ unitId: community.id, status: 'approved', title: '小河小学路口拥堵' }).returning().get()
  const facilitator = db.insert(schema.users).values({ username: 'bench-facilitator', displayName: '促动师' }).returning().get()
  const meeting = createMeeting(
    db,
    {
      topicId: topic.id,
      title: 'bench',
      mode: 'online',
      startsAt: new Date(),
      isPublic: true,
      speakerSeconds: 120,
      agenda: [{ title: '讨论', plannedMinutes: 60 }],
    },
    { kind: 'user', id: facilitator.id },
  )
  const cookies = db.transaction(tx => {
    const out: string[] = []
    for (let i = 0; i < args.deliberators; i++) {
      const u = tx
        .insert(schema.users)
        .values({ username: `bench-${i}`, displayName: `居民${i}` })
        .returning({ id: schema.users.id })
        .get()
      tx.insert(schema.meetingParticipants).values({ meetingId: meeting.id, userId: u.id, role: 'deliberator' }).run()
      out.push(`th_session=${createSession(tx, u.id).id}`)
    }
    // Observers watch the public meeting without an account, as a livestream's audience does.
    for (let i = args.deliberators; i < args.clients; i++) out.push('')
    return out
  })
  runMeetingCommand(db, {
    meetingId: meeting.id,
    actor: { userId: facilitator.id, role: 'facilitator', name: '促动师' },
    type: 'meeting.start',
    payload: {},
    idempotencyKey: 'bench-start',
    agendaItemIds: [],
    speakerSeconds: 120,
  })

  let redisUrl: string | null = null
  let redis: ChildProcess | null = null
  if (args.processes > 1) {
    const port = await freePort('127.0.0.1')
    redis = await startChild(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {},
      /Ready to accept connections/,
      children,
    ).then(() => children.at(-1)!)
    redisUrl = `redis://127.0.0.1:${port}`
  }
  // Every server is a process of its own, as in production: apart from the client threads, which share this process.
  const servers: { meetingUrl: string; bareUrl: string }[] = []
  const serverChildren: ChildProcess[] = []
  for (let p = 0; p < args.processes; p++) {
    const m = await startChild(
      process.execPath,
      // Profiling flags (node --cpu-prof …) carry over, so that every server process is profiled.
      [...process.execArgv.filter(a => a.startsWith('--cpu-prof')), '--import', 'tsx', fileURLToPath(import.meta.url), '--serve'],
      { DATABASE_PATH: process.env.DATABASE_PATH!, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) },
      /SERVING (\{.*\})\n/,
      children,
    )
    serverChildren.push(children.at(-1)!)
    servers.push(JSON.parse(m[1]!))
  }
  const meetingUrls = servers.map(x => x.meetingUrl)
  const bareUrls = servers.map(x => x.bareUrl)

  watchLag('main')
  if (args.appendOnly) {
    const persistence = await measurePersistence(db, meeting.id, facilitator.id)
    console.log(JSON.stringify({ processes: 1, ...persistence, loadAverage: os.loadavg().map(l => +l.toFixed(2)) }))
    await shutDown(children, db, dir)
  }
  const input: Omit<WorkerInput, 'thread'> = { ...args, meetingUrls, bareUrls, meetingId: meeting.id, cookies }
  const threads = Array.from({ length: args.clientThreads }, (_, thread) => clientThread({ ...input, thread }))
  // CPU of this thread's server, the further server processes and redis at the start and end of the send phases.
  const readings: Partial<Record<PhaseMark, CpuReading>> = {}
  const markCpu = (mark: PhaseMark) => {
    readings[mark] = {
      at: now(),
      serverMs: serverChildren.map(c => cpuMsOf(`/proc/${c.pid}/stat`)),
      redisMs: redis ? cpuMsOf(`/proc/${redis.pid}/stat`) : 0,
    }
  }
  let joinMs = 0
  /** A send phase: every client thread ready, all start their sends at one moment, and their results are merged. */
  const runPhase = async (phase: Phase, settleMs: number): Promise<ThreadResult> => {
    const ready = await Promise.all(threads.map(t => t.expect(r => 'ready' in r && r.ready === phase)))
    for (const r of ready) if ('joinMs' in r && r.joinMs != null) joinMs = Math.max(joinMs, r.joinMs)
    await sleep(settleMs)
    const start = now() + 50
    for (const t of threads) t.worker.postMessage({ go: phase, start } satisfies Command)
    await sleep(Math.max(0, start - now()))
    markCpu(`${phase}:start`)
    const parts = await Promise.all(threads.map(t => t.expect(r => 'done' in r && r.done === phase)))
    markCpu(`${phase}:end`)
    const results = parts.map(r => (r as Extract<Report, { done: Phase }>).result)
    const total = (key: 'lost' | 'duplicated' | 'redelivered' | 'resynced' | 'disconnected' | 'cpuMs') => results.reduce((n, r) => n + r[key], 0)
    return {
      samples: results.flatMap(r => r.samples),
      lost: total('lost'),
      duplicated: total('duplicated'),
      redelivered: total('redelivered'),
      resynced: total('resynced'),
      disconnected: total('disconnected'),
      cpuMs: total('cpuMs'),
      bySend: results.flatMap(r => r.bySend),
    }
  }
  // Let the presence updates from the joins settle before the first statement.
  const meetingRun = await runPhase('meeting', 1500)
  if (process.env.BENCH_DEBUG) printBySend(meetingRun.bySend)
  for (const t of threads) t.worker.postMessage({ connect: 'bare' } satisfies Command)
  const bareRun = await runPhase('bare', 0)
  const bareDropsRun = await runPhase('bareDrops', 1000)
  if (process.env.BENCH_DEBUG) printBySend(bareDropsRun.bySend)
  await Promise.all(threads.map(t => t.worker.terminate()))
  const result = {
    meeting: meetingRun,
    bare: bareRun,
    bareDrops: bareDropsRun,
    clientCpuMs: { meeting: meetingRun.cpuMs, bare: bareRun.cpuMs, bareDrops: bareDropsRun.cpuMs },
  }

  const persistence = await measurePersistence(db, meeting.id, facilitator.id)
  const m = Float64Array.from(result.meeting.samples).sort()
  const b = Float64Array.from(result.bare.samples).sort()
  const bd = Float64Array.from(result.bareDrops.samples).sort()
  const round = (x: number) => Math.round(x * 100) / 100
  const p99 = percentile(m, 99)
  const bareP99 = percentile(b, 99)
  const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0)
  /** A send phase's CPU: of each server process, the client thread and redis, per delivery, and the cores busy on average. */
  const cpuOf = (phase: Phase) => {
    const from = readings[`${phase}:start`]
    const to = readings[`${phase}:end`]
    if (!from || !to) return null
    const wallMs = to.at - from.at
    const serverMs = to.serverMs.map((ms, i) => Math.round(ms - from.serverMs[i]!))
    const clientsMs = Math.round(result.clientCpuMs[phase])
    const redisMs = Math.round(to.redisMs - from.redisMs)
    const deliveries = args.messages * args.clients
    return {
      wallMs: Math.round(wallMs),
      serverMs,
      clientsMs,
      redisMs,
      cores: round((sum(serverMs) + clientsMs + redisMs) / wallMs),
      serverUsPerDelivery: round((sum(serverMs) * 1000) / deliveries),
      clientUsPerDelivery: round((clientsMs * 1000) / deliveries),
    }
  }
  const out = {
    clients: args.clients,
    processes: args.processes,
    deliberators: args.deliberators,
    observers: args.clients - args.deliberators,
    messages: args.messages,
    p50Ms: round(percentile(m, 50)),
    p99Ms: round(p99),
    lost: result.meeting.lost,
    duplicated: result.meeting.duplicated,
    redelivered: result.meeting.redelivered,
    bareP99Ms: round(bareP99),
    ratio: round(bareP99 > 0 ? p99 / bareP99 : 0),
    bareP50Ms: round(percentile(b, 50)),
    samples: m.length,
    disconnected: result.meeting.disconnected,
    resynced: result.meeting.resynced,
    bareLost: result.bare.lost,
    // Everyone connecting and joining the meeting (a first join gets a snapshot once the log is long), 50 at a time per client thread.
    joinSeconds: round(joinMs / 1000),
    // The bare broadcast under the same forced drops as the meeting run (reconnections with connection state recovery, no meeting resync).
    bareDropsP50Ms: round(percentile(bd, 50)),
    bareDropsP99Ms: round(percentile(bd, 99)),
    bareDropsLost: result.bareDrops.lost,
    ...persistence,
    cpu: { meeting: cpuOf('meeting'), bare: cpuOf('bare'), bareDrops: cpuOf('bareDrops') },
    loadAverage: os.loadavg().map(l => +l.toFixed(2)),
  }
  if (args.json) console.log(JSON.stringify(out))
  else console.table(out)

  await shutDown(children, db, dir)
}

async function shutDown(children: ChildProcess[], db: { $client: { close(): void } }, dir: string) {
  // Wait for them, so that none is left behind.
  await Promise.all(children.map(child => new Promise(resolve => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill())))))
  db.$client.close()
  fs.rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}

/**
 * Persistence of meeting events, each committed before it may be broadcast:
 * - `persistEventsPerSecond`: statements sent all at once through the socket
 *   handler's own path (submitMeetingCommand), which appends the commands of
 *   one tick in one transaction (group commit) and answers each after its commit;
 * - `persistSerialEventsPerSecond`: the same, one transaction per statement
 *   (runMeetingCommand), as a quiet meeting appends them;
 * - `bareInsertEventsPerSecond`: bare inserts into the same table with a
 *   commit each, the database's own rate for one event per transaction.
 */
async function measurePersistence(db: import('#db/client').Db, meetingId: number, facilitatorId: number) {
  const { runMeetingCommand } = await import('#db/queries/meetings')
  const { submitMeetingCommand } = await import('#realtime/meeting.handlers')
  const count = 5000
  const statement = (i: number, kind: string) => ({
    meetingId,
    actor: { userId: facilitatorId, role: 'facilitator' as const, name: '促动师' },
    type: 'statement.post',
    payload: { text: `persist:${i}` },
    idempotencyKey: `bench-${kind}-${i}`,
    agendaItemIds: [],
    speakerSeconds: 120,
  })
  const rate = (ms: number) => Math.round(count / (ms / 1000))

  const groupStart = performance.now()
  const grouped = await Promise.all(Array.from({ length: count }, (_, i) => submitMeetingCommand(db, statement(i, 'grouped'))))
  const persistEventsPerSecond = rate(performance.now() - groupStart)
  if (grouped.some(r => !r.ok || r.duplicate)) throw new Error('grouped persistence run failed')

  const serialStart = performance.now()
  for (let i = 0; i < count; i++) {
    const r = runMeetingCommand(db, statement(i, 'serial'))
    if (!r.ok) throw new Error(`persistence run failed: ${r.error}`)
  }
  const persistSerialEventsPerSecond = rate(performance.now() - serialStart)

  const bareInsert = db.$client.prepare(
    `insert into meeting_events (meeting_id, seq, type, actor_id, in_room, payload) values (?, ?, 'bench.bare', null, 0, '{}')`,
  )
  const bareCommit = db.$client.transaction((seq: number) => bareInsert.run(meetingId, seq))
  const bareStart = performance.now()
  for (let i = 0; i < count; i++) bareCommit(1_000_000 + i)
  const bareInsertEventsPerSecond = rate(performance.now() - bareStart)
  return { persistEventsPerSecond, persistSerialEventsPerSecond, bareInsertEventsPerSecond }
}

// ---------------------------------------------------------------------------
// Worker threads: the clients, a share of them in each.

async function clients(input: WorkerInput) {
  const { io } = await import('socket.io-client')
  const { MeetingSession } = await import('#app/components/meeting/meeting-session')
  const { ObserverSession, WireSocket, sentTime } = await import('./realtime-wire')
  watchLag(`clients-${input.thread}`)
  if (process.env.BENCH_DEBUG) {
    const { PerformanceObserver } = await import('node:perf_hooks')
    new PerformanceObserver(list => {
      for (const e of list.getEntries())
        if (e.duration > 30)
          console.error(
            `clients-${input.thread} gc kind=${(e as any).detail?.kind} ${Math.round(e.duration)}ms at ${Math.round(performance.timeOrigin + e.startTime) % 1_000_000}`,
          )
    }).observe({ entryTypes: ['gc'] })
  }
  const report = (r: Report) => parentPort!.postMessage(r)
  const commands: Command[] = []
  let onCommand: (() => void) | null = null
  parentPort!.on('message', (c: Command) => {
    commands.push(c)
    onCommand?.()
  })
  const nextCommand = () =>
    new Promise<Command>(resolve => {
      const take = () => {
        const c = commands.shift()
        if (!c) return
        onCommand = null
        resolve(c)
      }
      onCommand = take
      take()
    })
  const untilStart = async (phase: Phase, joinMs?: number) => {
    report({ ready: phase, ...(joinMs == null ? {} : { joinMs }) })
    const c = await nextCommand()
    if (!('go' in c) || c.go !== phase) throw new Error(`client thread expected to start ${phase}`)
    return c.start
  }

  type S = InstanceType<typeof MeetingSession>
  // Socket.IO's default reconnection back-off (1 s ± 50%), as phones would use.
  const opts = { transports: ['websocket'], forceNew: true }
  const interval = 1000 / input.rate
  const ackTimeoutMs = 10_000
  const urlOf = (urls: string[], i: number) => urls[i % urls.length]!
  /** The global indices of this thread's clients, and which thread sends message `m` (its speaker's). */
  const mine = (i: number) => i % input.clientThreads === input.thread
  const indices = Array.from({ length: input.clients }, (_, i) => i).filter(mine)
  const sender = (m: number) => (m % input.speakers) % input.clientThreads
  const debug = !!process.env.BENCH_DEBUG

  // --- the meeting run
  /** One simulated phone: a full client (deliberators) or a protocol-level one (observers), as the run sees them. */
  type Phone = {
    downAt: number
    upAt: number
    joined(): boolean
    join(): void
    /** Statements the phone's meeting holds, and how many of them it holds more than once. */
    held(): number
    duplicates(): number
    /** Lose the connection; Socket.IO reconnects by itself and the phone rejoins. */
    drop(): void
    disconnect(): void
  }
  /** A phone as the drops see it: when it lost the network and when it was back (Infinity while away). */
  type Droppable = { downAt: number; upAt: number; drop(): void }
  /** Messages sent while a phone was away, or in flight when it dropped, reach it by resync, not live. */
  const cameByResync = (phone: Droppable, sent: number) => (sent >= phone.downAt && sent <= phone.upAt) || (sent < phone.downAt && now() > phone.downAt)
  const phones = new Map<number, Phone>()
  const speakerSessions = new Map<number, S>()
  const samples: number[] = []
  const bySend = new Map<number, number[]>()
  let resynced = 0
  let redelivered = 0
  /** A live statement as the phone's `meeting:event` listener sees it, before the session's own seq check. */
  const onLive = (phone: Phone, seen: Set<number>, seq: number, sent: number) => {
    if (seen.has(seq)) return void redelivered++
    seen.add(seq)
    if (cameByResync(phone, sent)) return void resynced++
    samples.push(now() - sent)
    if (debug) (bySend.get(sent) ?? bySend.set(sent, []).get(sent)!).push(now() - sent)
  }
  const fullPhone = (i: number, cookie: string): Phone => {
    // Clients are split evenly between the server processes.
    const socket = io(urlOf(input.meetingUrls, i), { ...opts, extraHeaders: cookie ? { cookie } : {} })
    const seen = new Set<number>()
    const phone: Phone = {
      downAt: Infinity,
      upAt: 0,
      joined: () => session.joined,
      join: () => void session.join(),
      held: () => session.state.statements.length,
      duplicates: () => session.state.statements.length - new Set(session.state.statements.map(st => st.text)).size,
      drop: () => {
        socket.once('connect', () => void session.join().then(() => (phone.upAt = now())))
        socket.io.engine.close()
      },
      disconnect: () => void socket.disconnect(),
    }
    socket.on('meeting:event', e => e.type === 'statement.post' && onLive(phone, seen, e.seq, sentTime(String(e.payload.text))))
    const session = new MeetingSession(socket as never, input.meetingId, { ackTimeoutMs })
    if (i < input.speakers) speakerSessions.set(i, session)
    return phone
  }
  const observerPhone = (i: number): Phone => {
    const seen = new Set<number>()
    let rejoining = false
    const phone: Phone = {
      downAt: Infinity,
      upAt: 0,
      joined: () => session.joined,
      join: () => void session.join(),
      held: () => session.statementSeqs.length,
      duplicates: () => session.statementSeqs.length - new Set(session.statementSeqs).size,
      drop: () => {
        rejoining = true
        session.socket.drop()
      },
      disconnect: () => session.stop(),
    }
    const session = new ObserverSession(new WireSocket(urlOf(input.meetingUrls, i)), input.meetingId, {
      ackTimeoutMs,
      onLiveEvent: e => e.statement && onLive(phone, seen, e.seq, e.sent),
      onConnect: () => {
        if (rejoining) phone.upAt = now()
        rejoining = false
      },
    })
    return phone
  }
  const joinStart = now()
  for (let b = 0; b < indices.length; b += 50) {
    const batch = indices.slice(b, b + 50).map(i => {
      const phone = i < input.deliberators ? fullPhone(i, input.cookies[i]!) : observerPhone(i)
      phones.set(i, phone)
      return phone
    })
    // A join whose answer timed out on a starved machine is asked again, as a reload would.
    const retry = setInterval(() => batch.forEach(p => p.joined() || p.join()), 15_000)
    await waitUntil(() => batch.every(p => p.joined()), 120_000).finally(() => clearInterval(retry))
    if (debug && phones.size % 500 === 0) console.error(`clients-${input.thread} joined ${phones.size} at ${Math.round(now()) % 1_000_000}`)
  }
  // --drop-share of all phones (10%), spread over deliberators and observers alike, each dropped at its place in the global order.
  const droppable = input.clients - input.speakers
  const dropCount = Math.min(droppable, Math.round(input.clients * input.dropShare))
  const dropped = Array.from({ length: dropCount }, (_, k) => ({ k, i: input.speakers + Math.floor((k * droppable) / dropCount) })).filter(d => mine(d.i))
  const sleepUntil = (t: number) => sleep(Math.max(0, t - now()))
  const threadCpu = () => ownThreadCpuMs()
  const half = Math.floor(input.messages / 2)
  /** Mid-run, this thread's share of the dropped phones lose the network, one after another over about a second. */
  const scheduleDrops = (start: number, phoneOf: (i: number) => Droppable) =>
    dropped.map(({ k, i }) =>
      sleepUntil(start + half * interval + (k * 1000) / dropCount).then(() => {
        const d = phoneOf(i)
        d.downAt = now()
        d.upAt = Infinity
        d.drop()
      }),
    )

  let cpuFrom = 0
  const start = await untilStart('meeting', now() - joinStart)
  cpuFrom = threadCpu()
  const drops = scheduleDrops(start, i => phones.get(i)!)
  const sends: Promise<unknown>[] = []
  for (let m = 0; m < input.messages; m++) {
    if (sender(m) !== input.thread) continue
    // A steady rate, whatever the clients' load.
    await sleepUntil(start + m * interval)
    sends.push(speakerSessions.get(m % input.speakers)!.send('statement.post', { text: `bench:${now()}` }))
  }
  await Promise.all([...sends, ...drops])
  await waitUntil(() => [...phones.values()].every(p => p.held() >= input.messages), 20_000).catch(() => {})
  const meetingCpu = threadCpu() - cpuFrom
  const all = [...phones.values()]
  report({
    done: 'meeting',
    result: {
      samples,
      lost: all.reduce((n, p) => n + Math.max(0, input.messages - p.held()), 0),
      duplicated: all.reduce((n, p) => n + p.duplicates(), 0),
      redelivered,
      resynced,
      disconnected: dropped.length,
      cpuMs: meetingCpu,
      bySend: [...bySend.entries()],
    },
  })
  const next = await nextCommand()
  if (!('connect' in next)) throw new Error('client thread expected to connect for the bare run')
  for (const p of all) p.disconnect()

  // --- the bare broadcast runs: the same split, full clients for the deliberators' share, protocol-level ones for the
  // observers'; first calm, then with the same phones dropped at the same moments as in the meeting run.
  type BarePhone = Droppable & { received: Set<number>; disconnect(): void }
  let bareSamples: number[] = []
  let bareBySend = new Map<number, number[]>()
  let bareResynced = 0
  let bareRedelivered = 0
  const barePhones = new Map<number, BarePhone>()
  const bareSpeakers = new Map<number, ReturnType<typeof io>>()
  /** A bare message (its send time `t` is its identity) as a phone's listener sees it, by the meeting run's rules. */
  const onBare = (phone: BarePhone, t: number) => {
    if (phone.received.has(t)) return void bareRedelivered++
    phone.received.add(t)
    if (cameByResync(phone, t)) return void bareResynced++
    bareSamples.push(now() - t)
    if (debug) (bareBySend.get(t) ?? bareBySend.set(t, []).get(t)!).push(now() - t)
  }
  for (let b = 0; b < indices.length; b += 50) {
    const connected: (() => boolean)[] = []
    for (const k of indices.slice(b, b + 50)) {
      if (k < input.deliberators) {
        const socket = io(urlOf(input.bareUrls, k), opts)
        const phone: BarePhone = {
          downAt: Infinity,
          upAt: 0,
          received: new Set(),
          drop: () => {
            socket.once('connect', () => (phone.upAt = now()))
            socket.io.engine.close()
          },
          disconnect: () => void socket.disconnect(),
        }
        socket.on('bare:msg', (t: number) => onBare(phone, t))
        barePhones.set(k, phone)
        if (k < input.speakers) bareSpeakers.set(k, socket)
        connected.push(() => socket.connected)
      } else {
        const socket = new WireSocket(urlOf(input.bareUrls, k))
        let rejoining = false
        const phone: BarePhone = {
          downAt: Infinity,
          upAt: 0,
          received: new Set(),
          drop: () => {
            rejoining = true
            socket.drop()
          },
          disconnect: () => socket.disconnect(),
        }
        socket.onConnect = () => {
          if (rejoining) phone.upAt = now()
          rejoining = false
        }
        // `["bare:msg",<t>,"<offset>"]`
        socket.onEvent = frame => frame.startsWith('["bare:msg",') && onBare(phone, Number(frame.slice(12, frame.indexOf(',', 12))))
        barePhones.set(k, phone)
        connected.push(() => socket.connected)
      }
    }
    await waitUntil(() => connected.every(c => c()), 60_000)
  }
  await sleep(500)
  const runBare = async (phase: 'bare' | 'bareDrops') => {
    bareSamples = []
    bareBySend = new Map()
    bareResynced = bareRedelivered = 0
    for (const p of barePhones.values()) p.received.clear()
    const bareStart = await untilStart(phase)
    cpuFrom = threadCpu()
    const drops = phase === 'bareDrops' ? scheduleDrops(bareStart, i => barePhones.get(i)!) : []
    const bareSends: Promise<unknown>[] = []
    for (let m = 0; m < input.messages; m++) {
      if (sender(m) !== input.thread) continue
      await sleepUntil(bareStart + m * interval)
      bareSends.push(bareSpeakers.get(m % input.speakers)!.emitWithAck('bare:send', now()))
    }
    await Promise.all([...bareSends, ...drops])
    const phones = [...barePhones.values()]
    await waitUntil(() => phones.every(p => p.received.size >= input.messages), 10_000).catch(() => {})
    report({
      done: phase,
      result: {
        samples: bareSamples,
        lost: phones.reduce((n, p) => n + Math.max(0, input.messages - p.received.size), 0),
        duplicated: 0,
        redelivered: bareRedelivered,
        resynced: bareResynced,
        disconnected: drops.length,
        cpuMs: threadCpu() - cpuFrom,
        bySend: [...bareBySend.entries()],
      },
    })
  }
  await runBare('bare')
  await runBare('bareDrops')
  for (const p of barePhones.values()) p.disconnect()
}

function waitUntil(cond: () => boolean, ms: number) {
  return new Promise<void>((resolve, reject) => {
    const end = Date.now() + ms
    const tick = () => (cond() ? resolve() : Date.now() > end ? reject(new Error('timeout')) : setTimeout(tick, 20))
    tick()
  })
}

if (!isMainThread) await clients(workerData as WorkerInput)
else if (process.argv.includes('--serve')) await serve()
else await main()
