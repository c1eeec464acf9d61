import { beforeEach, describe, expect, it } from 'vitest'
import * as importRoute from '#app/routes/_intake+/import'
import type { Db } from '#db/client'
import { getUnitByCode } from '#db/queries/units'
import { complaints } from '#db/schema/index'
import { CSRF, callRoute, createLoggedInUser, createTestDb, seedTestUnits } from '#tests/db-utils'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

function importRequest(cookie: string, csv: string) {
  const fd = new FormData()
  fd.set('csrf', CSRF)
  fd.set('channel', 'hotline')
  fd.append('file', new Blob([csv], { type: 'text/csv' }), 'letters.csv')
  return new Request('http://localhost/import', { method: 'POST', body: fd, headers: { cookie } })
}

describe('bulk import by a community worker', () => {
  it('refuses rows naming a community the worker does not serve, keeps them in the rejects, and imports the rest', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const csv = [
      '\uFEFF标题,内容,社区',
      '小河路口拥堵,早高峰车辆排队很长,gs-czq',
      '和睦新村垃圾清运不及时,垃圾桶满了没人收,和睦社区',
      '楼道堆放杂物,消防通道被堵,gs-hm',
    ].join('\n')
    const res = await callRoute(importRoute.action, importRequest(worker.cookie, csv))
    expect(res.status).toBe(200)
    const { summary } = await res.json()
    expect(summary).toMatchObject({ imported: 1, rejected: 2 })
    expect(summary.rejects.map((r: { line: number }) => r.line)).toEqual([3, 4])
    expect(summary.rejects[0].reason).toContain('和睦社区')
    expect(summary.rejects[0].reason).toContain('不在您负责的范围')
    const hm = getUnitByCode(db, 'gs-hm')!.id
    const rows = db.select().from(complaints).all()
    expect(rows).toHaveLength(1)
    expect(rows.some(r => r.communityId === hm || r.unitId === hm)).toBe(false)
  })

  it('lets a street worker import rows for every community of the street', async () => {
    const worker = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    const csv = ['\uFEFF标题,内容,社区', '小河路口拥堵,早高峰车辆排队很长,gs-czq', '楼道堆放杂物,消防通道被堵,gs-hm'].join('\n')
    const res = await callRoute(importRoute.action, importRequest(worker.cookie, csv))
    expect((await res.json()).summary).toMatchObject({ imported: 2, rejected: 0 })
  })
})
