import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loader as topicsApiLoader } from '#app/routes/_api+/api.v1.topics'
import { loader as inboxLoader } from '#app/routes/_intake+/inbox'
import { openDb, setDb } from '#db/client'
import { invalidateUnits } from '#db/queries/units'
import { callRoute, makeRequest, seedTestUnits } from '#tests/db-utils'

describe('npm run token -- create', () => {
  it('prints a bearer token as its last line that the API accepts with the same role rules, and pages refuse', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-token-'))
    const file = path.join(dir, 't.db')
    invalidateUnits()
    const db = openDb(file)
    seedTestUnits(db)
    const run = (...args: string[]) =>
      execFileSync(process.execPath, ['scripts/cli.mjs', 'token', 'create', ...args], { env: { ...process.env, DATABASE_PATH: file }, encoding: 'utf8' })
    const workerToken = run('--role', 'community_worker', '--unit', 'gs-czq', '--name', 'hotline-bridge').trim().split('\n').at(-1)!
    const residentToken = run('--role', 'resident', '--name', 'app').trim().split('\n').at(-1)!
    expect(workerToken).toMatch(/^th_[\w-]{20,}$/)
    setDb(db)
    invalidateUnits()
    const ok = await callRoute(topicsApiLoader, makeRequest('/api/v1/topics', { headers: { authorization: `Bearer ${workerToken}` } }))
    expect(ok.status).toBe(200)
    const denied = await callRoute(topicsApiLoader, makeRequest('/api/v1/topics', { headers: { authorization: `Bearer ${residentToken}` } }))
    expect(denied.status).toBe(403)
    const bad = await callRoute(topicsApiLoader, makeRequest('/api/v1/topics', { headers: { authorization: 'Bearer th_wrong' } }))
    expect(bad.status).toBe(401)
    const page = await callRoute(inboxLoader, makeRequest('/inbox', { headers: { authorization: `Bearer ${workerToken}` } }))
    expect(page.status).toBe(401)
    db.$client.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('rejects an unknown role with exit status 2', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/cli.mjs', 'token', 'create', '--role', 'mayor', '--name', 'x'], {
        stdio: 'pipe',
        env: { ...process.env, DATABASE_PATH: ':memory:' },
      }),
    ).toThrow(/must be one of/)
  })
})
