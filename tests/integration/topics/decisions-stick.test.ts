import { beforeAll, describe, expect, it } from 'vitest'
import { approveTopic, mergeTopics, rejectTopic } from '#app/commands/topics.server'
import { processQueue } from '#app/services/nlp.server'
import { refreshAllSuggestions, resetTopicEngine } from '#app/services/topics.server'
import { SYSTEM } from '#db/queries/audit'
import { getTopic, getTopicComplaintIds } from '#db/queries/topics'
import { seedDemo } from '#db/seed'
import { nullNotifier } from '#realtime/index'
import { createTestDb } from '#tests/db-utils'

// The demo district as `npm start` seeds it; a worker then reviews the suggestions.
let db: ReturnType<typeof createTestDb>
const start = new Date()
beforeAll(async () => {
  db = createTestDb()
  await seedDemo(db, { now: start })
  while (processQueue(db).length);
  refreshAllSuggestions(db, nullNotifier, start)
}, 120_000)

// Suggestions the engine made (a worker's merge target stays a suggestion, made by hand).
const suggestedHolding = (ids: number[]) =>
  db.$client
    .prepare(
      `select distinct t.id from topics t join topic_complaints tc on tc.topic_id = t.id
        where t.status in ('suggested', 'snoozed') and t.cluster_key is not null and tc.complaint_id in (${ids.map(() => '?').join(',')})`,
    )
    .all(...ids) as { id: number }[]

const openSuggestions = () =>
  db.$client.prepare(`select id, version from topics where status = 'suggested' order by heat desc`).all() as { id: number; version: number }[]

describe('a worker’s review of suggestions', () => {
  it('sticks: rejected, approved and merged complaints are not suggested again by the next refreshes or a rebuilt engine', () => {
    const ctx = { db, actor: SYSTEM, notify: nullNotifier }
    const [first, second, third, fourth] = openSuggestions()
    rejectTopic(ctx, { topicId: first.id, expectedVersion: first.version, reason: 'not_jurisdiction', note: '属于区级' })
    const approved = getTopic(db, second.id)!
    approveTopic(ctx, {
      topicId: second.id,
      expectedVersion: second.version,
      title: approved.title,
      description: approved.description ?? '',
      category: approved.category ?? '',
      place: approved.place,
    })
    mergeTopics(ctx, { targetId: third.id, sourceIds: [fourth.id], expectedVersions: { [third.id]: third.version, [fourth.id]: fourth.version } })
    const reviewed = [first.id, second.id, third.id].flatMap(id => getTopicComplaintIds(db, id))
    expect(reviewed.length).toBeGreaterThan(6)

    // The periodic refresh ten minutes later, and the next one.
    refreshAllSuggestions(db, nullNotifier, new Date(start.getTime() + 11 * 60_000))
    refreshAllSuggestions(db, nullNotifier, new Date(start.getTime() + 21 * 60_000))
    expect(suggestedHolding(reviewed)).toEqual([])

    // A restart builds the engine again from the database.
    resetTopicEngine()
    refreshAllSuggestions(db, nullNotifier, new Date(start.getTime() + 31 * 60_000))
    expect(suggestedHolding(reviewed)).toEqual([])
  })
})
