import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { enterComplaint } from '#app/commands/complaints.server'
import * as newRoute from '#app/routes/_intake+/complaints.new'
import * as suggest from '#app/routes/_resources+/resources.complaint-suggest'
import type { Db } from '#db/client'
import { auditEvents, complaints, users } from '#db/schema/index'
import type { Notifier } from '#realtime/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

// A resident's own report must never gain a supporter from the resident: supporters
// feed a topic's heat, so "me too" on one's own report pushes one's own issue up.

let db: Db
let units: ReturnType<typeof seedTestUnits>
let ip = 0
beforeEach(() => {
  db = createTestDb()
  units = seedTestUnits(db)
  ip++
})

const REPORT = {
  placeText: '小河小学路口',
  subject: '小河小学门口接送车辆拥堵',
  body: '每天早上送孩子上学，小河小学门口接送的车辆堵成一团，孩子过马路很危险。',
}
const SIMILAR = { subject: '小河小学门口早上车辆拥堵', body: '早高峰接送车辆把校门口堵死了，希望有人疏导。', placeText: '小河小学路口' }

function post(fields: Record<string, string>, cookie?: string) {
  const headers = { 'x-teahouse-ip': `198.51.100.${ip}` }
  return callRoute(newRoute.action, makeRequest('/complaints/new', { cookie, form: { community: String(units.czq.id), ...fields }, headers }))
}

async function file(fields: Record<string, string>, cookie?: string) {
  const res = await post({ ...REPORT, ...fields }, cookie)
  expect(res.status).toBe(302)
  const code = res.headers.get('location')!.split('/track/')[1]!.split('?')[0]!
  return db.select().from(complaints).where(eq(complaints.trackingCode, code)).get()!
}

const NO_NOTICES = { toUser() {}, toUnit() {} } as unknown as Notifier
const supporters = (id: number) => db.select({ n: complaints.supportersCount }).from(complaints).where(eq(complaints.id, id)).get()!.n
const supportAudits = () => db.select().from(auditEvents).where(eq(auditEvents.action, 'complaint.support')).all()

async function resident(phone: string | null = null) {
  const r = await createLoggedInUser(db, 'resident', 'gs-czq')
  // An administrator records the account's phone number.
  if (phone) db.update(users).set({ phone }).where(eq(users.id, r.id)).run()
  return r
}

async function similarFor(cookie?: string) {
  const q = new URLSearchParams({ ...SIMILAR, community: String(units.czq.id) })
  const res = await callRoute(suggest.loader, makeRequest(`/resources/complaint-suggest?${q}`, { cookie, headers: { 'x-teahouse-ip': `203.0.113.${ip}` } }))
  return (await res.json()).similar as { trackingCode: string; own: boolean; supported: boolean }[]
}

describe('"me too" on one’s own report', () => {
  it('is refused for a report filed while logged in, and counts nothing', async () => {
    const me = await resident()
    const mine = await file({}, me.cookie)
    const res = await post({ ...SIMILAR, support: mine.trackingCode }, me.cookie)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ kind: 'supportRefused', error: 'intake.error.supportOwn' })
    expect(supporters(mine.id)).toBe(0)
    expect(supportAudits()).toHaveLength(0)
  })

  it('is refused for a report filed logged out under the phone number the account holds, however the number is written', async () => {
    const me = await resident('139 5710 0001')
    // Filed from the form before logging in, with her own number.
    const mine = await file({ complainantName: '王阿姨', complainantPhone: '+86 139-5710-0001' })
    expect(mine.complainantUserId).toBeNull()
    const res = await post({ ...SIMILAR, support: mine.trackingCode }, me.cookie)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ kind: 'supportRefused', error: 'intake.error.supportOwn' })
    expect(supporters(mine.id)).toBe(0)
    expect(supportAudits()).toHaveLength(0)
  })

  it('is refused for a report she phoned in, which staff typed in under her number', async () => {
    const me = await resident('13957100001')
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const { complaint } = enterComplaint(
      { db, actor: { kind: 'user', id: worker.id }, notify: NO_NOTICES },
      { ...REPORT, channel: 'hotline', communityId: units.czq.id, complainantPhone: '13957100001', enteredByUserId: worker.id, photos: [] },
    )
    const res = await post({ ...SIMILAR, support: complaint.trackingCode }, me.cookie)
    expect(res.status).toBe(400)
    expect(supporters(complaint.id)).toBe(0)
  })

  it('is still counted for a neighbour, whose number differs', async () => {
    await resident('13957100001')
    const neighbour = await resident('13957100002')
    const theirs = await file({ complainantPhone: '13957100001' })
    const res = await post({ ...SIMILAR, support: theirs.trackingCode }, neighbour.cookie)
    expect(await res.json()).toMatchObject({ kind: 'supported', count: 1 })
    expect(supporters(theirs.id)).toBe(1)
  })

  it('the similar reports name her own report as hers instead of offering "me too" on it', async () => {
    const me = await resident('13957100001')
    const byAccount = await file({}, me.cookie)
    const byPhone = await file({ subject: '小河小学门口车辆拥堵严重', complainantPhone: '13957100001' })
    const neighbours = await file({ subject: '小河小学校门口接送车辆拥堵', complainantPhone: '13800002222' })
    const mine = await similarFor(me.cookie)
    const own = (code: string) => mine.find(s => s.trackingCode === code)?.own
    expect([own(byAccount.trackingCode), own(byPhone.trackingCode), own(neighbours.trackingCode)]).toEqual([true, true, false])
    // To anyone else, nothing says whose report it is.
    expect((await similarFor()).every(s => s.own === false)).toBe(true)
  })
})
