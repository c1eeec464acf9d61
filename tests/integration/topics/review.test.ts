import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { loader as apiLoader } from '#app/routes/_api+/api.v1.topics'
import { action as reviewAction, loader as reviewLoader } from '#app/routes/_topics+/topics.$id'
import { action as listAction, loader as listLoader } from '#app/routes/_topics+/topics._index'
import { processQueue } from '#app/services/nlp.server'
import { afterClassified, escalateStaleSuggestions, refreshAllSuggestions, resetTopicEngine } from '#app/services/topics.server'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createApiToken } from '#db/queries/auth'
import { createComplaint } from '#db/queries/complaints'
import { getTopic, getTopicComplaintIds } from '#db/queries/topics'
import { auditEvents, complaints, notifications, topicEvents, topics, units } from '#db/schema/index'
import { nullNotifier } from '#realtime/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits, insertTopic } from '#tests/db-utils'

let db: Db
let u: ReturnType<typeof seedTestUnits>
const DAY = 86_400_000

/** Complaints about one place within days, as residents would write them. */
function burst(place: string, subject: string, n: number, opts: { unit: number; start?: number; channel?: 'web' | 'hotline' | 'petition' } = { unit: 0 }) {
  const now = Date.now()
  for (let i = 0; i < n; i++) {
    createComplaint(
      db,
      {
        channel: opts.channel ?? (i % 2 ? 'web' : 'hotline'),
        communityId: opts.unit,
        placeText: place,
        subject: subject.replace('{p}', place),
        body: `每天早上${place}接送孩子的车辆排长队，非机动车道被占，孩子过马路很危险，希望交警疏导并增设临时停车位。第${i + 1}位居民反映。`,
        receivedAt: new Date(now - (opts.start ?? 10) * DAY + i * 3600_000),
        complainantKey: `resident-${place}-${i}`,
        supportersCount: 3,
      },
      SYSTEM,
    )
  }
}

function runPipeline() {
  const done = processQueue(db, { limit: 10_000 })
  return afterClassified(db, nullNotifier, done)
}

beforeEach(() => {
  db = createTestDb()
  resetTopicEngine()
  u = seedTestUnits(db)
  db.update(units).set({ heatThreshold: 15 }).run()
})

describe('suggested topics from the engine', () => {
  it('clusters a burst about one place into one suggestion and pushes it to that community’s workers only', async () => {
    const w1 = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const w2 = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    burst('小河小学路口', '{p}上下学高峰拥堵严重', 8, { unit: u.czq.id })
    const out = runPipeline()
    const suggestion = out.find(o => o.topic.place?.includes('小河小学'))
    expect(suggestion).toBeDefined()
    expect(suggestion!.pushed).toBe('threshold')
    const t = getTopic(db, suggestion!.topic.id)!
    expect(t.status).toBe('suggested')
    expect(t.unitId).toBe(u.czq.id)
    expect(t.category).toBe('交通运输')
    expect(t.title).toMatch(/^关于.*小河小学.*的议题$/)
    expect(getTopicComplaintIds(db, t.id)).toHaveLength(8)
    expect((t.heatBreakdown as { complaints: { value: number } }).complaints.value).toBe(8)
    const notes = db.select().from(notifications).all()
    expect(notes.map(n => n.userId)).toEqual([w1.id])
    expect(notes.some(n => n.userId === w2.id)).toBe(false)
    expect(notes[0]!.link).toBe(`/topics/${t.id}`)
    expect(db.select().from(notifications).where(eq(notifications.userId, w2.id)).all()).toEqual([])
  })

  it('updates the same suggestion incrementally when another complaint arrives', () => {
    burst('小河小学路口', '{p}上下学高峰拥堵严重', 4, { unit: u.czq.id })
    const first = runPipeline()[0]!.topic
    burst('小河小学路口', '{p}接送车辆乱停', 1, { unit: u.czq.id, start: 1 })
    const second = runPipeline()
    expect(second.map(s => s.topic.id)).toEqual([first.id])
    expect(getTopicComplaintIds(db, first.id)).toHaveLength(5)
  })

  it('keeps complaints whose community is unknown at the street level, for street staff', async () => {
    const staff = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    db.update(units).set({ heatThreshold: 10 }).run()
    // No community: the intake resolves the street from the text.
    for (let i = 0; i < 5; i++)
      createComplaint(
        db,
        {
          channel: 'import',
          subject: '小河街道运河绿道夜间施工噪音扰民',
          body: `运河绿道旁工地夜间施工噪音严重，小河街道居民无法休息（${i}）`,
          complainantKey: `k${i}`,
          receivedAt: new Date(Date.now() - i * 3600_000),
        },
        SYSTEM,
      )
    const out = runPipeline()
    expect(out).toHaveLength(1)
    expect(out[0]!.topic.unitId).toBe(u.street.id)
    const res = await callRoute(listLoader, makeRequest('/topics', { cookie: staff.cookie }))
    const body = await res.json()
    expect(body.topics.map((t: { id: number }) => t.id)).toEqual([out[0]!.topic.id])
    expect(
      db
        .select()
        .from(notifications)
        .all()
        .map(n => n.userId),
    ).toEqual([staff.id])
  })
})

