import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flagOverdueWorkOrders } from '#app/commands/outcomes.server'
import { translate } from '#app/i18n/index'
import * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import * as orderPage from '#app/routes/_outcomes+/orders.$id'
import * as ordersIndex from '#app/routes/_outcomes+/orders._index'
import { SYSTEM } from '#db/queries/audit'
import { createSession } from '#db/queries/auth'
import { recordDecision } from '#db/queries/decisions'
import { getMonthlyDetails, getOutcomeDashboard } from '#db/queries/outcomes-report'
import { createWorkOrders } from '#db/queries/work-orders'
import { auditEvents, workOrders } from '#db/schema/index'
import { CSRF, callRoute, makeRequest } from '#tests/db-utils'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

// Half past midnight on 1 December in China, still 30 November in UTC.
const EARLY_ON_DEC_1 = new Date('2026-12-01T00:30:00+08:00')

let s: Scenario
let decisionId: number
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(EARLY_ON_DEC_1)
  s = await outcomeScenario()
  decisionId = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker)).decision.id
})
afterEach(() => {
  vi.useRealTimers()
})

const orderForm = (dueAt: string) => ({
  intent: 'createOrders',
  departmentIds: [String(s.units.traffic.id)],
  title: '施划临时停车位',
  problem: '小河小学路口上下学高峰拥堵',
  place: '小河小学路口',
  priority: 'high',
  dueAt,
  dispatch: 'on',
})

function dispatch(dueAt: string) {
  return callRoute(decisionPage.action, makeRequest(`/decisions/${decisionId}`, { cookie: s.users.street.cookie, form: orderForm(dueAt) }), {
    id: String(decisionId),
  })
}

describe('a work order’s deadline when it is dispatched', () => {
  it('refuses a day before today (China time) under the field, keeps what was typed, and creates nothing', async () => {
    for (const dueAt of ['2020-01-01', '2026-11-30']) {
      const res = await dispatch(dueAt)
      expect(res.status).toBe(400)
      const data = (await res.json()) as { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }
      expect(data.result.error).toEqual({ dueAt: ['outcome.error.dueBeforeToday'] })
      // One department ticked comes back as a single value.
      expect(data.result.initialValue).toEqual({ ...orderForm(dueAt), departmentIds: String(s.units.traffic.id), csrf: expect.any(String) })
    }
    expect(s.db.select().from(workOrders).all()).toEqual([])
    expect(s.db.select().from(auditEvents).where(eq(auditEvents.action, 'work_order.create')).all()).toEqual([])
  })

  it('says why in Chinese and in English', () => {
    expect(translate('zh', 'outcome.error.dueBeforeToday')).toContain('截止日期')
    expect(translate('en', 'outcome.error.dueBeforeToday')).toContain('deadline')
  })

  it('accepts today, which lasts until midnight China time', async () => {
    const res = await dispatch('2026-12-01')
    expect(res.status).toBe(303)
    const order = s.db.select().from(workOrders).get()!
    expect(order.status).toBe('dispatched')
    expect(order.dueAt.toISOString()).toBe('2026-12-01T15:59:59.999Z')
    expect(s.db.select().from(auditEvents).where(eq(auditEvents.action, 'work_order.create')).all()).toHaveLength(1)
  })
})

