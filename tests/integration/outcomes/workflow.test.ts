import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flagOverdueWorkOrders as flagOverdueCommand, recordDecision as recordDecisionCommand } from '#app/commands/outcomes.server'
import { DomainError } from '#db/errors'
import { ANONYMOUS, SYSTEM } from '#db/queries/audit'
import { recordDecision, recordMeasurement } from '#db/queries/decisions'
import { monthKeyCst } from '#db/queries/kpi'
import { notifyTopicFollowers } from '#db/queries/notifications'
import { getOutcomeDashboard } from '#db/queries/outcomes-report'
import { answerSatisfaction } from '#db/queries/satisfaction'
import {
  createWorkOrders,
  flagOverdueWorkOrders,
  listAllowedTransitions,
  postWorkOrderUpdate,
  transitionWorkOrder,
  workOrderRolesOf,
} from '#db/queries/work-orders'
import { attachments, auditEvents, decisions, notifications, satisfactionRatings, workOrderEvents, workOrders } from '#db/schema/index'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

let s: Scenario
beforeEach(async () => {
  s = await outcomeScenario()
})

const DAY = 86400_000
const inDays = (n: number) => new Date(Date.now() + n * DAY)

function decide(sc: Scenario) {
  return recordDecision(
    sc.db,
    {
      meetingId: sc.meeting.id,
      title: '增设 19 个临时停车位并实行高峰错峰接送',
      description: '交警施划停车位，学校错峰放学',
      voteSeq: 2,
      targets: [
        { metric: '临时停车位', unit: '个', baseline: 0, target: 19 },
        { metric: '高峰通行时间', unit: '分钟', baseline: 20, target: 10 },
      ],
    },
    asUser(sc.users.worker),
  )
}

function orders(sc: Scenario, decisionId: number, dispatch = true, due = inDays(30)) {
  return createWorkOrders(
    sc.db,
    {
      decisionId,
      departmentIds: [sc.units.traffic.id, sc.units.cityman.id],
      title: '施划临时停车位',
      problem: '小河小学路口上下学高峰拥堵',
      place: '小河小学路口',
      priority: 'high',
      dueAt: due,
      dispatch,
    },
    asUser(sc.users.street),
  ).orders
}

/** Walk an order from dispatched (or in progress) to verified with the right people. */
function deliver(sc: Scenario, orderId: number, deptUser: { id: number }) {
  const v = () => sc.db.select({ v: workOrders.version }).from(workOrders).where(eq(workOrders.id, orderId)).get()!.v
  const status = sc.db.select({ s: workOrders.status }).from(workOrders).where(eq(workOrders.id, orderId)).get()!.s
  if (status === 'dispatched') {
    transitionWorkOrder(sc.db, { workOrderId: orderId, to: 'accepted', expectedVersion: v() }, asUser(deptUser))
    transitionWorkOrder(sc.db, { workOrderId: orderId, to: 'in_progress', expectedVersion: v() }, asUser(deptUser))
  }
  transitionWorkOrder(sc.db, { workOrderId: orderId, to: 'awaiting_verification', expectedVersion: v(), note: '已完成' }, asUser(deptUser))
  return transitionWorkOrder(sc.db, { workOrderId: orderId, to: 'verified', expectedVersion: v(), note: '现场核验通过' }, asUser(sc.users.supervisor))
}

describe('decisions', () => {
  it('records a decision from a meeting with its vote and targets, audits it and tells the topic’s residents', () => {
    const push = { toUser: vi.fn(), toUnit: vi.fn() }
    const ctx = { db: s.db, actor: asUser(s.users.worker), notify: push }
    const { decision, targets, sent } = recordDecisionCommand(ctx, {
      meetingId: s.meeting.id,
      title: '增设停车位',
      voteSeq: 2,
      targets: [{ metric: '临时停车位', unit: '个', baseline: 0, target: 19 }],
    })
    expect(decision).toMatchObject({ topicId: s.topic.id, meetingId: s.meeting.id, voteSeq: 2, status: 'open', progress: 0 })
    expect(targets).toHaveLength(1)
    // The complainant with an account and the follower, nobody else.
    expect(sent.map(n => n.userId).sort()).toEqual([s.users.resident.id, s.users.follower.id].sort())
    expect(push.toUser).toHaveBeenCalledTimes(2)
    expect(push.toUser.mock.calls[0]![1]).toBe('notification:new')
    expect(s.db.select().from(auditEvents).where(eq(auditEvents.action, 'decision.record')).all()).toHaveLength(1)
  })

  it('refuses a vote that is not in the meeting’s log', () => {
    expect(() => recordDecision(s.db, { meetingId: s.meeting.id, title: '增设停车位', voteSeq: 99 }, asUser(s.users.worker))).toThrow(
      expect.objectContaining({ code: 'invalid', messageKey: 'outcome.error.noSuchVote' }),
    )
  })

  it('keeps measurements over time', () => {
    const { targets } = decide(s)
    recordMeasurement(s.db, { targetId: targets[0]!.id, value: 12, measuredAt: inDays(-3) }, asUser(s.users.worker))
    recordMeasurement(s.db, { targetId: targets[0]!.id, value: 19, measuredAt: inDays(-1) }, asUser(s.users.worker))
    expect(s.db.select().from(auditEvents).where(eq(auditEvents.action, 'decision.target.measure')).all()).toHaveLength(2)
  })
})

