// Starts server.ts on a free port against a database prepared by the test, so
// attacks are replayed through real HTTP exactly as a client outside would.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { openDb, type Db } from '#db/client'
import { invalidateUnits } from '#db/queries/units'
import { ensureBaseline } from '#db/seed'
import { CSRF } from '#tests/db-utils'

export type RealServer = { url: string; port: number; pid: number; dbPath: string; log: () => string; stop: () => Promise<void> }

export async function startRealServer(
  prepare: (db: Db) => unknown | Promise<unknown>,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<RealServer> {
  if (!fs.existsSync('build/index.js')) throw new Error('build/index.js is missing: run `npx remix build` first')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-sec-'))
  const dbPath = path.join(dir, 't.db')
  invalidateUnits()
  const db = openDb(dbPath)
  ensureBaseline(db)
  await prepare(db)
  db.$client.close()
  invalidateUnits()
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server.ts'], {
    env: { ...process.env, NODE_ENV: 'development', SEED_DEMO: 'never', PORT: '0', DATABASE_PATH: dbPath, DATA_DIR: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', d => (out += String(d)))
  child.stderr!.on('data', d => (out += String(d)))
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out)
      if (m) (clearInterval(timer), resolve(Number(m[1])))
    }, 50)
    child.once('exit', code => (clearInterval(timer), reject(new Error(`server exited ${code}: ${out}`))))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    dbPath,
    log: () => out,
    stop: async () => {
      if (child.exitCode == null) {
        const exited = new Promise(r => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string }

/**
 * One HTTP request from a chosen local address (127.0.0.x all reach the
 * server, and the server sees each as a different client address).
 */
export function request(
  server: RealServer,
  pathname: string,
  opts: {
    method?: string
    headers?: Record<string, string>
    form?: Record<string, string>
    body?: string
    from?: string
    holdLastByte?: Promise<unknown>
  } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...opts.headers }
  let body: string | undefined = opts.body
  if (opts.form) {
    body = new URLSearchParams({ csrf: CSRF, ...opts.form }).toString()
    headers['content-type'] = 'application/x-www-form-urlencoded'
    headers.cookie = [`th_csrf=${CSRF}`, headers.cookie].filter(Boolean).join('; ')
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: pathname,
        method: opts.method ?? (body ? 'POST' : 'GET'),
        headers,
        localAddress: opts.from ?? '127.0.0.1',
        agent: false,
      },
      res => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', c => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
      },
    )
    req.on('error', reject)
    if (!opts.holdLastByte || !body) return void req.end(body)
    // Send all but the last byte now and the rest on cue, so that many
    // requests reach the server's handler at the same moment.
    req.setHeader('content-length', Buffer.byteLength(body))
    req.write(body.slice(0, -1))
    void opts.holdLastByte.then(() => req.end(body.slice(-1)))
  })
}

/** Log in through the real login form; returns the session cookie pair (name=value). */
export async function loginOverHttp(server: RealServer, username: string, password: string, from?: string, holdLastByte?: Promise<unknown>) {
  const res = await request(server, '/login', { form: { username, password }, from, holdLastByte })
  const cookie = [res.headers['set-cookie'] ?? []].flat().find(c => c.startsWith('th_session='))
  return { res, cookie: cookie ? cookie.split(';')[0]! : null }
}
