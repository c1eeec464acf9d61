import { execFileSync, spawnSync } from 'node:child_process'
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
    const residentToken = run('--role', 'resident', '--unit', 'gs-czq', '--name', 'app').trim().split('\n').at(-1)!
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

  it('refuses a role in a unit of a kind it does not work in, as the admin page does, and makes no token', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-token-'))
    const file = path.join(dir, 't.db')
    invalidateUnits()
    const db = openDb(file)
    seedTestUnits(db)
    db.$client.close()
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['scripts/cli.mjs', 'token', 'create', ...args], { env: { ...process.env, DATABASE_PATH: file }, encoding: 'utf8' })
    const refused = [
      // a community worker at a street office
      {
        args: ['--role', 'community_worker', '--unit', 'gs-xh'],
        zh: '社区工作者的负责范围须是一个社区。',
        en: 'A community worker’s area must be a community.',
      },
      // street staff for every unit
      { args: ['--role', 'street_staff'], zh: '街道工作人员的负责范围须是一个街道。', en: 'Street office staff’s area must be a street.' },
      // department staff in a community
      {
        args: ['--role', 'department_staff', '--unit', 'gs-czq'],
        zh: '职能部门人员的负责范围须是一个部门。',
        en: 'Department staff’s area must be a department.',
      },
      // an administrator in one unit
      {
        args: ['--role', 'admin', '--unit', 'gs-czq'],
        zh: '管理员负责全部单位，不能只负责其中一个。',
        en: 'An administrator covers every unit, not just one of them.',
      },
    ]
    for (const { args, zh, en } of refused) {
      const out = run(...args, '--name', 'x')
      expect(out.status, args.join(' ')).toBe(2)
      expect(out.stdout).toBe('')
      expect(out.stderr).toContain(zh)
      expect(out.stderr).toContain(en)
      // names what was asked for, so the operator sees which argument to change
      expect(out.stderr).toContain(`--role ${args[1]}`)
    }
    const check = openDb(file)
    expect(check.$client.prepare('select count(*) as n from api_tokens').get()).toEqual({ n: 0 })
    check.$client.close()
    // the uses the rule allows still print their token as the last line, exit 0
    for (const args of [
      ['--role', 'admin'],
      ['--role', 'street_staff', '--unit', 'gs-xh'],
      ['--role', 'department_staff', '--unit', 'dept-traffic'],
      ['--role', 'facilitator', '--unit', 'gs'],
    ]) {
      const out = run(...args, '--name', 'ok')
      expect(out.status, `${args.join(' ')}: ${out.stderr}`).toBe(0)
      expect(out.stdout.trim().split('\n').at(-1)).toMatch(/^th_[\w-]{20,}$/)
    }
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