describe('work orders', () => {
  it('creates one order per department, dispatches it and tells the department', () => {
    const { decision } = decide(s)
    const os = orders(s, decision.id)
    expect(os.map(o => o.status)).toEqual(['dispatched', 'dispatched'])
    expect(os.map(o => o.version)).toEqual([2, 2])
    const history = s.db.select().from(workOrderEvents).where(eq(workOrderEvents.workOrderId, os[0]!.id)).orderBy(asc(workOrderEvents.id)).all()
    expect(history.map(h => [h.fromStatus, h.toStatus])).toEqual([
      [null, 'draft'],
      ['draft', 'dispatched'],
    ])
    const deptNotes = s.db.select().from(notifications).where(eq(notifications.userId, s.users.dept.id)).all()
    expect(deptNotes.map(n => n.messageKey)).toEqual(['outcome.notify.dispatched'])
    // Orders carry the problem, the place and the decision only.
    expect(Object.keys(os[0]!)).not.toContain('complaintId')
  })

  it('only street staff create orders', () => {
    const { decision } = decide(s)
    expect(() =>
      createWorkOrders(
        s.db,
        { decisionId: decision.id, departmentIds: [s.units.traffic.id], title: 't', problem: 'p', dueAt: inDays(3) },
        asUser(s.users.dept),
      ),
    ).toThrow(expect.objectContaining({ code: 'forbidden', messageKey: 'outcome.error.streetStaffOnly' }))
  })

  it('allows only the transitions in the data table, for the actor’s role', () => {
    const { decision } = decide(s)
    const [o] = orders(s, decision.id)
    // The department may accept or return; it may not verify.
    expect(workOrderRolesOf(s.db, asUser(s.users.dept), { departmentId: o!.departmentId, topicUnitId: s.units.czq.id })).toEqual(['department_staff'])
    expect(listAllowedTransitions(s.db, 'dispatched', ['department_staff']).map(t => t.to)).toEqual(['accepted', 'returned'])
    expect(() => transitionWorkOrder(s.db, { workOrderId: o!.id, to: 'verified', expectedVersion: o!.version }, asUser(s.users.dept))).toThrow(
      expect.objectContaining({ code: 'forbidden', messageKey: 'outcome.error.transitionNotOpen' }),
    )
    // Another department's staff hold no role on this order.
    expect(() => transitionWorkOrder(s.db, { workOrderId: o!.id, to: 'accepted', expectedVersion: o!.version }, asUser(s.users.deptOther))).toThrow(
      expect.objectContaining({ code: 'forbidden', messageKey: 'outcome.error.notYourOrder' }),
    )
    const r = transitionWorkOrder(s.db, { workOrderId: o!.id, to: 'accepted', expectedVersion: o!.version }, asUser(s.users.dept))
    expect(r.order).toMatchObject({ status: 'accepted', version: o!.version + 1, progress: 20 })
  })

  it('rejects a stale version with a clear conflict (optimistic lock)', () => {
    const { decision } = decide(s)
    const [o] = orders(s, decision.id)
    transitionWorkOrder(s.db, { workOrderId: o!.id, to: 'accepted', expectedVersion: o!.version }, asUser(s.users.dept))
    try {
      transitionWorkOrder(s.db, { workOrderId: o!.id, to: 'returned', expectedVersion: o!.version }, asUser(s.users.dept))
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError)
      expect((e as DomainError).code).toBe('conflict')
      expect((e as DomainError).messageKey).toBe('outcome.error.conflict')
      expect((e as DomainError).params).toEqual({ version: o!.version + 1, expected: o!.version })
    }
    expect(s.db.select().from(workOrders).where(eq(workOrders.id, o!.id)).get()!.status).toBe('accepted')
  })

  it('rolls progress up to the decision (equal weights) and delivers it when all orders are verified', () => {
    const { decision } = decide(s)
    const [a, b] = orders(s, decision.id)
    // Dispatched orders that nobody has acted on show no progress: 0 + 0 → 0
    expect(s.db.select().from(decisions).where(eq(decisions.id, decision.id)).get()!.progress).toBe(0)
    transitionWorkOrder(s.db, { workOrderId: a!.id, to: 'accepted', expectedVersion: a!.version }, asUser(s.users.dept))
    transitionWorkOrder(s.db, { workOrderId: a!.id, to: 'in_progress', expectedVersion: a!.version + 1 }, asUser(s.users.dept))
    // Department reports 70 %: (70 + 0) / 2 = 35
    const photo = { storagePath: 'uploads/work-orders/1/x.png', mimeType: 'image/png', sizeBytes: 10, originalName: 'x.png' }
    const up = postWorkOrderUpdate(s.db, { workOrderId: a!.id, note: '已施划 12 个停车位', progress: 70, photos: [photo] }, asUser(s.users.dept))
    expect(s.db.select().from(attachments).where(eq(attachments.workOrderUpdateId, up.event.id)).all()).toHaveLength(1)
    expect(s.db.select().from(decisions).where(eq(decisions.id, decision.id)).get()!.progress).toBe(35)
    // A self-reported figure stops at 95.
    postWorkOrderUpdate(s.db, { workOrderId: a!.id, note: '完成', progress: 100 }, asUser(s.users.dept))
    expect(s.db.select().from(workOrders).where(eq(workOrders.id, a!.id)).get()!.progress).toBe(95)
    const va = s.db.select().from(workOrders).where(eq(workOrders.id, a!.id)).get()!
    transitionWorkOrder(s.db, { workOrderId: a!.id, to: 'awaiting_verification', expectedVersion: va.version }, asUser(s.users.dept))
    const r = transitionWorkOrder(s.db, { workOrderId: a!.id, to: 'verified', expectedVersion: va.version + 1 }, asUser(s.users.supervisor))
    expect(r.decision).toMatchObject({ progress: 50, status: 'open' }) // (100 + 0) / 2
    const done = deliver(s, b!.id, s.users.deptOther)
    expect(done.decision).toMatchObject({ progress: 100, status: 'delivered' })
    expect(done.decision.deliveredAt).toBeTruthy()
    expect(s.db.select().from(auditEvents).where(eq(auditEvents.action, 'decision.deliver')).all()).toHaveLength(1)
    // Every transition is history, and audited.
    const transitions = s.db
      .select()
      .from(workOrderEvents)
      .where(and(eq(workOrderEvents.workOrderId, b!.id), eq(workOrderEvents.kind, 'transition')))
      .all()
    expect(transitions.map(t => t.toStatus)).toEqual(['draft', 'dispatched', 'accepted', 'in_progress', 'awaiting_verification', 'verified'])
    expect(
      s.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'work_order.transition'), eq(auditEvents.subjectId, String(b!.id))))
        .all(),
    ).toHaveLength(5)
  })
})

