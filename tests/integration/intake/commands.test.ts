import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { enterComplaint, submitComplaint, supportComplaint } from '#app/commands/complaints.server'
import { action as detailAction } from '#app/routes/_intake+/complaints.$id'
import { action as inboxAction } from '#app/routes/_intake+/inbox'
import type { Db } from '#db/client'
import { ANONYMOUS, SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { auditEvents, complaints } from '#db/schema/index'
import type { Notifier } from '#realtime/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

let db: Db
let u: ReturnType<typeof seedTestUnits>

beforeEach(() => {
  db = createTestDb()
  u = seedTestUnits(db)
})

function recordingNotifier() {
  const sent: { unitId: number | null; event: string }[] = []
  const notify = { toUser() {}, toUnit: (_db, unitId, event) => void sent.push({ unitId, event: String(event) }) } as Notifier
  return { notify, sent }
}

const LETTER = {
  communityId: null,
  placeText: '登云路',
  subject: '登云路路灯连续三晚不亮',
  body: '登云路靠近长征桥社区一段路灯不亮，晚上走路看不清。',
  complainantPhone: '13800001111',
}

describe('complaint commands', () => {
  it('a resident’s complaint reaches its community’s staff pages once; the same text sent again is the same complaint', () => {
    const { notify, sent } = recordingNotifier()
    const ctx = { db, actor: ANONYMOUS, notify }
    const first = submitComplaint(ctx, { ...LETTER, communityId: u.czq.id, photos: [] })
    expect(first.duplicate).toBe(false)
    expect(sent).toEqual([{ unitId: u.czq.id, event: 'complaint:created' }])
    const again = submitComplaint(ctx, { ...LETTER, communityId: u.czq.id, photos: [] })
    expect(again).toMatchObject({ duplicate: true, complaint: { id: first.complaint.id } })
    expect(sent).toHaveLength(1)
    expect(db.select().from(complaints).all()).toHaveLength(1)
  })

  it('staff entry records who typed it in and writes the audit row', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const { notify } = recordingNotifier()
    const { complaint } = enterComplaint(
      { db, actor: { kind: 'user', id: worker.id }, notify },
      { ...LETTER, channel: 'hotline', communityId: u.czq.id, externalId: 'H-1', enteredByUserId: worker.id, photos: [] },
    )
    expect(complaint).toMatchObject({ channel: 'hotline', enteredByUserId: worker.id, externalId: 'H-1' })
    const audit = db.select().from(auditEvents).where(eq(auditEvents.action, 'complaint.create')).all()
    expect(audit.map(a => [a.actorId, a.subjectId])).toEqual([[worker.id, String(complaint.id)]])
  })

  it('“me too” on an unknown tracking code is refused as not found and counts nothing', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const ctx = { db, actor: { kind: 'user' as const, id: resident.id }, notify: recordingNotifier().notify }
    expect(() => supportComplaint(ctx, { trackingCode: 'TH-ZZZZZ-ZZZZZ', userId: resident.id })).toThrow(
      expect.objectContaining({ code: 'not-found', messageKey: 'intake.error.support' }),
    )
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'complaint.support')).all()).toHaveLength(0)
  })
})

describe('complaint page actions', () => {
  it('a duplicate link to a complaint that is itself a duplicate is refused on the target field', async () => {
    const make = (subject: string) =>
      createComplaint(db, { channel: 'web', communityId: u.czq.id, subject, body: `${subject}，请尽快处理。` }, SYSTEM).complaint
    const [a, b, c] = [make('电梯故障一'), make('电梯故障二'), make('电梯故障三')]
    db.update(complaints).set({ duplicateOfId: a.id }).where(eq(complaints.id, b.id)).run()
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await callRoute(
      detailAction,
      makeRequest(`/complaints/${c.id}`, { cookie: worker.cookie, form: { intent: 'duplicate', target: b.trackingCode } }),
      { id: String(c.id) },
    )
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error).toBe('intake.detail.duplicateError.chain')
    expect(body.result.error.target).toEqual(['intake.detail.duplicateError.chain'])
    expect(db.select().from(complaints).where(eq(complaints.id, c.id)).get()!.duplicateOfId).toBeNull()
  })

  it('an unknown status is answered with 400 and changes nothing', async () => {
    const c = createComplaint(db, { channel: 'web', communityId: u.czq.id, subject: '噪音扰民', body: '夜间施工噪音扰民。' }, SYSTEM).complaint
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await callRoute(detailAction, makeRequest(`/complaints/${c.id}`, { cookie: worker.cookie, form: { intent: 'status', status: 'vanished' } }), {
      id: String(c.id),
    })
    expect(res.status).toBe(400)
    expect((await res.json()).result.error.status).toEqual(['intake.error.form'])
    expect(db.select().from(complaints).where(eq(complaints.id, c.id)).get()!.status).toBe('received')
  })
})

describe('inbox bulk actions', () => {
  it('closes the ticked complaints of the worker’s community and skips another community’s', async () => {
    const make = (communityId: number, subject: string) =>
      createComplaint(db, { channel: 'web', communityId, subject, body: `${subject}，请尽快处理。` }, SYSTEM).complaint
    const own = make(u.czq.id, '楼道堆物')
    const other = make(u.hm.id, '车库漏水')
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await callRoute(
      inboxAction,
      makeRequest('/inbox', { cookie: worker.cookie, form: { intent: 'close', ids: [String(own.id), String(other.id)] } }),
    )
    expect(await res.json()).toEqual({ count: 1 })
    const status = (id: number) => db.select().from(complaints).where(eq(complaints.id, id)).get()!.status
    expect([status(own.id), status(other.id)]).toEqual(['closed', 'received'])
    const none = await callRoute(inboxAction, makeRequest('/inbox', { cookie: worker.cookie, form: { intent: 'close' } }))
    expect(none.status).toBe(400)
    expect((await none.json()).result.error.ids).toEqual(['intake.error.bulkNone'])
  })
})
