import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import OrderPage, * as orderPage from '#app/routes/_outcomes+/orders.$id'
import { auditEvents, workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { control, describedBy, renderPage } from '#tests/render-page'
import { dispatchedOrder, outcomeScenario, type Scenario } from './fixtures'

// A department sending an order back to the street office says why: the form's label asks for
// the reason, and the street office cannot act on a bare "returned".

let s: Scenario
let orderId: number
beforeEach(async () => {
  s = await outcomeScenario()
  orderId = dispatchedOrder(s)
})

const order = () => s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!
const audits = () => s.db.select().from(auditEvents).all().length

async function returnOrder(note: string, locale: 'zh' | 'en') {
  const cookie = `${s.users.dept.cookie}; th_prefs=${locale}.0.0`
  const path = `/orders/${orderId}`
  const res = await callRoute(
    orderPage.action,
    makeRequest(path, { cookie, form: { intent: 'transition', to: 'returned', version: String(order().version), note } }),
    { id: String(orderId) },
  )
  if (res.status !== 400) return { status: res.status, html: '' }
  const actionData = (await res.json()) as object
  const loaderData = (await (await callRoute(orderPage.loader, makeRequest(path, { cookie }), { id: String(orderId) })).json()) as object
  return { status: res.status, html: await renderPage(OrderPage, { path, locale, loaderData, actionData }) }
}

describe('returning a work order', () => {
  for (const [locale, message] of [
    ['zh', '退回时请写明原因。'],
    ['en', 'Please give the reason for sending it back.'],
  ] as const) {
    it(`without a reason is refused beside the note, and nothing changes (${locale})`, async () => {
      const before = audits()
      const { status, html } = await returnOrder('  ', locale)
      expect(status).toBe(400)
      expect(control(html, 'note')).toContain('aria-invalid="true"')
      expect(describedBy(html, 'note')).toEqual([message])
      expect(order().status).toBe('dispatched')
      expect(audits()).toBe(before)
    })
  }

  it('with a reason goes back to the street office, the reason in its history', async () => {
    const { status } = await returnOrder('不属于交警职责，应由城管处理', 'zh')
    expect(status).toBe(303)
    expect(order().status).toBe('returned')
    const row = s.db.select().from(auditEvents).all().at(-1)!
    expect(row).toMatchObject({ action: 'work_order.transition', after: expect.objectContaining({ status: 'returned', note: '不属于交警职责，应由城管处理' }) })
  })
})
