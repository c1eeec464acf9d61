import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import OrderPage, * as orderPage from '#app/routes/_outcomes+/orders.$id'
import { transitionWorkOrder } from '#db/queries/work-orders'
import { workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { describedBy, renderPage } from '#tests/render-page'
import { asUser, dispatchedOrder, outcomeScenario, type Scenario } from './fixtures'

let s: Scenario
let orderId: number
beforeEach(async () => {
  s = await outcomeScenario()
  orderId = dispatchedOrder(s)
})

const order = () => s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!
const moveTo = (to: string) => transitionWorkOrder(s.db, { workOrderId: orderId, to, expectedVersion: order().version }, asUser(s.users.dept))

/** What screen readers hear with the progress field, as the given user sees the order in the given language. */
async function progressDescription(cookie: string, locale: 'zh' | 'en') {
  const path = `/orders/${orderId}`
  const loaderData = await (await callRoute(orderPage.loader, makeRequest(path, { cookie }), { id: String(orderId) })).json()
  const html = await renderPage(OrderPage, { path, locale, loaderData })
  return describedBy(html, 'progress').join(' ')
}

describe('the progress form on an accepted order', () => {
  it('tells the department, before it posts, that progress above 0% starts the order, in both languages', async () => {
    moveTo('accepted')
    expect(await progressDescription(s.users.dept.cookie, 'zh')).toContain('高于 0% 的进展提交后，工作单将转为“办理中”')
    expect(await progressDescription(s.users.dept.cookie, 'en')).toContain('Posting progress above 0% will move the work order to In progress')
  })

  it('says nothing of the kind where posting does not start the order', async () => {
    moveTo('accepted')
    // Street staff may post progress but do not take the department's step.
    expect(await progressDescription(s.users.street.cookie, 'en')).not.toContain('will move the work order')
    moveTo('in_progress')
    expect(await progressDescription(s.users.dept.cookie, 'en')).not.toContain('will move the work order')
  })
})