describe('when a work order becomes overdue', () => {
  const at = (chinaTime: string) => new Date(`${chinaTime}+08:00`)
  // Due on 1 December: one at the day's last moment (as the form stores it), one at an hour inside it.
  let dueAtDayEnd: number
  let dueInsideDay: number
  beforeEach(() => {
    const make = (title: string, dueAt: Date) =>
      createWorkOrders(
        s.db,
        { decisionId, departmentIds: [s.units.traffic.id], title, problem: '小河小学路口拥堵', dueAt, dispatch: true },
        asUser(s.users.street),
      ).orders[0]!.id
    dueAtDayEnd = make('施划临时停车位', at('2026-12-01T23:59:59.999'))
    dueInsideDay = make('调整信号灯配时', at('2026-12-01T04:00'))
  })
  const status = (id: number) => s.db.select({ status: workOrders.status }).from(workOrders).where(eq(workOrders.id, id)).get()!.status
  const job = (now: Date) => flagOverdueWorkOrders({ db: s.db, actor: SYSTEM, notify: { toUser() {}, toUnit() {} } }, now, { escalateAfterMs: 2 * 86400_000 })

  it('the overdue job waits until the deadline day has ended in China time, then flags and audits', () => {
    expect(job(at('2026-12-01T04:53'))).toEqual({ overdue: 0, escalated: 0, lifted: 0 })
    expect(job(at('2026-12-01T23:59:59'))).toEqual({ overdue: 0, escalated: 0, lifted: 0 })
    expect([status(dueAtDayEnd), status(dueInsideDay)]).toEqual(['dispatched', 'dispatched'])
    expect(job(at('2026-12-02T00:00'))).toEqual({ overdue: 2, escalated: 0, lifted: 0 })
    expect([status(dueAtDayEnd), status(dueInsideDay)]).toEqual(['overdue', 'overdue'])
    const flagged = s.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'work_order.transition'))
      .all()
      .filter(a => (a.after as { status: string }).status === 'overdue')
    expect(flagged.map(a => [a.subjectId, a.actorKind])).toEqual([
      [String(dueAtDayEnd), 'system'],
      [String(dueInsideDay), 'system'],
    ])
  })

  it('escalates counting from the end of the deadline day', () => {
    job(at('2026-12-02T00:00'))
    expect(job(at('2026-12-03T23:59'))).toEqual({ overdue: 0, escalated: 0, lifted: 0 })
    expect(job(at('2026-12-04T00:00'))).toEqual({ overdue: 0, escalated: 2, lifted: 0 })
    expect([status(dueAtDayEnd), status(dueInsideDay)]).toEqual(['escalated', 'escalated'])
  })

  it('the order list and page show no overdue marker during the deadline day, and show it once the day is over', async () => {
    const view = async () => {
      // Logged in afresh at each moment: a staff session does not last from one day to the next.
      const cookie = `th_session=${createSession(s.db, s.users.dept.id).id}; th_csrf=${CSRF}`
      const list = (await (await callRoute(ordersIndex.loader, makeRequest('/orders', { cookie }))).json()) as {
        rows: { id: number; overdue: boolean }[]
      }
      const page = (await (await callRoute(orderPage.loader, makeRequest(`/orders/${dueInsideDay}`, { cookie }), { id: String(dueInsideDay) })).json()) as {
        overdue: boolean
      }
      return { list: list.rows.map(r => [r.id, r.overdue]), page: page.overdue }
    }
    vi.setSystemTime(at('2026-12-01T04:53'))
    expect(await view()).toEqual({
      list: [
        [dueInsideDay, false],
        [dueAtDayEnd, false],
      ],
      page: false,
    })
    vi.setSystemTime(at('2026-12-02T00:01'))
    expect(await view()).toEqual({
      list: [
        [dueInsideDay, true],
        [dueAtDayEnd, true],
      ],
      page: true,
    })
  })

  it('reports count an open order as overdue only after its deadline day', () => {
    const figures = (now: Date) => ({
      open: getOutcomeDashboard(s.db, { communityIds: [s.units.czq.id], months: ['2026-12'], now }).total.ordersOverdueOpen,
      listed: getMonthlyDetails(s.db, { communityIds: [s.units.czq.id], month: '2026-12', now }).overdue.map(o => o.id),
    })
    expect(figures(at('2026-12-01T04:53'))).toEqual({ open: 0, listed: [] })
    expect(figures(at('2026-12-02T00:00'))).toEqual({ open: 2, listed: [dueInsideDay, dueAtDayEnd] })
  })
})
