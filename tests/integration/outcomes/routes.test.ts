import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as apiCommunities from '#app/routes/_api+/api.v1.public.communities'
import * as apiTimeline from '#app/routes/_api+/api.v1.public.communities.$id.timeline'
import * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import * as decisionNew from '#app/routes/_outcomes+/decisions.new'
import * as orderPage from '#app/routes/_outcomes+/orders.$id'
import * as ordersIndex from '#app/routes/_outcomes+/orders._index'
import * as rate from '#app/routes/_outcomes+/rate.$token'
import * as reports from '#app/routes/_outcomes+/reports'
import * as monthly from '#app/routes/_outcomes+/reports_.monthly'
import * as supervise from '#app/routes/_outcomes+/supervise'
import * as publicCommunity from '#app/routes/_public+/public.$code'
import * as feed from '#app/routes/_public+/public.$code_.feed[.]xml'
import * as publicIndex from '#app/routes/_public+/public._index'
import * as publicTopic from '#app/routes/_public+/public.topics.$id'
import { navFor } from '#app/utils/nav'
import { recordDecision } from '#db/queries/decisions'
import { createWorkOrders, transitionWorkOrder } from '#db/queries/work-orders'
import { attachments, satisfactionRatings, workOrders } from '#db/schema/index'
import { CSRF, callRoute, makeRequest } from '#tests/db-utils'
import { asUser, outcomeScenario, piiNeedles, type Scenario } from './fixtures'

beforeAll(() => {
  // Uploads go to DATA_DIR; getEnv() reads it lazily, on the first upload.
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'teahouse-outcomes-'))
})

let s: Scenario
let orderId: number
let decisionId: number
beforeEach(async () => {
  s = await outcomeScenario()
  const { decision } = recordDecision(
    s.db,
    { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2, targets: [{ metric: '临时停车位', unit: '个', baseline: 0, target: 19 }] },
    asUser(s.users.worker),
  )
  decisionId = decision.id
  const [o] = createWorkOrders(
    s.db,
    {
      decisionId,
      departmentIds: [s.units.traffic.id],
      title: '施划临时停车位',
      problem: '小河小学路口上下学高峰拥堵',
      place: '小河小学路口',
      dueAt: new Date(Date.now() + 10 * 86400_000),
      dispatch: true,
    },
    asUser(s.users.street),
  ).orders
  orderId = o!.id
})

const body = async (res: Response) => await res.text()
function expectNoPii(text: string) {
  for (const needle of piiNeedles()) expect(text).not.toContain(needle)
}

describe('privacy: departments and the public never see who complained', () => {
  it('the department’s order list and order page carry no complainant data', async () => {
    const list = await callRoute(ordersIndex.loader, makeRequest('/orders', { cookie: s.users.dept.cookie }))
    expect(list.status).toBe(200)
    const listText = await body(list)
    expect(listText).toContain('施划临时停车位')
    expectNoPii(listText)
    const page = await callRoute(orderPage.loader, makeRequest(`/orders/${orderId}`, { cookie: s.users.dept.cookie }), { id: String(orderId) })
    expect(page.status).toBe(200)
    const pageText = await body(page)
    expect(JSON.parse(pageText).transitions).toEqual(['accepted', 'returned'])
    expectNoPii(pageText)
  })

  it('another department may not open the order', async () => {
    const res = await callRoute(orderPage.loader, makeRequest(`/orders/${orderId}`, { cookie: s.users.deptOther.cookie }), { id: String(orderId) })
    expect(res.status).toBe(403)
  })

  it('the public pages, feed and open-data API carry no complainant data', async () => {
    const texts: string[] = []
    for (const [fn, url, params] of [
      [publicIndex.loader, '/public', {}],
      [publicCommunity.loader, '/public/gs-czq', { code: 'gs-czq' }],
      [publicTopic.loader, `/public/topics/${s.topic.id}`, { id: String(s.topic.id) }],
      [feed.loader, '/public/gs-czq/feed.xml', { code: 'gs-czq' }],
      [apiCommunities.loader, '/api/v1/public/communities', {}],
      [apiTimeline.loader, `/api/v1/public/communities/${s.units.czq.id}/timeline`, { id: String(s.units.czq.id) }],
    ] as const) {
      const res = await callRoute(fn, makeRequest(url), params)
      expect(res.status, url).toBe(200)
      texts.push(await body(res))
    }
    for (const t of texts) expectNoPii(t)
  })
})