describe('review actions', () => {
  async function setup() {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    burst('小河小学路口', '{p}上下学高峰拥堵严重', 5, { unit: u.czq.id })
    const topic = runPipeline()[0]!.topic
    return { worker, topic }
  }

  it('offers the taxonomy’s categories, refuses one outside it, and a changed category replaces the classifier’s path', async () => {
    const { worker, topic } = await setup()
    const page = await (await callRoute(reviewLoader, makeRequest(`/topics/${topic.id}`, { cookie: worker.cookie }), { id: String(topic.id) })).json()
    expect(page.categories.map((c: { value: string }) => c.value)).toContain('交通运输')
    expect(page.categories.map((c: { value: string }) => c.value)).toContain('城乡建设')
    const approve = (category: string) =>
      callRoute(
        reviewAction,
        makeRequest(`/topics/${topic.id}`, {
          cookie: worker.cookie,
          form: { intent: 'approve', expectedVersion: String(topic.version), title: '小河小学路口拥堵', description: '', category, place: '小河小学路口' },
        }),
        { id: String(topic.id) },
      )
    const bad = await approve('交通')
    expect(bad.status).toBe(400)
    expect((await bad.json()).result.error).toEqual({ category: ['topics.error.category'] })
    expect(getTopic(db, topic.id)!.status).toBe('suggested')
    expect((await approve('城乡建设')).status).toBe(200)
    expect(getTopic(db, topic.id)).toMatchObject({ status: 'approved', category: '城乡建设', categoryPath: ['城乡建设'] })
  })

  it('handing a topic outside one’s scope returns to the list saying where it went, to that reviewer only', async () => {
    const { worker, topic } = await setup()
    const res = await callRoute(
      reviewAction,
      makeRequest(`/topics/${topic.id}`, {
        cookie: worker.cookie,
        form: { intent: 'reassign', expectedVersion: String(topic.version), unitId: String(u.hm.id), note: '属于和睦' },
      }),
      { id: String(topic.id) },
    )
    expect(res.status).toBe(302)
    const back = res.headers.get('location')!
    expect(back).toBe(`/topics?handedOver=${topic.id}`)
    const list = await (await callRoute(listLoader, makeRequest(back, { cookie: worker.cookie }))).json()
    expect(list.handedOver).toEqual({ title: topic.title, unit: expect.stringContaining('和睦') })
    // Someone else following the same address learns nothing about the topic.
    const other = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    expect((await (await callRoute(listLoader, makeRequest(back, { cookie: other.cookie }))).json()).handedOver).toBeNull()
  })

  it('approves with edits, writes history and audit, and marks complaints in topic', async () => {
    const { worker, topic } = await setup()
    const res = await callRoute(
      reviewAction,
      makeRequest(`/topics/${topic.id}`, {
        cookie: worker.cookie,
        form: {
          intent: 'approve',
          expectedVersion: String(topic.version),
          title: '小河小学路口上下学高峰拥堵',
          description: '邀请交警、学校、商户协商',
          category: '交通运输',
          place: '小河小学路口',
        },
      }),
      { id: String(topic.id) },
    )
    expect(res.status).toBe(200)
    const t = getTopic(db, topic.id)!
    expect(t.status).toBe('approved')
    expect(t.title).toBe('小河小学路口上下学高峰拥堵')
    expect(t.reviewedBy).toBe(worker.id)
    expect(
      db
        .select()
        .from(topicEvents)
        .where(eq(topicEvents.topicId, t.id))
        .all()
        .map(e => e.kind),
    ).toContain('approve')
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'topic.approve')).all()).toHaveLength(1)
    // The topic's own history says who approved it; the engine's steps name nobody.
    const page = await (await callRoute(reviewLoader, makeRequest(`/topics/${t.id}`, { cookie: worker.cookie }), { id: String(t.id) })).json()
    const steps = page.history.map((e: { kind: string; actor: string | null }) => [e.kind, e.actor])
    expect(steps).toContainEqual(['approve', '测试community_worker'])
    expect(steps.filter(([kind]: [string]) => kind !== 'approve').every(([, actor]: [string, string | null]) => actor === null)).toBe(true)
    const statuses = db
      .select({ s: complaints.status })
      .from(complaints)
      .all()
      .map(r => r.s)
    expect(new Set(statuses)).toEqual(new Set(['in_topic']))
  })

  it('refuses a stale version with a clear conflict instead of overwriting', async () => {
    const { worker, topic } = await setup()
    const other = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const form = (who: { cookie: string }, intent: Record<string, string>) =>
      makeRequest(`/topics/${topic.id}`, { cookie: who.cookie, form: { expectedVersion: String(topic.version), ...intent } })
    const a = await callRoute(reviewAction, form(other, { intent: 'snooze', days: '3' }), { id: String(topic.id) })
    expect(a.status).toBe(200)
    const b = await callRoute(reviewAction, form(worker, { intent: 'reject', reason: 'already_handled' }), { id: String(topic.id) })
    expect(b.status).toBe(409)
    expect(await b.json()).toMatchObject({ error: 'topics.error.conflict' })
    expect(getTopic(db, topic.id)!.status).toBe('snoozed')
  })

  it('rejects with a reason from the list; rejected topics stay visible in history', async () => {
    const { worker, topic } = await setup()
    const bad = await callRoute(
      reviewAction,
      makeRequest(`/topics/${topic.id}`, { cookie: worker.cookie, form: { intent: 'reject', expectedVersion: String(topic.version), reason: 'because' } }),
      { id: String(topic.id) },
    )
    expect(bad.status).toBe(400)
    const ok = await callRoute(
      reviewAction,
      makeRequest(`/topics/${topic.id}`, {
        cookie: worker.cookie,
        form: { intent: 'reject', expectedVersion: String(topic.version), reason: 'not_jurisdiction', note: '属于区级' },
      }),
      { id: String(topic.id) },
    )
    expect(ok.status).toBe(200)
    const list = await (await callRoute(listLoader, makeRequest('/topics?status=rejected', { cookie: worker.cookie }))).json()
    expect(list.topics.map((t: { id: number }) => t.id)).toEqual([topic.id])
    // The list says why, for the supervisor and the next worker.
    expect(list.topics[0].rejection).toEqual({ reason: 'not_jurisdiction', note: '属于区级' })
    expect(getTopic(db, topic.id)!.rejectReason).toBe('not_jurisdiction')
  })

  it('reopens a rejected topic as a suggestion a worker made, with the step in its history and an audit row', async () => {
    const { worker, topic } = await setup()
    const post = (form: Record<string, string>) =>
      callRoute(reviewAction, makeRequest(`/topics/${topic.id}`, { cookie: worker.cookie, form }), { id: String(topic.id) })
    await post({ intent: 'reject', expectedVersion: String(topic.version), reason: 'insufficient', note: '' })
    const rejected = getTopic(db, topic.id)!
    expect(rejected.status).toBe('rejected')
    // Only a rejected topic can be reopened, at the version the worker saw.
    expect((await post({ intent: 'reopen', expectedVersion: String(topic.version) })).status).toBe(409)
    expect((await post({ intent: 'reopen', expectedVersion: String(rejected.version) })).status).toBe(200)
    const reopened = getTopic(db, topic.id)!
    expect(reopened).toMatchObject({ status: 'suggested', rejectReason: null, rejectNote: null, clusterKey: null })
    expect(getTopicComplaintIds(db, topic.id)).toEqual(getTopicComplaintIds(db, rejected.id))
    const steps = db
      .select()
      .from(topicEvents)
      .where(eq(topicEvents.topicId, topic.id))
      .all()
      .map(e => [e.kind, e.fromStatus, e.toStatus])
    expect(steps.slice(-2)).toEqual([
      ['reject', 'suggested', 'rejected'],
      ['reopen', 'rejected', 'suggested'],
    ])
    const audit = db.select().from(auditEvents).where(eq(auditEvents.action, 'topic.reopen')).all()
    expect(audit.map(a => [a.actorId, a.subjectId])).toEqual([[worker.id, String(topic.id)]])
    // Reopening an open suggestion is refused.
    expect((await post({ intent: 'reopen', expectedVersion: String(reopened.version) })).status).toBe(409)
  })

  it('refuses “other” as a reason without saying what it is, beside the note, and the topic stays open', async () => {
    const { worker, topic } = await setup()
    const res = await callRoute(
      reviewAction,
      makeRequest(`/topics/${topic.id}`, {
        cookie: worker.cookie,
        form: { intent: 'reject', expectedVersion: String(topic.version), reason: 'other', note: '  ' },
      }),
      { id: String(topic.id) },
    )
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: 'topics.error.rejectNote', result: { error: { note: ['topics.error.rejectNote'] } } })
    expect(getTopic(db, topic.id)!.status).toBe('suggested')
  })

  it('merges two suggestions and splits complaints out again', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    burst('小河小学路口', '{p}上下学高峰拥堵严重', 3, { unit: u.czq.id })
    burst('长征桥农贸市场', '{p}门口摊贩占道经营', 3, { unit: u.czq.id })
    const out = runPipeline()
    expect(out.length).toBeGreaterThanOrEqual(2)
    const [a, b] = out.map(o => getTopic(db, o.topic.id)!)
    const merged = await callRoute(
      listAction,
      makeRequest('/topics', {
        cookie: worker.cookie,
        form: {
          intent: 'confirm-merge',
          ids: [String(a!.id), String(b!.id)],
          target: String(a!.id),
          [`version-${a!.id}`]: String(a!.version),
          [`version-${b!.id}`]: String(b!.version),
        },
      }),
    )
    expect(merged.status).toBe(200)
    expect(getTopic(db, b!.id)!.status).toBe('merged')
    expect(getTopic(db, b!.id)!.mergedIntoId).toBe(a!.id)
    const all = getTopicComplaintIds(db, a!.id)
    expect(all).toHaveLength(6)
    const target = getTopic(db, a!.id)!
    const moving = all.slice(0, 2).map(String)
    const split = await callRoute(
      reviewAction,
      makeRequest(`/topics/${a!.id}`, {
        cookie: worker.cookie,
        form: { intent: 'split', expectedVersion: String(target.version), splitTitle: '拆出的议题', complaintIds: moving },
      }),
      { id: String(a!.id) },
    )
    expect(split.status).toBe(200)
    expect(getTopicComplaintIds(db, a!.id)).toHaveLength(4)
    const created = db.select().from(topics).where(eq(topics.splitFromId, a!.id)).get()!
    expect(created.title).toBe('拆出的议题')
    expect(getTopicComplaintIds(db, created.id).map(String).sort()).toEqual([...moving].sort())
    expect(created.heat).toBeGreaterThan(0)
  })

  it('lets neither a worker of another community nor a resident see or act on it', async () => {
    const { topic } = await setup()
    const other = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    for (const who of [other, resident]) {
      expect((await callRoute(reviewLoader, makeRequest(`/topics/${topic.id}`, { cookie: who.cookie }), { id: String(topic.id) })).status).toBe(403)
      const res = await callRoute(
        reviewAction,
        makeRequest(`/topics/${topic.id}`, { cookie: who.cookie, form: { intent: 'approve', expectedVersion: String(topic.version), title: 'x' } }),
        { id: String(topic.id) },
      )
      expect(res.status).toBe(403)
    }
    const list = await (await callRoute(listLoader, makeRequest('/topics', { cookie: other.cookie }))).json()
    expect(list.topics).toEqual([])
    expect(getTopic(db, topic.id)!.status).toBe('suggested')
  })

  it('escalates a suggestion nobody acted on to street staff', async () => {
    const staff = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    const { topic } = await setup()
    db.update(topics)
      .set({ pushedAt: new Date(Date.now() - 8 * DAY) })
      .where(eq(topics.id, topic.id))
      .run()
    expect(escalateStaleSuggestions(db, nullNotifier, 7)).toEqual([topic.id])
    expect(db.select().from(notifications).where(eq(notifications.userId, staff.id)).all()[0]?.messageKey).toBe('topics.push.escalated')
    expect(escalateStaleSuggestions(db, nullNotifier, 7)).toEqual([])
  })
})

