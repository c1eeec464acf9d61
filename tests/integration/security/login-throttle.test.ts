import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM } from '#db/queries/audit'
import { createUser } from '#db/queries/auth'
import { loginOverHttp, startRealServer, type RealServer } from './real-server'

// Password guessing replayed against a running server. A 400 answer means the
// password hash was verified ("wrong password"); 429 means it was refused before.
let server: RealServer

beforeAll(async () => {
  server = await startRealServer(async db => {
    await createUser(
      db,
      { username: 'street-chief', password: 'the-real-password-1', displayName: '街道主任' },
      [{ role: 'street_staff', unitId: null }],
      SYSTEM,
    )
    for (let i = 0; i < 12; i++)
      await createUser(db, { username: `clerk-${i}`, password: `clerk-password-${i}`, displayName: `职员${i}` }, [{ role: 'resident', unitId: null }], SYSTEM)
  })
}, 60_000)

afterAll(() => server?.stop())

describe('login throttling, from outside', () => {
  it('30 parallel wrong passwords from one address verify at most 10; the real user still logs in from another address', async () => {
    let go!: () => void
    const together = new Promise<void>(r => (go = r))
    const pending = Array.from({ length: 30 }, (_, i) => loginOverHttp(server, 'street-chief', `guess-${i}`, '127.0.0.10', together))
    await new Promise(r => setTimeout(r, 300))
    go()
    const guesses = await Promise.all(pending)
    const statuses = guesses.map(g => g.res.status)
    const verified = statuses.filter(s => s === 400).length
    expect(statuses.every(s => s === 400 || s === 429)).toBe(true)
    expect(verified).toBeGreaterThan(0)
    expect(verified).toBeLessThanOrEqual(10)
    // The attacker's address stays locked even with the right password…
    expect((await loginOverHttp(server, 'street-chief', 'the-real-password-1', '127.0.0.10')).res.status).toBe(429)
    // …but the real user, elsewhere, is not locked out.
    const real = await loginOverHttp(server, 'street-chief', 'the-real-password-1', '127.0.0.20')
    expect(real.res.status).toBe(302)
    expect(real.cookie).toMatch(/^th_session=/)
  }, 60_000)

  it('an address guessing across many accounts is refused before verifying once it passes the per-address limit', async () => {
    const from = '127.0.0.30'
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) {
      const batch = await Promise.all(Array.from({ length: 5 }, (_, j) => loginOverHttp(server, `clerk-${i}`, `wrong-${j}`, from)))
      statuses.push(...batch.map(b => b.res.status))
    }
    const verified = statuses.filter(s => s === 400).length
    expect(verified).toBeLessThanOrEqual(50)
    expect(statuses.filter(s => s === 429).length).toBeGreaterThanOrEqual(10)
    // The same accounts still log in from elsewhere.
    expect((await loginOverHttp(server, 'clerk-11', 'clerk-password-11', '127.0.0.31')).res.status).toBe(302)
  }, 60_000)
})
