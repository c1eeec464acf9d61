/// <reference types="vite/client" />
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { processQueue } from '#app/services/nlp.server'
import { afterClassified, resetTopicEngine } from '#app/services/topics.server'
import type { Db } from '#db/client'
import { decisions, meetings, panels, topics, units, workOrders } from '#db/schema/index'
import { seedDemo } from '#db/seed'
import { nullNotifier } from '#realtime/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest } from '#tests/db-utils'

// Every route module: each loader and action is called as an anonymous visitor
// and as a resident. Only the routes listed as public may answer 200 to them.
const modules = import.meta.glob<{ loader?: (a: never) => unknown; action?: (a: never) => unknown }>('/app/routes/**/*.{ts,tsx}', { eager: true })

/** Routes anyone may load (GET). */
const PUBLIC_LOADERS = new Set([
  '_index',
  'login',
  'complaints.new',
  'track',
  'track.$code',
  'public._index',
  'public.$code',
  'public.$code_.feed[.]xml',
  'public.topics.$id',
  'rate.$token',
  'invite.$token',
  'invite.$token_.ics',
  'open311.v2.services[.]json',
  'open311.v2.requests[.]json',
  'open311.v2.requests.$id',
  'api.v1.public.communities',
  'api.v1.public.communities.$id.timeline',
  'meetings.$id.observe',
  'resources.complaint-suggest',
  '$',
  'logout',
  'prefs',
  'answers._index',
  'answers.$id',
])
/** Routes a resident may load too (their own pages). */
const RESIDENT_LOADERS = new Set(['me', 'notifications', 'join', 'meetings.$id._index', 'meetings.$id.checkin'])
/** Actions anyone may post to (with a valid CSRF token). */
const PUBLIC_ACTIONS = new Set([
  'login',
  'logout',
  'prefs',
  'complaints.new',
  'track.$code',
  'rate.$token',
  'invite.$token',
  'open311.v2.requests[.]json',
  'public.topics.$id',
  'answers.$id',
])
const RESIDENT_ACTIONS = new Set(['notifications', 'join', 'meetings.$id._index', 'meetings.$id.checkin', 'public.topics.$id', 'me'])

let db: Db
let params: Record<string, string>

beforeAll(async () => {
  db = createTestDb()
  resetTopicEngine()
  await seedDemo(db, { complaints: 60, pool: 20 })
  afterClassified(db, nullNotifier, processQueue(db, { limit: 1000 }))
  // Give every dynamic route something real to find, so a 404 cannot hide a missing permission check.
  const topic = db.select().from(topics).get()!
  db.update(topics).set({ status: 'approved' }).where(eq(topics.id, topic.id)).run()
  const panel = db.insert(panels).values({ topicId: topic.id, seats: 1, seed: 's', algorithm: 'test', request: {}, probabilities: {} }).returning().get()
  const meeting = db
    .insert(meetings)
    .values({ topicId: topic.id, panelId: panel.id, title: '议事会', mode: 'online', startsAt: new Date(), checkInToken: 'tok', isPublic: false })
    .returning()
    .get()
  const decision = db.insert(decisions).values({ topicId: topic.id, meetingId: meeting.id, title: '决定' }).returning().get()
  const dept = db.select().from(units).where(eq(units.kind, 'department')).get()!
  const order = db
    .insert(workOrders)
    .values({
      decisionId: decision.id,
      departmentId: dept.id,
      title: '工作单',
      problem: '问题',
      dueAt: new Date(Date.now() + 86_400_000),
      status: 'dispatched',
    })
    .returning()
    .get()
  params = { id: String(topic.id), code: 'gs-czq', token: 'no-such-token', photoId: '1' }
  // The demo's history has public meetings and delivered decisions of its own: test against these private rows.
  fixtureIds = { meeting: meeting.id, decision: decision.id, order: order.id, panel: panel.id }
})

let fixtureIds: { meeting: number; decision: number; order: number; panel: number }

function paramsFor(route: string): Record<string, string> {
  const p = { ...params }
  if (route.startsWith('meetings.')) p.id = String(fixtureIds.meeting)
  if (route.startsWith('decisions.')) p.id = String(fixtureIds.decision)
  if (route.startsWith('orders.')) p.id = String(fixtureIds.order)
  if (route.startsWith('panels.')) p.id = String(fixtureIds.panel)
  if (route.startsWith('complaints.') || route.startsWith('attachments.')) p.id = '1'
  if (route.startsWith('track.')) p.code = 'TH-NONE-XXXXX'
  return p
}

const routes = Object.entries(modules).map(([file, mod]) => ({ name: file.replace(/^\/app\/routes\/(?:[^/]+\+\/)?/, '').replace(/\.tsx?$/, ''), mod }))

describe('every route refuses visitors who should not reach it', () => {
  it('knows every route module', () => {
    expect(routes.length).toBeGreaterThan(40)
  })

  it.each(routes.filter(r => r.mod.loader && !PUBLIC_LOADERS.has(r.name)).map(r => [r.name, r] as const))('anonymous GET %s is not served', async (name, r) => {
    const res = await callRoute(r.mod.loader!, makeRequest(`/${name}`), paramsFor(name))
    expect(res.status, `${name} answered ${res.status}`).not.toBe(200)
  })

  it.each(routes.filter(r => r.mod.action && !PUBLIC_ACTIONS.has(r.name)).map(r => [r.name, r] as const))('anonymous POST %s is refused', async (name, r) => {
    const res = await callRoute(r.mod.action!, makeRequest(`/${name}`, { form: { intent: 'approve' } }), paramsFor(name))
    expect([301, 302, 303, 400, 401, 403, 404, 405]).toContain(res.status)
    expect(res.status).not.toBe(200)
  })

  it.each(routes.filter(r => r.mod.loader && !PUBLIC_LOADERS.has(r.name) && !RESIDENT_LOADERS.has(r.name)).map(r => [r.name, r] as const))(
    'a resident GET %s is refused',
    async (name, r) => {
      const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
      const res = await callRoute(r.mod.loader!, makeRequest(`/${name}`, { cookie: resident.cookie }), paramsFor(name))
      expect([403, 404]).toContain(res.status)
    },
  )

  it.each(routes.filter(r => r.mod.action && !PUBLIC_ACTIONS.has(r.name) && !RESIDENT_ACTIONS.has(r.name)).map(r => [r.name, r] as const))(
    'a resident POST %s is refused',
    async (name, r) => {
      const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
      const res = await callRoute(r.mod.action!, makeRequest(`/${name}`, { cookie: resident.cookie, form: { intent: 'approve' } }), paramsFor(name))
      expect([403, 404]).toContain(res.status)
    },
  )
})
