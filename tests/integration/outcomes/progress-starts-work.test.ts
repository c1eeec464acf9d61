import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import OrderPage, * as orderPage from '#app/routes/_outcomes+/orders.$id'
import { postWorkOrderUpdate, transitionWorkOrder } from '#db/queries/work-orders'
import { auditEvents, workOrderEvents, workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'
import { asUser, dispatchedOrder, outcomeScenario, type Scenario } from './fixtures'

let s: Scenario
let orderId: number
beforeEach(async () => {
  s = await outcomeScenario()
  orderId = dispatchedOrder(s)
})

const order = () => s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!
const accept = () => transitionWorkOrder(s.db, { workOrderId: orderId, to: 'accepted', expectedVersion: order().version }, asUser(s.users.dept))
const orderAudits = () =>
  s.db
    .select()
    .from(auditEvents)
    .all()
    .filter(a => a.subjectType === 'work_order' && a.subjectId === String(orderId))

describe('progress on an accepted work order', () => {
  it('above 0% moves the order to in progress, recorded as the status change the button would make, then the progress', () => {
    accept()
    const before = orderAudits().length
    postWorkOrderUpdate(s.db, { workOrderId: orderId, note: '已完成东侧划线', progress: 40 }, asUser(s.users.dept))
    expect(order()).toMatchObject({ status: 'in_progress', progress: 40 })
    const audits = orderAudits().slice(before)
    expect(audits.map(a => a.action)).toEqual(['work_order.transition', 'work_order.progress'])
    expect(audits[0]).toMatchObject({ before: { status: 'accepted' }, after: { status: 'in_progress' } })
    const history = s.db.select().from(workOrderEvents).where(eq(workOrderEvents.workOrderId, orderId)).all()
    expect(history.slice(-2).map(h => [h.kind, h.fromStatus, h.toStatus, h.progress])).toEqual([
      ['transition', 'accepted', 'in_progress', 40],
      ['progress', 'in_progress', 'in_progress', 40],
    ])
  })

  it('the department is told on the page that the order is now in progress', async () => {
    accept()
    const res = await callRoute(
      orderPage.action,
      makeRequest(`/orders/${orderId}`, { cookie: s.users.dept.cookie, form: { intent: 'update', note: '已完成东侧划线', progress: '40' } }),
      { id: String(orderId) },
    )
    expect(res.status).toBe(303)
    const back = res.headers.get('location')!
    expect(back).toBe(`/orders/${orderId}?done=started`)
    const loaderData = await (await callRoute(orderPage.loader, makeRequest(back, { cookie: s.users.dept.cookie }), { id: String(orderId) })).json()
    const html = await renderPage(OrderPage, { path: back, locale: 'zh', loaderData })
    expect(/<p role="status"[^>]*>(.*?)<\/p>/.exec(html)?.[1]).toBe('进展已提交，工作单已转为“办理中”。')
  })

  it('a note without a share, or at 0%, leaves it accepted', () => {
    accept()
    postWorkOrderUpdate(s.db, { workOrderId: orderId, note: '已安排人员' }, asUser(s.users.dept))
    expect(order()).toMatchObject({ status: 'accepted', progress: 20 })
    postWorkOrderUpdate(s.db, { workOrderId: orderId, note: '材料未到，尚未开工', progress: 0, lowerConfirmed: true }, asUser(s.users.dept))
    expect(order()).toMatchObject({ status: 'accepted', progress: 0 })
  })

  it('street staff posting progress do not take the department’s step for it', () => {
    accept()
    postWorkOrderUpdate(s.db, { workOrderId: orderId, note: '现场查看', progress: 30 }, asUser(s.users.street))
    expect(order()).toMatchObject({ status: 'accepted', progress: 30 })
  })
})
