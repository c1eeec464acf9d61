import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import Notifications, { loader } from '#app/routes/_account+/notifications'
import { createNotification } from '#db/queries/notifications'
import { notifications } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

describe('the notifications page', () => {
  it('lists notifications newest first by when they were sent, whatever order they were stored in', async () => {
    const db = createTestDb()
    seedTestUnits(db)
    const dept = await createLoggedInUser(db, 'department_staff', 'dept-traffic')
    // Stored in this order; sent at these times (a history imported or replayed is stored out of time order).
    const sent = [
      ['/orders/1', '2025-04-01T02:00:00Z'],
      ['/orders/2', '2025-11-22T02:00:00Z'],
      ['/orders/3', '2025-06-20T02:00:00Z'],
      ['/orders/4', '2025-07-29T02:00:00Z'],
      ['/orders/5', '2025-12-01T01:00:00Z'],
      ['/orders/6', '2025-12-01T00:30:00Z'],
      ['/orders/7', '2025-12-01T00:30:00Z'],
    ] as const
    for (const [link, at] of sent) {
      const n = createNotification(db, {
        userId: dept.id,
        kind: 'work_order',
        messageKey: 'outcome.notify.dispatched',
        params: { order: '设置临时停车位' },
        link,
      })
      db.update(notifications)
        .set({ createdAt: new Date(at) })
        .where(eq(notifications.id, n.id))
        .run()
    }
    const res = await callRoute(loader, makeRequest('/notifications', { cookie: dept.cookie }))
    const data = (await res.json()) as { items: { link: string; createdAt: string }[] }
    // Sent at the same moment: the one stored later is the newer.
    const newestFirst = ['/orders/5', '/orders/7', '/orders/6', '/orders/2', '/orders/4', '/orders/3', '/orders/1']
    expect(data.items.map(n => n.link)).toEqual(newestFirst)

    const html = await renderPage(Notifications, { path: '/notifications', locale: 'en', loaderData: data })
    expect([...html.matchAll(/href="(\/orders\/\d+)"/g)].map(m => m[1])).toEqual(newestFirst)
  })
})
