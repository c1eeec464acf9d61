import { beforeEach, describe, expect, it } from 'vitest'
import { buildPanelRequest, drawPanel, type Db, type PanelOptions } from '#app/utils/db.server'
import { getUnitByCode } from '#db/queries/units'
import { deliberators } from '#db/schema/index'
import { createTestDb, seedTestUnits } from '#tests/db-utils'
import { createApprovedTopic, seedPool } from './helpers'

// Rows recorded twice in one community before one phone was one person, the phone written once
// with +86 or 0086 and once without: the draw still counts them as one candidate.

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

const OPTS: PanelOptions = { seats: 1, seed: 's', roleSeats: {}, quotas: {}, alternates: 0, language: 'zh' }

function member(phone: string) {
  return db
    .insert(deliberators)
    .values({
      communityId: getUnitByCode(db, 'gs-czq')!.id,
      name: '王小红',
      phone,
      interests: [],
      expertise: [],
      roles: [],
      attributes: { gender: '女', ageBand: '60+', tenure: '15y+' },
      languages: ['普通话'],
      consentAt: new Date('2025-01-01T00:00:00Z'),
      consentText: '测试同意',
    })
    .returning()
    .get()
}

describe('a phone recorded twice in one community', () => {
  it('is one candidate however the country code was written, and holds at most one seat', async () => {
    const pool = seedPool(db, 6)
    const twins = [member('13912345678'), member('+86 139 1234 5678'), member('0086-13912345678')].map(r => r.id)
    const request = buildPanelRequest(db, createApprovedTopic(db), OPTS)
    const ids = request.pool.map(m => Number(m.id))
    expect(ids.filter(id => twins.includes(id))).toHaveLength(1)
    expect(ids).toHaveLength(pool.length + 1)

    const out = await drawPanel({ ...request, seats: request.pool.length })
    expect(out.ok).toBe(true)
    if (!out.ok) return
    expect(out.result.panel.map(p => Number(p.id)).filter(id => twins.includes(id))).toHaveLength(1)
  })
})
