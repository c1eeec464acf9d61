// npm run --silent bench:pages [-- --complaints 100000 --sessions 50 --requests 400 --think-ms 5000 --mode production]
// Builds a synthetic database (complaints through the bulk import path, then
// classified and indexed for search as the NLP worker would; topics linked to
// them by direct inserts), starts the built server on it as it is deployed
// (NODE_ENV=production unless --mode says otherwise), logs staff sessions in
// through the login form and drives the heaviest staff and public pages.
// Two runs over the same pages:
// - sessions: each session is a person clicking through pages, waiting a think
//   time between page views (exponential, mean --think-ms);
// - saturation: the same sessions with no think time, every session always
//   waiting on a request (one Node thread: this measures queueing).
// Pages are asked for as a browser does (compressed).
// Prints one JSON line with p50/p95 per page and overall for both, and each
// page's latency on its own. Baselines, in the same run: /healthz under the
// same sessions with think time, and under the saturation load.
import fs from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createUser } from '#db/queries/auth'
import { importComplaintBatch } from '#db/queries/intake'
import { createUnit } from '#db/queries/units'
import { loginOverHttp, request, startRealServer, type RealServer } from '#tests/integration/security/real-server'

const { values } = parseArgs({
  options: {
    complaints: { type: 'string', default: '100000' },
    sessions: { type: 'string', default: '50' },
    requests: { type: 'string', default: '400' },
    'think-ms': { type: 'string', default: '5000' },
    mode: { type: 'string', default: 'production' },
    // Directory for the server's V8 CPU profile (written when it stops).
    profile: { type: 'string' },
    // Copy the prepared database here before the server stops (for EXPLAIN QUERY PLAN).
    'keep-db': { type: 'string' },
  },
})
const complaintCount = Number(values.complaints)
const sessionCount = Number(values.sessions)
const requestCount = Number(values.requests)
const thinkMs = Number(values['think-ms'])
const mode = values.mode === 'development' ? 'development' : 'production'
const PASSWORD = 'bench-password-1'

const communities = ['长征桥社区', '和睦社区', '登云社区', '小河佳苑社区']
const places = ['小河小学路口', '长征桥农贸市场', '和睦新村', '登云路', '小河佳苑北门', '运河绿道']
// Problem, its category, and the words the classifier and segmenter would find in it.
const problems: [string, string, string[]][] = [
  ['早晚高峰车辆拥堵', '交通出行', ['高峰', '车辆', '拥堵']],
  ['垃圾清运不及时', '环境卫生', ['垃圾', '清运']],
  ['夜间施工噪音扰民', '环境卫生', ['夜间', '施工', '噪音', '扰民']],
  ['路灯损坏', '市政设施', ['路灯', '损坏']],
  ['共享单车乱停放', '交通出行', ['共享单车', '停放']],
  ['小区电梯经常故障', '物业管理', ['电梯', '故障']],
]
const channels = ['hotline', 'online', 'web', 'import'] as const
const statuses = ['received', 'classified', 'in_topic', 'resolved', 'closed']
const DAY = 86_400_000
const now = Date.now()

