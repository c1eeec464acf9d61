import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as exportCsv from '#app/routes/_intake+/inbox.export[.]csv'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { complaints } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

let db: Db
let u: ReturnType<typeof seedTestUnits>

beforeEach(() => {
  db = createTestDb()
  u = seedTestUnits(db)
  const { complaint } = createComplaint(
    db,
    { channel: 'hotline', communityId: u.czq.id, placeText: '小河小学路口', subject: '小河小学路口早上堵车', body: '接送车辆占用非机动车道，孩子过马路很危险' },
    SYSTEM,
  )
  db.update(complaints)
    .set({ categoryPath: ['交通运输', '交通管理与停车'] })
    .where(eq(complaints.id, complaint.id))
    .run()
})

async function exported(cookie: string) {
  const res = await callRoute(exportCsv.loader, makeRequest('/inbox/export.csv', { cookie }))
  expect(res.status).toBe(200)
  const [header, row] = (await res.text()).replace(/^\uFEFF/, '').split('\r\n')
  return { header: header!.split(','), row: row!.split(',') }
}

describe('the inbox export in the reader’s language', () => {
  it('names the community and category in English for an English reader, as the inbox does; what residents wrote stays as written', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const { header, row } = await exported(`${worker.cookie}; th_prefs=en.0.0`)
    const col = (name: string) => row[header.indexOf(name)]
    expect(col('Community')).toBe('Changzhengqiao')
    expect(col('Category')).toBe('Transport/Traffic management and parking')
    expect(col('Subject')).toBe('小河小学路口早上堵车')
    expect(col('Place')).toBe('小河小学路口')
  })

  it('keeps the Chinese names for a Chinese reader', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const { header, row } = await exported(worker.cookie)
    expect(row[header.indexOf('社区')]).toBe('长征桥社区')
    expect(row[header.indexOf('类别')]).toBe('交通运输/交通管理与停车')
  })
})
