/**
 * The real hot-issue truth measured from outside, as a street office would meet it:
 *   npx tsx tests/bench/nlp-hot-live.ts [--data <dir>] [--demo] [--no-build] [--settle-s 20]
 *
 * Builds the app, starts server.ts on a free port with a fresh database
 * (SEED_DEMO=never, or the demo seed with `--demo`), imports the two real message
 * files of ../shared/data through the import CLI (a JSON Lines file written to a
 * temporary folder, never into the repository), creates a token with the token CLI,
 * waits until `GET /api/v1/topics?status=suggested` stops changing, and prints JSON:
 * the hand-checked issues of hot_issues_dev.jsonl found in the top 3 / 5 / 10 with
 * F1 ≥ 0.5, at any rank, the mean best F1, and the top ten served suggestions.
 * Complaint ids served by the API are mapped back to the letters through the
 * external id the import stored. A measurement, not a test: exit status 0 when it ran.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { freePort } from '../free-port'
import { readJsonl } from './board-messages'

const args = process.argv.slice(2)
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1]! : dflt
}
const dataDir = flag('data', new URL('../../../shared/data/', import.meta.url).pathname).replace(/\/?$/, '/')
const withDemo = args.includes('--demo')
const settleMs = Number(flag('settle-s', '20')) * 1000
/** File prefixes: ids are unique per file only (as in nlp-hot.ts). */
const REAL_FILES: Record<string, string> = { 'messages_with_replies.jsonl': 'R', 'messages_unlabeled.jsonl': 'U' }

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))
/** Each heat part's contribution, for reading why a suggestion ranks where it does. */
const contributions = (breakdown: unknown) =>
  Object.fromEntries(
    Object.entries((breakdown ?? {}) as Record<string, { contribution?: number }>)
      .filter(([, p]) => typeof p === 'object')
      .map(([k, p]) => [k, p.contribution]),
  )

