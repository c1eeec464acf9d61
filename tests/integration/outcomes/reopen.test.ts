// A resident's poor rating with "reopen": the work order gets a new deadline
// (recorded, audited and told like any deadline change) and the complaints
// behind the topic show on their tracking pages that the work is being done again.
import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as complaintPage from '#app/routes/_intake+/complaints.$id'
import * as orderPage from '#app/routes/_outcomes+/orders.$id'
import * as rate from '#app/routes/_outcomes+/rate.$token'
import * as track from '#app/routes/_public+/track.$code'
import { chinaDay } from '#db/dates'
import { SYSTEM } from '#db/queries/audit'
import { setComplaintStatus } from '#db/queries/complaints'
import { recordDecision } from '#db/queries/decisions'
import { createWorkOrders, flagOverdueWorkOrders, transitionWorkOrder } from '#db/queries/work-orders'
import { auditEvents, complaints, notifications, satisfactionRatings, workOrderEvents, workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

const DAY = 86400_000
let s: Scenario
let orderId: number
let decisionId: number

function version() {
  return s.db.select({ v: workOrders.version }).from(workOrders).where(eq(workOrders.id, orderId)).get()!.v
}

function deliver() {
  const status = s.db.select({ s: workOrders.status }).from(workOrders).where(eq(workOrders.id, orderId)).get()!.s
  const steps = status === 'dispatched' ? ['accepted', 'in_progress', 'awaiting_verification'] : ['awaiting_verification']
  for (const to of steps) transitionWorkOrder(s.db, { workOrderId: orderId, to, expectedVersion: version() }, asUser(s.users.dept))
  transitionWorkOrder(s.db, { workOrderId: orderId, to: 'verified', expectedVersion: version(), note: '现场核验通过' }, asUser(s.users.supervisor))
}

/** The order was sent out `sentDaysAgo` days ago with `allowed` days to do it (its history and deadline moved back in time). */
function backdate(sentDaysAgo: number, allowed: number) {
  const sent = new Date(Date.now() - sentDaysAgo * DAY)
  s.db.update(workOrderEvents).set({ createdAt: sent }).where(eq(workOrderEvents.workOrderId, orderId)).run()
  s.db
    .update(workOrders)
    .set({ createdAt: sent, dueAt: new Date(sent.getTime() + allowed * DAY) })
    .where(eq(workOrders.id, orderId))
    .run()
}

const codeOf = (complaintId: number) => s.db.select({ code: complaints.trackingCode }).from(complaints).where(eq(complaints.id, complaintId)).get()!.code
const tokenOfResident = () =>
  s.db
    .select()
    .from(satisfactionRatings)
    .where(and(eq(satisfactionRatings.decisionId, decisionId), eq(satisfactionRatings.userId, s.users.resident.id)))
    .get()!.token

type Tracking = {
  complaint: { status: string }
  reopened: { at: string; redone: boolean } | null
  nextStep: string | null
  stage: { step: number; redoing: boolean }
  history: { status: string; at: string; reopened: boolean }[]
}

async function trackOf(complaintId: number) {
  const code = codeOf(complaintId)
  const res = await callRoute(track.loader, makeRequest(`/track/${code}`), { code })
  expect(res.status).toBe(200)
  return (await res.json()) as Tracking
}

async function rateAndReopen(rating = 2) {
  const token = tokenOfResident()
  const res = await callRoute(rate.action, makeRequest(`/rate/${token}`, { cookie: s.users.resident.cookie, form: { rating: String(rating), reopen: 'on' } }), {
    token,
  })
  expect(res.status).toBe(200)
  expect(await res.json()).toEqual({ done: { reopened: 1 } })
}

beforeEach(async () => {
  s = await outcomeScenario()
  for (const id of s.complaintIds) setComplaintStatus(s.db, id, 'in_topic', SYSTEM)
  decisionId = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker)).decision.id
  orderId = createWorkOrders(
    s.db,
    {
      decisionId,
      departmentIds: [s.units.traffic.id],
      title: '施划临时停车位',
      problem: '小河小学路口上下学高峰拥堵',
      place: '小河小学路口',
      dueAt: new Date(Date.now() + 10 * DAY),
      dispatch: true,
    },
    asUser(s.users.street),
  ).orders[0]!.id
  deliver()
  // Street staff settle the reports once the work is delivered.
  for (const id of s.complaintIds.slice(0, 2)) setComplaintStatus(s.db, id, 'resolved', asUser(s.users.street))
})

