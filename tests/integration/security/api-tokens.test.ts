import { execFileSync } from 'node:child_process'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM } from '#db/queries/audit'
import { createApiToken, createSession, createUser } from '#db/queries/auth'
import { createComplaint } from '#db/queries/complaints'
import { getUnitByCode } from '#db/queries/units'
import { seedTestUnits } from '#tests/db-utils'
import { loginOverHttp, request, startRealServer, type RealServer } from './real-server'

// A community worker's API token, made with the documented CLI, replayed
// against the pages a browser session of the same worker may open.
let server: RealServer
let workerToken: string
let expiredToken: string
let workerCookie: string
let adminCookie: string
let complaintId: number
let czqUnitId: number
let adminId: number

const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'app/cli/token.ts', 'create', ...args], {
    env: { ...process.env, DATABASE_PATH: server.dbPath },
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1)!

beforeAll(async () => {
  server = await startRealServer(async db => {
    seedTestUnits(db)
    const czq = getUnitByCode(db, 'gs-czq')!
    const worker = await createUser(
      db,
      { username: 'czq-worker', password: 'worker-password-1', displayName: '社工甲' },
      [{ role: 'community_worker', unitId: czq.id }],
      SYSTEM,
    )
    const admin = await createUser(
      db,
      { username: 'root-admin', password: 'admin-password-1', displayName: '管理员' },
      [{ role: 'admin', unitId: null }],
      SYSTEM,
    )
    czqUnitId = czq.id
    adminId = admin.id
    workerCookie = `th_session=${createSession(db, worker.id).id}`
    adminCookie = `th_session=${createSession(db, admin.id).id}`
    complaintId = createComplaint(
      db,
      {
        channel: 'hotline',
        subject: '楼道堆物',
        body: '三楼楼道堆满杂物',
        placeText: '长征桥',
        communityId: czq.id,
        complainantName: '王秀英',
        complainantPhone: '13812345678',
      },
      SYSTEM,
    ).complaint.id
    expiredToken = createApiToken(db, { name: 'old', role: 'community_worker', unitId: czq.id, expiresAt: new Date(Date.now() - 1000) }, SYSTEM).token
  })
  workerToken = cli('--role', 'community_worker', '--unit', 'gs-czq', '--name', 'hotline-bridge')
}, 60_000)

afterAll(() => server?.stop())

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

describe('a bearer token is not a login', () => {
  it('the worker session exports the inbox, the same worker token gets 401 on every page', async () => {
    const viaSession = await request(server, '/inbox/export.csv', { headers: { cookie: workerCookie } })
    expect(viaSession.status).toBe(200)
    expect(viaSession.body).toContain('王秀英')

    for (const page of [
      '/inbox/export.csv',
      '/api/../inbox/export.csv',
      '/open311/%2e%2e/inbox/export.csv',
      '/INBOX/export.csv',
      '/inbox',
      '/entry',
      `/complaints/${complaintId}`,
      '/topics',
      '/me',
      '/admin',
    ]) {
      const res = await request(server, page, { headers: bearer(workerToken) })
      expect(res.status, page).toBe(401)
      expect(res.body, page).not.toContain('王秀英')
      expect(res.body, page).not.toContain('13812345678')
    }
  })

  it('refuses a bulk action posted with a token with 401, not a 500, and changes nothing', async () => {
    const res = await request(server, '/inbox', { headers: bearer(workerToken), form: { intent: 'close', ids: String(complaintId) } })
    expect(res.status).toBe(401)
    const db = new Database(server.dbPath, { readonly: true })
    expect((db.prepare('select status from complaints where id = ?').get(complaintId) as { status: string }).status).not.toBe('closed')
    db.close()
  })

  it('still opens the API it was made for, within its scopes', async () => {
    const topics = await request(server, '/api/v1/topics', { headers: bearer(workerToken) })
    expect(topics.status).toBe(200)
    expect(JSON.parse(topics.body)).toHaveProperty('topics')
    const readOnly = cli('--role', 'community_worker', '--unit', 'gs-czq', '--name', 'writer', '--scope', 'open311:write')
    expect((await request(server, '/api/v1/topics', { headers: bearer(readOnly) })).status).toBe(403)
    const reader = cli('--role', 'community_worker', '--unit', 'gs-czq', '--name', 'reader', '--scope', 'topics:read')
    const post = (key: string) =>
      request(server, '/open311/v2/requests.json', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        form: undefined,
        body: new URLSearchParams({ api_key: key, service_code: 'x', description: 'y' }).toString(),
      })
    const refused = await post(reader)
    expect(refused.status).toBe(403)
    expect(refused.body).toContain('open311:write')
    // The default token may post (it gets past authorisation to the service-code check).
    expect((await post(workerToken)).status).toBe(404)
  })

  it('an expired token opens nothing', async () => {
    expect((await request(server, '/api/v1/topics', { headers: bearer(expiredToken) })).status).toBe(401)
  })

  it('an admin lists tokens without their secret and revokes one; it stops working at once', async () => {
    const victim = cli('--role', 'community_worker', '--unit', 'gs-czq', '--name', 'to-revoke')
    expect((await request(server, '/api/v1/topics', { headers: bearer(victim) })).status).toBe(200)
    expect((await request(server, '/admin/tokens', { headers: { cookie: workerCookie } })).status).toBe(403)
    const list = await request(server, '/admin/tokens?_data=routes%2F_admin%2B%2Fadmin_.tokens', { headers: { cookie: adminCookie } })
    expect(list.status).toBe(200)
    const data = JSON.parse(list.body) as { tokens: { id: number; name: string; scopes: string[]; expiresAt: string | null; revokedAt: string | null }[] }
    expect(list.body).not.toContain(victim)
    const page = await request(server, '/admin/tokens', { headers: { cookie: adminCookie } })
    expect(page.status).toBe(200)
    expect(page.body).toContain('to-revoke')
    expect(page.body).not.toContain(victim)
    expect((await request(server, '/admin', { headers: { cookie: adminCookie } })).body).toContain('href="/admin/tokens"')
    const row = data.tokens.find(t => t.name === 'to-revoke')!
    expect(row.scopes).toEqual(['topics:read', 'open311:write'])
    expect(new Date(row.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 80 * 86_400_000)
    const revoke = await request(server, '/admin/tokens', { headers: { cookie: adminCookie }, form: { intent: 'revoke', id: String(row.id) } })
    expect(revoke.status).toBe(302)
    expect((await request(server, '/api/v1/topics', { headers: bearer(victim) })).status).toBe(401)
    const after = JSON.parse(
      (await request(server, '/admin/tokens?_data=routes%2F_admin%2B%2Fadmin_.tokens', { headers: { cookie: adminCookie } })).body,
    ) as typeof data
    expect(after.tokens.find(t => t.id === row.id)!.revokedAt).not.toBeNull()
  })
})