describe('topic list paging', () => {
  it('shows the hottest fifty suggestions first and the rest on the next page, each with its complaint count', async () => {
    const { complaint } = createComplaint(db, { channel: 'web', communityId: u.czq.id, subject: '路灯不亮', body: '登云路路灯不亮' }, SYSTEM)
    for (let i = 0; i < 60; i++) {
      insertTopic(db, { unitId: u.czq.id, title: `议题${i}`, heat: i }, i === 59 || i === 0 ? [complaint.id] : [])
    }
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const first = await (await callRoute(listLoader, makeRequest('/topics', { cookie: worker.cookie }))).json()
    expect([first.page, first.pages]).toEqual([1, 2])
    expect(first.topics.map((t: { title: string }) => t.title)).toEqual(Array.from({ length: 50 }, (_, k) => `议题${59 - k}`))
    expect(first.topics.map((t: { complaintCount: number }) => t.complaintCount).slice(0, 2)).toEqual([1, 0])
    const second = await (await callRoute(listLoader, makeRequest('/topics?page=2', { cookie: worker.cookie }))).json()
    expect(second.page).toBe(2)
    expect(second.topics.map((t: { title: string }) => t.title)).toEqual(Array.from({ length: 10 }, (_, k) => `议题${9 - k}`))
    expect(second.topics.at(-1).complaintCount).toBe(1)
    const beyond = await (await callRoute(listLoader, makeRequest('/topics?page=99', { cookie: worker.cookie }))).json()
    expect(beyond.page).toBe(2)
  })
})

