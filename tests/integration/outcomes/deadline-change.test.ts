import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flagOverdueWorkOrders } from '#app/commands/outcomes.server'
import { makeT, type Locale } from '#app/i18n/index'
import DecisionPage, * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import WorkOrderPage, * as orderPage from '#app/routes/_outcomes+/orders.$id'
import { formErrorText } from '#app/utils/form-errors'
import { SYSTEM } from '#db/queries/audit'
import { createSession } from '#db/queries/auth'
import { addDecisionTarget, recordDecision } from '#db/queries/decisions'
import { createWorkOrders, transitionWorkOrder } from '#db/queries/work-orders'
import { auditEvents, notifications, workOrderEvents, workOrders } from '#db/schema/index'
import { CSRF, callRoute, makeRequest } from '#tests/db-utils'
import { describedBy, renderPage } from '#tests/render-page'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

const at = (chinaTime: string) => new Date(`${chinaTime}+08:00`)

let s: Scenario
let decisionId: number
let orderId: number
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(at('2026-12-01T10:00'))
  s = await outcomeScenario()
  decisionId = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker)).decision.id
  orderId = createWorkOrders(
    s.db,
    {
      decisionId,
      departmentIds: [s.units.traffic.id],
      title: '施划临时停车位',
      problem: '小河小学路口上下学高峰拥堵',
      dueAt: at('2026-12-01T23:59:59.999'),
      dispatch: true,
    },
    asUser(s.users.street),
  ).orders[0]!.id
})
afterEach(() => {
  vi.useRealTimers()
})

const order = () => s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!
/** A fresh session at the faked time: staff sessions do not last from one day to the next. */
const cookieOf = (u: { id: number }) => `th_session=${createSession(s.db, u.id).id}; th_csrf=${CSRF}`

function changeDeadline(who: { id: number }, form: Record<string, string>) {
  return callRoute(
    orderPage.action,
    makeRequest(`/orders/${orderId}`, { cookie: cookieOf(who), form: { intent: 'deadline', version: String(order().version), ...form } }),
    { id: String(orderId) },
  )
}

async function pageData(who: { id: number }) {
  const res = await callRoute(orderPage.loader, makeRequest(`/orders/${orderId}`, { cookie: cookieOf(who) }), { id: String(orderId) })
  expect(res.status).toBe(200)
  return (await res.json()) as { order: { status: string; dueAt: string }; overdue: boolean; canChangeDeadline: boolean } & Record<string, unknown>
}