async function main() {
  if (!Object.keys(REAL_FILES).every(f => fs.existsSync(dataDir + f)) || !fs.existsSync(dataDir + 'hot_issues_dev.jsonl')) {
    console.log(JSON.stringify({ skipped: `no real messages or truth at ${dataDir}` }))
    return
  }
  // The engine is bundled into the server build: build it from these sources.
  if (!args.includes('--no-build')) {
    const build = spawnSync('npx', ['remix', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
    if (build.status !== 0) throw new Error('remix build failed')
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teahouse-hot-live-'))
  const letters = path.join(dir, 'letters.jsonl')
  const out = fs.createWriteStream(letters)
  let written = 0
  for (const [file, prefix] of Object.entries(REAL_FILES))
    for (const r of readJsonl(dataDir + file)) {
      out.write(`${JSON.stringify({ id: `${prefix}${r.id}`, user: r.user, subject: r.subject, time: r.time, detail: r.detail })}\n`)
      written++
    }
  await new Promise(r => out.end(r))

  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const env = {
    ...process.env,
    NODE_ENV: 'development' as const,
    PORT: String(port),
    DATABASE_PATH: path.join(dir, 'hot.db'),
    DATA_DIR: dir,
    SEED_DEMO: withDemo ? 'auto' : 'never',
  }
  const server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { env, stdio: ['ignore', 'ignore', 'pipe'] })
  let serverErr = ''
  server.stderr.on('data', d => (serverErr = (serverErr + d).slice(-4000)))
  try {
    const started = Date.now()
    for (;;) {
      if (Date.now() - started > 180_000) throw new Error(`server did not start: ${serverErr}`)
      if (
        await fetch(`${base}/healthz`).then(
          r => r.ok,
          () => false,
        )
      )
        break
      await sleep(500)
    }
    const t0 = Date.now()
    const imported = spawnSync('npm', ['run', '--silent', 'import', '--', letters, '--json'], { env, encoding: 'utf8', maxBuffer: 64 << 20 })
    if (imported.status !== 0) throw new Error(`import failed: ${imported.stderr}`)
    const importSummary = JSON.parse(imported.stdout.trim().split('\n').pop() ?? '{}')
    const token = spawnSync('npm', ['run', '--silent', 'token', '--', 'create', '--role', 'admin', '--name', 'hot-live'], { env, encoding: 'utf8' })
    if (token.status !== 0) throw new Error(`token failed: ${token.stderr}`)
    const bearer = token.stdout.trim().split('\n').pop()!.trim()

    // The server classifies the letters and rebuilds the engine in time order in the background:
    // wait until the served suggestions stay the same for `settleMs`.
    type Served = { id: number; title: string; heat: number; complaintIds: number[]; historical: boolean; heatBreakdown: unknown }
    let served: Served[] = []
    let last = ''
    let stableSince = Date.now()
    while (Date.now() - t0 < 1_800_000) {
      await sleep(3000)
      const res = await fetch(`${base}/api/v1/topics?status=suggested`, { headers: { authorization: `Bearer ${bearer}` } })
      if (!res.ok) throw new Error(`GET /api/v1/topics: ${res.status} ${await res.text()}`)
      served = ((await res.json()) as { topics: Served[] }).topics
      const key = JSON.stringify(served.map(t => [t.id, t.heat, t.complaintIds.length]))
      if (key !== last) ((last = key), (stableSince = Date.now()))
      else if (served.length && Date.now() - stableSince >= settleMs) break
    }
    const settledS = Math.round((Date.now() - t0) / 1000)

    // Served complaint ids → the letters' own ids (the import kept them as external ids).
    const db = new Database(env.DATABASE_PATH, { readonly: true, fileMustExist: true })
    const letterOf = new Map<number, string>()
    for (const r of db.prepare(`select id, external_id as e, channel from complaints`).all() as { id: number; e: string | null; channel: string }[])
      if (r.e && r.channel === 'import') letterOf.set(r.id, r.e)
    db.close()

    const truth = readJsonl(dataDir + 'hot_issues_dev.jsonl').map(t => ({
      issue: Number(t.issue),
      ids: new Set(Object.entries(t.ids_by_file as Record<string, number[]>).flatMap(([f, xs]) => (REAL_FILES[f] ? xs.map(x => `${REAL_FILES[f]}${x}`) : []))),
    }))
    const ranked = served.map((t, i) => ({ rank: i + 1, t, letters: t.complaintIds.map(id => letterOf.get(id) ?? `demo:${id}`) }))
    const perIssue = truth.map(({ issue, ids }) => {
      let best = { rank: null as number | null, f1: 0 }
      for (const r of ranked) {
        const hit = r.letters.filter(id => ids.has(id)).length
        if (!hit) continue
        const p = hit / r.letters.length
        const rc = hit / ids.size
        const f1 = (2 * p * rc) / (p + rc)
        if (f1 > best.f1) best = { rank: r.rank, f1 }
      }
      return { issue, messages: ids.size, rank: best.rank, f1: Math.round(best.f1 * 1000) / 1000 }
    })
    const hits = (k: number) => perIssue.filter(x => x.rank !== null && x.rank <= k && x.f1 >= 0.5).length
    console.log(
      JSON.stringify(
        {
          seed: withDemo ? 'demo' : 'never',
          lettersWritten: written,
          import: importSummary,
          settledAfterS: settledS,
          suggestions: served.length,
          historical: served.filter(t => t.historical).length,
          hitsInTop3: hits(3),
          hitsInTop5: hits(5),
          hitsInTop10: hits(10),
          hitsAnyRank: perIssue.filter(x => x.f1 >= 0.5).length,
          meanBestF1: Math.round((perIssue.reduce((a, x) => a + x.f1, 0) / perIssue.length) * 1000) / 1000,
          perIssue,
          top: ranked.slice(0, 10).map(r => ({
            rank: r.rank,
            heat: r.t.heat,
            size: r.letters.length,
            demo: r.letters.filter(x => x.startsWith('demo:')).length,
            title: r.t.title,
            parts: contributions(r.t.heatBreakdown),
          })),
          // The hottest suggestion made only of imported letters, and why.
          firstImported: ((r = ranked.find(x => x.letters.every(id => !id.startsWith('demo:')))) =>
            r && { rank: r.rank, heat: r.t.heat, size: r.letters.length, title: r.t.title, parts: contributions(r.t.heatBreakdown) })(),
        },
        null,
        2,
      ),
    )
  } finally {
    server.kill('SIGTERM')
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

await main()