async function prepare(db: Db) {
  const district = createUnit(db, { kind: 'district', code: 'gs', nameZh: '拱墅区', nameEn: 'Gongshu' })
  const street = createUnit(db, { kind: 'street', code: 'gs-xh', nameZh: '小河街道', nameEn: 'Xiaohe', parentId: district.id })
  const units = communities.map((n, i) =>
    createUnit(db, { kind: 'community', code: `c${i}`, nameZh: n, nameEn: `C${i}`, parentId: street.id, aliases: [n.replace('社区', '')] }),
  )

  // Complaints over the last two years, through the same path as a board import.
  for (let from = 0; from < complaintCount; from += 2000) {
    const batch = []
    for (let i = from; i < Math.min(from + 2000, complaintCount); i++) {
      const place = places[i % places.length]!
      const [problem] = problems[(i * 7) % problems.length]!
      batch.push({
        channel: channels[Math.floor(i / units.length) % channels.length]!,
        externalId: `P${i}`,
        communityId: units[i % units.length]!.id,
        placeText: place,
        subject: `${place}${problem}`,
        body: `${communities[i % 4]}${place}${problem}，已经持续一段时间，希望有关部门尽快处理。编号${i}`,
        receivedAt: new Date(now - Math.floor((i / complaintCount) * 730 * DAY)),
        complainantName: `居民${i % 9973}`,
        complainantPhone: `139${String(i).padStart(8, '0')}`,
      })
    }
    importComplaintBatch(db, batch, SYSTEM)
  }
  // What the NLP worker leaves behind: a category, keywords, a search index row and a later status.
  const sqlite = db.$client
  const classify = sqlite.prepare(`update complaints set category_path = ?, keywords = ?, status = ? where id = ?`)
  const index = sqlite.prepare(`insert into complaints_fts(rowid, segmented) values (?, ?)`)
  const ids = sqlite.prepare('select id from complaints order by id').pluck().all() as number[]
  if (ids.length !== complaintCount) throw new Error(`imported ${ids.length} of ${complaintCount} complaints`)
  sqlite.transaction(() => {
    ids.forEach((id, k) => {
      const [, category, words] = problems[(k * 7) % problems.length]!
      classify.run(JSON.stringify([category]), JSON.stringify(words), statuses[k % statuses.length], id)
      index.run(id, `${places[k % places.length]} ${words.join(' ')} ${communities[k % communities.length]}`)
    })
    sqlite.prepare('delete from nlp_queue').run()
  })()

  // Topics per community in every status, each with up to 40 complaints.
  const topicStatuses = ['suggested', 'approved', 'rejected', 'merged']
  const insertTopic = sqlite.prepare(
    `insert into topics (unit_id, status, title, category, place, heat, from_time, to_time, reviewed_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const link = sqlite.prepare('insert or ignore into topic_complaints (topic_id, complaint_id) values (?, ?)')
  sqlite.transaction(() => {
    for (let t = 0; t < 2000; t++) {
      const unit = units[t % units.length]!
      const [problem, category] = problems[t % problems.length]!
      const place = places[t % places.length]!
      const at = now - (t % 365) * DAY
      const topicId = Number(
        insertTopic.run(unit.id, topicStatuses[t % topicStatuses.length], `${place}${problem}`, category, place, (t * 37) % 100, at - 30 * DAY, at, at, at)
          .lastInsertRowid,
      )
      for (let k = 0; k < 40; k++) link.run(topicId, ids[(t * 40 + k) % ids.length])
    }
  })()

  const grants = Array.from({ length: sessionCount }, (_, i) =>
    i % 5 === 4 ? { role: 'street_staff' as const, unitId: street.id } : { role: 'community_worker' as const, unitId: units[i % units.length]!.id },
  )
  for (const [i, grant] of grants.entries()) await createUser(db, { username: `bench${i}`, password: PASSWORD, displayName: `员工${i}` }, [grant], SYSTEM)
}

type Sample = { page: string; ms: number; status: number }

// Browsers ask for compressed pages, so the server compresses them as it would in use.
const AS_A_BROWSER = { 'accept-encoding': 'gzip, deflate, br' }

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))
/** A person's pause between page views: exponential with mean `mean` ms. */
const think = (mean: number) => (mean > 0 ? sleep(-Math.log(1 - Math.random()) * mean) : Promise.resolve())

/**
 * `total` requests spread over one worker per session, all running at once;
 * each session waits a think time before each page view (sessions start
 * spread over one think time rather than all in the same instant).
 */
async function drive(server: RealServer, cookies: string[], total: number, pick: (n: number) => { page: string; path: string }, meanThinkMs = 0) {
  const samples: Sample[] = []
  let next = 0
  await Promise.all(
    cookies.map(async (cookie, s) => {
      if (meanThinkMs > 0) await sleep(Math.random() * meanThinkMs)
      for (let n = next++, first = true; n < total; n = next++, first = false) {
        if (!first) await think(meanThinkMs)
        const { page, path } = pick(n)
        const started = process.hrtime.bigint()
        const res = await request(server, path, { headers: { cookie, ...AS_A_BROWSER }, from: `127.0.0.${2 + s}` })
        samples.push({ page, ms: Number(process.hrtime.bigint() - started) / 1e6, status: res.status })
      }
    }),
  )
  return samples
}

function summary(samples: Sample[]) {
  const ms = samples.map(s => s.ms).sort((a, b) => a - b)
  const at = (q: number) => +(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0).toFixed(1)
  return { n: ms.length, p50: at(0.5), p95: at(0.95), max: at(1), errors: samples.filter(s => s.status !== 200).length }
}

const setupStarted = process.hrtime.bigint()
const server = await startRealServer(
  prepare,
  { NODE_ENV: mode, SMS_PROVIDER: 'outbox' },
  values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [],
)
const setupSeconds = Number(process.hrtime.bigint() - setupStarted) / 1e9
try {
  const cookies: string[] = []
  for (let i = 0; i < sessionCount; i++) {
    const { cookie } = await loginOverHttp(server, `bench${i}`, PASSWORD, `127.0.0.${2 + i}`)
    if (!cookie) throw new Error(`login failed for bench${i}`)
    cookies.push(cookie)
  }
  const year = new Date(now - 365 * DAY).toISOString().slice(0, 10)
  const pages = [
    { page: 'inbox', path: `/inbox?q=${encodeURIComponent('噪音')}&status=received&from=${year}` },
    { page: 'inboxChannel', path: `/inbox?channel=hotline&category=${encodeURIComponent('交通出行')}&page=3` },
    { page: 'topics', path: '/topics?status=suggested' },
    { page: 'dashboard', path: '/dashboard?period=year' },
    { page: 'publicTimeline', path: `/public/c${0}` },
  ]
  // The server builds its topic engine over every complaint when it starts,
  // in slices that let requests through: measure pages once it is done, that
  // is once the server's own CPU time stops growing (how long it took is reported).
  const settleStarted = process.hrtime.bigint()
  const cpuTicks = () =>
    fs
      .readFileSync(`/proc/${server.pid}/stat`, 'utf8')
      .split(') ')[1]!
      .split(' ')
      .slice(11, 13)
      .reduce((a, b) => a + Number(b), 0)
  const ticksPerSecond = 100
  for (let quiet = 0; quiet < 3;) {
    const before = cpuTicks()
    await new Promise(r => setTimeout(r, 1000))
    quiet = (cpuTicks() - before) / ticksPerSecond < 0.05 ? quiet + 1 : 0
  }
  const settleSeconds = Number(process.hrtime.bigint() - settleStarted) / 1e9
  // One page at a time: the cost of each page on its own, without queueing.
  const solo: Sample[] = []
  for (let round = 0; round < 5; round++)
    for (const p of pages) {
      const t = process.hrtime.bigint()
      const res = await request(server, p.path, { headers: { cookie: cookies[0]!, ...AS_A_BROWSER } })
      solo.push({ page: p.page, ms: Number(process.hrtime.bigint() - t) / 1e6, status: res.status })
    }
  const healthz = () => ({ page: 'healthz', path: '/healthz' })
  const baseline = summary(await drive(server, cookies, requestCount, healthz))
  // What this machine adds on its own to a request arriving the same way (other processes' load, timers).
  const baselineWithThink = summary(await drive(server, cookies, requestCount, healthz, thinkMs))
  const run = async (meanThinkMs: number) => {
    const started = process.hrtime.bigint()
    const ticksBefore = cpuTicks()
    const samples = await drive(server, cookies, requestCount, n => pages[n % pages.length]!, meanThinkMs)
    const serverCpuSeconds = (cpuTicks() - ticksBefore) / ticksPerSecond
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    return {
      thinkMs: meanThinkMs,
      serverCpuSeconds,
      serverCpuMsPerRequest: +((serverCpuSeconds * 1000) / requestCount).toFixed(1),
      pages: Object.fromEntries(pages.map(p => [p.page, summary(samples.filter(s => s.page === p.page))])),
      overall: summary(samples),
      requestsPerSecond: +(requestCount / seconds).toFixed(1),
    }
  }
  const withThink = await run(thinkMs)
  const saturation = await run(0)
  const dbMB = +(fs.statSync(server.dbPath).size / 1024 / 1024).toFixed(1)
  console.log(
    JSON.stringify({
      complaints: complaintCount,
      sessions: sessionCount,
      requests: requestCount,
      mode,
      setupSeconds: +setupSeconds.toFixed(1),
      dbMB,
      settleSeconds: +settleSeconds.toFixed(1),
      thinkMs,
      pages: withThink.pages,
      overall: withThink.overall,
      requestsPerSecond: withThink.requestsPerSecond,
      serverCpuMsPerRequest: withThink.serverCpuMsPerRequest,
      saturation,
      soloP50: Object.fromEntries(pages.map(p => [p.page, summary(solo.filter(s => s.page === p.page)).p50])),
      baselineHealthz: baselineWithThink,
      baselineHealthzSaturation: baseline,
      targetP95Ms: 300,
      withinTarget: withThink.overall.p95 <= 300,
      slowest: Object.entries(withThink.pages).sort((a, b) => b[1].p95 - a[1].p95)[0]![0],
      slowestAlone: pages.map(p => p.page).sort((a, b) => summary(solo.filter(s => s.page === b)).p50 - summary(solo.filter(s => s.page === a)).p50)[0],
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map(l => +l.toFixed(2)),
    }),
  )
} finally {
  if (values['keep-db']) fs.copyFileSync(server.dbPath, values['keep-db'])
  await server.stop()
}
