import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import SupervisePage, * as supervise from '#app/routes/_outcomes+/supervise'
import { transitionWorkOrder } from '#db/queries/work-orders'
import { workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { occurrences, renderPage } from '#tests/render-page'
import { asUser, dispatchedOrder, outcomeScenario, type Scenario } from './fixtures'

let s: Scenario
beforeEach(async () => {
  s = await outcomeScenario()
  const o = { id: dispatchedOrder(s) }
  for (const to of ['accepted', 'in_progress', 'awaiting_verification']) {
    const version = s.db.select().from(workOrders).where(eq(workOrders.id, o!.id)).get()!.version
    transitionWorkOrder(s.db, { workOrderId: o!.id, to, expectedVersion: version }, asUser(s.users.dept))
  }
})

describe('the supervision page counts photos in the reader’s grammar', () => {
  it('says “1 photo” and “3 photos” in English, and 张 in Chinese', async () => {
    const data = (await (await callRoute(supervise.loader, makeRequest('/supervise', { cookie: s.users.supervisor.cookie }))).json()) as {
      waiting: { photos: number }[]
    }
    const withPhotos = (n: number) => ({ ...data, waiting: data.waiting.map(w => ({ ...w, photos: n })) })
    const en1 = await renderPage(SupervisePage, { path: '/supervise', locale: 'en', loaderData: withPhotos(1) })
    expect(occurrences(en1, '1 photo (open the work order to see it)')).toBe(1)
    expect(en1).not.toContain('1 photos')
    const en3 = await renderPage(SupervisePage, { path: '/supervise', locale: 'en', loaderData: withPhotos(3) })
    expect(occurrences(en3, '3 photos (open the work order to see them)')).toBe(1)
    const zh1 = await renderPage(SupervisePage, { path: '/supervise', locale: 'zh', loaderData: withPhotos(1) })
    expect(occurrences(zh1, '共 1 张现场照片（打开工作单查看）')).toBe(1)
  })
})
