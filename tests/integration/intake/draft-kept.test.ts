import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as root from '#app/root'
import * as newRoute from '#app/routes/_intake+/complaints.new'
import type { Db } from '#db/client'
import { publishFaqEntry } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { answers, auditEvents, complaints } from '#db/schema/index'
import { CSRF, callRoute, createLoggedInUser, createTestDb, seedTestUnits } from '#tests/db-utils'
import { PNG_1PX } from '#tests/fixtures/intake/files'

// Every answer of the resident form other than the tracking page re-renders the
// form: without JavaScript, what comes back in `values` is all the resident keeps.

let db: Db
let units: ReturnType<typeof seedTestUnits>
let ip = 0
beforeEach(() => {
  db = createTestDb()
  units = seedTestUnits(db)
  ip++
})

const draft = () => ({
  community: String(units.czq.id),
  placeText: '东园菜场北门',
  subject: '东园菜场北门垃圾桶满溢',
  body: '北门的垃圾桶每天傍晚就满了，气味很大，希望增加清运次数。',
  complainantName: '李师傅',
  complainantPhone: '13900002222',
  complainantAddress: '东园小区5幢',
  lat: '',
  lng: '',
})

function post(fields: Record<string, string>, opts: { cookie?: string; photo?: boolean; clientIp?: string } = {}) {
  const fd = new FormData()
  fd.set('csrf', CSRF)
  for (const [k, v] of Object.entries(fields)) fd.set(k, v)
  if (opts.photo) fd.append('photos', new Blob([new Uint8Array(PNG_1PX)], { type: 'image/png' }), 'north-gate.png')
  const headers = { cookie: opts.cookie ?? `th_csrf=${CSRF}`, 'x-teahouse-ip': opts.clientIp ?? `198.51.100.${ip}` }
  return callRoute(newRoute.action, new Request('http://localhost/complaints/new', { method: 'POST', body: fd, headers }))
}

/** A neighbour's report of the same problem, filed through the form. */
async function similarReport() {
  const res = await post({ ...draft(), body: '垃圾桶满了没人清，夏天苍蝇很多。', complainantName: '', complainantPhone: '', complainantAddress: '' })
  const trackingCode = res.headers.get('location')!.split('/track/')[1]!.split('?')[0]!
  return db.select().from(complaints).where(eq(complaints.trackingCode, trackingCode)).get()!
}

const supporters = (id: number) => db.select({ n: complaints.supportersCount }).from(complaints).where(eq(complaints.id, id)).get()!.n