describe('satisfaction', () => {
  function delivered(sc: Scenario) {
    const { decision } = decide(sc)
    const [a, b] = orders(sc, decision.id)
    deliver(sc, a!.id, sc.users.dept)
    deliver(sc, b!.id, sc.users.deptOther)
    return { decision, a: a!, b: b! }
  }

  it('asks every complainant once and every panel member on delivery; account holders get a notification', () => {
    const { decision } = delivered(s)
    const asked = s.db.select().from(satisfactionRatings).where(eq(satisfactionRatings.decisionId, decision.id)).all()
    expect(asked.filter(r => r.audience === 'complainant')).toHaveLength(3)
    expect(asked.filter(r => r.audience === 'panel')).toHaveLength(2)
    expect(new Set(asked.map(r => r.token)).size).toBe(5)
    const rateNotes = s.db.select().from(notifications).where(eq(notifications.messageKey, 'outcome.notify.rate')).all()
    expect(rateNotes.map(n => n.userId).sort()).toEqual([s.users.resident.id, s.users.panelist.id].sort())
    expect(rateNotes.every(n => n.link?.startsWith('/rate/'))).toBe(true)
  })

  it('a dissatisfied answer with "reopen" reopens the delivered orders; the decision is open again', () => {
    const { decision, a, b } = delivered(s)
    const [first, second] = s.db
      .select()
      .from(satisfactionRatings)
      .where(eq(satisfactionRatings.decisionId, decision.id))
      .orderBy(asc(satisfactionRatings.id))
      .all()
    answerSatisfaction(s.db, { token: first!.token, rating: 5, comment: '停车方便多了' }, ANONYMOUS)
    expect(s.db.select().from(workOrders).where(eq(workOrders.id, a.id)).get()!.status).toBe('verified')
    // A low rating without asking to reopen changes nothing.
    const r = answerSatisfaction(s.db, { token: second!.token, rating: 1, comment: '早高峰还是堵', reopen: true }, ANONYMOUS)
    expect(r.reopened).toEqual([a.id, b.id])
    expect(s.db.select().from(workOrders).where(eq(workOrders.id, a.id)).get()).toMatchObject({ status: 'in_progress', progress: 50 })
    expect(s.db.select().from(decisions).where(eq(decisions.id, decision.id)).get()).toMatchObject({ status: 'open', deliveredAt: null })
    expect(s.db.select().from(auditEvents).where(eq(auditEvents.action, 'work_order.reopen')).all()).toHaveLength(2)
    expect(s.db.select().from(satisfactionRatings).where(eq(satisfactionRatings.id, second!.id)).get()!.reopenedWorkOrderId).toBe(a.id)
    // Street staff hear of it.
    expect(
      s.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, s.users.street.id), eq(notifications.messageKey, 'outcome.notify.reopenedOrder')))
        .all().length,
    ).toBeGreaterThan(0)
    // A link answers once.
    expect(() => answerSatisfaction(s.db, { token: second!.token, rating: 4 }, ANONYMOUS)).toThrow(
      expect.objectContaining({ code: 'conflict', messageKey: 'outcome.rate.error.answered' }),
    )
  })

  it('a closed order is reopened too, and re-delivery asks again only those not waiting already', () => {
    const { decision, a, b } = delivered(s)
    const va = s.db.select().from(workOrders).where(eq(workOrders.id, a.id)).get()!
    transitionWorkOrder(s.db, { workOrderId: a.id, to: 'closed', expectedVersion: va.version }, asUser(s.users.street))
    const rows = s.db.select().from(satisfactionRatings).where(eq(satisfactionRatings.decisionId, decision.id)).orderBy(asc(satisfactionRatings.id)).all()
    answerSatisfaction(s.db, { token: rows[0]!.token, rating: 2, reopen: true }, ANONYMOUS)
    expect(s.db.select().from(workOrders).where(eq(workOrders.id, a.id)).get()!.status).toBe('in_progress')
    // Deliver again: the unhappy resident is asked again; the four who never answered are not asked twice.
    deliver(s, a.id, s.users.dept)
    deliver(s, b.id, s.users.deptOther)
    const after = s.db.select().from(satisfactionRatings).where(eq(satisfactionRatings.decisionId, decision.id)).all()
    expect(after).toHaveLength(6)
  })

  it('rejects ratings outside 1–5', () => {
    expect(() => answerSatisfaction(s.db, { token: 'x', rating: 6 }, ANONYMOUS)).toThrow(
      expect.objectContaining({ code: 'invalid', messageKey: 'outcome.rate.error.rating' }),
    )
  })
})