describe('open-data API (contract)', () => {
  it('lists communities with the address of each timeline, CORS open', async () => {
    const res = await callRoute(apiCommunities.loader, makeRequest('/api/v1/public/communities'))
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const data = (await res.json()) as { communities: { id: number; code: string; timeline: string; decisions: number }[] }
    const czq = data.communities.find(c => c.code === 'gs-czq')!
    expect(czq.timeline).toBe(`http://localhost/api/v1/public/communities/${s.units.czq.id}/timeline`)
    expect(czq.decisions).toBe(1)
  })

  it('returns the timeline entries as JSON, newest first, by id or code', async () => {
    for (const id of [String(s.units.czq.id), 'gs-czq']) {
      const res = await callRoute(apiTimeline.loader, makeRequest(`/api/v1/public/communities/${id}/timeline`), { id })
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      const data = (await res.json()) as { entries: { type: string; at: string; title: string; summary: string; link: string }[] }
      const types = data.entries.map(e => e.type)
      expect(types).toEqual(expect.arrayContaining(['topic', 'meeting', 'decision', 'work_order']))
      for (const e of data.entries) {
        expect(e).toEqual(
          expect.objectContaining({
            type: expect.any(String),
            at: expect.any(String),
            title: expect.any(String),
            summary: expect.any(String),
            link: expect.stringMatching(/^http:\/\/localhost\/public\/topics\/\d+$/),
          }),
        )
      }
      const ats = data.entries.map(e => Date.parse(e.at))
      expect([...ats].sort((a, b) => b - a)).toEqual(ats)
      expect(data.entries.find(e => e.type === 'decision')!.summary).toContain('临时停车位 0 → 19 个')
    }
  })

  it('answers 404 JSON for an unknown community and a non-community unit', async () => {
    for (const id of ['999', 'dept-traffic']) {
      const res = await callRoute(apiTimeline.loader, makeRequest(`/api/v1/public/communities/${id}/timeline`), { id })
      expect(res.status).toBe(404)
    }
  })

  it('hides private topics', async () => {
    const { topics } = await import('#db/schema/index')
    s.db.update(topics).set({ isPublic: false }).where(eq(topics.id, s.topic.id)).run()
    const res = await callRoute(apiTimeline.loader, makeRequest('/api/v1/public/communities/gs-czq/timeline'), { id: 'gs-czq' })
    expect(((await res.json()) as { entries: unknown[] }).entries).toEqual([])
  })

  it('serves the topic page with a QR code of its address', async () => {
    const res = await callRoute(publicTopic.loader, makeRequest(`/public/topics/${s.topic.id}`), { id: String(s.topic.id) })
    const data = (await res.json()) as { qr: string; url: string }
    expect(data.url).toBe(`http://localhost/public/topics/${s.topic.id}`)
    expect(data.qr).toMatch(/^<svg/)
  })

  it('serves an Atom feed', async () => {
    const res = await callRoute(feed.loader, makeRequest('/public/gs-czq/feed.xml'), { code: 'gs-czq' })
    expect(res.headers.get('content-type')).toContain('application/atom+xml')
    const xml = await res.text()
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"')
    expect(xml.match(/<entry>/g)!.length).toBeGreaterThanOrEqual(4)
  })
})

