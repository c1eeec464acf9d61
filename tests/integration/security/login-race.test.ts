import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// Count (and slow down) every password-hash verification, so a check-then-count
// race shows up every time instead of depending on the machine's speed.
const verifications = vi.hoisted(() => ({ count: 0 }))
vi.mock('@node-rs/argon2', async importOriginal => {
  const actual = await importOriginal<typeof import('@node-rs/argon2')>()
  return {
    ...actual,
    verify: async (...args: Parameters<typeof actual.verify>) => {
      verifications.count++
      await new Promise(r => setTimeout(r, 40))
      return actual.verify(...args)
    },
  }
})

const { createUser, verifyLogin, throttleAddress, LOGIN_LIMITS } = await import('#db/queries/auth')
const { SYSTEM } = await import('#db/queries/audit')
const { createTestDb } = await import('#tests/db-utils')

let db: ReturnType<typeof createTestDb>
beforeEach(async () => {
  db = createTestDb()
  await createUser(db, { username: 'chief', password: 'right-password-1', displayName: '主任' }, [{ role: 'street_staff', unitId: null }], SYSTEM)
  verifications.count = 0
})
afterEach(() => vi.useRealTimers())

describe('verifyLogin throttling', () => {
  it('counts before verifying: 30 parallel wrong passwords verify no more than the per-pair limit', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => verifyLogin(db, { username: 'chief', password: `guess-${i}`, ip: '198.51.100.7' })))
    expect(verifications.count).toBe(LOGIN_LIMITS.perPair)
    expect(results.filter(r => !r.ok && r.reason === 'invalid')).toHaveLength(LOGIN_LIMITS.perPair)
    expect(results.filter(r => !r.ok && r.reason === 'rate_limited')).toHaveLength(30 - LOGIN_LIMITS.perPair)
    expect((await verifyLogin(db, { username: 'chief', password: 'right-password-1', ip: '203.0.113.9' })).ok).toBe(true)
  })

  it('verifies a dummy hash for an unknown username, like for a known one', async () => {
    expect(await verifyLogin(db, { username: 'nobody-here', password: 'whatever', ip: '198.51.100.8' })).toEqual({ ok: false, reason: 'invalid' })
    expect(verifications.count).toBe(1)
  })

  it('backs off: after the lock runs out one more guess is allowed, then the lock doubles', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const start = new Date('2026-03-01T08:00:00Z').getTime()
    vi.setSystemTime(start)
    const guess = () => verifyLogin(db, { username: 'chief', password: 'nope', ip: '198.51.100.9' })
    for (let i = 0; i < LOGIN_LIMITS.perPair; i++) expect(await guess()).toEqual({ ok: false, reason: 'invalid' })
    expect(await guess()).toEqual({ ok: false, reason: 'rate_limited' })
    vi.setSystemTime(start + LOGIN_LIMITS.windowMs + 1000)
    expect(await guess()).toEqual({ ok: false, reason: 'invalid' })
    expect(await guess()).toEqual({ ok: false, reason: 'rate_limited' })
    // The second lock is twice as long: still locked after one window…
    vi.setSystemTime(start + 2 * LOGIN_LIMITS.windowMs + 2000)
    expect(await guess()).toEqual({ ok: false, reason: 'rate_limited' })
    // …and open again after two.
    vi.setSystemTime(start + 3 * LOGIN_LIMITS.windowMs + 2000)
    expect(await guess()).toEqual({ ok: false, reason: 'invalid' })
  })

  it('counts an IPv6 guesser by /64, so rotating addresses inside one subscriber prefix does not help', async () => {
    const results = []
    for (let i = 1; i <= 8; i++) results.push(await verifyLogin(db, { username: 'chief', password: `guess-${i}`, ip: `2001:db8:aa:bb::${i.toString(16)}` }))
    expect(results.filter(r => !r.ok && r.reason === 'invalid')).toHaveLength(LOGIN_LIMITS.perPair)
    expect((await verifyLogin(db, { username: 'chief', password: 'right-password-1', ip: '2001:db8:aa:cc::1' })).ok).toBe(true)
  })
})

describe('throttleAddress', () => {
  it('keeps IPv4 as is and groups IPv6 by /64', () => {
    expect(throttleAddress('198.51.100.7')).toBe('198.51.100.7')
    expect(throttleAddress('::ffff:198.51.100.7')).toBe('198.51.100.7')
    expect(throttleAddress('2001:db8:aa:bb::1')).toBe('2001:db8:aa:bb::/64')
    expect(throttleAddress('2001:0db8:00aa:00bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64')
    expect(throttleAddress('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(throttleAddress('::1')).toBe('0:0:0:0::/64')
  })
})
