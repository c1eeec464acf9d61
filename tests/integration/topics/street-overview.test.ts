import { beforeAll, describe, expect, it } from 'vitest'
import { loader } from '#app/routes/_topics+/street'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, insertTopic, makeRequest, seedTestUnits } from '#tests/db-utils'

let db: ReturnType<typeof createTestDb>
let cookie: string
beforeAll(async () => {
  db = createTestDb()
  const u = seedTestUnits(db)
  cookie = (await createLoggedInUser(db, 'street_staff', 'gs-xh')).cookie
  const file = (communityId: number | null, subject: string) =>
    createComplaint(db, { channel: 'web', communityId, subject, body: `${subject}，请处理。` }, SYSTEM).complaint.id
  const inCzq = file(u.czq.id, '长征桥小区路灯不亮')
  // A letter about the whole street: no community could be resolved, the street handles it.
  const streetWide = file(null, '小河街道流感疫苗什么时候开始打')
  insertTopic(db, { unitId: u.czq.id, status: 'suggested', title: '长征桥小区路灯不亮' }, [inCzq])
  insertTopic(db, { unitId: u.street.id, status: 'suggested', title: '流感疫苗接种时间' }, [streetWide])
})

describe('the street overview', () => {
  it('counts the street’s own letters and topics, not only its communities’, in its own row and in the total', async () => {
    const data = await (await callRoute(loader, makeRequest('/street', { cookie }))).json()
    expect(data.total.suggested).toBe(2)
    expect(data.total.total).toBe(2)
    const own = data.rows.find((r: { nameZh: string }) => r.nameZh === '小河街道')
    expect(own.figures).toMatchObject({ total: 1, suggested: 1 })
  })
})
