import * as inbox from '#app/routes/_intake+/inbox'
import { processComplaint } from '#app/services/nlp.server'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

// A resident on the phone gives their tracking code, name or number: the worker finds the report by it.
describe('searching the inbox by who filed a report', () => {
  it('finds a report by its tracking code as read out, the complainant’s phone or full name; only within the worker’s scope', async () => {
    const db = createTestDb()
    const units = seedTestUnits(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const other = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    const file = (communityId: number, subject: string, name: string, phone: string) =>
      createComplaint(db, { channel: 'web', communityId, subject, body: `${subject}，请尽快处理。`, complainantName: name, complainantPhone: phone }, SYSTEM)
        .complaint
    const mine = file(units.czq.id, '楼道灯坏了', '王秀英', '13912345678')
    const bins = file(units.czq.id, '垃圾桶满了', '李建国', '13800001111')
    // Classification indexes a report's words for search.
    for (const c of [mine, bins]) processComplaint(db, c.id)
    const ids = async (q: string, cookie = worker.cookie) =>
      ((await (await callRoute(inbox.loader, makeRequest(`/inbox?q=${encodeURIComponent(q)}`, { cookie }))).json()) as { rows: { id: number }[] }).rows.map(
        r => r.id,
      )
    const spoken = mine.trackingCode.toLowerCase().replace(/-/g, ' ')
    expect(await ids(spoken)).toEqual([mine.id])
    expect(await ids('13912345678')).toEqual([mine.id])
    expect(await ids('139 1234 5678')).toEqual([mine.id])
    expect(await ids('王秀英')).toEqual([mine.id])
    // The words of reports still find them.
    expect(await ids('楼道')).toEqual([mine.id])
    // A worker of another community does not find it, whatever they type.
    expect(await ids('13912345678', other.cookie)).toEqual([])
  })
})