describe('GET /api/v1/topics', () => {
  it('returns the topics in the bearer token’s scope with complaint ids and heat breakdown', async () => {
    burst('小河小学路口', '{p}上下学高峰拥堵严重', 4, { unit: u.czq.id })
    burst('和睦新村', '{p}餐馆油烟扰民', 4, { unit: u.hm.id })
    runPipeline()
    const czqToken = createApiToken(db, { name: 'czq', role: 'community_worker', unitId: u.czq.id }, SYSTEM).token
    const res = await callRoute(apiLoader, makeRequest('/api/v1/topics?status=suggested', { headers: { authorization: `Bearer ${czqToken}` } }))
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.topics).toHaveLength(1)
    expect(body.topics[0].community).toBe('gs-czq')
    expect(body.topics[0].complaintIds).toHaveLength(4)
    expect(body.topics[0].heatBreakdown.total).toBeCloseTo(body.topics[0].heat, 1)
    const streetToken = createApiToken(db, { name: 'street', role: 'street_staff', unitId: u.street.id }, SYSTEM).token
    const both = await (await callRoute(apiLoader, makeRequest('/api/v1/topics', { headers: { authorization: `Bearer ${streetToken}` } }))).json()
    expect(both.topics).toHaveLength(2)
    const one = await (
      await callRoute(apiLoader, makeRequest('/api/v1/topics?community=gs-hm', { headers: { authorization: `Bearer ${streetToken}` } }))
    ).json()
    expect(one.topics.map((t: { community: string }) => t.community)).toEqual(['gs-hm'])
    expect((await callRoute(apiLoader, makeRequest('/api/v1/topics?status=bogus', { headers: { authorization: `Bearer ${streetToken}` } }))).status).toBe(400)
    expect((await callRoute(apiLoader, makeRequest('/api/v1/topics'))).status).toBe(401)
  })
})