/** The order page's visible text (tags and hydration data removed). */
async function pageText(who: { id: number }, locale: Locale) {
  const html = await renderPage(WorkOrderPage, { path: `/orders/${orderId}`, locale, loaderData: await pageData(who) })
  return html
    .replace(/<script[^>]*>.*?<\/script>/gs, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
}

type Refused = { result: { error: Record<string, string[]> } }
const said = (body: Refused, locale: Locale) => Object.fromEntries(Object.entries(body.result.error).map(([f, m]) => [f, formErrorText(makeT(locale), m[0]!)]))

describe('changing a work order’s deadline', () => {
  it('street staff give a new day with a reason: the order, an audit row, the department told, and a line in its history', async () => {
    const before = order()
    const res = await changeDeadline(s.users.street, { dueAt: '2026-12-15', reason: '等待路面施工完成' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/orders/${orderId}?done=deadline`)
    const after = order()
    expect(after.dueAt.toISOString()).toBe('2026-12-15T15:59:59.999Z')
    expect(after.version).toBe(before.version + 1)
    expect(after.status).toBe('dispatched')

    const audit = s.db.select().from(auditEvents).where(eq(auditEvents.action, 'work_order.deadline')).all()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actorKind: 'user', actorId: s.users.street.id, subjectType: 'work_order', subjectId: String(orderId) })
    expect(audit[0]!.before).toMatchObject({ dueAt: '2026-12-01T15:59:59.999Z' })
    expect(audit[0]!.after).toMatchObject({ dueAt: '2026-12-15T15:59:59.999Z', reason: '等待路面施工完成' })

    const told = s.db.select().from(notifications).where(eq(notifications.messageKey, 'outcome.notify.deadlineChanged')).all()
    expect(told.map(n => n.userId)).toEqual([s.users.dept.id])
    expect(told[0]!.params).toMatchObject({ order: '施划临时停车位', due: '2026-12-15', reason: '等待路面施工完成' })
    expect(told[0]!.link).toBe(`/orders/${orderId}`)

    expect(await pageText(s.users.dept, 'zh')).toContain('截止日期由 2026年12月1日 改为 2026年12月15日')
    expect(await pageText(s.users.dept, 'zh')).toContain('等待路面施工完成')
    expect(await pageText(s.users.dept, 'en')).toContain('Deadline moved from 1 Dec 2026 to 15 Dec 2026')
  })

  it('is offered on the order page to street staff only, and refused to the department and the supervisor', async () => {
    expect((await pageData(s.users.street)).canChangeDeadline).toBe(true)
    expect(await pageText(s.users.street, 'zh')).toContain('调整截止日期')
    for (const who of [s.users.dept, s.users.supervisor]) {
      expect((await pageData(who)).canChangeDeadline).toBe(false)
      expect(await pageText(who, 'zh')).not.toContain('调整截止日期')
      const res = await changeDeadline(who, { dueAt: '2026-12-15', reason: '部门申请延期' })
      expect(res.status).toBe(403)
    }
    expect(order().dueAt.toISOString()).toBe('2026-12-01T15:59:59.999Z')
    expect(s.db.select().from(auditEvents).where(eq(auditEvents.action, 'work_order.deadline')).all()).toEqual([])
  })

  it('refuses a day before today, a day that does not exist and a missing reason beside the fields, and changes nothing', async () => {
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ dueAt: '2026-11-30', reason: '延期' }, { dueAt: '截止日期不能早于今天，请选择今天或以后的日期。' }],
      [{ dueAt: '2030-02-31', reason: '延期' }, { dueAt: '日期无效：日历上没有 2030-02-31 这一天。' }],
      [{ dueAt: '2030-13-01', reason: '延期' }, { dueAt: '日期无效：日历上没有 2030-13-01 这一天。' }],
      [{ dueAt: '2026-12-15', reason: '  ' }, { reason: '请写明调整截止日期的原因。' }],
    ]
    for (const [form, expected] of cases) {
      const res = await changeDeadline(s.users.street, form)
      expect(res.status).toBe(400)
      expect(said((await res.json()) as Refused, 'zh')).toEqual(expected)
    }
    const res = await changeDeadline(s.users.street, { dueAt: '2030-02-31', reason: '延期' })
    const body = (await res.json()) as Refused
    expect(said(body, 'en')).toEqual({ dueAt: 'Invalid date: there is no 2030-02-31 in the calendar.' })
    // Beside the field: the date input points to its message.
    const html = await renderPage(WorkOrderPage, { path: `/orders/${orderId}`, locale: 'zh', loaderData: await pageData(s.users.street), actionData: body })
    expect(describedBy(html, 'dueAt')).toEqual(['日期无效：日历上没有 2030-02-31 这一天。'])
    expect(html).toMatch(/<textarea [^>]*name="reason"[^>]*>延期<\/textarea>/)

    expect(order().dueAt.toISOString()).toBe('2026-12-01T15:59:59.999Z')
    expect(s.db.select().from(auditEvents).where(eq(auditEvents.action, 'work_order.deadline')).all()).toEqual([])
    expect(s.db.select().from(workOrderEvents).where(eq(workOrderEvents.kind, 'deadline')).all()).toEqual([])
  })

  it('refuses a stale version as a conflict, and an order already handed in for verification', async () => {
    const stale = await changeDeadline(s.users.street, { dueAt: '2026-12-15', reason: '延期', version: String(order().version - 1) })
    expect(stale.status).toBe(409)
    for (const to of ['accepted', 'in_progress', 'awaiting_verification'])
      transitionWorkOrder(s.db, { workOrderId: orderId, to, expectedVersion: order().version }, asUser(s.users.dept))
    const handedIn = await changeDeadline(s.users.street, { dueAt: '2026-12-15', reason: '延期' })
    expect(handedIn.status).toBe(400)
    expect(await handedIn.json()).toMatchObject({ error: 'outcome.error.deadlineHandedIn' })
    expect(order().dueAt.toISOString()).toBe('2026-12-01T15:59:59.999Z')
  })

  it('an overdue order given a later deadline is overdue no more, and is flagged again once the new day has passed', async () => {
    const job = (now: Date) => flagOverdueWorkOrders({ db: s.db, actor: SYSTEM, notify: { toUser() {}, toUnit() {} } }, now)
    vi.setSystemTime(at('2026-12-02T09:00'))
    expect(job(new Date())).toMatchObject({ overdue: 1 })
    expect(await pageData(s.users.dept)).toMatchObject({ order: { status: 'overdue' }, overdue: true })

    expect((await changeDeadline(s.users.street, { dueAt: '2026-12-10', reason: '材料到货推迟' })).status).toBe(303)
    expect(await pageData(s.users.dept)).toMatchObject({ order: { status: 'dispatched' }, overdue: false })
    expect(await pageText(s.users.dept, 'zh')).toContain('已超期 → 已派发')
    expect(await pageText(s.users.dept, 'zh')).toContain('截止日期还没到，撤销超期标记')
    const lifted = s.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'work_order.overdue.lift'), eq(auditEvents.subjectId, String(orderId))))
      .all()
    expect(lifted.map(a => [a.actorKind, a.before, a.after])).toEqual([
      ['user', expect.objectContaining({ status: 'overdue' }), expect.objectContaining({ status: 'dispatched' })],
    ])
    // The order list and the decision page stop calling it overdue too.
    const cookie = cookieOf(s.users.street)
    const decision = await (await callRoute(decisionPage.loader, makeRequest(`/decisions/${decisionId}`, { cookie }), { id: String(decisionId) })).json()
    expect(decision.orders.map((o: { status: string }) => o.status)).toEqual(['dispatched'])

    // Until the new day is over the job leaves it alone; then it is overdue again.
    expect(job(at('2026-12-10T23:59'))).toMatchObject({ overdue: 0 })
    expect(job(at('2026-12-11T00:00'))).toMatchObject({ overdue: 1 })
    expect(order().status).toBe('overdue')
  })

  it('an order the department resumed after it was overdue is flagged again when its new deadline passes', () => {
    const job = (now: Date) => flagOverdueWorkOrders({ db: s.db, actor: SYSTEM, notify: { toUser() {}, toUnit() {} } }, now)
    vi.setSystemTime(at('2026-12-02T09:00'))
    job(new Date())
    transitionWorkOrder(s.db, { workOrderId: orderId, to: 'in_progress', expectedVersion: order().version }, asUser(s.users.dept))
    // Without a new deadline a resumed order is not flagged twice.
    expect(job(at('2026-12-05T09:00'))).toMatchObject({ overdue: 0 })
    return changeDeadline(s.users.street, { dueAt: '2026-12-20', reason: '追加施工内容' }).then(res => {
      expect(res.status).toBe(303)
      expect(order().status).toBe('in_progress')
      expect(job(at('2026-12-20T12:00'))).toMatchObject({ overdue: 0 })
      expect(job(at('2026-12-21T00:00'))).toMatchObject({ overdue: 1 })
    })
  })
})

describe('impossible dates on the form that creates work orders', () => {
  it('are refused beside the deadline field instead of rolling over, and nothing is created', async () => {
    for (const dueAt of ['2030-02-31', '2030-13-01']) {
      const res = await callRoute(
        decisionPage.action,
        makeRequest(`/decisions/${decisionId}`, {
          cookie: cookieOf(s.users.street),
          form: {
            intent: 'createOrders',
            departmentIds: String(s.units.cityman.id),
            title: '清理占道摊点',
            problem: '路口摊点占道',
            place: '',
            priority: 'normal',
            dueAt,
            dispatch: 'on',
          },
        }),
        { id: String(decisionId) },
      )
      expect(res.status).toBe(400)
      const body = (await res.json()) as Refused
      expect(said(body, 'zh')).toEqual({ dueAt: `日期无效：日历上没有 ${dueAt} 这一天。` })
      expect(said(body, 'en')).toEqual({ dueAt: `Invalid date: there is no ${dueAt} in the calendar.` })
      const loaderData = await (
        await callRoute(decisionPage.loader, makeRequest(`/decisions/${decisionId}`, { cookie: cookieOf(s.users.street) }), { id: String(decisionId) })
      ).json()
      const html = await renderPage(DecisionPage, { path: `/decisions/${decisionId}`, locale: 'zh', loaderData, actionData: body })
      expect(html).toContain(`日期无效：日历上没有 ${dueAt} 这一天。`)
    }
    expect(
      s.db
        .select()
        .from(workOrders)
        .all()
        .map(o => o.id),
    ).toEqual([orderId])
  })

  it('a measurement on an impossible day is refused too, not filed under another day', async () => {
    const target = addDecisionTarget(s.db, decisionId, { metric: '临时停车位', unit: '个', baseline: 0, target: 19 }, asUser(s.users.street))
    const res = await callRoute(
      decisionPage.action,
      makeRequest(`/decisions/${decisionId}`, {
        cookie: cookieOf(s.users.street),
        form: { intent: 'measure', targetId: String(target.id), value: '12', measuredAt: '2026-11-31', note: '' },
      }),
      { id: String(decisionId) },
    )
    expect(res.status).toBe(400)
    expect(said((await res.json()) as Refused, 'zh')).toEqual({ measuredAt: '日期无效：日历上没有 2026-11-31 这一天。' })
  })
})
