import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { reassignTopic } from '#app/commands/topics.server'
import { translate, type MessageKey } from '#app/i18n/index'
import { processQueue } from '#app/services/nlp.server'
import { afterClassified, resetTopicEngine } from '#app/services/topics.server'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { getTopic } from '#db/queries/topics'
import { notifications, units } from '#db/schema/index'
import { nullNotifier, type Notifier } from '#realtime/index'
import { createLoggedInUser, createTestDb, seedTestUnits } from '#tests/db-utils'

let db: Db
let u: ReturnType<typeof seedTestUnits>

beforeEach(() => {
  db = createTestDb()
  resetTopicEngine()
  u = seedTestUnits(db)
  // No hot-topic pushes: only what the handover itself says is counted.
  db.update(units).set({ heatThreshold: 100 }).run()
})

function suggestion() {
  for (let i = 0; i < 4; i++) {
    createComplaint(
      db,
      {
        channel: 'web',
        communityId: u.czq.id,
        placeText: '小河小学路口',
        subject: '小河小学路口上下学高峰拥堵严重',
        body: `接送车辆占用非机动车道，孩子过马路很危险（第${i + 1}位居民）`,
        receivedAt: new Date(Date.now() - (10 - i) * 3600_000),
        complainantKey: `r${i}`,
      },
      SYSTEM,
    )
  }
  const out = afterClassified(db, nullNotifier, processQueue(db, { limit: 100 }))
  return getTopic(db, out[0]!.topic.id)!
}

describe('a suggestion handed to another community', () => {
  it('tells the receiving community’s workers, in their own language, and not the one who handed it', async () => {
    const giver = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const receiver = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    const topic = suggestion()
    const live: { to: string; event: string }[] = []
    const notify: Notifier = {
      toUser: (userId, event, ..._args) => {
        live.push({ to: `user:${userId}`, event })
      },
      toUnit: (_db, unitId, event, ..._args) => {
        live.push({ to: `unit:${unitId}`, event })
      },
    }
    reassignTopic(
      { db, actor: { kind: 'user', id: giver.id }, notify },
      { topicId: topic.id, expectedVersion: topic.version, unitId: u.hm.id, note: '属于和睦' },
    )

    const told = db.select().from(notifications).where(eq(notifications.userId, receiver.id)).all()
    expect(told).toHaveLength(1)
    expect(told[0]!.link).toBe(`/topics/${topic.id}`)
    const key = told[0]!.messageKey as MessageKey
    const params = told[0]!.params as Record<string, string | number>
    expect(translate('zh', key, params)).toContain(topic.title)
    expect(translate('zh', key, params)).not.toMatch(/[A-Za-z]{3}/)
    expect(translate('en', key, params)).toMatch(/handed/i)
    expect(db.select().from(notifications).where(eq(notifications.userId, giver.id)).all()).toHaveLength(0)
    // Shown at once to a receiver who has a page open.
    expect(live).toContainEqual({ to: `user:${receiver.id}`, event: 'notification:new' })
  })
})
