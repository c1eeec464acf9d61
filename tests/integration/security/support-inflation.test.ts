import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as newRoute from '#app/routes/_intake+/complaints.new'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { auditEvents, complaints } from '#db/schema/index'
import { CSRF, callRoute, createLoggedInUser, createTestDb, seedTestUnits } from '#tests/db-utils'

let db: Db
let units: ReturnType<typeof seedTestUnits>
beforeEach(() => {
  db = createTestDb()
  units = seedTestUnits(db)
})

function supportRequest(trackingCode: string, opts: { cookie?: string; userAgent?: string; ip?: string } = {}) {
  const fd = new FormData()
  fd.set('csrf', CSRF)
  fd.set('intent', 'support')
  fd.set('trackingCode', trackingCode)
  const headers: Record<string, string> = { cookie: opts.cookie ?? `th_csrf=${CSRF}`, 'x-teahouse-ip': opts.ip ?? '198.51.100.9' }
  if (opts.userAgent) headers['user-agent'] = opts.userAgent
  return new Request('http://localhost/complaints/new', { method: 'POST', body: fd, headers })
}

const supporters = (id: number) => db.select({ n: complaints.supportersCount }).from(complaints).where(eq(complaints.id, id)).get()!.n

describe('"me too" support', () => {
  it('30 anonymous requests with different User-Agents do not raise the count: visitors are asked to log in', async () => {
    const c = createComplaint(db, { channel: 'web', communityId: units.czq.id, subject: '路灯不亮', body: '小区门口路灯坏了一周' }, SYSTEM).complaint
    const before = supporters(c.id)
    for (let i = 0; i < 30; i++) {
      const res = await callRoute(newRoute.action, supportRequest(c.trackingCode, { userAgent: `Mozilla/5.0 (attack ${i})` }))
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({ kind: 'supportLogin', trackingCode: c.trackingCode })
    }
    expect(supporters(c.id)).toBe(before)
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'complaint.support')).all()).toHaveLength(0)
  })

  it('logged-in residents count once each, whatever browser they use', async () => {
    const c = createComplaint(db, { channel: 'web', communityId: units.czq.id, subject: '路灯不亮', body: '小区门口路灯坏了一周' }, SYSTEM).complaint
    const before = supporters(c.id)
    const a = await createLoggedInUser(db, 'resident', 'gs-czq')
    const b = await createLoggedInUser(db, 'resident', 'gs-czq')
    for (let i = 0; i < 5; i++) await callRoute(newRoute.action, supportRequest(c.trackingCode, { cookie: a.cookie, userAgent: `UA ${i}`, ip: `10.0.0.${i}` }))
    const last = await callRoute(newRoute.action, supportRequest(c.trackingCode, { cookie: b.cookie }))
    expect(await last.json()).toMatchObject({ kind: 'supported', count: before + 2 })
    expect(supporters(c.id)).toBe(before + 2)
    const audit = db.select().from(auditEvents).where(eq(auditEvents.action, 'complaint.support')).all()
    expect(audit.map(e => e.actorId).sort()).toEqual([a.id, b.id].sort())
  })
})
