import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { enterComplaint, submitComplaint, supportComplaint } from '#app/commands/complaints.server'
import { action as detailAction } from '#app/routes/_intake+/complaints.$id'
import { action as inboxAction } from '#app/routes/_intake+/inbox'
import { suggestFor } from '#app/services/intake.server'
import { indexMissingComplaintText } from '#app/services/nlp.server'
import type { Db } from '#db/client'
import { ANONYMOUS, SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { auditEvents, complaints, topics } from '#db/schema/index'
import type { Notifier } from '#realtime/index'
import { callRoute, createLoggedInUser, createTestDb, insertTopic, makeRequest, seedTestUnits } from '#tests/db-utils'

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

describe('“me too” on one’s own report', () => {
  it('is refused, counts nothing, and one’s own reports are shown as hers, not offered for it', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const ctx = { db, actor: { kind: 'user' as const, id: resident.id }, notify: recordingNotifier().notify }
    const { complaint } = submitComplaint(ctx, { ...LETTER, communityId: u.czq.id, complainantUserId: resident.id, photos: [] })
    expect(() => supportComplaint(ctx, { trackingCode: complaint.trackingCode, userId: resident.id })).toThrow(
      expect.objectContaining({ code: 'invalid', messageKey: 'intake.error.supportOwn' }),
    )
    expect(db.select().from(complaints).where(eq(complaints.id, complaint.id)).get()!.supportersCount).toBe(0)
    const typed = { subject: '登云路路灯不亮', body: '晚上路灯不亮', communityId: u.czq.id }
    expect(suggestFor(db, typed).similar.map(s => [s.trackingCode, s.own])).toEqual([[complaint.trackingCode, false]])
    expect(suggestFor(db, { ...typed, userId: resident.id }).similar.map(s => [s.trackingCode, s.own])).toEqual([[complaint.trackingCode, true]])
  })
})

describe('similar reports while a resident types', () => {
  it('a report that reached the database without its search entry is indexed and then found', () => {
    // Seeded, restored or imported rows may lack it: createComplaint without a segmenter writes none.
    const { complaint } = createComplaint(db, { ...LETTER, channel: 'hotline', communityId: u.czq.id, receivedAt: new Date() }, SYSTEM)
    const typed = { subject: '登云路路灯不亮', body: '晚上路灯不亮看不清', communityId: u.czq.id }
    expect(suggestFor(db, typed).similar).toEqual([])
    expect(indexMissingComplaintText(db)).toBe(1)
    expect(suggestFor(db, typed).similar.map(s => s.trackingCode)).toEqual([complaint.trackingCode])
    expect(indexMissingComplaintText(db)).toBe(0)
  })

  it('reports already gathered into a public topic are offered once, as that topic; a private one is not named', () => {
    const ctx = { db, actor: ANONYMOUS, notify: recordingNotifier().notify }
    const reports = [1, 2, 3].map(
      i =>
        submitComplaint(ctx, {
          communityId: u.czq.id,
          placeText: '佳苑北门',
          subject: `佳苑北门电动车没地方充电（${i}）`,
          body: '佳苑北门没有充电桩，电动车只能飞线充电。',
          photos: [],
        }).complaint,
    )
    const topic = insertTopic(
      db,
      { unitId: u.czq.id, title: '佳苑北门电动车充电难', status: 'approved', isPublic: true },
      reports.map(r => r.id),
    )
    const typed = { subject: '佳苑北门电动车充电', body: '', placeText: '佳苑北门', communityId: u.czq.id }
    const similar = suggestFor(db, typed).similar
    expect(similar).toHaveLength(1)
    expect(similar[0]).toMatchObject({ topic: { id: topic.id, title: '佳苑北门电动车充电难' }, sameCount: 3 })
    db.update(topics).set({ isPublic: false }).where(eq(topics.id, topic.id)).run()
    expect(suggestFor(db, typed).similar.every(s => s.topic === null)).toBe(true)
  })

  it('a report about another problem at the same place is not offered as the same issue', () => {
    const ctx = { db, actor: ANONYMOUS, notify: recordingNotifier().notify }
    submitComplaint(ctx, {
      communityId: u.czq.id,
      placeText: '佳苑北门',
      subject: '佳苑北门夜间施工噪音严重',
      body: '佳苑北门工地每天夜里施工，吵得睡不着。',
      photos: [],
    })
    const charging = submitComplaint(ctx, {
      communityId: u.czq.id,
      placeText: '佳苑北门',
      subject: '佳苑北门电动车充电难',
      body: '佳苑北门没有电动车充电桩，只能飞线充电。',
      photos: [],
    })
    const similar = suggestFor(db, { subject: '佳苑北门电动车没地方充电', body: '', placeText: '佳苑北门', communityId: u.czq.id }).similar
    expect(similar.map(s => s.trackingCode)).toEqual([charging.complaint.trackingCode])
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