describe('historical complaints and periods', () => {
  it('a year of imported past letters gives reviewable historical suggestions without pushes; what is hot now is still pushed', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    burst('小河小学路口', '{p}上下学高峰拥堵严重', 8, { unit: u.czq.id, start: 330 })
    burst('和睦新村', '{p}餐馆油烟扰民', 8, { unit: u.czq.id, start: 200 })
    const imported = runPipeline()
    expect(imported.length).toBeGreaterThanOrEqual(2)
    expect(imported.every(o => o.historical && o.pushed === null)).toBe(true)
    expect(db.select().from(notifications).all()).toHaveLength(0)

    burst('金桂花园', '{p}门口占道经营', 8, { unit: u.czq.id, start: 5 })
    const live = runPipeline().filter(o => o.topic.place?.includes('金桂花园'))
    expect(live).toHaveLength(1)
    expect(live[0]!.historical).toBe(false)
    expect(live[0]!.pushed).toBe('threshold')
    expect(
      db
        .select()
        .from(notifications)
        .all()
        .map(n => n.userId),
    ).toEqual([worker.id])

    const token = createApiToken(db, { name: 'czq', role: 'community_worker', unitId: u.czq.id }, SYSTEM).token
    const get = async (q: string) =>
      (await callRoute(apiLoader, makeRequest(`/api/v1/topics?status=suggested${q}`, { headers: { authorization: `Bearer ${token}` } }))).json()
    const all = (await get('')).topics as { place: string; heat: number; historical: boolean; complaintIds: number[] }[]
    expect(all.map(t => t.place).sort()).toEqual(['和睦新村', '小河小学路口', '金桂花园'])
    expect(all.map(t => t.heat)).toEqual([...all.map(t => t.heat)].sort((a, b) => b - a))
    expect(all.find(t => t.place === '小河小学路口')!.historical).toBe(true)
    expect(all.find(t => t.place === '金桂花园')!.historical).toBe(false)
    expect(all.every(t => t.complaintIds.length === 8)).toBe(true)

    const day = (d: number) => new Date(Date.now() - d * DAY).toISOString()
    const early = (await get(`&from=${day(340)}&to=${day(300)}`)).topics as { place: string }[]
    expect(early.map(t => t.place)).toEqual(['小河小学路口'])
    const recent = (await get('&period=90d')).topics as { place: string }[]
    expect(recent.map(t => t.place)).toEqual(['金桂花园'])
    const bad = await callRoute(apiLoader, makeRequest('/api/v1/topics?from=yesterday', { headers: { authorization: `Bearer ${token}` } }))
    expect(bad.status).toBe(400)

    // The review list takes the same periods and marks past suggestions.
    const page = async (q: string) =>
      (await (await callRoute(listLoader, makeRequest(`/topics${q}`, { cookie: worker.cookie }))).json()) as {
        topics: { place: string; historical: boolean }[]
        period: { invalid: boolean }
      }
    const everything = await page('')
    expect(everything.topics.map(t => [t.place, t.historical]).sort()).toEqual([
      ['和睦新村', true],
      ['小河小学路口', true],
      ['金桂花园', false],
    ])
    expect((await page('?period=year')).topics.map(t => t.place).sort()).toEqual(['和睦新村', '小河小学路口', '金桂花园'])
    expect((await page('?period=90d')).topics.map(t => t.place)).toEqual(['金桂花园'])
    expect((await page('?from=2001-13-01')).period.invalid).toBe(true)

    // The topic page says it is past and lists the problems raised.
    const past = imported.find(o => o.topic.place?.includes('小河小学'))!.topic
    const detail = await (await callRoute(reviewLoader, makeRequest(`/topics/${past.id}`, { cookie: worker.cookie }), { id: String(past.id) })).json()
    expect(detail.historical).toBe(true)
    expect(detail.subProblems.reduce((a: number, p: { count: number }) => a + p.count, 0)).toBe(8)
  })

  it('the engine rebuilt at start clusters old complaints by their own times', () => {
    burst('小河小学路口', '{p}上下学高峰拥堵严重', 5, { unit: u.czq.id, start: 400 })
    processQueue(db, { limit: 10_000 })
    resetTopicEngine()
    const out = refreshAllSuggestions(db, nullNotifier, new Date(), { all: true })
    expect(out).toHaveLength(1)
    expect(out[0]!.historical).toBe(true)
    expect(getTopicComplaintIds(db, out[0]!.topic.id)).toHaveLength(5)
    // The periodic refresh leaves historical suggestions alone.
    expect(refreshAllSuggestions(db, nullNotifier)).toHaveLength(0)
  })
})

