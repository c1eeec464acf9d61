// npm run test:e2e — real-browser tests in Debian's Chromium via playwright-core.
// Builds the app, starts server.ts on a free port with a fresh demo database,
// then runs the *.e2e.ts files with vitest against it. Never skips silently.
import { execSync, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../free-port'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot) {
    console.error(`Chromium is missing at ${CHROMIUM}. Install it with:\n  sudo apt-get update && sudo apt-get install -y chromium`)
    process.exit(1)
  }
  console.log('Chromium is missing: installing Debian chromium (apt-get)…')
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' })
  if (!fs.existsSync(CHROMIUM)) {
    console.error('apt-get finished but /usr/bin/chromium is still missing')
    process.exit(1)
  }
}

async function waitForHealth(url: string, ms: number) {
  const end = Date.now() + ms
  while (Date.now() < end) {
    try {
      const res = await fetch(`${url}/healthz`)
      if (res.ok) return
    } catch {}
    await new Promise(r => setTimeout(r, 250))
  }
  throw new Error(`server did not become healthy within ${ms} ms`)
}

ensureChromium()
const build = spawnSync('npx', ['remix', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
if (build.status !== 0) process.exit(build.status ?? 1)

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teahouse-e2e-'))
const port = await freePort()
const baseUrl = `http://127.0.0.1:${port}`
const server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
  env: { ...process.env, NODE_ENV: 'development', PORT: String(port), DATABASE_PATH: path.join(dir, 'e2e.db'), DATA_DIR: dir },
  stdio: ['ignore', 'pipe', 'pipe'],
})
const serverLog: string[] = []
server.stdout.on('data', d => serverLog.push(String(d)))
server.stderr.on('data', d => serverLog.push(String(d)))

let code = 1
try {
  await waitForHealth(baseUrl, 90_000)
  const run = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, E2E_BASE_URL: baseUrl, E2E_DATABASE_PATH: path.join(dir, 'e2e.db'), CHROMIUM_PATH: CHROMIUM },
  })
  code = run.status ?? 1
} catch (error) {
  console.error(error)
} finally {
  server.kill('SIGTERM')
  if (code !== 0) console.error(`--- server log ---\n${serverLog.join('').slice(-4000)}`)
  fs.rmSync(dir, { recursive: true, force: true })
}
process.exit(code)
