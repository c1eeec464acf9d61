import { beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '#db/client'
import { hotWordTrend } from '#db/queries/stats'
import { complaints } from '#db/schema/index'
import { createTestDb, seedTestUnits } from '#tests/db-utils'

let db: Db
let unitId: number
let n = 0
beforeEach(() => {
  db = createTestDb()
  unitId = seedTestUnits(db).czq.id
})

/** A complaint received at `at` (China time) with these matched keywords. */
function complaint(at: string, keywords: string[]) {
  n++
  db.insert(complaints)
    .values({
      trackingCode: `T${n}`,
      channel: 'web',
      unitId,
      communityId: unitId,
      subject: '噪音',
      body: '噪音',
      receivedAt: new Date(`${at}+08:00`),
      keywords,
      contentHash: `h${n}`,
    })
    .run()
}

describe('the hot-word trend', () => {
  it('counts a complaint of a Monday in the week that Monday starts', () => {
    complaint('2026-09-14T09:00:00', ['噪音'])
    const trend = hotWordTrend(db, { unitIds: null, from: new Date('2026-09-14T00:00:00+08:00'), to: new Date('2026-09-20T23:59:59+08:00') }, ['噪音'])
    expect(trend.weeks).toEqual(['2026-09-14'])
    expect(trend.series[0]!.data).toEqual([1])
  })

  it('lists every week of the period, a week with no such complaint as 0, so the line keeps its time scale', () => {
    complaint('2026-09-08T10:00:00', ['噪音'])
    complaint('2026-09-30T10:00:00', ['噪音'])
    const trend = hotWordTrend(db, { unitIds: null, from: new Date('2026-09-07T00:00:00+08:00'), to: new Date('2026-10-04T23:59:59+08:00') }, ['噪音'])
    expect(trend.weeks).toEqual(['2026-09-07', '2026-09-14', '2026-09-21', '2026-09-28'])
    expect(trend.series[0]!.data).toEqual([1, 0, 0, 1])
  })

  it('over all time starts at the first week with data, not at 1970', () => {
    complaint('2026-09-08T10:00:00', ['噪音'])
    complaint('2026-09-16T10:00:00', ['噪音'])
    const trend = hotWordTrend(db, { unitIds: null, from: new Date(0), to: new Date('2026-09-20T23:59:59+08:00') }, ['噪音'])
    expect(trend.weeks).toEqual(['2026-09-07', '2026-09-14'])
  })
})