describe('what a resident typed survives every answer of the form', () => {
  it('"me too" while logged out counts nothing and gives back every field, the similar reports and the report to support', async () => {
    const report = await similarReport()
    const res = await post({ ...draft(), support: report.trackingCode }, { photo: true })
    expect(res.status).toBe(401)
    const body = await res.json()
    expect(body).toMatchObject({ kind: 'supportLogin', trackingCode: report.trackingCode, values: draft(), photosDropped: true })
    expect(body.suggestion.similar.map((s: { trackingCode: string }) => s.trackingCode)).toContain(report.trackingCode)
    expect(supporters(report.id)).toBe(0)
    expect(db.select().from(complaints).all()).toHaveLength(1)
  })

  it('"me too" while logged in counts once and still gives back the draft', async () => {
    const report = await similarReport()
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const res = await post({ ...draft(), support: report.trackingCode }, { cookie: resident.cookie })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ kind: 'supported', count: 1, values: draft(), photosDropped: false })
    expect(supporters(report.id)).toBe(1)
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'complaint.support')).all()).toHaveLength(1)
  })

  it('"me too" on a report that is gone keeps the draft', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const res = await post({ ...draft(), support: 'TH-ZZZZZ-ZZZZZ' }, { cookie: resident.cookie })
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ kind: 'supportRefused', error: 'intake.error.support', values: draft() })
  })

  it('"this answers my question" counts the avoided inquiry and keeps the draft', async () => {
    const answer = publishFaqEntry(db, { question: '垃圾清运时间是什么时候？', reply: '每天早晚各清运一次。', sourceIds: [] }, SYSTEM)
    const res = await post({ ...draft(), answerId: String(answer.id) })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ kind: 'answered', answerId: answer.id, values: draft() })
    expect(db.select({ n: answers.inquiriesAvoided }).from(answers).where(eq(answers.id, answer.id)).get()!.n).toBe(1)
  })

  it('a form sent with only its subject comes back with the fields to finish and the answers to that subject', async () => {
    const answer = publishFaqEntry(
      db,
      { question: '电动自行车能不能在楼道里充电？', reply: '不能。楼道和家中都严禁给电动自行车充电，请到小区集中充电棚充电。', sourceIds: [] },
      SYSTEM,
    )
    const res = await post({ ...draft(), subject: '电动车可以在楼道里充电吗', body: '' })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { kind: string; suggestion: { answers: { id: number }[] } | null }
    expect(body.kind).toBe('invalid')
    expect(body.suggestion?.answers.map(a => a.id)).toEqual([answer.id])
  })

  it('"this answers my question" counts once per browser: clicking again keeps the draft but adds nothing', async () => {
    const answer = publishFaqEntry(db, { question: '垃圾清运时间是什么时候？', reply: '每天早晚各清运一次。', sourceIds: [] }, SYSTEM)
    const avoided = () => db.select({ n: answers.inquiriesAvoided }).from(answers).where(eq(answers.id, answer.id)).get()!.n
    const first = await post({ ...draft(), answerId: String(answer.id) })
    const counted = first.headers.get('set-cookie')!.split(';')[0]!
    for (let i = 0; i < 3; i++) {
      const again = await post({ ...draft(), answerId: String(answer.id) }, { cookie: `th_csrf=${CSRF}; ${counted}` })
      expect(again.status).toBe(200)
      expect(await again.json()).toMatchObject({ kind: 'answered', answerId: answer.id, values: draft() })
    }
    expect(avoided()).toBe(1)
  })

  it('"check for similar" past the per-address budget answers 429 with the draft instead of an error page', async () => {
    const clientIp = '203.0.113.77'
    const statuses: number[] = []
    let last: unknown
    for (let i = 0; i < 35; i++) {
      const res = await post({ ...draft(), intent: 'check' }, { clientIp })
      statuses.push(res.status)
      last = await res.json()
    }
    expect(statuses.slice(0, 30).every(s => s === 200)).toBe(true)
    expect(statuses.at(-1)).toBe(429)
    expect(last).toMatchObject({ kind: 'checkBusy', values: draft(), suggestion: null })
  })

  it('a language switch from the header keeps the draft, and the page of the same response is already in the new language', async () => {
    const fd = new FormData()
    fd.set('csrf', CSRF)
    for (const [k, v] of Object.entries({ ...draft(), intent: 'lang:en' })) fd.set(k, v)
    const request = new Request('http://localhost/complaints/new', {
      method: 'POST',
      body: fd,
      headers: { cookie: `th_csrf=${CSRF}`, 'x-teahouse-ip': `198.51.100.${ip}` },
    })
    const context = { notify: { toUser() {}, toUnit() {} } } as never as { prefs?: unknown }
    const res = (await newRoute.action({ request, params: {}, context } as never)) as Response
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toMatch(/^th_prefs=en\.0\.0;/)
    expect(await res.json()).toMatchObject({ kind: 'prefs', values: draft() })
    const page = (await root.loader({
      request: new Request('http://localhost/complaints/new', { headers: { cookie: `th_csrf=${CSRF}` } }),
      params: {},
      context,
    } as never)) as Response
    expect((await page.json()).prefs).toEqual({ locale: 'en', largeText: false, highContrast: false })
  })

  it('the old support post (intent=support with trackingCode) still works', async () => {
    const report = await similarReport()
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const res = await post({ intent: 'support', trackingCode: report.trackingCode }, { cookie: resident.cookie })
    expect(await res.json()).toMatchObject({ kind: 'supported', count: 1 })
  })
})
