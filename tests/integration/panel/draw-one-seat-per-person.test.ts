import { beforeEach, describe, expect, it } from 'vitest'
import { buildPanelRequest, drawPanel, type Db, type PanelOptions } from '#app/utils/db.server'
import { getUnitByCode } from '#db/queries/units'
import { deliberators, users } from '#db/schema/index'
import { createTestDb, seedTestUnits } from '#tests/db-utils'
import { createApprovedTopic, seedPool } from './helpers'

// A panel is drawn from every community of the topic's street, and workers count a person once
// only within their own community: the same phone recorded in 长征桥 and in 和睦 is one person,
// who must be one candidate, never two seats.

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

const OPTS: PanelOptions = { seats: 1, seed: 's', roleSeats: {}, quotas: {}, alternates: 0, language: 'zh' }

function member(community: string, phone: string | null, userId: number | null = null, name = '王阿姨') {
  return db
    .insert(deliberators)
    .values({
      communityId: getUnitByCode(db, community)!.id,
      name,
      phone,
      userId,
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

function account() {
  return db
    .insert(users)
    .values({ username: `r${Math.random()}`, passwordHash: null, displayName: '王阿姨', phone: '13912345678' })
    .returning()
    .get()
}

describe('one person, one candidate in a draw over the street', () => {
  it('keeps the row linked to her account when the same phone is recorded in two communities', async () => {
    const pool = seedPool(db, 10)
    const linked = member('gs-czq', '13912345678', account().id)
    const other = member('gs-hm', '139 1234-5678')
    const topic = createApprovedTopic(db)
    const request = buildPanelRequest(db, topic, OPTS)
    const ids = request.pool.map(m => Number(m.id))
    expect(ids).toContain(linked.id)
    expect(ids).not.toContain(other.id)
    expect(ids).toEqual([...pool, linked.id])

    // Every seat filled from the whole pool: she holds one of them, not two.
    const out = await drawPanel({ ...request, seats: request.pool.length })
    expect(out.ok).toBe(true)
    if (!out.ok) return
    const seated = out.result.panel.map(p => Number(p.id))
    expect(seated.filter(id => id === linked.id || id === other.id)).toEqual([linked.id])
  })

  it('without a linked row keeps the most recent one; rows without a phone are never merged', async () => {
    const older = member('gs-hm', '13912345678')
    const newer = member('gs-czq', '(139)12345678')
    const a = member('gs-czq', null, null, '李伯')
    const b = member('gs-hm', '', null, '李伯')
    const topic = createApprovedTopic(db)
    const ids = buildPanelRequest(db, topic, OPTS).pool.map(m => Number(m.id))
    expect(ids).toEqual([newer.id, a.id, b.id])
    expect(ids).not.toContain(older.id)
  })
})
