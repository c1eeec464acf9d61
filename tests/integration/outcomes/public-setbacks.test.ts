import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import PublicTopicPage, * as publicTopic from '#app/routes/_public+/public.topics.$id'
import { postWorkOrderUpdate, transitionWorkOrder } from '#db/queries/work-orders'
import { topics, workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'
import { asUser, dispatchedOrder, outcomeScenario, type Scenario } from './fixtures'

let s: Scenario
let orderId: number
beforeEach(async () => {
  s = await outcomeScenario()
  s.db.update(topics).set({ isPublic: true }).where(eq(topics.id, s.topic.id)).run()
  orderId = dispatchedOrder(s)
})

const version = () => s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.version
const move = (to: string, by: Scenario['users']['dept'], note: string | null = null) =>
  transitionWorkOrder(s.db, { workOrderId: orderId, to, expectedVersion: version(), note }, asUser(by))

async function page(locale: 'zh' | 'en') {
  const path = `/public/topics/${s.topic.id}`
  const loaderData = await (await callRoute(publicTopic.loader, makeRequest(path), { id: String(s.topic.id) })).json()
  return renderPage(PublicTopicPage, { path, locale, loaderData })
}

describe('the public topic page after work was sent back', () => {
  it('says an order was sent back for rework, without the supervisor’s reason', async () => {
    move('accepted', s.users.dept)
    move('in_progress', s.users.dept)
    postWorkOrderUpdate(s.db, { workOrderId: orderId, note: '东侧已划线', progress: 70 }, asUser(s.users.dept))
    move('awaiting_verification', s.users.dept)
    move('in_progress', s.users.supervisor, '西侧划线不清，王建国家门口未处理')
    const zh = await page('zh')
    expect(zh).toContain('退回返工')
    expect(zh).toContain('1 张工作单退回返工')
    expect(zh).not.toContain('西侧划线不清')
    expect(zh).not.toContain('王建国')
    const en = await page('en')
    expect(en).toContain('Sent back for rework')
  })

  it('says nothing of rework for work that went only forwards', async () => {
    move('accepted', s.users.dept)
    const zh = await page('zh')
    expect(zh).not.toContain('退回返工')
  })
})
