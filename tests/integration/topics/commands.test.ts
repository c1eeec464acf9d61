import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { approveTopic, reassignTopic, splitTopic } from '#app/commands/topics.server'
import { action as reviewAction } from '#app/routes/_topics+/topics.$id'
import { action as listAction } from '#app/routes/_topics+/topics._index'
import { processQueue } from '#app/services/nlp.server'
import { afterClassified, resetTopicEngine } from '#app/services/topics.server'
import type { Db } from '#db/client'
import { DomainError } from '#db/errors'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { getTopic, getTopicComplaintIds } from '#db/queries/topics'
import { auditEvents, complaints, notifications, units } from '#db/schema/index'
import { nullNotifier, type Notifier } from '#realtime/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

let db: Db
let u: ReturnType<typeof seedTestUnits>

beforeEach(() => {
  db = createTestDb()
  resetTopicEngine()
  u = seedTestUnits(db)
  db.update(units).set({ heatThreshold: 100 }).run()
})

/** A suggestion built by the engine from `n` complaints about one crossing in 长征桥. */
/** n residents' complaints about the same school crossing, an hour apart, through one channel. */
function crossingComplaints(n: number, channel: 'web' | 'import') {
  for (let i = 0; i < n; i++) {
    createComplaint(
      db,
      {
        channel,
        communityId: u.czq.id,
        placeText: '小河小学路口',
        subject: '小河小学路口上下学高峰拥堵严重',
        body: `接送车辆占用非机动车道，孩子过马路很危险（第${i + 1}位居民）`,
        receivedAt: new Date(Date.now() - (10 - i) * 3600_000),
        complainantKey: `r${i}`,
      },
      SYSTEM,
    )
  }
}

function suggestion(n = 4) {
  crossingComplaints(n, 'web')
  const out = afterClassified(db, nullNotifier, processQueue(db, { limit: 100 }))
  return getTopic(db, out[0]!.topic.id)!
}

/** A notifier that remembers what would have reached browsers. */
function recordingNotifier() {
  const sent: { to: string; event: string; payload: unknown }[] = []
  const notify: Notifier = {
    toUser: (userId, event, ...args) => sent.push({ to: `user:${userId}`, event, payload: args[0] }),
    toUnit: (_db, unitId, event, ...args) => sent.push({ to: `unit:${unitId}`, event, payload: args[0] }),
  }
  return { notify, sent }
}