describe('engine merges', () => {
  it('a suggestion that absorbs another cluster takes its complaints; the emptied one is marked merged', async () => {
    const { syncSuggestion } = await import('#app/services/topics.server')
    burst('小河小学路口', '{p}上下学高峰拥堵严重', 5, { unit: u.czq.id })
    processQueue(db, { limit: 100 })
    const ids = db
      .select({ id: complaints.id })
      .from(complaints)
      .all()
      .map(r => r.id)
    const mk = (key: string, members: number[]) => insertTopic(db, { unitId: u.czq.id, status: 'suggested', clusterKey: key, title: key }, members)
    const a = mk('c1', ids.slice(0, 3))
    const b = mk('c2', ids.slice(3, 5))
    const heat = {
      complaints: { value: 5, contribution: 1 },
      distinctResidents: { value: 5, contribution: 1 },
      supporters: { value: 0, contribution: 0 },
      recency: { value: 1, contribution: 1 },
      burst: { value: 1, contribution: 1 },
      channels: { value: 2, contribution: 0.5 },
      span: { value: 1, contribution: 0 },
      total: 4.5,
    }
    const now = new Date()
    syncSuggestion(
      db,
      {
        clusterId: 'c9',
        title: '关于小河小学路口拥堵的议题',
        summary: '',
        category: '交通运输',
        path: ['交通运输'],
        place: '小河小学路口',
        keywords: [],
        complaintIds: ids.map(String),
        representativeIds: [],
        community: 'gs-czq',
        heat: 4.5,
        heatBreakdown: heat,
        from: now.toISOString(),
        to: now.toISOString(),
        stakeholders: [],
        entity: '小河小学路口',
        subProblems: [],
      },
      now,
    )
    expect(getTopicComplaintIds(db, a.id).sort()).toEqual([...ids].sort())
    expect(getTopic(db, b.id)!.status).toBe('merged')
    expect(getTopic(db, b.id)!.mergedIntoId).toBe(a.id)
    expect(getTopicComplaintIds(db, b.id)).toEqual([])
  })
})

