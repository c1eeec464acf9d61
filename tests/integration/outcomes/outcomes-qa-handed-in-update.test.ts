import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import OrderPage, * as orderPage from '#app/routes/_outcomes+/orders.$id'
import { transitionWorkOrder } from '#db/queries/work-orders'
import { workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { control, occurrences, renderPage } from '#tests/render-page'
import { asUser, dispatchedOrder, outcomeScenario, type Scenario } from './fixtures'

// Handed in for verification, an order counts as 100% done: the department may still add a
// note or photos for the supervisor, but is not asked for a share it would have to lower.

let s: Scenario
let orderId: number
beforeEach(async () => {
  s = await outcomeScenario()
  orderId = dispatchedOrder(s)
})

const moveTo = (to: string) =>
  transitionWorkOrder(
    s.db,
    { workOrderId: orderId, to, expectedVersion: s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.version },
    asUser(s.users.dept),
  )

async function orderHtml(locale: 'zh' | 'en') {
  const path = `/orders/${orderId}`
  const loaderData = await (await callRoute(orderPage.loader, makeRequest(path, { cookie: s.users.dept.cookie }), { id: String(orderId) })).json()
  return renderPage(OrderPage, { path, locale, loaderData })
}

describe('the update form on a handed-in order', () => {
  it('keeps the note and photos, without a share to fill in, and says why', async () => {
    for (const to of ['accepted', 'in_progress', 'awaiting_verification']) moveTo(to)
    const zh = await orderHtml('zh')
    expect(control(zh, 'note')).not.toBe('')
    expect(control(zh, 'photos')).not.toBe('')
    expect(control(zh, 'progress')).toBe('')
    expect(occurrences(zh, '工作已提交核验，完成比例记为 100%；仍可补充说明和照片。')).toBe(1)
    const en = await orderHtml('en')
    expect(control(en, 'progress')).toBe('')
    expect(occurrences(en, 'The work is handed in for verification and counts as 100% done; you can still add a note and photos.')).toBe(1)
  })

  it('still asks for the share while the work is under way', async () => {
    for (const to of ['accepted', 'in_progress']) moveTo(to)
    expect(control(await orderHtml('en'), 'progress')).not.toBe('')
  })
})
