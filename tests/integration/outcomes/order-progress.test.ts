import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import OrderPage, * as orderPage from '#app/routes/_outcomes+/orders.$id'
import { DomainError } from '#db/errors'
import { recordDecision } from '#db/queries/decisions'
import { createWorkOrders, postWorkOrderUpdate, transitionWorkOrder } from '#db/queries/work-orders'
import { workOrderEvents, workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { control, describedBy, occurrences, renderPage } from '#tests/render-page'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

let s: Scenario
let orderId: number
beforeEach(async () => {
  s = await outcomeScenario()
  const decisionId = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker)).decision.id
  orderId = createWorkOrders(
    s.db,
    {
      decisionId,
      departmentIds: [s.units.traffic.id],
      title: '施划临时停车位',
      problem: '路口拥堵',
      dueAt: new Date(Date.now() + 10 * 86400_000),
      dispatch: true,
    },
    asUser(s.users.street),
  ).orders[0]!.id
  for (const to of ['accepted', 'in_progress']) transitionWorkOrder(s.db, { workOrderId: orderId, to, expectedVersion: order().version }, asUser(s.users.dept))
  postWorkOrderUpdate(s.db, { workOrderId: orderId, note: '已施划 15 个', progress: 80 }, asUser(s.users.dept))
})

const order = () => s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!
const progressEvents = () => s.db.select().from(workOrderEvents).where(eq(workOrderEvents.kind, 'progress')).all().length

const post = (form: Record<string, string>) =>
  callRoute(orderPage.action, makeRequest(`/orders/${orderId}`, { cookie: s.users.dept.cookie, form }), { id: String(orderId) })

/** The order page as the department sees it at `path`, after `actionData` when a post came back. */
async function page(path: string, actionData?: object) {
  const loaderData = await (await callRoute(orderPage.loader, makeRequest(path, { cookie: s.users.dept.cookie }), { id: String(orderId) })).json()
  return renderPage(OrderPage, { path, locale: 'zh', loaderData, actionData })
}

describe('a department’s progress report', () => {
  it('lowering the share done is refused beside it until confirmed, keeping what was typed; then the history says it went down', async () => {
    const refused = await post({ intent: 'update', note: '发现 5 个车位需返工', progress: '30' })
    expect(refused.status).toBe(400)
    expect(order().progress).toBe(80)
    expect(progressEvents()).toBe(1)
    const html = await page(`/orders/${orderId}`, await refused.json())
    expect(describedBy(html, 'progress')).toEqual([
      '完成比例比上次报告的 80% 低。如确需下调，请在进展说明里写明原因，并勾选“确认下调”后再提交。',
      '目前为 80%；比例下调需在进展说明里写明原因。',
    ])
    expect(control(html, 'progress')).toContain('value="30"')
    expect(html).toContain('发现 5 个车位需返工</textarea>')
    expect(control(html, 'lowerConfirmed')).toContain('type="checkbox"')

    const confirmed = await post({ intent: 'update', note: '发现 5 个车位需返工', progress: '30', lowerConfirmed: 'on' })
    expect(confirmed.status).toBe(303)
    expect(order().progress).toBe(30)
    expect(occurrences(await page(`/orders/${orderId}`), '进展更新，完成比例由 80% 下调为 30%')).toBe(1)
  })

  it('the data layer refuses an unconfirmed lower share too', () => {
    expect(() => postWorkOrderUpdate(s.db, { workOrderId: orderId, note: '返工', progress: 30 }, asUser(s.users.dept))).toThrow(DomainError)
    expect(order().progress).toBe(80)
  })

  it('says the update was posted, once back on the page', async () => {
    const res = await post({ intent: 'update', note: '又施划 4 个', progress: '95' })
    expect(res.status).toBe(303)
    const back = res.headers.get('location')!
    expect(back).toBe(`/orders/${orderId}?done=update`)
    const html = await page(back)
    expect(/<p role="status"[^>]*>(.*?)<\/p>/.exec(html)?.[1]).toBe('进展已提交，已记入下方办理记录。')
  })

  it('handing the work in for verification records it as 100% done, and the page says so before and after', async () => {
    const before = await page(`/orders/${orderId}`)
    expect(occurrences(before, '转为“待核验”表示工作已办完：完成比例记为 100%，由监督员核验；核验未通过会退回“办理中”。')).toBe(1)
    const res = await post({ intent: 'transition', to: 'awaiting_verification', version: String(order().version) })
    expect(res.status).toBe(303)
    expect(order()).toMatchObject({ status: 'awaiting_verification', progress: 100 })
    const after = await page(res.headers.get('location')!)
    expect(/<p role="status"[^>]*>(.*?)<\/p>/.exec(after)?.[1]).toBe('工作单已改为“待核验”。')
  })
})
