import * as inbox from '#app/routes/_intake+/inbox'
import * as inboxExport from '#app/routes/_intake+/inbox.export[.]csv'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

// A worker's morning starts with the letters waiting longest, or with the ones most neighbours back.
describe('sorting the inbox', () => {
  async function setUp() {
    const db = createTestDb()
    const units = seedTestUnits(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const file = (subject: string, day: number, supportersCount: number) =>
      createComplaint(
        db,
        {
          channel: 'web',
          communityId: units.czq.id,
          subject,
          body: `${subject}，请尽快处理。`,
          receivedAt: new Date(Date.UTC(2026, 10, day, 2)),
          supportersCount,
        },
        SYSTEM,
      ).complaint
    const middle = file('楼道灯坏了', 10, 30)
    const oldest = file('垃圾桶满了', 2, 1)
    const newest = file('路口红绿灯太短', 20, 5)
    return { db, worker, oldest, middle, newest }
  }
  const subjects = async (path: string, cookie: string) =>
    ((await (await callRoute(inbox.loader, makeRequest(path, { cookie }))).json()) as { rows: { subject: string }[] }).rows.map(r => r.subject)

  it('shows newest first by default, and oldest first or most supported first when asked', async () => {
    const { worker } = await setUp()
    expect(await subjects('/inbox', worker.cookie)).toEqual(['路口红绿灯太短', '楼道灯坏了', '垃圾桶满了'])
    expect(await subjects('/inbox?sort=oldest', worker.cookie)).toEqual(['垃圾桶满了', '楼道灯坏了', '路口红绿灯太短'])
    expect(await subjects('/inbox?sort=supporters', worker.cookie)).toEqual(['楼道灯坏了', '路口红绿灯太短', '垃圾桶满了'])
    // An unknown order is the default one, not an error.
    expect(await subjects('/inbox?sort=bogus', worker.cookie)).toEqual(['路口红绿灯太短', '楼道灯坏了', '垃圾桶满了'])
  })

  it('offers the orders in the filter form, and the CSV export keeps the order chosen', async () => {
    const { worker } = await setUp()
    const data = (await (await callRoute(inbox.loader, makeRequest('/inbox?sort=oldest', { cookie: worker.cookie }))).json()) as { sorts?: string[] }
    expect(data.sorts).toEqual(['newest', 'oldest', 'supporters'])
    const csv = await (await callRoute(inboxExport.loader, makeRequest('/inbox/export.csv?sort=supporters', { cookie: worker.cookie }))).text()
    const order = ['楼道灯坏了', '路口红绿灯太短', '垃圾桶满了'].map(s => csv.indexOf(s))
    expect(order.every(i => i > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
  })
})