describe('overdue job', () => {
  it('flags past-due open orders overdue, escalates them after the grace period, tells street staff, and never re-flags', () => {
    const { decision } = decide(s)
    const [a, b] = orders(s, decision.id, true, inDays(-1))
    const now = new Date()
    expect(flagOverdueWorkOrders(s.db, now, { escalateAfterMs: 3 * DAY })).toMatchObject({ overdue: 2, escalated: 0 })
    expect(s.db.select().from(workOrders).where(eq(workOrders.id, a!.id)).get()!.status).toBe('overdue')
    expect(
      s.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, s.users.street.id), eq(notifications.messageKey, 'outcome.notify.overdue')))
        .all(),
    ).toHaveLength(2)
    // Department resumes work on one: it is not flagged again.
    const vb = s.db.select().from(workOrders).where(eq(workOrders.id, b!.id)).get()!
    transitionWorkOrder(s.db, { workOrderId: b!.id, to: 'in_progress', expectedVersion: vb.version }, asUser(s.users.deptOther))
    // Three days later the other one is escalated (system actor, audited).
    const push = { toUser: vi.fn(), toUnit: vi.fn() }
    expect(flagOverdueCommand({ db: s.db, actor: SYSTEM, notify: push }, new Date(now.getTime() + 3 * DAY), { escalateAfterMs: 3 * DAY })).toEqual({
      overdue: 0,
      escalated: 1,
      lifted: 0,
    })
    expect(s.db.select().from(workOrders).where(eq(workOrders.id, a!.id)).get()!.status).toBe('escalated')
    expect(s.db.select().from(workOrders).where(eq(workOrders.id, b!.id)).get()!.status).toBe('in_progress')
    expect(push.toUser).toHaveBeenCalledWith(s.users.street.id, 'notification:new', expect.objectContaining({ messageKey: 'outcome.notify.escalated' }))
    const escalation = s.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'work_order.transition'), eq(auditEvents.subjectId, String(a!.id))))
      .all()
      .at(-1)!
    expect(escalation.actorKind).toBe('system')
  })
})