describe('residents in the loop', () => {
  it('a complainant with an account is told when the topic is approved, and anyone logged in can follow the public topic', async () => {
    const { action: publicAction, loader: publicLoader } = await import('#app/routes/_public+/public.topics.$id')
    const { isFollowing } = await import('#db/queries/topics')
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const follower = await createLoggedInUser(db, 'resident', 'gs-hm')
    burst('小河小学路口', '{p}上下学高峰拥堵严重', 5, { unit: u.czq.id })
    db.update(complaints).set({ complainantUserId: resident.id }).where(eq(complaints.id, 1)).run()
    const topic = runPipeline()[0]!.topic
    await callRoute(
      reviewAction,
      makeRequest(`/topics/${topic.id}`, {
        cookie: worker.cookie,
        form: {
          intent: 'approve',
          expectedVersion: String(topic.version),
          title: '小河小学路口拥堵',
          description: '',
          category: '交通运输',
          place: '小河小学路口',
        },
      }),
      { id: String(topic.id) },
    )
    const told = db.select().from(notifications).where(eq(notifications.userId, resident.id)).all()
    expect(told.map(n => n.messageKey)).toContain('topics.notify.approved')
    expect(told[0]!.link).toBe(`/public/topics/${topic.id}`)

    const params = { id: String(topic.id) }
    const anon = await callRoute(publicAction, makeRequest(`/public/topics/${topic.id}`, { form: { intent: 'follow' } }), params)
    expect(anon.status).toBe(302)
    expect(anon.headers.get('location')).toContain('/login?redirectTo=')
    expect((await (await callRoute(publicLoader, makeRequest(`/public/topics/${topic.id}`, { cookie: follower.cookie }), params)).json()).following).toBe(false)
    await callRoute(publicAction, makeRequest(`/public/topics/${topic.id}`, { cookie: follower.cookie, form: { intent: 'follow' } }), params)
    expect(isFollowing(db, topic.id, follower.id)).toBe(true)
    expect((await (await callRoute(publicLoader, makeRequest(`/public/topics/${topic.id}`, { cookie: follower.cookie }), params)).json()).following).toBe(true)
    await callRoute(publicAction, makeRequest(`/public/topics/${topic.id}`, { cookie: follower.cookie, form: { intent: 'unfollow' } }), params)
    expect(isFollowing(db, topic.id, follower.id)).toBe(false)
  })
})
