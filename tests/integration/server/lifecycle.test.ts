import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { io as connect } from 'socket.io-client'
import { describe, expect, it } from 'vitest'
import { checkHealth } from '#app/services/health.server'
import { openDb } from '#db/client'
import { DEMO_INQUIRIES } from '#db/demo-data'

describe('/healthz', () => {
  it('answers 200 while the database answers and 503 once it does not', () => {
    const db = openDb(':memory:')
    expect(checkHealth(db)).toEqual({ status: 200, body: { status: 'ok' } })
    db.$client.close()
    expect(checkHealth(db)).toEqual({ status: 503, body: { status: 'unavailable' } })
  })
})

describe('server.ts', () => {
  it('seeds the demo, serves /healthz, and on SIGTERM closes sockets and the database and exits 0', async () => {
    expect(fs.existsSync('build/index.js'), 'npm test builds the app first (remix build)').toBe(true)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-life-'))
    const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
      env: { ...process.env, NODE_ENV: 'development', PORT: '0', DATABASE_PATH: path.join(dir, 't.db'), DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', d => (out += String(d)))
    child.stderr.on('data', d => (out += String(d)))
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /listening on http:\/\/localhost:(\d+)/.exec(out)
        if (m) (clearInterval(timer), resolve(Number(m[1])))
      }, 50)
      child.once('exit', code => reject(new Error(`server exited ${code}: ${out}`)))
    })
    const res = await fetch(`http://127.0.0.1:${port}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
    const socket = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false })
    await new Promise<void>(r => socket.once('connect', () => r()))
    const disconnected = new Promise<string>(r => socket.once('disconnect', reason => r(reason)))
    const exited = new Promise<number | null>(r => child.once('exit', code => r(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(await disconnected).toMatch(/server|transport/)
    expect(out).toContain('closed cleanly')
    // The database was closed cleanly: WAL checkpointed, the file opens and has the demo.
    const db = openDb(path.join(dir, 't.db'))
    // 240 current complaints, 80 behind the year of demo history and the residents' recurring questions.
    expect(db.$client.prepare('select count(*) n from complaints').get()).toEqual({ n: 320 + DEMO_INQUIRIES.length })
    db.$client.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }, 60_000)
})
