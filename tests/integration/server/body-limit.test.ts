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

const MB = 1024 * 1024
let child: ChildProcess
let port = 0
let dir = ''

/** Resident memory of the server process, from /proc. */
function serverRss(): number {
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024
}

type Outcome = { status: number | null; sentWhenAnswered: number; sentTotal: number; body: string }

/**
 * Stream `total` bytes of a form at the server in 64 KB chunks, as an attacker
 * would, with or without a declared length; stop writing once the server
 * answers (unless `ignoreAnswer`: then only when the server hangs up).
 */
function postStream(pathname: string, total: number, opts: { declareLength?: boolean; ignoreAnswer?: boolean; port?: number } = {}): Promise<Outcome> {
  return new Promise(resolve => {
    const chunk = Buffer.alloc(64 * 1024, 'a')
    const headers: Record<string, string | number> = { 'content-type': 'application/x-www-form-urlencoded', cookie: 'th_csrf=0123456789abcdef0123456789abcdef' }
    if (opts.declareLength) headers['content-length'] = total
    const req = http.request({ host: '127.0.0.1', port: opts.port ?? port, path: pathname, method: 'POST', headers })
    let sent = 0
    let answered = false
    const out: Outcome = { status: null, sentWhenAnswered: -1, sentTotal: 0, body: '' }
    const finish = () => {
      out.sentTotal = sent
      resolve(out)
    }
    req.on('response', res => {
      answered = true
      out.status = res.statusCode ?? null
      out.sentWhenAnswered = sent
      res.setEncoding('utf8')
      res.on('data', d => (out.body += d))
      if (!opts.ignoreAnswer) {
        res.on('end', finish)
        res.on('error', finish)
      }
    })
    if (opts.ignoreAnswer) req.on('close', finish)
    let failed = false
    req.on('error', () => {
      failed = true
      if (!answered && !opts.ignoreAnswer) finish()
    })
    const stop = () => failed || req.destroyed || (answered && !opts.ignoreAnswer)
    const pump = () => {
      while (!stop() && sent < total) {
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', pump)
      }
      if (sent >= total && !stop()) req.end()
    }
    req.write('username=')
    pump()
  })
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
  it('refuses a 64 MB chunked POST to /login with 413 long before it is sent, and the server does not grow', async () => {
    await postStream('/login', 64 * 1024) // warm up: the first request loads the route modules
    const before = serverRss()
    const res = await postStream('/login', 64 * MB)
    expect(res.status).toBe(413)
    // Answered once the cap was crossed, not after reading the whole body. What the
    // client got out before the answer arrived includes the sockets' buffers, which
    // grow on a busy machine: the bound is "far from all of it", the memory check is exact.
    expect(res.sentWhenAnswered).toBeGreaterThan(0)
    expect(res.sentWhenAnswered).toBeLessThan(32 * MB)
    expect(res.sentTotal).toBeLessThan(64 * MB)
    expect(serverRss() - before).toBeLessThan(24 * MB)
    // The server is still fine.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)
  }, 60_000)

  it('refuses a declared 64 MB body before reading any of it', async () => {
    const res = await postStream('/login', 64 * MB, { declareLength: true })
    expect(res.status).toBe(413)
    // As above, what got out before the answer arrived grows with a busy machine's buffers: far from all of it.
    expect(res.sentWhenAnswered).toBeLessThan(32 * MB)
  }, 60_000)

  it('refuses a declared body over an upload route’s own cap, and takes one under it', async () => {
    const over = await postStream('/import', MAX_IMPORT_BYTES + 8 * MB, { declareLength: true })
    expect(over.status).toBe(413)
    expect(over.sentWhenAnswered).toBeLessThan((MAX_IMPORT_BYTES + 8 * MB) / 2)
    // 4 MB is far over the form cap but fine for an import (anonymous: sent to log in).
    const under = await postStream('/import', 4 * MB, { declareLength: true })
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
      const ok = await postStream('/upload', MB, { port: local })
      expect(ok.status).toBe(200)
      expect(Number(ok.body)).toBe(MB + 'username='.length)
      handed = 0
      const big = await postStream('/upload', 32 * MB, { port: local })
      expect(big.status).toBe(413)
      expect(big.sentWhenAnswered).toBeLessThan(16 * MB)
      expect(handed).toBeLessThanOrEqual(2 * MB)
    } finally {
      server.closeAllConnections()
      await new Promise(r => server.close(r))
    }
  }, 60_000)
})
