import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { editWorkOrderText } from '#app/commands/outcomes.server'
import { makeT, type Locale } from '#app/i18n/index'
import WorkOrderPage, * as orderPage from '#app/routes/_outcomes+/orders.$id'
import { formatDateTime } from '#app/utils/dates'
import { formErrorText } from '#app/utils/form-errors'
import { DomainError } from '#db/errors'
import { createSession } from '#db/queries/auth'
import { recordDecision } from '#db/queries/decisions'
import { createWorkOrders, transitionWorkOrder } from '#db/queries/work-orders'
import { auditEvents, notifications, workOrders } from '#db/schema/index'
import { CSRF, callRoute, makeRequest } from '#tests/db-utils'
import { control, describedBy, renderPage } from '#tests/render-page'
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
      place: '小河小学路口',
      dueAt: at('2026-12-20T23:59:59.999'),
      dispatch: true,
    },
    asUser(s.users.street),
  ).orders[0]!.id
})
afterEach(() => {
  vi.useRealTimers()
})

const order = () => s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!
const cookieOf = (u: { id: number }, locale: Locale = 'zh') =>
  `th_session=${createSession(s.db, u.id).id}; th_csrf=${CSRF}${locale === 'en' ? '; th_prefs=en.0.0' : ''}`
const edits = () =>
  s.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'work_order.edit'), eq(auditEvents.subjectId, String(orderId))))
    .all()
const told = () => s.db.select().from(notifications).where(eq(notifications.messageKey, 'outcome.notify.orderEdited')).all()

const NEW_TEXT = { title: '施划临时停车位（东侧）', problem: '小河小学路口东侧上下学高峰拥堵，需施划 19 个临时停车位', place: '小河小学东门' }

function edit(who: { id: number }, form: Record<string, string>, locale: Locale = 'zh') {
  return callRoute(
    orderPage.action,
    makeRequest(`/orders/${orderId}`, { cookie: cookieOf(who, locale), form: { intent: 'edit', version: String(order().version), ...NEW_TEXT, ...form } }),
    { id: String(orderId) },
  )
}

async function pageData(who: { id: number }) {
  const res = await callRoute(orderPage.loader, makeRequest(`/orders/${orderId}`, { cookie: cookieOf(who) }), { id: String(orderId) })
  expect(res.status).toBe(200)
  return (await res.json()) as { canEditText: boolean; order: { title: string; problem: string; version: number } } & Record<string, unknown>
}

async function pageHtml(who: { id: number }, locale: Locale, actionData?: object) {
  return renderPage(WorkOrderPage, { path: `/orders/${orderId}`, locale, loaderData: await pageData(who), actionData })
}

