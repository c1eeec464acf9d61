import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import DecisionPage, * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import { workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'
import { dispatchedOrder, outcomeScenario, type Scenario } from './fixtures'

// An order whose deadline day is over is marked late on its decision's page, as on the order's
// own page and in the list of orders, even before the overdue job has flagged it.

let s: Scenario
let orderId: number
beforeEach(async () => {
  s = await outcomeScenario()
  orderId = dispatchedOrder(s)
})

async function orderRow(locale: 'zh' | 'en', who: { cookie: string }) {
  const decisionId = s.db.select({ d: workOrders.decisionId }).from(workOrders).where(eq(workOrders.id, orderId)).get()!.d
  const path = `/decisions/${decisionId}`
  const res = await callRoute(decisionPage.loader, makeRequest(path, { cookie: who.cookie }), { id: String(decisionId) })
  const html = await renderPage(DecisionPage, { path, locale, loaderData: (await res.json()) as object })
  const at = html.indexOf('status-dispatched')
  return html.slice(at, html.indexOf('</tr>', at)).replace(/<[^>]+>/g, ' ')
}

describe('a late order on its decision’s page', () => {
  for (const [locale, late] of [
    ['zh', '已超期'],
    ['en', 'Overdue'],
  ] as const) {
    it(`is marked late for the supervisor and street staff (${locale})`, async () => {
      expect(await orderRow(locale, s.users.supervisor)).not.toContain(late)
      s.db
        .update(workOrders)
        .set({ dueAt: new Date(Date.now() - 3 * 86400_000) })
        .where(eq(workOrders.id, orderId))
        .run()
      expect(await orderRow(locale, s.users.supervisor)).toContain(late)
      expect(await orderRow(locale, s.users.street)).toContain(late)
    })
  }
})
