import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import SupervisePage, * as supervise from '#app/routes/_outcomes+/supervise'
import { flagOverdueWorkOrders, transitionWorkOrder } from '#db/queries/work-orders'
import { workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { occurrences, renderPage } from '#tests/render-page'
import { asUser, dispatchedOrder, outcomeScenario, type Scenario } from './fixtures'

const DAY = 86_400_000
let s: Scenario
let orderId: number
beforeEach(async () => {
  s = await outcomeScenario()
  orderId = dispatchedOrder(s)
})

const order = () => s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!
const moveTo = (to: string) => transitionWorkOrder(s.db, { workOrderId: orderId, to, expectedVersion: order().version, note: null }, asUser(s.users.dept))
const dueDaysAgo = (days: number) =>
  s.db
    .update(workOrders)
    .set({ dueAt: new Date(Date.now() - days * DAY) })
    .where(eq(workOrders.id, orderId))
    .run()

async function page(locale: 'zh' | 'en', cookie = s.users.supervisor.cookie) {
  const loaderData = await (await callRoute(supervise.loader, makeRequest('/supervise', { cookie }))).json()
  return { loaderData, html: await renderPage(SupervisePage, { path: '/supervise', locale, loaderData }) }
}

describe('late work orders on the supervision page', () => {
  it('lists an order past its deadline day, with how many days late, before the overdue job has run', async () => {
    moveTo('accepted')
    moveTo('in_progress')
    dueDaysAgo(5)
    const { loaderData, html } = await page('zh')
    expect(loaderData.late.map((o: { id: number }) => o.id)).toEqual([orderId])
    expect(html).toContain(`href="/orders/${orderId}"`)
    // An order without a place names none (no empty separator).
    expect(html).not.toMatch(/· <span lang="zh-CN"><\/span> ·/)
    expect(html).toContain('超期未办结')
    expect(html).toContain('已超期 5 天')
    const en = await page('en')
    expect(en.html).toContain('Late work orders')
    expect(en.html).toContain('5 days late')
  })

  it('says an order the job escalated is escalated', async () => {
    moveTo('accepted')
    dueDaysAgo(5)
    flagOverdueWorkOrders(s.db, new Date())
    expect(order().status).toBe('escalated')
    const { loaderData, html } = await page('zh')
    expect(loaderData.late.map((o: { id: number }) => o.id)).toEqual([orderId])
    expect(html).toContain('已升级督办')
  })

  it('leaves out orders handed in, and orders whose deadline has not passed', async () => {
    moveTo('accepted')
    const { loaderData, html } = await page('zh')
    expect(loaderData.late).toEqual([])
    expect(html).toContain('没有超期的工作单')
    moveTo('in_progress')
    moveTo('awaiting_verification')
    dueDaysAgo(5)
    expect((await page('zh')).loaderData.late).toEqual([])
  })
})
