import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createReadableStreamFromReadable } from '@remix-run/node'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_BODY_LIMIT, bodyLimitFor, limitRequestBodies, quietAfterRefusedBody } from '#app/services/body-limit.server'
import { MAX_IMPORT_BYTES } from '#app/services/import.server'
import { MB, postStream } from '#tests/post-stream'

let child: ChildProcess
let port = 0
let dir = ''

/** Resident memory of the server process, from /proc. */
function serverRss(): number {
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024
}

beforeAll(async () => {
  expect(fs.existsSync('build/index.js'), 'npm test builds the app first (remix build)').toBe(true)
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-body-'))
  child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: { ...process.env, NODE_ENV: 'development', PORT: '0', DATABASE_PATH: path.join(dir, 't.db'), DATA_DIR: dir, SEED_DEMO: 'never' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  child.stdout!.on('data', d => (log += String(d)))
  child.stderr!.on('data', d => (log += String(d)))
  port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on http:\/\/localhost:(\d+)/.exec(log)
      if (m) (clearInterval(timer), resolve(Number(m[1])))
    }, 50)
    child.once('exit', code => reject(new Error(`server exited ${code}: ${log}`)))
  })
}, 60_000)

afterAll(async () => {
  if (child && child.exitCode == null) {
    const exited = new Promise(r => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('request body caps (real server.ts over HTTP)', () => {
  it('refuses a 64 MB chunked POST to /login with 413 once past its cap, and the server does not grow', async () => {
    await postStream(port, '/login', 64 * 1024) // warm up: the first request loads the route modules
    const before = serverRss()
    // Answered while the client held off after 2 MB: refused at the 1 MB cap, not after the whole body.
    const held = await postStream(port, '/login', 64 * MB, { holdAfter: 2 * MB })
    expect(held.status).toBe(413)
    expect(held.sentWhenAnswered).toBeGreaterThan(DEFAULT_BODY_LIMIT)
    expect(held.sentWhenAnswered).toBeLessThanOrEqual(2 * MB)
    // An attacker who ignores the 413 and keeps sending is read and dropped until hung up on.
    const ignoring = await postStream(port, '/login', 64 * MB, { ignoreAnswer: true })
    expect(ignoring.status).toBe(413)
    expect(serverRss() - before).toBeLessThan(24 * MB)
    // The server is still fine.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)
  }, 60_000)

  it('refuses a declared 64 MB body before reading any of it', async () => {
    const res = await postStream(port, '/login', 64 * MB, { declareLength: true, holdAfter: 64 * 1024 })
    expect(res.status).toBe(413)
    expect(res.sentWhenAnswered).toBeLessThanOrEqual(64 * 1024)
  }, 60_000)

  it('refuses a declared body over an upload route’s own cap, and takes one under it', async () => {
    const over = await postStream(port, '/import', MAX_IMPORT_BYTES + 8 * MB, { declareLength: true, holdAfter: 64 * 1024 })
    expect(over.status).toBe(413)
    expect(over.sentWhenAnswered).toBeLessThanOrEqual(64 * 1024)
    // 4 MB is far over the form cap but fine for an import (anonymous: sent to log in).
    const under = await postStream(port, '/import', 4 * MB, { declareLength: true })
    expect(under.status).toBe(302)
  }, 60_000)

  it('still lets an ordinary form through', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'th_csrf=0123456789abcdef0123456789abcdef' },
      body: 'username=nobody&password=wrong-password&csrf=0123456789abcdef0123456789abcdef',
      redirect: 'manual',
    })
    expect(res.status).toBe(400)
  })
})

describe('bodyLimitFor', () => {
  it('gives 1 MB to forms and larger caps only to the upload routes', () => {
    expect(bodyLimitFor('/login')).toBe(DEFAULT_BODY_LIMIT)
    expect(bodyLimitFor('/api/v1/topics')).toBe(DEFAULT_BODY_LIMIT)
    expect(bodyLimitFor('/orders/12/photo/3')).toBe(DEFAULT_BODY_LIMIT)
    expect(bodyLimitFor('/import')).toBeGreaterThan(MAX_IMPORT_BYTES)
    expect(bodyLimitFor('/complaints/new')).toBeGreaterThan(DEFAULT_BODY_LIMIT)
    expect(bodyLimitFor('/orders/12')).toBeGreaterThan(DEFAULT_BODY_LIMIT)
  })
})

describe('limitRequestBodies while a handler reads the body as Remix does', () => {
  it('cuts a chunked upload off at the route cap: the handler never gets more, the client gets 413', async () => {
    let handed = 0
    const app = express()
    app.use(limitRequestBodies(p => (p === '/upload' ? 2 * MB : DEFAULT_BODY_LIMIT)))
    app.post('*', async (req, res, next) => {
      try {
        // What the Remix adapter does with the request body.
        const reader = createReadableStreamFromReadable(req).getReader()
        for (let r = await reader.read(); !r.done; r = await reader.read()) handed += r.value.length
        res.status(200).send(String(handed))
      } catch (error) {
        next(error)
      }
    })
    app.use(quietAfterRefusedBody)
    const server = http.createServer(app)
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
    const local = (server.address() as AddressInfo).port
    try {
      const ok = await postStream(local, '/upload', MB)
      expect(ok.status).toBe(200)
      expect(Number(ok.body)).toBe(MB + 'username='.length)
      handed = 0
      const big = await postStream(local, '/upload', 32 * MB, { holdAfter: 4 * MB })
      expect(big.status).toBe(413)
      expect(big.sentWhenAnswered).toBeLessThanOrEqual(4 * MB)
      expect(handed).toBeLessThanOrEqual(2 * MB)
    } finally {
      server.closeAllConnections()
      await new Promise(r => server.close(r))
    }
  }, 60_000)
})