/** The page's visible text (tags and hydration data removed). */
const visible = (html: string) =>
  html
    .replace(/<script[^>]*>.*?<\/script>/gs, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')

type Refused = { error?: string; result: { error: Record<string, string[]> } }
const said = (body: Refused, locale: Locale) => Object.fromEntries(Object.entries(body.result.error).map(([f, m]) => [f, formErrorText(makeT(locale), m[0]!)]))

describe('editing a work order’s text', () => {
  it('street staff over the order change its title, problem and place: saved at the next version, audited before and after, the department told', async () => {
    const before = order()
    const res = await edit(s.users.street, {})
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/orders/${orderId}?done=edited`)
    const after = order()
    expect({ title: after.title, problem: after.problem, place: after.place }).toEqual(NEW_TEXT)
    expect(after.version).toBe(before.version + 1)
    expect(after.status).toBe('dispatched')

    const audit = edits()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actorKind: 'user', actorId: s.users.street.id, subjectType: 'work_order' })
    expect(audit[0]!.before).toEqual({ title: '施划临时停车位', problem: '小河小学路口上下学高峰拥堵', place: '小河小学路口', version: before.version })
    expect(audit[0]!.after).toEqual({ ...NEW_TEXT, version: before.version + 1, unitId: s.units.street.id })

    const sent = told()
    expect(sent.map(n => n.userId)).toEqual([s.users.dept.id])
    expect(sent[0]!.params).toMatchObject({ order: NEW_TEXT.title, department: '交警大队' })
    expect(sent[0]!.link).toBe(`/orders/${orderId}`)
    // Nobody outside the order hears of it.
    expect(sent.some(n => n.userId === s.users.deptOther.id || n.userId === s.users.follower.id)).toBe(false)
  })

  it('the department reads the new text, when and by which unit it was edited, and the text it replaced', async () => {
    expect((await edit(s.users.street, {})).status).toBe(303)
    const zh = visible(await pageHtml(s.users.dept, 'zh'))
    expect(zh).toContain(NEW_TEXT.problem)
    expect(zh).toContain(`工作单内容于 ${formatDateTime(edits()[0]!.createdAt, 'zh')} 由小河街道修改`)
    expect(zh).toContain('小河街道修改了工作单内容')
    // The earlier text stays readable in the history.
    expect(zh).toContain('修改前')
    expect(zh).toContain('小河小学路口上下学高峰拥堵')
    const en = visible(await pageHtml(s.users.dept, 'en'))
    expect(en).toContain('Text edited by Xiaohe')
    expect(en).toContain('Xiaohe edited the work order’s text')
  })

  it('is offered to street staff only: the department and the supervisor get no form, and their posts are refused', async () => {
    expect((await pageData(s.users.street)).canEditText).toBe(true)
    expect(visible(await pageHtml(s.users.street, 'zh'))).toContain('修改工作单内容')
    for (const who of [s.users.dept, s.users.supervisor]) {
      expect((await pageData(who)).canEditText).toBe(false)
      expect(await pageHtml(who, 'zh')).not.toContain('name="intent" value="edit"')
      expect((await edit(who, {})).status).toBe(403)
    }
    expect(() =>
      editWorkOrderText(
        { db: s.db, actor: asUser(s.users.dept), notify: { toUser() {}, toUnit() {} } },
        { workOrderId: orderId, ...NEW_TEXT, expectedVersion: order().version },
      ),
    ).toThrow(DomainError)
    expect(order().title).toBe('施划临时停车位')
    expect(edits()).toEqual([])
    expect(told()).toEqual([])
  })

  it('refuses personal data beside its field, as on creation, keeping what was typed; the data layer refuses it too', async () => {
    const problem = '路口拥堵，联系人王阿姨13900001111'
    const res = await edit(s.users.street, { problem })
    expect(res.status).toBe(400)
    const body = (await res.json()) as Refused
    expect(said(body, 'zh')).toEqual({ problem: '工作单不能含个人信息：发现电话号码「13900001111」、姓名「王阿姨」，请删去。' })
    const html = await pageHtml(s.users.street, 'zh', body)
    expect(describedBy(html, 'problem')).toEqual(['工作单不能含个人信息：发现电话号码「13900001111」、姓名「王阿姨」，请删去。'])
    expect(html).toContain(`>${problem}</textarea>`)
    expect(control(html, 'title')).toContain(`value="${NEW_TEXT.title}"`)
    // A complainant's own name is refused as well.
    expect((await edit(s.users.street, { title: '张伟明 反映的停车位' })).status).toBe(400)
    expect(() =>
      editWorkOrderText(
        { db: s.db, actor: asUser(s.users.street), notify: { toUser() {}, toUnit() {} } },
        { workOrderId: orderId, ...NEW_TEXT, place: '长征桥小区3幢2单元501室', expectedVersion: order().version },
      ),
    ).toThrow(DomainError)
    expect(order().problem).toBe('小河小学路口上下学高峰拥堵')
    expect(edits()).toEqual([])
  })

  it('a change made meanwhile is a conflict with a clear message; what was typed stays in the form', async () => {
    const readAt = order().version
    transitionWorkOrder(s.db, { workOrderId: orderId, to: 'accepted', expectedVersion: readAt }, asUser(s.users.dept))
    const res = await edit(s.users.street, { version: String(readAt) })
    expect(res.status).toBe(409)
    const body = (await res.json()) as Refused
    expect(body.error).toBe('outcome.error.editConflict')
    const html = await pageHtml(s.users.street, 'zh', body)
    expect(visible(html)).toContain('你编辑期间，这张工作单已被改动')
    expect(html).toContain(`>${NEW_TEXT.problem}</textarea>`)
    expect(control(html, 'place')).toContain(`value="${NEW_TEXT.place}"`)
    expect(order().title).toBe('施划临时停车位')
    expect(edits()).toEqual([])
  })

  it('missing text is named beside its field in the reader’s language, with the rest kept', async () => {
    const res = await edit(s.users.street, { title: ' ', problem: '' })
    expect(res.status).toBe(400)
    const body = (await res.json()) as Refused
    expect(said(body, 'zh')).toEqual({ title: '请填写标题（至少 2 个字）。', problem: '请描述问题。' })
    expect(said(body, 'en')).toMatchObject({ title: expect.any(String), problem: expect.any(String) })
    const html = await pageHtml(s.users.street, 'zh', body)
    expect(describedBy(html, 'title')).toEqual(['请填写标题（至少 2 个字）。'])
    expect(control(html, 'place')).toContain(`value="${NEW_TEXT.place}"`)
    // The form leaves checking to the page, in the page's language.
    expect(html).toMatch(/<form [^>]*novalidate=""[^>]*>(?:(?!<\/form>).)*name="intent" value="edit"/s)
  })

  it('an unchanged text is not saved as an edit', async () => {
    const res = await edit(s.users.street, { title: '施划临时停车位', problem: '小河小学路口上下学高峰拥堵', place: '小河小学路口' })
    expect(res.status).toBe(400)
    expect(edits()).toEqual([])
    expect(told()).toEqual([])
  })

  it('is closed once the work is handed in, and a draft is edited without telling the department', async () => {
    for (const to of ['accepted', 'in_progress', 'awaiting_verification'])
      transitionWorkOrder(s.db, { workOrderId: orderId, to, expectedVersion: order().version }, asUser(s.users.dept))
    expect((await pageData(s.users.street)).canEditText).toBe(false)
    const refused = await edit(s.users.street, {})
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as Refused).error).toBe('outcome.error.editHandedIn')
    expect(edits()).toEqual([])

    const draftId = createWorkOrders(
      s.db,
      { decisionId, departmentIds: [s.units.cityman.id], title: '清理占道摊点', problem: '路口摊点占道', dueAt: at('2026-12-20T23:59:59.999') },
      asUser(s.users.street),
    ).orders[0]!.id
    const draft = s.db.select().from(workOrders).where(eq(workOrders.id, draftId)).get()!
    const out = editWorkOrderText(
      { db: s.db, actor: asUser(s.users.street), notify: { toUser() {}, toUnit() {} } },
      { workOrderId: draftId, title: '清理路口占道摊点', problem: '路口摊点占道', place: null, expectedVersion: draft.version },
    )
    expect(out.order.title).toBe('清理路口占道摊点')
    expect(told()).toEqual([])
  })
})