describe('work-order page actions', () => {
  function multipart(fields: Record<string, string>, files: { name: string; bytes: Uint8Array; type: string }[], cookie: string) {
    const fd = new FormData()
    fd.set('csrf', CSRF)
    for (const [k, v] of Object.entries(fields)) fd.set(k, v)
    for (const f of files) fd.append('photos', new File([Buffer.from(f.bytes)], f.name, { type: f.type }))
    return new Request(`http://localhost/orders/${orderId}`, { method: 'POST', body: fd, headers: { cookie } })
  }
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])

  it('moves the order through the transitions the data offers, and reports a stale version as a conflict', async () => {
    const ok = await callRoute(
      orderPage.action,
      makeRequest(`/orders/${orderId}`, { cookie: s.users.dept.cookie, form: { intent: 'transition', to: 'accepted', version: '2' } }),
      { id: String(orderId) },
    )
    expect(ok.status).toBe(303)
    const stale = await callRoute(
      orderPage.action,
      makeRequest(`/orders/${orderId}`, { cookie: s.users.dept.cookie, form: { intent: 'transition', to: 'returned', version: '2' } }),
      { id: String(orderId) },
    )
    expect(stale.status).toBe(409)
    expect(await stale.json()).toMatchObject({ error: 'outcome.error.conflict' })
    const forbidden = await callRoute(
      orderPage.action,
      makeRequest(`/orders/${orderId}`, { cookie: s.users.dept.cookie, form: { intent: 'transition', to: 'verified', version: '3' } }),
      { id: String(orderId) },
    )
    expect(forbidden.status).toBe(403)
  })

  it('stores photos whose bytes are an image, and refuses files that only claim to be one', async () => {
    transitionWorkOrder(s.db, { workOrderId: orderId, to: 'accepted', expectedVersion: 2 }, asUser(s.users.dept))
    const good = await callRoute(
      orderPage.action,
      multipart({ intent: 'update', note: '已施划 12 个', progress: '60' }, [{ name: 'site.png', bytes: PNG, type: 'image/png' }], s.users.dept.cookie),
      { id: String(orderId) },
    )
    expect(good.status).toBe(303)
    const stored = s.db.select().from(attachments).all()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ mimeType: 'image/png', sizeBytes: PNG.byteLength })
    expect(fs.existsSync(path.join(process.env.DATA_DIR!, stored[0]!.storagePath))).toBe(true)
    expect(s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.progress).toBe(60)

    const fake = await callRoute(
      orderPage.action,
      multipart(
        { intent: 'update', note: '伪装的图片', progress: '' },
        [{ name: 'evil.png', bytes: new TextEncoder().encode('<script>alert(1)</script>'), type: 'image/png' }],
        s.users.dept.cookie,
      ),
      { id: String(orderId) },
    )
    expect(fake.status).toBe(400)
    expect(await fake.json()).toMatchObject({ result: { error: { photos: ['outcome.error.photoType'] }, initialValue: { note: '伪装的图片' } } })

    const big = new Uint8Array(5 * 1024 * 1024 + 1)
    big.set([0xff, 0xd8, 0xff])
    const tooBig = await callRoute(
      orderPage.action,
      multipart({ intent: 'update', note: '大图' }, [{ name: 'big.jpg', bytes: big, type: 'image/jpeg' }], s.users.dept.cookie),
      { id: String(orderId) },
    )
    expect(tooBig.status).toBe(400)
    expect(await tooBig.json()).toMatchObject({ result: { error: { photos: ['outcome.error.photoSize'] } } })

    const empty = await callRoute(orderPage.action, multipart({ intent: 'update', note: '' }, [], s.users.dept.cookie), { id: String(orderId) })
    expect(empty.status).toBe(400)
    expect(await empty.json()).toMatchObject({ result: { error: { note: ['outcome.error.noteRequired'] } } })
    expect(s.db.select().from(attachments).all()).toHaveLength(1)
  })

  it('needs the CSRF token', async () => {
    const req = new Request(`http://localhost/orders/${orderId}`, {
      method: 'POST',
      body: new URLSearchParams({ intent: 'transition', to: 'accepted', version: '2' }),
      headers: { cookie: s.users.dept.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    })
    const res = await callRoute(orderPage.action, req, { id: String(orderId) })
    expect(res.status).toBe(403)
  })
})

