import { beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '#db/client'
import { createUnit, unitIdsWithin, unitsWithin } from '#db/queries/units'
import { createTestDb, seedTestUnits } from '#tests/db-utils'

describe('what a unit scope reaches', () => {
  let db: Db
  let u: ReturnType<typeof seedTestUnits>
  let otherStreet: { id: number }
  let otherCommunity: { id: number }

  beforeAll(() => {
    db = createTestDb()
    u = seedTestUnits(db)
    otherStreet = createUnit(db, { kind: 'street', code: 'gs-hs', nameZh: '和睦街道', nameEn: 'Heshun', parentId: u.district.id })
    otherCommunity = createUnit(db, { kind: 'community', code: 'gs-hs-a', nameZh: '甲社区', nameEn: 'Jia', parentId: otherStreet.id })
  })

  it('reaches each scope unit and everything below it, once each', () => {
    expect(unitIdsWithin(db, [u.street.id]).sort()).toEqual([u.street.id, u.czq.id, u.hm.id, u.traffic.id].sort())
    expect(unitIdsWithin(db, [u.czq.id, u.street.id, u.czq.id]).filter(id => id === u.czq.id)).toHaveLength(1)
    expect(unitIdsWithin(db, [u.czq.id])).toEqual([u.czq.id])
    expect(unitIdsWithin(db, [])).toEqual([])
  })

  it('keeps a null scope (everywhere) null', () => {
    expect(unitIdsWithin(db, null)).toBeNull()
  })

  it('lists the units of a kind a scope reaches, all of them for a null scope', () => {
    expect(
      unitsWithin(db, [u.street.id], 'community')
        .map(c => c.id)
        .sort(),
    ).toEqual([u.czq.id, u.hm.id].sort())
    expect(unitsWithin(db, [otherStreet.id], 'community').map(c => c.id)).toEqual([otherCommunity.id])
    expect(
      unitsWithin(db, null, 'community')
        .map(c => c.id)
        .sort(),
    ).toEqual([u.czq.id, u.hm.id, otherCommunity.id].sort())
    expect(unitsWithin(db, [u.hm.id], 'street')).toEqual([])
  })
})
