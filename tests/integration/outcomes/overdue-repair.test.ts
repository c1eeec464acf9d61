import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flagOverdueWorkOrders } from '#app/commands/outcomes.server'
import * as orderPage from '#app/routes/_outcomes+/orders.$id'
import { SYSTEM } from '#db/queries/audit'
import { createSession } from '#db/queries/auth'
import { recordDecision } from '#db/queries/decisions'
import { createWorkOrders, transitionWorkOrder } from '#db/queries/work-orders'
import { auditEvents, notifications, workOrders } from '#db/schema/index'
import { CSRF, callRoute, makeRequest } from '#tests/db-utils'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

const at = (chinaTime: string) => new Date(`${chinaTime}+08:00`)

// Databases kept from before a deadline lasted its whole China-time day: the
// job then flagged an order as soon as the stored instant of its deadline had
// passed (here the start of the deadline day), and escalated it two days after
// that instant. Those flags are replayed below as the system did them.
let s: Scenario
let decisionId: number
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(at('2026-12-01T10:00'))
  s = await outcomeScenario()
  decisionId = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker)).decision.id
})
afterEach(() => {
  vi.useRealTimers()
})

function makeOrder(title: string, dueAt: Date, path: string[] = []) {
  const id = createWorkOrders(
    s.db,
    { decisionId, departmentIds: [s.units.traffic.id], title, problem: '小河小学路口拥堵', dueAt, dispatch: true },
    asUser(s.users.street),
  ).orders[0]!.id
  for (const to of path) move(id, to, to === 'accepted' || to === 'in_progress' ? asUser(s.users.dept) : SYSTEM)
  return id
}
function move(id: number, to: string, actor: typeof SYSTEM | ReturnType<typeof asUser>) {
  transitionWorkOrder(s.db, { workOrderId: id, to, expectedVersion: row(id).version }, actor)
}
const row = (id: number) => s.db.select().from(workOrders).where(eq(workOrders.id, id)).get()!
const status = (id: number) => row(id).status
const job = (now: Date) => flagOverdueWorkOrders({ db: s.db, actor: SYSTEM, notify: { toUser() {}, toUnit() {} } }, now)

describe('the overdue job puts back orders an older rule flagged too early', () => {
  it('an order flagged overdue on its deadline day goes back to where it was, with an audit row, and is flagged again once the day is over', () => {
    const id = makeOrder('施划临时停车位', at('2026-12-01T00:00'), ['accepted', 'overdue'])
    expect(job(at('2026-12-01T10:10'))).toEqual({ overdue: 0, escalated: 0, lifted: 1 })
    expect(status(id)).toBe('accepted')
    const audit = s.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'work_order.overdue.lift'), eq(auditEvents.subjectId, String(id))))
      .all()
    expect(audit.map(a => [a.actorKind, a.before, a.after])).toEqual([
      [
        'system',
        expect.objectContaining({ status: 'overdue', dueAt: '2026-11-30T16:00:00.000Z' }),
        expect.objectContaining({ status: 'accepted', reason: 'deadline-not-passed' }),
      ],
    ])
    // Those told it was overdue are told it is not.
    const told = s.db.select().from(notifications).where(eq(notifications.messageKey, 'outcome.notify.notOverdue')).all()
    expect(told.map(n => n.userId).sort()).toEqual([s.users.street.id, s.users.dept.id].sort())
    expect(job(at('2026-12-01T23:59'))).toEqual({ overdue: 0, escalated: 0, lifted: 0 })
    expect(job(at('2026-12-02T00:00'))).toEqual({ overdue: 1, escalated: 0, lifted: 0 })
    expect(status(id)).toBe('overdue')
  })

  it('an order the job escalated is put back too; one a person escalated, or one truly overdue, is left as it is', () => {
    const bySystem = makeOrder('调整信号灯配时', at('2026-12-01T00:00'), ['overdue', 'escalated'])
    const byStaff = makeOrder('增设护栏', at('2026-12-01T00:00'), ['overdue'])
    move(byStaff, 'escalated', asUser(s.users.street))
    const late = makeOrder('清理占道摊点', at('2026-11-30T23:59:59.999'), ['overdue'])
    expect(job(at('2026-12-01T10:10'))).toEqual({ overdue: 0, escalated: 0, lifted: 1 })
    expect([status(bySystem), status(byStaff), status(late)]).toEqual(['dispatched', 'escalated', 'overdue'])
  })

  it('an overdue order whose deadline was moved later outside the app is put back', async () => {
    const id = makeOrder('施划临时停车位', at('2026-11-28T23:59:59.999'))
    expect(job(at('2026-11-29T00:00'))).toMatchObject({ overdue: 1 })
    s.db
      .update(workOrders)
      .set({ dueAt: at('2026-12-20T23:59:59.999') })
      .where(eq(workOrders.id, id))
      .run()
    expect(job(new Date())).toEqual({ overdue: 0, escalated: 0, lifted: 1 })
    expect(status(id)).toBe('dispatched')
    const cookie = `th_session=${createSession(s.db, s.users.dept.id).id}; th_csrf=${CSRF}`
    const page = (await (await callRoute(orderPage.loader, makeRequest(`/orders/${id}`, { cookie }), { id: String(id) })).json()) as {
      overdue: boolean
      events: { fromStatus: string | null; toStatus: string | null; overdueLifted: boolean; byStaff: boolean }[]
    }
    expect(page.overdue).toBe(false)
    expect(page.events.at(-1)).toMatchObject({ fromStatus: 'overdue', toStatus: 'dispatched', overdueLifted: true, byStaff: false })
  })

  it('leaves alone an order the department resumed, which is not flagged twice for the same deadline', () => {
    const id = makeOrder('施划临时停车位', at('2026-11-28T23:59:59.999'))
    job(at('2026-11-29T00:00'))
    move(id, 'in_progress', asUser(s.users.dept))
    expect(job(at('2026-12-01T10:10'))).toEqual({ overdue: 0, escalated: 0, lifted: 0 })
    expect(status(id)).toBe('in_progress')
  })
})