describe('decision pages', () => {
  it('re-renders the order form with errors in the user’s language keys and keeps the input', async () => {
    const res = await callRoute(
      decisionPage.action,
      makeRequest(`/decisions/${decisionId}`, {
        cookie: s.users.street.cookie,
        form: { intent: 'createOrders', title: '施划', problem: '拥堵', place: '', priority: 'normal', dueAt: '' },
      }),
      { id: String(decisionId) },
    )
    expect(res.status).toBe(400)
    const data = (await res.json()) as { result: { error: Record<string, string[]>; initialValue: Record<string, string> } }
    expect(data.result.error).toMatchObject({ departmentIds: ['outcome.error.departmentRequired'], dueAt: ['outcome.error.date'] })
    expect(data.result.initialValue.title).toBe('施划')
  })

  it('creates orders for departments and records measurements', async () => {
    const res = await callRoute(
      decisionPage.action,
      makeRequest(`/decisions/${decisionId}`, {
        cookie: s.users.street.cookie,
        form: {
          intent: 'createOrders',
          departmentIds: [String(s.units.cityman.id)],
          title: '清理路口占道',
          problem: '占道经营',
          place: '小河小学路口',
          priority: 'urgent',
          dueAt: '2030-01-31',
          dispatch: 'on',
        },
      }),
      { id: String(decisionId) },
    )
    expect(res.status).toBe(303)
    // Back on the page, which says the orders were made.
    expect(res.headers.get('location')).toBe(`/decisions/${decisionId}?done=orders`)
    const made = s.db.select().from(workOrders).where(eq(workOrders.departmentId, s.units.cityman.id)).get()!
    expect(made).toMatchObject({ status: 'dispatched', priority: 'urgent' })
    expect(made.dueAt.toISOString()).toBe('2030-01-31T15:59:59.999Z')
    const page = await callRoute(decisionPage.loader, makeRequest(`/decisions/${decisionId}`, { cookie: s.users.street.cookie }), { id: String(decisionId) })
    const data = (await page.json()) as { targets: { id: number }[] }
    const m = await callRoute(
      decisionPage.action,
      makeRequest(`/decisions/${decisionId}`, {
        cookie: s.users.worker.cookie,
        form: { intent: 'measure', targetId: String(data.targets[0]!.id), value: '19', measuredAt: '2025-11-01', note: '' },
      }),
      { id: String(decisionId) },
    )
    expect(m.status).toBe(303)
    expect(m.headers.get('location')).toBe(`/decisions/${decisionId}?done=measure`)
  })

  it('a department may not create orders or read decisions', async () => {
    const res = await callRoute(decisionPage.loader, makeRequest(`/decisions/${decisionId}`, { cookie: s.users.dept.cookie }), { id: String(decisionId) })
    expect(res.status).toBe(403)
  })

  it('records a decision from a meeting through the form', async () => {
    const res = await callRoute(
      decisionNew.action,
      makeRequest('/decisions/new', {
        cookie: s.users.worker.cookie,
        form: {
          meetingId: String(s.meeting.id),
          title: '高峰错峰放学',
          description: '',
          voteSeq: '2',
          'targets[0].metric': '高峰通行时间',
          'targets[0].unit': '分钟',
          'targets[0].baseline': '20',
          'targets[0].target': '10',
          'targets[1].metric': '',
          'targets[1].unit': '',
          'targets[1].baseline': '',
          'targets[1].target': '',
        },
      }),
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/^\/decisions\/\d+$/)
    const bad = await callRoute(
      decisionNew.action,
      makeRequest('/decisions/new', {
        cookie: s.users.worker.cookie,
        form: {
          meetingId: String(s.meeting.id),
          title: 'x',
          description: '',
          'targets[0].metric': '指标',
          'targets[0].baseline': 'abc',
          'targets[0].target': '1',
          'targets[1].metric': '只填了指标',
        },
      }),
    )
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({
      result: {
        error: { title: ['outcome.error.decisionRequired'], 'targets[0].baseline': ['outcome.error.targetRow'], 'targets[1]': ['outcome.error.targetRow'] },
      },
    })
  })
})

