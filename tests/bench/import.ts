// npm run --silent bench:import [-- --rows 100000]
// Generates synthetic board-export rows into a temporary CSV, runs the real
// import command into a temporary database (a second run checks that the
// re-import creates nothing) and prints one JSON line.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { openDb } from '#db/client'
import { ensureBaseline } from '#db/seed'
import { createUnit } from '#db/queries/units'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } })
const rows = Number(values.rows)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teahouse-bench-import-'))
const csv = path.join(dir, 'board.csv')
const dbPath = path.join(dir, 'bench.db')

// A small district so that community resolution does real work.
const db = openDb(dbPath)
ensureBaseline(db)
const district = createUnit(db, { kind: 'district', code: 'gs', nameZh: '拱墅区', nameEn: 'Gongshu' })
const street = createUnit(db, { kind: 'street', code: 'gs-xh', nameZh: '小河街道', nameEn: 'Xiaohe', parentId: district.id })
const communities = ['长征桥社区', '和睦社区', '登云社区', '小河佳苑社区']
communities.forEach((n, i) => createUnit(db, { kind: 'community', code: `c${i}`, nameZh: n, nameEn: `C${i}`, parentId: street.id, aliases: [n.replace('社区', '')] }))
db.$client.close()

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
const bytes = fs.statSync(csv).size

function runImport() {
  const started = process.hrtime.bigint()
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'app/cli/import.ts', csv, '--json'], {
    env: { ...process.env, DATABASE_PATH: dbPath },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (res.status !== 0) {
    console.error(res.stderr || res.stdout)
    process.exit(1)
  }
  const lines = res.stdout.trim().split('\n')
  return { seconds, result: JSON.parse(lines[lines.length - 1]!) as { imported: number; duplicates: number; rejected: number } }
}

const first = runImport()
const second = runImport()
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
    rowsPerSecond: Math.round(rows / first.seconds),
    imported: first.result.imported,
    rejected: first.result.rejected,
    reimportSeconds: +second.seconds.toFixed(2),
    reimportDuplicates: second.result.duplicates,
    reimportImported: second.result.imported,
    stored,
    queuedForNlp: queued,
    targetSeconds: 30,
    withinTarget: first.seconds < 30,
    cpus: os.cpus().length,
  }),
)