describe('notifyTopicFollowers', () => {
  it('stores a row for each complainant with an account and each follower, for the command to push', () => {
    const rows = notifyTopicFollowers(s.db, s.topic.id, 'outcome.notify.decision', { decision: '测试' })
    expect(rows.map(r => r.userId).sort()).toEqual([s.users.resident.id, s.users.follower.id].sort())
    expect(rows[0]!.params).toMatchObject({ topic: '小河小学路口上下学拥堵', decision: '测试' })
    expect(s.db.select().from(notifications).where(eq(notifications.messageKey, 'outcome.notify.decision')).all()).toHaveLength(2)
  })
})

describe('dashboard figures', () => {
  it('matches hand-computed figures for the scenario', () => {
    const { decision } = decide(s)
    const [a, b] = orders(s, decision.id, true, inDays(10))
    deliver(s, a!.id, s.users.dept) // finished on time
    // b: due yesterday → finishes late
    s.db
      .update(workOrders)
      .set({ dueAt: inDays(-1) })
      .where(eq(workOrders.id, b!.id))
      .run()
    deliver(s, b!.id, s.users.deptOther)
    const rows = s.db.select().from(satisfactionRatings).where(eq(satisfactionRatings.decisionId, decision.id)).orderBy(asc(satisfactionRatings.id)).all()
    answerSatisfaction(s.db, { token: rows[0]!.token, rating: 5 }, ANONYMOUS)
    answerSatisfaction(s.db, { token: rows[1]!.token, rating: 4 }, ANONYMOUS)
    answerSatisfaction(s.db, { token: rows[2]!.token, rating: 2 }, ANONYMOUS)
    const now = new Date()
    const months = [...new Set([monthKeyCst(now.getTime() - 40 * DAY), monthKeyCst(now.getTime() - 20 * DAY), monthKeyCst(now)])].sort()
    const dash = getOutcomeDashboard(s.db, { communityIds: [s.units.czq.id, s.units.hm.id], months, now })
    const czq = dash.communities.find(c => c.id === s.units.czq.id)!.figures
    expect(czq).toMatchObject({
      complaints: 3,
      suggested: 1,
      approved: 1,
      meetings: 1,
      decisions: 1,
      delivered: 1,
      ordersOnTime: 1,
      ordersLate: 1,
      ordersOverdueOpen: 0,
    })
    expect(czq.onTime).toEqual({ num: 1, den: 2, rate: 0.5 })
    expect(czq.callback).toEqual({ num: 3, den: 5, rate: 0.6 })
    expect(czq.satisfaction).toEqual({ num: 2, den: 3, rate: 2 / 3 })
    // topic created 15 days ago, meeting 7 days ago → 8 days; meeting to delivery ≈ 7 days.
    expect(czq.daysToMeeting).toBe(8)
    expect(czq.daysToDelivery).toBe(7)
    expect(dash.communities.find(c => c.id === s.units.hm.id)!.figures.complaints).toBe(0)
    expect(dash.total.callback).toEqual(czq.callback)
    expect(dash.byMonth.reduce((n, m) => n + m.figures.complaints, 0)).toBe(3)
  })

  it('counts open past-due orders as overdue', () => {
    const { decision } = decide(s)
    orders(s, decision.id, true, inDays(-2))
    const now = new Date()
    const dash = getOutcomeDashboard(s.db, {
      communityIds: [s.units.czq.id],
      months: [monthKeyCst(now.getTime() - 2 * DAY), monthKeyCst(now)].filter((m, i, a) => a.indexOf(m) === i),
      now,
    })
    expect(dash.total.ordersOverdueOpen).toBe(2)
    expect(dash.total.onTime.rate).toBeNull()
  })
})

void SYSTEM
