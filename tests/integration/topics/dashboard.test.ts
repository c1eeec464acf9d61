import { beforeEach, describe, expect, it } from 'vitest'
import { loader } from '#app/routes/_topics+/dashboard'
import { processQueue } from '#app/services/nlp.server'
import { afterClassified, resetTopicEngine } from '#app/services/topics.server'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { nullNotifier } from '#realtime/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

let db: Db
let u: ReturnType<typeof seedTestUnits>
beforeEach(() => {
  db = createTestDb()
  resetTopicEngine()
  u = seedTestUnits(db)
})

function add(unit: number, subject: string, body: string, daysAgo: number, channel: 'web' | 'hotline' = 'web') {
  createComplaint(
    db,
    { channel, communityId: unit, subject, body, receivedAt: new Date(Date.now() - daysAgo * 86_400_000), complainantKey: `${subject}${daysAgo}${channel}` },
    SYSTEM,
  )
}

describe('dashboard', () => {
  it('ranks hot words, builds weekly trends and counts by channel and category within the scope and dates', async () => {
    for (let i = 0; i < 6; i++) add(u.czq.id, '小区油烟扰民', '楼下餐馆油烟直排，噪音也大', i * 3, i % 2 ? 'web' : 'hotline')
    for (let i = 0; i < 2; i++) add(u.czq.id, '路口拥堵', '上下学高峰拥堵，车辆乱停', i)
    add(u.hm.id, '和睦新村油烟', '油烟扰民', 1)
    add(u.czq.id, '很久以前的油烟', '油烟', 200)
    afterClassified(db, nullNotifier, processQueue(db, { limit: 100 }))
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const body = await (await callRoute(loader, makeRequest('/dashboard', { cookie: worker.cookie }))).json()
    const words = Object.fromEntries(body.words.map((w: { word: string; count: number }) => [w.word, w.count]))
    // Only this community and only the last 90 days: 6 油烟 complaints, not 7 or 8.
    expect(words['油烟']).toBe(6)
    expect(body.breakdown.byChannel).toEqual(
      expect.arrayContaining([
        { key: 'hotline', count: 3 },
        { key: 'web', count: 5 },
      ]),
    )
    expect(body.breakdown.byCategory.reduce((s: number, r: { count: number }) => s + r.count, 0)).toBe(8)
    const oil = body.trend.series.find((s: { word: string }) => s.word === '油烟')
    expect(oil.data.reduce((a: number, b: number) => a + b, 0)).toBe(6)
    expect(body.trend.weeks.length).toBe(oil.data.length)
    expect(body.hot.length).toBeGreaterThan(0)
    const narrow = await (
      await callRoute(loader, makeRequest(`/dashboard?from=${new Date(Date.now() - 4 * 86_400_000).toISOString().slice(0, 10)}`, { cookie: worker.cookie }))
    ).json()
    expect(Object.fromEntries(narrow.words.map((w: { word: string; count: number }) => [w.word, w.count]))['油烟']).toBe(2)
    const bad = await (await callRoute(loader, makeRequest('/dashboard?from=yesterday', { cookie: worker.cookie }))).json()
    expect(bad.invalidDate).toBe(true)
  })
})
