// npm run --silent bench:import [-- --rows 100000]
// Generates synthetic board-export rows into a temporary CSV, runs the real
// import command into a temporary database (a second run checks that the
// re-import creates nothing; a run on half the file shows whether memory grows
// with the file) and prints one JSON line. Baseline, in the same run: the rate
// at which the database takes the same rows through one bare INSERT per row
// (same table and indexes, batched transactions, no validation, dedupe, status
// event, NLP queue or audit row).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { openDb } from '#db/client'
import { createUnit } from '#db/queries/units'
import { ensureBaseline } from '#db/seed'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } })
const rows = Number(values.rows)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teahouse-bench-import-'))
const csv = path.join(dir, 'board.csv')
const halfCsv = path.join(dir, 'half.csv')
const dbPath = path.join(dir, 'bench.db')
const halfDbPath = path.join(dir, 'half.db')
const communities = ['长征桥社区', '和睦社区', '登云社区', '小河佳苑社区']

// A small district so that community resolution does real work.
function districtDb(file: string) {
  const db = openDb(file)
  ensureBaseline(db)
  const district = createUnit(db, { kind: 'district', code: 'gs', nameZh: '拱墅区', nameEn: 'Gongshu' })
  const street = createUnit(db, { kind: 'street', code: 'gs-xh', nameZh: '小河街道', nameEn: 'Xiaohe', parentId: district.id })
  communities.forEach((n, i) =>
    createUnit(db, { kind: 'community', code: `c${i}`, nameZh: n, nameEn: `C${i}`, parentId: street.id, aliases: [n.replace('社区', '')] }),
  )
  return db
}
districtDb(dbPath).$client.close()
districtDb(halfDbPath).$client.close()

const places = ['小河小学路口', '长征桥农贸市场', '和睦新村', '登云路', '小河佳苑北门', '运河绿道']
const problems = ['早晚高峰车辆拥堵', '垃圾清运不及时', '夜间施工噪音扰民', '路灯损坏', '共享单车乱停放', '小区电梯经常故障']
const out: string[] = ['留言编号,留言用户,留言主题,留言时间,留言详情,地点,电话']
const start = Date.UTC(2023, 0, 1)
for (let i = 0; i < rows; i++) {
  const place = places[i % places.length]!
  const problem = problems[(i * 7) % problems.length]!
  const t = new Date(start + i * 61_000 + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19)
  const body = `${communities[i % 4]}${place}${problem}，已经持续一段时间，希望有关部门尽快处理。编号${i}`
  out.push([`B${i}`, `u${i % 9973}`, `${place}${problem}`, t, body, place, `139${String(i).padStart(8, '0')}`].join(','))
}
fs.writeFileSync(csv, out.join('\n') + '\n')
fs.writeFileSync(halfCsv, out.slice(0, 1 + Math.floor(rows / 2)).join('\n') + '\n')
const bytes = fs.statSync(csv).size

// The command reports its own peak memory and CPU time on exit (stderr).
const REPORT_USAGE = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n@@usage '+JSON.stringify(process.resourceUsage())+'\\n'))`

function runImport(file: string, database: string) {
  const started = process.hrtime.bigint()
  const res = spawnSync(process.execPath, ['--import', REPORT_USAGE, 'scripts/cli.mjs', 'import', file, '--json'], {
    env: { ...process.env, DATABASE_PATH: database },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (res.status !== 0) {
    console.error(res.stderr || res.stdout)
    process.exit(1)
  }
  const lines = res.stdout.trim().split('\n')
  const usage = JSON.parse(res.stderr.split('@@usage ')[1]!) as NodeJS.ResourceUsage
  return {
    seconds,
    peakRssMB: Math.round(usage.maxRSS / 1024),
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    result: JSON.parse(lines[lines.length - 1]!) as { imported: number; duplicates: number; rejected: number },
  }
}

/** Bare inserts of the same rows into the same table (the database's own rate). */
function rawInsertRate() {
  const file = path.join(dir, 'raw.db')
  const db = openDb(file)
  const insert = db.$client.prepare(
    `insert into complaints (tracking_code, channel, external_id, place_text, subject, body, received_at, complainant_key, complainant_phone, content_hash)
     values (?, 'import', ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const cells = out.slice(1).map(line => line.split(','))
  const batch = db.$client.transaction((from: number) => {
    for (let i = from; i < Math.min(from + 2000, cells.length); i++) {
      const c = cells[i]!
      insert.run(`R${i}`, c[0], c[5], c[2], c[4], Date.parse(c[3]!.replace(' ', 'T') + '+08:00'), c[1], c[6], `h${i}`)
    }
  })
  const started = process.hrtime.bigint()
  for (let from = 0; from < cells.length; from += 2000) batch(from)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  db.$client.close()
  return Math.round(cells.length / seconds)
}

const first = runImport(csv, dbPath)
const second = runImport(csv, dbPath)
const half = runImport(halfCsv, halfDbPath)
const rawRowsPerSecond = rawInsertRate()
const check = openDb(dbPath)
const stored = check.$client.prepare('select count(*) from complaints').pluck().get() as number
const queued = check.$client.prepare('select count(*) from nlp_queue').pluck().get() as number
check.$client.close()
fs.rmSync(dir, { recursive: true, force: true })

console.log(
  JSON.stringify({
    rows,
    fileMB: +(bytes / 1024 / 1024).toFixed(1),
    seconds: +first.seconds.toFixed(2),
    cpuSeconds: +first.cpuSeconds.toFixed(2),
    rowsPerSecond: Math.round(rows / first.seconds),
    baselineRawInsertRowsPerSecond: rawRowsPerSecond,
    ratioToRawInsert: +(rows / first.seconds / rawRowsPerSecond).toFixed(3),
    peakRssMB: first.peakRssMB,
    halfFilePeakRssMB: half.peakRssMB,
    imported: first.result.imported,
    rejected: first.result.rejected,
    reimportSeconds: +second.seconds.toFixed(2),
    reimportDuplicates: second.result.duplicates,
    reimportImported: second.result.imported,
    stored,
    queuedForNlp: queued,
    targetRowsPerSecond: 20_000,
    withinTarget: rows / first.seconds >= 20_000,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map(l => +l.toFixed(2)),
  }),
)
