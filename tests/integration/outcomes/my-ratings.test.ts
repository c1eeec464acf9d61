import { beforeEach, describe, expect, it } from 'vitest'
import { loader as meLoader } from '#app/routes/_account+/me'
import { action as rateAction } from '#app/routes/_outcomes+/rate.$token'
import type { Db } from '#db/client'
import { CSRF, callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

let db: Db
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
})

/** A delivered decision on a topic of 东园 and a rating request to `userId` (made-up titles). */
function ratingRequest(userId: number, token: string) {
  const sql = db.$client
  const unit = (sql.prepare("select id from units where code = 'gs-czq'").get() as { id: number }).id
  const topic = sql.prepare("insert into topics (unit_id, status, title) values (?, 'approved', '东园路口积水') returning id").get(unit) as { id: number }
  const decision = sql.prepare("insert into decisions (topic_id, title, status) values (?, '疏通东园路口雨水口', 'delivered') returning id").get(topic.id) as {
    id: number
  }
  sql.prepare('insert into satisfaction_ratings (decision_id, user_id, token, created_at) values (?, ?, ?, ?)').run(decision.id, userId, token, Date.now())
}

describe('a resident’s own page', () => {
  it('lists the results waiting for the resident’s rating until they are rated, and no one else’s', async () => {
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const neighbour = await createLoggedInUser(db, 'resident', 'gs-czq')
    ratingRequest(resident.id, 'token-for-the-resident')
    ratingRequest(neighbour.id, 'token-for-the-neighbour')
    const page = async () => (await (await callRoute(meLoader, makeRequest('/me', { cookie: resident.cookie }))).json()) as { toRate: unknown[] }
    expect((await page()).toRate).toEqual([{ token: 'token-for-the-resident', decision: '疏通东园路口雨水口', topic: '东园路口积水' }])

    const rated = await callRoute(
      rateAction,
      makeRequest('/rate/token-for-the-resident', { cookie: `th_csrf=${CSRF}`, form: { csrf: CSRF, rating: '4', comment: '' } }),
      { token: 'token-for-the-resident' },
    )
    expect(rated.status).toBe(200)
    expect((await page()).toRate).toEqual([])
  })
})