describe('topic review commands', () => {
  it('approving stores the complainant’s notification, pushes it live and tells the community’s pages', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const topic = suggestion()
    db.update(complaints)
      .set({ complainantUserId: resident.id })
      .where(eq(complaints.id, getTopicComplaintIds(db, topic.id)[0]!))
      .run()
    const { notify, sent } = recordingNotifier()
    const approved = approveTopic(
      { db, actor: { kind: 'user', id: worker.id }, notify },
      { topicId: topic.id, expectedVersion: topic.version, title: '小河小学路口拥堵', description: '', category: '交通运输', place: '小河小学路口' },
    )
    expect(approved.status).toBe('approved')
    const stored = db.select().from(notifications).where(eq(notifications.userId, resident.id)).all()
    expect(stored.map(n => n.messageKey)).toEqual(['topics.notify.approved'])
    expect(sent.filter(s => s.event === 'notification:new').map(s => s.to)).toEqual([`user:${resident.id}`])
    expect(sent.filter(s => s.event === 'topic:changed')).toEqual([
      { to: `unit:${u.czq.id}`, event: 'topic:changed', payload: expect.objectContaining({ id: topic.id, status: 'approved' }) },
    ])
  })

  it('a split that would move every complaint is refused on the complaints field and changes nothing', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const topic = suggestion(3)
    const all = getTopicComplaintIds(db, topic.id)
    const attempt = () =>
      splitTopic(
        { db, actor: { kind: 'user', id: worker.id }, notify: nullNotifier },
        { topicId: topic.id, expectedVersion: topic.version, complaintIds: all, title: '全部移出' },
      )
    expect(attempt).toThrow(expect.objectContaining({ code: 'invalid', messageKey: 'topics.error.split', field: 'complaintIds' }))
    expect(getTopicComplaintIds(db, topic.id).sort()).toEqual([...all].sort())
    expect(getTopic(db, topic.id)!.version).toBe(topic.version)
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'topic.split')).all()).toHaveLength(0)
  })

  it('a split topic keeps the engine’s heat scale: letters from a channel that records no supporters count at the usual level', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    // Web complaints elsewhere carry supporters; imported letters never do.
    for (let i = 0; i < 3; i++) {
      const c = createComplaint(
        db,
        { channel: 'web', communityId: u.czq.id, placeText: '和睦菜场', subject: `和睦菜场门口垃圾堆放${i}`, body: '气味很大', complainantKey: `w${i}` },
        SYSTEM,
      )
      db.update(complaints).set({ supportersCount: 6 }).where(eq(complaints.id, c.complaint.id)).run()
    }
    crossingComplaints(4, 'import')
    const out = afterClassified(db, nullNotifier, processQueue(db, { limit: 100 }))
    const crossing = out.map(o => getTopic(db, o.topic.id)!).find(t => t.title.includes('小河小学'))!
    const supportersOf = (t: { heatBreakdown: Record<string, unknown> }) => t.heatBreakdown.supporters as { contribution: number; notRecorded?: boolean }
    expect(supportersOf(crossing)).toMatchObject({ contribution: 1, notRecorded: true })

    const ids = getTopicComplaintIds(db, crossing.id)
    const { original, created } = splitTopic(
      { db, actor: { kind: 'user', id: worker.id }, notify: nullNotifier },
      { topicId: crossing.id, expectedVersion: crossing.version, complaintIds: ids.slice(0, 2), title: '早高峰' },
    )
    for (const t of [original, created]) expect(supportersOf(getTopic(db, t.id)!)).toMatchObject({ contribution: 1, notRecorded: true })
  })

  it('reassigning tells both communities’ pages; an unknown unit is refused before anything is written', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const topic = suggestion()
    const { notify, sent } = recordingNotifier()
    const ctx = { db, actor: { kind: 'user' as const, id: worker.id }, notify }
    expect(() => reassignTopic(ctx, { topicId: topic.id, expectedVersion: topic.version, unitId: 9999, note: null })).toThrow(DomainError)
    expect(getTopic(db, topic.id)!.unitId).toBe(u.czq.id)
    const moved = reassignTopic(ctx, { topicId: topic.id, expectedVersion: topic.version, unitId: u.hm.id, note: '属于和睦' })
    expect(moved.unitId).toBe(u.hm.id)
    expect(
      sent
        .filter(s => s.event === 'topic:changed')
        .map(s => s.to)
        .sort(),
    ).toEqual([`unit:${u.czq.id}`, `unit:${u.hm.id}`].sort())
  })
})

describe('topic review forms', () => {
  it('an empty title is answered with 400 and the title’s message, keeping what was typed', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const topic = suggestion()
    const res = await callRoute(
      reviewAction,
      makeRequest(`/topics/${topic.id}`, {
        cookie: worker.cookie,
        form: { intent: 'approve', expectedVersion: String(topic.version), title: '   ', place: '小河小学路口' },
      }),
      { id: String(topic.id) },
    )
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.result.error.title).toEqual(['topics.error.title'])
    expect(body.result.initialValue.place).toBe('小河小学路口')
    expect(getTopic(db, topic.id)!.status).toBe('suggested')
  })

  it('a stale version on approve is a 409 with the conflict message and the topic stays as the other reviewer left it', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const topic = suggestion()
    const res = await callRoute(
      reviewAction,
      makeRequest(`/topics/${topic.id}`, { cookie: worker.cookie, form: { intent: 'approve', expectedVersion: String(topic.version - 1), title: '旧版本' } }),
      { id: String(topic.id) },
    )
    expect(res.status).toBe(409)
    expect((await res.json()).error).toBe('topics.error.conflict')
    expect(getTopic(db, topic.id)!.title).toBe(topic.title)
  })

  it('merging needs two topics and one of them as the target', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const topic = suggestion()
    const res = await callRoute(
      listAction,
      makeRequest('/topics', {
        cookie: worker.cookie,
        form: { intent: 'merge', ids: [String(topic.id)], target: String(topic.id), [`version-${topic.id}`]: String(topic.version) },
      }),
    )
    expect(res.status).toBe(400)
    expect((await res.json()).result.error.ids).toEqual(['topics.merge.needTwo'])
  })
})