describe('making a token on the admin page', () => {
  const tokensData = '/admin/tokens?_data=routes%2F_admin%2B%2Fadmin_.tokens'

  it('shows the secret once, stores only its digest, audits it, and the token opens what it was made for and no more', async () => {
    const refused = await request(server, tokensData, {
      headers: { cookie: workerCookie },
      form: { intent: 'create', name: 'x', role: 'admin', scopes: 'topics:read' },
    })
    expect(refused.status).toBe(403)

    const made = await request(server, tokensData, {
      headers: { cookie: adminCookie },
      form: { intent: 'create', name: '街道大屏', role: 'community_worker', unitId: String(czqUnitId), scopes: 'topics:read', expiresDays: '30' },
    })
    expect(made.status).toBe(200)
    const { created } = JSON.parse(made.body) as { created: { name: string; token: string; expiresAt: string } }
    expect(created.token).toMatch(/^th_/)
    const days = (new Date(created.expiresAt).getTime() - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(29.9)
    expect(days).toBeLessThan(30.1)

    // It reads topics; it may not post to Open311; it opens no page.
    expect((await request(server, '/api/v1/topics', { headers: bearer(created.token) })).status).toBe(200)
    const post = await request(server, '/open311/v2/requests.json', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: created.token, service_code: 'x', description: 'y' }).toString(),
    })
    expect(post.status).toBe(403)
    expect((await request(server, '/inbox', { headers: bearer(created.token) })).status).toBe(401)

    // The list and the database hold no secret; the audit log names the admin.
    const list = await request(server, tokensData, { headers: { cookie: adminCookie } })
    expect(list.body).toContain('街道大屏')
    expect(list.body).not.toContain(created.token)
    const db = new Database(server.dbPath, { readonly: true })
    const row = db.prepare("select id, token_hash as hash, scopes from api_tokens where name = '街道大屏'").get() as {
      id: number
      hash: string
      scopes: string
    }
    expect(row.hash).not.toContain(created.token.slice(3))
    expect(JSON.parse(row.scopes)).toEqual(['topics:read'])
    const audit = db.prepare("select actor_id as actor from audit_events where action = 'api_token.create' and subject_id = ?").get(String(row.id)) as {
      actor: number
    }
    expect(audit.actor).toBe(adminId)
    db.close()
  })

  it('refuses a token without a name, a permission or a valid term, says why in the admin’s language and makes none', async () => {
    const count = () => {
      const db = new Database(server.dbPath, { readonly: true })
      const n = (db.prepare('select count(*) as n from api_tokens').get() as { n: number }).n
      db.close()
      return n
    }
    const before = count()
    const bad = await request(server, '/admin/tokens', {
      headers: { cookie: adminCookie },
      form: { intent: 'create', name: ' ', role: 'community_worker', expiresDays: '0' },
    })
    expect(bad.status).toBe(400)
    expect(bad.body).toContain('请填写名称')
    expect(bad.body).toContain('请至少选择一项权限')
    expect(bad.body).toContain('有效天数须为 1 到 3650 的整数')
    const unknownUnit = await request(server, '/admin/tokens', {
      headers: { cookie: adminCookie },
      form: { intent: 'create', name: '未知单位', role: 'community_worker', unitId: '999999', scopes: 'topics:read' },
    })
    expect(unknownUnit.status).toBe(400)
    expect(unknownUnit.body).toContain('请选择存在的单位')
    // What was typed stays in the form.
    expect(unknownUnit.body).toContain('value="未知单位"')
    expect(count()).toBe(before)
  })
})

describe('token CLI', () => {
  it('refuses an unknown scope with exit status 2', () => {
    expect(() => cli('--role', 'community_worker', '--name', 'x', '--scope', 'inbox:export')).toThrow(/scope/)
  })
})
