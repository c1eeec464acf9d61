import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import DecisionPage, * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import { postWorkOrderUpdate } from '#db/queries/work-orders'
import { decisions, workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'
import { asUser, decisionWithTwoOrders, moveOrder, outcomeScenario, type Scenario } from './fixtures'

// An order sent back for rework after it was handed in still counts the work done before
// the hand-in, and the decision says that one of its orders is back for rework; one sent
// back to the street office by its department says so as well.

let s: Scenario
let decisionId: number
let traffic: number
let cityman: number
beforeEach(async () => {
  s = await outcomeScenario()
  ;({ decisionId, traffic, cityman } = decisionWithTwoOrders(s))
})

const move = (id: number, to: string, who: { id: number }, note?: string) => moveOrder(s, id, to, who, note)
const order = (id: number) => s.db.select().from(workOrders).where(eq(workOrders.id, id)).get()!
const decision = () => s.db.select().from(decisions).where(eq(decisions.id, decisionId)).get()!

/** The traffic police report 60 %, hand in, and the supervisor sends the work back; city management's is verified. */
function sendBackOne() {
  move(traffic, 'accepted', s.users.dept)
  postWorkOrderUpdate(s.db, { workOrderId: traffic, note: '已施划 12 个车位', progress: 60 }, asUser(s.users.dept))
  move(traffic, 'awaiting_verification', s.users.dept, '全部施划完成')
  move(traffic, 'in_progress', s.users.supervisor, '标线不清晰，请重新施划')
  move(cityman, 'accepted', s.users.deptOther)
  move(cityman, 'in_progress', s.users.deptOther)
  move(cityman, 'awaiting_verification', s.users.deptOther, '完成')
  move(cityman, 'verified', s.users.supervisor, '通过')
}

async function page(locale: 'zh' | 'en') {
  const path = `/decisions/${decisionId}`
  const res = await callRoute(decisionPage.loader, makeRequest(path, { cookie: s.users.street.cookie }), { id: String(decisionId) })
  return renderPage(DecisionPage, { path, locale, loaderData: (await res.json()) as object })
}

describe('an order sent back for rework', () => {
  it('keeps the share reported before it was handed in, and the decision counts it', () => {
    sendBackOne()
    expect(order(traffic)).toMatchObject({ status: 'in_progress', progress: 60 })
    expect(decision()).toMatchObject({ status: 'open', progress: 80 })
  })

  it('without a report before the hand-in, counts the work its steps stand for', () => {
    move(traffic, 'accepted', s.users.dept)
    move(traffic, 'in_progress', s.users.dept)
    move(traffic, 'awaiting_verification', s.users.dept, '完成')
    move(traffic, 'in_progress', s.users.supervisor, '请补拍照片')
    expect(order(traffic)).toMatchObject({ status: 'in_progress', progress: 50 })
  })

  for (const [locale, rework, returned] of [
    ['zh', '1 张工作单退回返工', '1 张工作单被承办部门退回'],
    ['en', 'Work orders sent back for rework: 1', 'Work orders returned by their department: 1'],
  ] as const) {
    it(`is named beside the decision’s progress and on the order’s row (${locale})`, async () => {
      sendBackOne()
      const html = await page(locale)
      const delivery = /<p[^>]*>(.*?)<\/p>/s.exec(html.slice(html.indexOf('class="card stack"')))![1]!
      expect(delivery.replace(/<[^>]+>/g, '')).toContain(rework)
      // The row of the order says why its share went down: the badge, then the supervisor's reason.
      const row = html.slice(html.indexOf('status-in_progress') - 400, html.indexOf('status-in_progress') + 800)
      expect(row).toContain(locale === 'zh' ? '退回返工' : 'Sent back for rework')
      expect(row).toContain('标线不清晰，请重新施划')
      expect(html).not.toContain(returned)
    })

    it(`returned by its department is named beside the decision’s progress (${locale})`, async () => {
      move(cityman, 'returned', s.users.deptOther, '不属于城管职责')
      const html = await page(locale)
      const delivery = /<p[^>]*>(.*?)<\/p>/s.exec(html.slice(html.indexOf('class="card stack"')))![1]!
      expect(delivery.replace(/<[^>]+>/g, '')).toContain(returned)
      expect(html).toContain('不属于城管职责')
    })
  }
})
