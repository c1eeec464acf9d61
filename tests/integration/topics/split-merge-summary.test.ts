import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { mergeTopics, splitTopic } from '#app/commands/topics.server'
import { processQueue } from '#app/services/nlp.server'
import { afterClassified, resetTopicEngine } from '#app/services/topics.server'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { getTopic, getTopicComplaintIds } from '#db/queries/topics'
import { complaints, topics, units } from '#db/schema/index'
import { parseTopicSummary } from '#nlp/topic-text'
import { nullNotifier } from '#realtime/index'
import { createLoggedInUser, createTestDb, seedTestUnits } from '#tests/db-utils'

let db: Db
let u: ReturnType<typeof seedTestUnits>

beforeEach(() => {
  db = createTestDb()
  resetTopicEngine()
  u = seedTestUnits(db)
  db.update(units).set({ heatThreshold: 100 }).run()
})

const DAY = 86_400_000

/** Letters about one place from different residents, a day apart, each with `supporters` supporters. */
function letters(place: string, subject: string, n: number, supporters: number, daysAgo: number) {
  for (let i = 0; i < n; i++) {
    const c = createComplaint(
      db,
      {
        channel: 'web',
        communityId: u.czq.id,
        placeText: place,
        subject,
        body: `${subject}，希望尽快处理（第${i + 1}位居民）`,
        receivedAt: new Date(Date.now() - (daysAgo - i) * DAY),
        complainantKey: `${place}-${i}`,
      },
      SYSTEM,
    ).complaint
    db.update(complaints).set({ supportersCount: supporters }).where(eq(complaints.id, c.id)).run()
  }
}

function suggestions() {
  return afterClassified(db, nullNotifier, processQueue(db, { limit: 100 })).map(o => getTopic(db, o.topic.id)!)
}

describe('a topic’s summary after a worker splits or merges it', () => {
  it('a split restates both topics’ complaints, residents, supporters and period', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    letters('小河小学路口', '小河小学路口上下学高峰拥堵严重', 5, 3, 10)
    const [topic] = suggestions()
    expect(parseTopicSummary(topic!.description)).toMatchObject({ complaints: 5, residents: 5, supporters: 15 })
    // The two oldest letters leave.
    const ids = getTopicComplaintIds(db, topic!.id).sort((a, b) => a - b)
    const { original, created } = splitTopic(
      { db, actor: { kind: 'user', id: worker.id }, notify: nullNotifier },
      { topicId: topic!.id, expectedVersion: topic!.version, complaintIds: ids.slice(0, 2), title: '早高峰拥堵（前两封）' },
    )
    const left = getTopic(db, original.id)!
    const split = getTopic(db, created.id)!
    expect(parseTopicSummary(left.description)).toMatchObject({ complaints: 3, residents: 3, supporters: 9, where: '小河小学路口' })
    expect(parseTopicSummary(split.description)).toMatchObject({ complaints: 2, residents: 2, supporters: 6, where: '小河小学路口' })
    // The period each states is that of its own letters, as the page's time range is.
    const period = (t: typeof left) => t.description.slice(0, 21)
    const day = (d: Date | null) => new Date(d!.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
    expect(period(left)).toBe(`${day(left.fromTime)}至${day(left.toTime)}`)
    expect(period(split)).toBe(`${day(split.fromTime)}至${day(split.toTime)}`)
    expect(day(split.toTime) < day(left.fromTime)).toBe(true)
    expect(split.keywords.length).toBeGreaterThan(0)
  })

  it('a merge restates the target with every complaint it now holds', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    letters('小河小学路口', '小河小学路口上下学高峰拥堵严重', 3, 2, 10)
    letters('和睦菜场', '和睦菜场门口垃圾堆放气味很大', 4, 1, 20)
    const found = suggestions()
    expect(found).toHaveLength(2)
    const [target, source] = found.sort((a, b) => a.id - b.id)
    const merged = mergeTopics(
      { db, actor: { kind: 'user', id: worker.id }, notify: nullNotifier },
      { targetId: target!.id, sourceIds: [target!.id, source!.id], expectedVersions: { [target!.id]: target!.version, [source!.id]: source!.version } },
    )
    const after = getTopic(db, merged.id)!
    expect(getTopicComplaintIds(db, after.id)).toHaveLength(7)
    expect(parseTopicSummary(after.description)).toMatchObject({ complaints: 7, residents: 7, supporters: 10 })
    // The merged topic's keywords come from both groups of letters.
    expect(after.keywords).toEqual(expect.arrayContaining([...source!.keywords.slice(0, 1), ...target!.keywords.slice(0, 1)]))
  })

  it('a description a worker wrote is theirs: a split leaves it as written', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    letters('小河小学路口', '小河小学路口上下学高峰拥堵严重', 4, 0, 10)
    const [topic] = suggestions()
    db.update(topics).set({ description: '家长反映早高峰拥堵，请交警协助。' }).where(eq(topics.id, topic!.id)).run()
    const ids = getTopicComplaintIds(db, topic!.id)
    const { original } = splitTopic(
      { db, actor: { kind: 'user', id: worker.id }, notify: nullNotifier },
      { topicId: topic!.id, expectedVersion: topic!.version, complaintIds: ids.slice(0, 1), title: '拆出' },
    )
    expect(getTopic(db, original.id)!.description).toBe('家长反映早高峰拥堵，请交警协助。')
  })
})
