import * as root from '#app/root'
import { createNotification, listNotifications } from '#db/queries/notifications'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

describe('a notification is read once its page is opened', () => {
  it('opening the page a notification links to marks it read, and only it', async () => {
    const db = createTestDb()
    seedTestUnits(db)
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const other = await createLoggedInUser(db, 'resident', 'gs-czq')
    const rate = createNotification(db, { userId: resident.id, kind: 'rating', messageKey: 'outcome.notify.rate', link: '/rate/abc' })
    const topic = createNotification(db, { userId: resident.id, kind: 'topic', messageKey: 'topics.notify.approved', link: '/public/topics/7#decisions' })
    const theirs = createNotification(db, { userId: other.id, kind: 'rating', messageKey: 'outcome.notify.rate', link: '/rate/abc' })
    const unread = async (path: string, cookie = resident.cookie) =>
      ((await (await callRoute(root.loader, makeRequest(path, { cookie }))).json()) as { unread: number }).unread
    expect(await unread('/me')).toBe(2)
    // The client asks the root loader for data with ?_data=root on the same path.
    expect(await unread('/rate/abc?_data=root')).toBe(1)
    expect(await unread('/public/topics/7')).toBe(0)
    const read = new Map(listNotifications(db, resident.id).map(n => [n.id, n.readAt]))
    expect(read.get(rate.id)).not.toBeNull()
    expect(read.get(topic.id)).not.toBeNull()
    expect(listNotifications(db, other.id).find(n => n.id === theirs.id)!.readAt).toBeNull()
  })
})