describe('supervision and rating pages', () => {
  it('the supervisor verifies from the supervision page; sending back needs a reason', async () => {
    for (const to of ['accepted', 'in_progress', 'awaiting_verification']) {
      const v = s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.version
      transitionWorkOrder(s.db, { workOrderId: orderId, to, expectedVersion: v }, asUser(s.users.dept))
    }
    const list = await callRoute(supervise.loader, makeRequest('/supervise', { cookie: s.users.supervisor.cookie }))
    const data = (await list.json()) as { waiting: { id: number; version: number; canVerify: boolean }[] }
    expect(data.waiting.map(w => w.id)).toEqual([orderId])
    expect(data.waiting[0]!.canVerify).toBe(true)
    // Street staff follow the same list but verifying is not theirs: the page offers them no buttons that would be refused.
    const street = (await (await callRoute(supervise.loader, makeRequest('/supervise', { cookie: s.users.street.cookie }))).json()) as typeof data
    expect(street.waiting.map(w => ({ id: w.id, canVerify: w.canVerify }))).toEqual([{ id: orderId, canVerify: false }])
    const refused = await callRoute(
      supervise.action,
      makeRequest('/supervise', {
        cookie: s.users.street.cookie,
        form: { workOrderId: String(orderId), version: String(street.waiting[0]!.version), to: 'verified', note: '' },
      }),
    )
    expect(refused.status).toBe(403)
    const noReason = await callRoute(
      supervise.action,
      makeRequest('/supervise', {
        cookie: s.users.supervisor.cookie,
        form: { workOrderId: String(orderId), version: String(data.waiting[0]!.version), to: 'in_progress', note: '' },
      }),
    )
    expect(noReason.status).toBe(400)
    expect(await noReason.json()).toMatchObject({ result: { error: { note: ['outcome.error.reasonRequired'] } } })
    const ok = await callRoute(
      supervise.action,
      makeRequest('/supervise', {
        cookie: s.users.supervisor.cookie,
        form: { workOrderId: String(orderId), version: String(data.waiting[0]!.version), to: 'verified', note: '现场核验' },
      }),
    )
    expect(ok.status).toBe(303)
    // The list the order just left says what became of it.
    expect(ok.headers.get('location')).toBe('/supervise?done=verified')
    expect(s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.status).toBe('verified')

    // Delivered: a token link works without login, once.
    const token = s.db.select().from(satisfactionRatings).all()[0]!.token
    const page = await callRoute(rate.loader, makeRequest(`/rate/${token}`), { token })
    expect(page.status).toBe(200)
    expectNoPii(await page.text())
    const bad = await callRoute(rate.action, makeRequest(`/rate/${token}`, { form: { rating: '9', comment: '' } }), { token })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ result: { error: { rating: ['outcome.rate.error.rating'] } } })
    const good = await callRoute(rate.action, makeRequest(`/rate/${token}`, { form: { rating: '4', comment: '好多了' } }), { token })
    expect(good.status).toBe(200)
    const again = await callRoute(rate.action, makeRequest(`/rate/${token}`, { form: { rating: '4', comment: '' } }), { token })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ error: 'outcome.rate.error.answered' })
    const unknown = await callRoute(rate.loader, makeRequest('/rate/nope'), { token: 'nope' })
    expect(unknown.status).toBe(404)
  })
})

describe('the work-order list', () => {
  it('puts the orders in hand first, soonest due first, and finished ones after them', async () => {
    const more = createWorkOrders(
      s.db,
      {
        decisionId,
        departmentIds: [s.units.traffic.id],
        title: '早到期已完成',
        problem: '路口拥堵',
        place: '小河小学路口',
        dueAt: new Date(Date.now() + 2 * 86400_000),
        dispatch: true,
      },
      asUser(s.users.street),
    ).orders[0]!
    for (const to of ['accepted', 'in_progress', 'awaiting_verification']) {
      const v = s.db.select().from(workOrders).where(eq(workOrders.id, more.id)).get()!.version
      transitionWorkOrder(s.db, { workOrderId: more.id, to, expectedVersion: v }, asUser(s.users.dept))
    }
    const v = s.db.select().from(workOrders).where(eq(workOrders.id, more.id)).get()!.version
    transitionWorkOrder(s.db, { workOrderId: more.id, to: 'verified', expectedVersion: v, note: '核验' }, asUser(s.users.supervisor))
    const list = (await (await callRoute(ordersIndex.loader, makeRequest('/orders', { cookie: s.users.dept.cookie }))).json()) as { rows: { id: number }[] }
    expect(list.rows.map(o => o.id)).toEqual([orderId, more.id])
  })
})

