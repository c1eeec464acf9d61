// npx tsx tests/bench/open311.ts [--requests 2000] [--concurrency 50]
// Starts server.ts (the real server: Express + Remix + Socket.IO + the NLP
// background job) on a free loopback port with a temporary database, fires
// concurrent POST /open311/v2/requests.json from this process and prints
// latency percentiles as JSON. Runs `npx remix build` when build/ is missing.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { openDb } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createApiToken } from '#db/queries/auth'
import { createUnit } from '#db/queries/units'
import { ensureBaseline } from '#db/seed'

const { values } = parseArgs({ options: { requests: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '50' } } })
const total = Number(values.requests)
const concurrency = Number(values.concurrency)

if (!fs.existsSync('build/index.js')) spawnSync('npx', ['remix', 'build'], { stdio: 'ignore' })
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teahouse-bench-311-'))
const dbPath = path.join(dir, 'bench.db')
const db = openDb(dbPath)
ensureBaseline(db)
const district = createUnit(db, { kind: 'district', code: 'gs', nameZh: '拱墅区', nameEn: 'Gongshu' })
const street = createUnit(db, { kind: 'street', code: 'gs-xh', nameZh: '小河街道', nameEn: 'Xiaohe', parentId: district.id })
createUnit(db, { kind: 'community', code: 'gs-czq', nameZh: '长征桥社区', nameEn: 'Changzhengqiao', parentId: street.id, aliases: ['长征桥'] })
const { token } = createApiToken(db, { name: 'bench', role: 'resident', unitId: null }, SYSTEM)

db.$client.close()

const port = await new Promise<number>((resolve, reject) => {
  const srv = net.createServer()
  srv.listen(0, '127.0.0.1', () => {
    const p = (srv.address() as net.AddressInfo).port
    srv.close(() => resolve(p))
  })
  srv.on('error', reject)
})
const server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
  env: { ...process.env, NODE_ENV: 'production', SEED_DEMO: 'never', PORT: String(port), DATABASE_PATH: dbPath, DATA_DIR: dir },
  stdio: ['ignore', 'ignore', 'inherit'],
})
const base = `http://127.0.0.1:${port}`
for (let i = 0; ; i++) {
  if (i > 240) throw new Error('server did not start')
  if (
    await fetch(`${base}/healthz`).then(
      r => r.ok,
      () => false,
    )
  )
    break
  await new Promise(r => setTimeout(r, 250))
}
const url = `${base}/open311/v2/requests.json`

const places = ['长征桥小区5幢', '小河小学路口', '长征桥公园', '小河路菜场']
const problems = ['电梯故障，老人上下楼困难', '路灯不亮，晚上很黑', '垃圾桶满溢，气味很大', '早晚高峰拥堵']
async function one(i: number) {
  const body = new URLSearchParams({
    api_key: token,
    service_code: 'urban',
    description: `${places[i % 4]}${problems[(i >> 2) % 4]}。第${i}号反映。`,
    address_string: places[i % 4]!,
    phone: `139${String(i).padStart(8, '0')}`,
  })
  const t0 = performance.now()
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  const ok = res.status === 200 && ((await res.json()) as { service_request_id?: string }[])[0]?.service_request_id
  return { ms: performance.now() - t0, ok: !!ok }
}

// Warm up (first requests compile the taxonomy pipeline).
for (let i = 0; i < 5; i++) await one(-1 - i)
const latencies: number[] = []
let errors = 0
let next = 0
const started = performance.now()
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const r = await one(next++)
      latencies.push(r.ms)
      if (!r.ok) errors++
    }
  }),
)
const seconds = (performance.now() - started) / 1000
latencies.sort((a, b) => a - b)
const pct = (p: number) => +latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1)
server.kill('SIGTERM')
await new Promise(r => server.once('exit', r))
fs.rmSync(dir, { recursive: true, force: true })
console.log(
  JSON.stringify({
    requests: total,
    concurrency,
    seconds: +seconds.toFixed(2),
    requestsPerSecond: Math.round(total / seconds),
    p50Ms: pct(50),
    p95Ms: pct(95),
    p99Ms: pct(99),
    maxMs: pct(100),
    errors,
    cpus: os.cpus().length,
  }),
)
