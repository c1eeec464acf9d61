import crypto from 'node:crypto'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM } from '#db/queries/audit'
import { createUser } from '#db/queries/auth'
import { getUnitByCode } from '#db/queries/units'
import { seedTestUnits } from '#tests/db-utils'
import { loginOverHttp, request, startRealServer, type RealServer } from './real-server'

const HOUR = 3600 * 1000
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex')

let server: RealServer
beforeAll(async () => {
  server = await startRealServer(async db => {
    seedTestUnits(db)
    const czq = getUnitByCode(db, 'gs-czq')!
    await createUser(db, { username: 'worker', password: 'worker-password-1', displayName: '社工' }, [{ role: 'community_worker', unitId: czq.id }], SYSTEM)
    await createUser(
      db,
      { username: 'neighbour', password: 'neighbour-password-1', displayName: '居民', homeUnitId: czq.id },
      [{ role: 'resident', unitId: czq.id }],
      SYSTEM,
    )
  })
}, 60_000)
afterAll(() => server?.stop())

/** Another process (an operator, a backup) reading and changing the database file. */
function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(server.dbPath)
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

describe('sessions (real HTTP)', () => {
  it('stores only a hash of the session id: a copy of the database does not log anyone in', async () => {
    const { cookie } = await loginOverHttp(server, 'worker', 'worker-password-1')
    const sid = cookie!.slice('th_session='.length)
    const stored = withDb(db => db.prepare('select id from sessions').all() as { id: string }[]).map(r => r.id)
    expect(stored).not.toContain(sid)
    expect(stored).toContain(sha256(sid))
    // Replaying a stored value as a cookie opens nothing.
    const replay = await request(server, '/inbox', { headers: { cookie: `th_session=${sha256(sid)}` } })
    expect(replay.status).toBe(302)
    expect(replay.headers.location).toMatch(/^\/login/)
    expect((await request(server, '/inbox', { headers: { cookie: cookie! } })).status).toBe(200)
  })

  it('a staff session lasts 12 hours at most and ends after 8 idle hours; a resident’s does not', async () => {
    const staff = await loginOverHttp(server, 'worker', 'worker-password-1')
    const resident = await loginOverHttp(server, 'neighbour', 'neighbour-password-1')
    const maxAge = (setCookie: string | string[] | undefined) => Number(/Max-Age=(\d+)/.exec([setCookie].flat().find(c => c?.startsWith('th_session='))!)![1])
    expect(maxAge(staff.res.headers['set-cookie'])).toBeLessThanOrEqual(12 * 3600)
    expect(maxAge(resident.res.headers['set-cookie'])).toBeGreaterThan(12 * 3600)
    const key = (c: string) => sha256(c.slice('th_session='.length))
    const spans = withDb(
      db =>
        db.prepare('select id, expires_at - created_at span from sessions where id in (?, ?)').all(key(staff.cookie!), key(resident.cookie!)) as {
          id: string
          span: number
        }[],
    )
    expect(spans.find(s => s.id === key(staff.cookie!))!.span).toBeLessThanOrEqual(12 * HOUR)
    expect(spans.find(s => s.id === key(resident.cookie!))!.span).toBeGreaterThan(12 * HOUR)

    // Nine hours without a request.
    withDb(db => db.prepare('update sessions set last_seen_at = ? where id in (?, ?)').run(Date.now() - 9 * HOUR, key(staff.cookie!), key(resident.cookie!)))
    const staffPage = await request(server, '/inbox', { headers: { cookie: staff.cookie! } })
    expect(staffPage.status).toBe(302)
    expect(staffPage.headers.location).toMatch(/^\/login/)
    expect(withDb(db => db.prepare('select count(*) n from sessions where id = ?').get(key(staff.cookie!)))).toEqual({ n: 0 })
    expect((await request(server, '/me', { headers: { cookie: resident.cookie! } })).status).toBe(200)
  })

  it('a session past its stored expiry opens nothing, one a minute before it still does', async () => {
    const resident = await loginOverHttp(server, 'neighbour', 'neighbour-password-1')
    const key = sha256(resident.cookie!.slice('th_session='.length))
    withDb(db => db.prepare('update sessions set expires_at = ? where id = ?').run(Date.now() + 60_000, key))
    expect((await request(server, '/me', { headers: { cookie: resident.cookie! } })).status).toBe(200)
    withDb(db => db.prepare('update sessions set expires_at = ? where id = ?').run(Date.now() - 1000, key))
    const expired = await request(server, '/me', { headers: { cookie: resident.cookie! } })
    expect(expired.status).toBe(302)
    expect(expired.headers.location).toMatch(/^\/login/)
  })

  it('activity keeps a staff session alive', async () => {
    const staff = await loginOverHttp(server, 'worker', 'worker-password-1')
    const key = sha256(staff.cookie!.slice('th_session='.length))
    withDb(db => db.prepare('update sessions set last_seen_at = ? where id = ?').run(Date.now() - 7 * HOUR, key))
    expect((await request(server, '/inbox', { headers: { cookie: staff.cookie! } })).status).toBe(200)
    const seen = withDb(db => db.prepare('select last_seen_at t from sessions where id = ?').get(key) as { t: number }).t
    expect(Date.now() - seen).toBeLessThan(HOUR)
  })
})