describe('a reopened work order gets a new deadline', () => {
  it('as long as it first had, counted from the reopening; recorded as a deadline change, audited and told to the department', async () => {
    backdate(40, 14)
    const oldDue = s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.dueAt
    await rateAndReopen()

    const order = s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!
    expect(order.status).toBe('in_progress')
    expect(chinaDay(order.dueAt)).toBe(chinaDay(Date.now() + 14 * DAY))
    const change = s.db
      .select()
      .from(workOrderEvents)
      .where(and(eq(workOrderEvents.workOrderId, orderId), eq(workOrderEvents.kind, 'deadline')))
      .all()
    expect(change).toHaveLength(1)
    expect(change[0]).toMatchObject({ fromDueAt: oldDue, toDueAt: order.dueAt })
    const audit = s.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'work_order.deadline'), eq(auditEvents.subjectId, String(orderId))))
      .all()
    expect(audit).toHaveLength(1)
    const told = s.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, s.users.dept.id), eq(notifications.messageKey, 'outcome.notify.reopenedOrderDue')))
      .all()
    expect(told).toHaveLength(1)
    expect(told[0]!.params).toMatchObject({ due: chinaDay(order.dueAt), rating: 2 })
    // Reopened today with days ahead of it, the order is not overdue.
    expect(flagOverdueWorkOrders(s.db, new Date()).overdue).toBe(0)
    expect(flagOverdueWorkOrders(s.db, new Date(Date.now() + 15 * DAY)).overdue).toBe(1)
  })

  it('the order’s history says in words that the deadline moved because a resident’s rating reopened it', async () => {
    backdate(40, 14)
    await rateAndReopen()
    const page = await callRoute(orderPage.loader, makeRequest(`/orders/${orderId}`, { cookie: s.users.dept.cookie }), { id: String(orderId) })
    const data = (await page.json()) as { events: { kind: string; note: string | null; reopenedByRating: number | null; toDueAt: string | null }[] }
    expect(data.events.at(-1)).toMatchObject({ kind: 'deadline', note: null, reopenedByRating: 2 })
    expect(data.events.at(-2)).toMatchObject({ kind: 'transition', note: null, reopenedByRating: 2 })
  })

  it('counts the time first given, not later extensions, and a deadline still further ahead stays', async () => {
    // Sent 20 days ago with 10 days to do it, then given until 40 days from now.
    backdate(20, 10)
    const first = s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.dueAt
    const due = new Date(Date.now() + 40 * DAY)
    s.db
      .insert(workOrderEvents)
      .values({ workOrderId: orderId, kind: 'deadline', fromDueAt: first, toDueAt: due, note: '雨季施工', createdAt: new Date(Date.now() - 15 * DAY) })
      .run()
    s.db.update(workOrders).set({ dueAt: due }).where(eq(workOrders.id, orderId)).run()
    await rateAndReopen(1)
    expect(s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.dueAt).toEqual(due)
    expect(
      s.db
        .select()
        .from(workOrderEvents)
        .where(and(eq(workOrderEvents.workOrderId, orderId), eq(workOrderEvents.kind, 'deadline')))
        .all(),
    ).toHaveLength(1)
  })
})

describe('the tracking page of a reopened complaint', () => {
  it('says the work is being done again at a resident’s request, at the delivery step, with a fitting next step', async () => {
    const before = await trackOf(s.complaintIds[1]!)
    expect(before).toMatchObject({
      complaint: { status: 'resolved' },
      reopened: null,
      nextStep: 'intake.track.next.resolved',
      stage: { step: 4, redoing: false },
    })

    await rateAndReopen()
    const rater = s.db.select().from(satisfactionRatings).where(eq(satisfactionRatings.userId, s.users.resident.id)).get()!
    // Every report behind the topic, settled or not, the resident's own petition too.
    for (const id of s.complaintIds) {
      const after = await trackOf(id)
      expect(after.complaint.status).toBe('in_topic')
      expect(after.reopened).toEqual({ at: rater.answeredAt!.toISOString(), redone: false })
      expect(after.nextStep).toBe('intake.track.next.reopened')
      expect(after.stage).toEqual({ step: 4, redoing: true })
      const last = after.history.at(-1)!
      expect(last).toEqual({ status: 'in_topic', at: rater.answeredAt!.toISOString(), reopened: true })
    }
    // Audited as a status change of each report, naming the rating.
    const audits = s.db.select().from(auditEvents).where(eq(auditEvents.action, 'complaint.status')).orderBy(asc(auditEvents.id)).all()
    expect(audits.filter(a => JSON.stringify(a).includes(`"ratingId":${rater.id}`))).toHaveLength(3)
    // Nothing about the rater or the score on the public page.
    const page = JSON.stringify(await trackOf(s.complaintIds[1]!))
    expect(page).not.toMatch(/张伟明|13811112222|satisfaction #/)
  })

  it('once the work is delivered again, asks the resident to watch for the new rating', async () => {
    await rateAndReopen()
    deliver()
    const after = await trackOf(s.complaintIds[1]!)
    expect(after.reopened).toMatchObject({ redone: true })
    expect(after.nextStep).toBe('intake.track.next.redone')
    expect(after.stage).toEqual({ step: 4, redoing: false })
    // Street staff settling the report again ends the reopening on the page.
    setComplaintStatus(s.db, s.complaintIds[1]!, 'resolved', asUser(s.users.street))
    const settled = await trackOf(s.complaintIds[1]!)
    expect(settled).toMatchObject({ complaint: { status: 'resolved' }, reopened: null, nextStep: 'intake.track.next.resolved' })
    expect(settled.history.filter(h => h.reopened)).toHaveLength(1)
  })

  it('staff read the reopening on the report’s own page in words, with the score', async () => {
    await rateAndReopen()
    const id = s.complaintIds[1]!
    const res = await callRoute(complaintPage.loader, makeRequest(`/complaints/${id}`, { cookie: s.users.worker.cookie }), { id: String(id) })
    expect(res.status).toBe(200)
    const data = (await res.json()) as { history: { status: string; note: string | null; reopenedByRating: number | null }[] }
    expect(data.history.at(-1)).toMatchObject({ status: 'in_topic', note: null, reopenedByRating: 2 })
  })

  it('a rating without "reopen" changes nothing on the tracking page', async () => {
    const token = tokenOfResident()
    await callRoute(rate.action, makeRequest(`/rate/${token}`, { form: { rating: '2' } }), { token })
    const after = await trackOf(s.complaintIds[1]!)
    expect(after).toMatchObject({ complaint: { status: 'resolved' }, reopened: null })
  })
})

describe('the rating form', () => {
  it('sent without a score comes back naming the score field', async () => {
    const token = tokenOfResident()
    const res = await callRoute(rate.action, makeRequest(`/rate/${token}`, { form: { comment: '还是堵' } }), { token })
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toContain('outcome.rate.error.rating')
  })
})
