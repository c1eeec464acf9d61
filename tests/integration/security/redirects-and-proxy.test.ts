import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { safeRedirect } from '#app/utils/safe-redirect'
import { SYSTEM } from '#db/queries/audit'
import { createUser } from '#db/queries/auth'
import { loginOverHttp, request, startRealServer, type RealServer } from './real-server'

const ATTACKS = [
  '/\\evil.example',
  '//evil.example/x',
  '/\\/evil.example',
  '/\t/evil.example',
  '\\\\evil.example',
  'https://evil.example/',
  'javascript:alert(1)',
  ' //evil.example',
  '/%09/evil.example',
  '/..//evil.example',
]

/** Where a browser would go with this Location header. */
const browserTarget = (location: string, base: string) => new URL(location, base)

describe('no redirect leaves the site (real HTTP)', () => {
  let server: RealServer
  beforeAll(async () => {
    server = await startRealServer(async db => {
      await createUser(db, { username: 'visitor', password: 'visitor-password-1', displayName: '访客' }, [{ role: 'resident', unitId: null }], SYSTEM)
    })
  }, 60_000)
  afterAll(() => server?.stop())

  it('login with redirectTo pointing elsewhere lands on this site', async () => {
    for (const redirectTo of ATTACKS) {
      const res = await request(server, '/login', { form: { username: 'visitor', password: 'visitor-password-1', redirectTo } })
      expect(res.status, redirectTo).toBe(302)
      const location = String(res.headers.location)
      expect(browserTarget(location, server.url).origin, `${redirectTo} → ${location}`).toBe(server.url)
      expect(location, redirectTo).not.toContain('\\')
    }
  })

  it('the preferences form with redirectTo pointing elsewhere lands on this site', async () => {
    for (const redirectTo of ATTACKS) {
      const res = await request(server, '/prefs', { form: { intent: 'lang:en', redirectTo } })
      expect(res.status, redirectTo).toBe(302)
      const location = String(res.headers.location)
      expect(browserTarget(location, server.url).origin, `${redirectTo} → ${location}`).toBe(server.url)
      expect(location, redirectTo).not.toContain('\\')
    }
  })

  it('a same-site path with its query still works', async () => {
    const res = await loginOverHttp(server, 'visitor', 'visitor-password-1')
    expect(res.res.headers.location).toBe('/')
    const back = await request(server, '/prefs', { form: { intent: 'large', redirectTo: '/track?code=AB12#top' } })
    expect(back.headers.location).toBe('/track?code=AB12#top')
  })
})

describe('safeRedirect', () => {
  it('keeps same-site paths and refuses everything else', () => {
    expect(safeRedirect('/inbox?status=received')).toBe('/inbox?status=received')
    expect(safeRedirect('/public/topics/3')).toBe('/public/topics/3')
    for (const to of [...ATTACKS.filter(a => a !== '/%09/evil.example'), undefined, null, '', 'inbox', '/\u0000/evil.example'])
      expect(safeRedirect(to), String(to)).toBe('/')
  })
})

describe('TRUST_PROXY counts hops instead of believing the left-most X-Forwarded-For', () => {
  let server: RealServer
  beforeAll(async () => {
    server = await startRealServer(
      async db => {
        await createUser(db, { username: 'clerk', password: 'clerk-password-1', displayName: '职员' }, [{ role: 'resident', unitId: null }], SYSTEM)
      },
      { TRUST_PROXY: '1' },
    )
  }, 60_000)
  afterAll(() => server?.stop())

  it('a guesser who forges a new X-Forwarded-For each time is still throttled by the address our proxy saw', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) {
      // The attacker sends a made-up address; the one proxy in front appends the real one.
      const res = await request(server, '/login', {
        form: { username: 'clerk', password: `guess-${i}` },
        headers: { 'x-forwarded-for': `10.66.0.${i}, 198.51.100.66` },
      })
      statuses.push(res.status)
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400])
    expect(statuses.slice(5)).toEqual([429, 429, 429, 429, 429])
    // Another real client behind the same proxy is not affected.
    const other = await request(server, '/login', {
      form: { username: 'clerk', password: 'clerk-password-1' },
      headers: { 'x-forwarded-for': '198.51.100.77' },
    })
    expect(other.status).toBe(302)
  })
})
