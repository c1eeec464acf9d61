import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { action as loginAction, loader as loginLoader } from '#app/routes/_account+/login'
import { action as logoutAction } from '#app/routes/_account+/logout'
import { action as prefsAction } from '#app/routes/_account+/prefs'
import type { Db } from '#db/client'
import { sessionKey } from '#db/queries/auth'
import { auditEvents, sessions } from '#db/schema/index'
import { ANON_COOKIE, TEST_PASSWORD, callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

const login = (username: string, password: string, extra: Record<string, string> = {}) =>
  callRoute(loginAction, makeRequest('/login', { form: { username, password, ...extra }, headers: { 'x-teahouse-ip': '10.0.0.1' } }))

describe('login', () => {
  it('creates a database session in an httpOnly SameSite cookie and audits it', async () => {
    const u = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await login(u.username, TEST_PASSWORD, { redirectTo: '/inbox' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/inbox')
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/^th_session=[\w-]{20,};/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    const sid = /th_session=([^;]+)/.exec(cookie)![1]!
    expect(
      db
        .select()
        .from(sessions)
        .where(eq(sessions.id, sessionKey(sid)))
        .get()?.userId,
    ).toBe(u.id)
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'session.login')).all()).toHaveLength(1)
  })

  it('rejects a wrong password with a message and no session', async () => {
    const u = await createLoggedInUser(db, 'resident', 'gs-czq')
    const before = db.select().from(sessions).all().length
    const res = await login(u.username, 'nope')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'login.invalid', username: u.username })
    expect(db.select().from(sessions).all()).toHaveLength(before)
  })

  it('gives the username back after a failed login, never the password', async () => {
    const res = await callRoute(loginAction, makeRequest('/login', { form: { username: 'wang.ayi', password: '' } }))
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body).toEqual({ error: 'login.required', username: 'wang.ayi' })
  })

  it('mentions the demo accounts only while they still have their published password', async () => {
    const { createUser, removeDemoPasswords } = await import('#db/queries/auth')
    const { SYSTEM } = await import('#db/queries/audit')
    await createUser(db, { username: 'demo-y', password: 'teahouse-demo', displayName: 'y', isDemo: true }, [{ role: 'resident', unitId: null }], SYSTEM)
    expect(await (await callRoute(loginLoader, makeRequest('/login'))).json()).toEqual({ demo: true })
    removeDemoPasswords(db)
    expect(await (await callRoute(loginLoader, makeRequest('/login'))).json()).toEqual({ demo: false })
  })

  it('never redirects to another origin', async () => {
    const u = await createLoggedInUser(db, 'resident', 'gs-czq')
    const res = await login(u.username, TEST_PASSWORD, { redirectTo: '//evil.example/x' })
    expect(res.headers.get('location')).toBe('/')
  })

  it('throttles after five failures, even with the right password', async () => {
    const u = await createLoggedInUser(db, 'resident', 'gs-czq')
    for (let i = 0; i < 5; i++) expect((await login(u.username, 'wrong')).status).toBe(400)
    const res = await login(u.username, TEST_PASSWORD)
    expect(res.status).toBe(429)
    expect(await res.json()).toMatchObject({ error: 'login.rateLimited' })
  })

  it('refuses a post without the CSRF token', async () => {
    const req = new Request('http://localhost/login', {
      method: 'POST',
      headers: { cookie: ANON_COOKIE, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=a&password=b&csrf=ffffffffffffffffffffffffffffffff',
    })
    const res = await callRoute(loginAction, req)
    expect(res.status).toBe(403)
  })
})

describe('logout and preferences', () => {
  it('logout deletes the session', async () => {
    const u = await createLoggedInUser(db, 'resident', 'gs-czq')
    const res = await callRoute(logoutAction, makeRequest('/logout', { cookie: u.cookie, form: {} }))
    expect(res.status).toBe(302)
    expect(res.headers.get('set-cookie')).toContain('Max-Age=0')
    expect(db.select().from(sessions).where(eq(sessions.userId, u.id)).all()).toHaveLength(0)
  })

  it('switches language and large-text mode in a persistent cookie', async () => {
    let res = await callRoute(prefsAction, makeRequest('/prefs', { form: { intent: 'lang:en', redirectTo: '/track' } }))
    expect(res.headers.get('location')).toBe('/track')
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/th_prefs=en\.0\.0/)
    expect(cookie).toMatch(/Max-Age=31536000/)
    res = await callRoute(prefsAction, makeRequest('/prefs', { cookie: `${ANON_COOKIE}; th_prefs=en.0.0`, form: { intent: 'large' } }))
    expect(res.headers.get('set-cookie')).toMatch(/th_prefs=en\.1\.0/)
  })
})

describe('production mode', () => {
  it('never keeps demo passwords: they are wiped and demo sessions ended', async () => {
    const { createUser, removeDemoPasswords, verifyLogin, createSession } = await import('#db/queries/auth')
    const { SYSTEM } = await import('#db/queries/audit')
    const demo = await createUser(
      db,
      { username: 'demo-x', password: 'teahouse-demo', displayName: 'x', isDemo: true },
      [{ role: 'resident', unitId: null }],
      SYSTEM,
    )
    const real = await createUser(db, { username: 'real-x', password: 'a-real-password', displayName: 'y' }, [{ role: 'resident', unitId: null }], SYSTEM)
    createSession(db, demo.id)
    expect(removeDemoPasswords(db)).toBe(1)
    expect(await verifyLogin(db, { username: 'demo-x', password: 'teahouse-demo', ip: '1' })).toEqual({ ok: false, reason: 'invalid' })
    expect((await verifyLogin(db, { username: 'real-x', password: 'a-real-password', ip: '1' })).ok).toBe(true)
    expect(db.select().from(sessions).where(eq(sessions.userId, demo.id)).all()).toHaveLength(0)
    expect(removeDemoPasswords(db)).toBe(0)
    void real
  })
})