describe('a poor rating seen on the work order', () => {
  it('the order’s history says in words that a resident’s rating reopened it, with the score', async () => {
    for (const to of ['accepted', 'in_progress', 'awaiting_verification']) {
      const v = s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.version
      transitionWorkOrder(s.db, { workOrderId: orderId, to, expectedVersion: v }, asUser(s.users.dept))
    }
    const v = s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.version
    transitionWorkOrder(s.db, { workOrderId: orderId, to: 'verified', expectedVersion: v, note: '现场核验' }, asUser(s.users.supervisor))
    const token = s.db.select().from(satisfactionRatings).all()[0]!.token
    // A redo asked for with a good rating is sent back with a clear error and the answers kept: nothing is counted or silently ignored.
    const mixed = await callRoute(rate.action, makeRequest(`/rate/${token}`, { form: { rating: '4', comment: '只做了一半', reopen: 'on' } }), { token })
    expect(mixed.status).toBe(400)
    expect(JSON.stringify(await mixed.json())).toContain('outcome.rate.error.reopenRating')
    expect(s.db.select().from(satisfactionRatings).all()[0]!.answeredAt).toBeNull()
    const rated = await callRoute(rate.action, makeRequest(`/rate/${token}`, { form: { rating: '2', comment: '只做了一半', reopen: 'on' } }), { token })
    expect(rated.status).toBe(200)
    expect(s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.status).toBe('in_progress')

    const page = await callRoute(orderPage.loader, makeRequest(`/orders/${orderId}`, { cookie: s.users.dept.cookie }), { id: String(orderId) })
    const data = (await page.json()) as { events: { toStatus: string | null; note: string | null; reopenedByRating: number | null; byStaff: boolean }[] }
    const reopening = data.events.at(-1)!
    expect(reopening).toMatchObject({ toStatus: 'in_progress', note: null, reopenedByRating: 2, byStaff: false })
    // Notes staff write stay as they were typed.
    expect(data.events.find(e => e.note === '现场核验')).toMatchObject({ reopenedByRating: null, byStaff: true })
  })
})

describe('reports', () => {
  it('street staff get the dashboard and the monthly report; others are refused', async () => {
    const res = await callRoute(reports.loader, makeRequest('/reports?months=3', { cookie: s.users.street.cookie }))
    expect(res.status).toBe(200)
    const data = (await res.json()) as { months: string[]; communities: { code: string; figures: { complaints: number; decisions: number } }[] }
    expect(data.months).toHaveLength(3)
    expect(data.communities.find(c => c.code === 'gs-czq')!.figures).toMatchObject({ complaints: 3, decisions: 1 })
    const m = await callRoute(monthly.loader, makeRequest('/reports/monthly?month=2020-13', { cookie: s.users.street.cookie }))
    expect(m.status).toBe(200)
    expect((await callRoute(reports.loader, makeRequest('/reports', { cookie: s.users.dept.cookie }))).status).toBe(403)
  })

  it('supervisors read the same figures for their area, which is what they oversee', async () => {
    const res = await callRoute(reports.loader, makeRequest('/reports?months=3', { cookie: s.users.supervisor.cookie }))
    expect(res.status).toBe(200)
    const data = (await res.json()) as { communities: { code: string; figures: { complaints: number; decisions: number } }[] }
    expect(data.communities.find(c => c.code === 'gs-czq')!.figures).toMatchObject({ complaints: 3, decisions: 1 })
    expect((await callRoute(monthly.loader, makeRequest('/reports/monthly', { cookie: s.users.supervisor.cookie }))).status).toBe(200)
    expect(navFor(['supervisor']).map(i => i.to)).toContain('/reports')
  })
})
