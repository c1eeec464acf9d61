import { eq, inArray } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { mergeTopics, splitTopic } from '#app/commands/topics.server'
import { getPipeline, processQueue } from '#app/services/nlp.server'
import { afterClassified, resetTopicEngine } from '#app/services/topics.server'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { getTopic, getTopicComplaintIds } from '#db/queries/topics'
import { complaints, units } from '#db/schema/index'
import { walkTaxonomy } from '#nlp/taxonomy'
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
const NOISE = ['环境保护', '噪音污染']

function letters(place: string, subject: string, n: number, daysAgo: number) {
  for (let i = 0; i < n; i++)
    createComplaint(
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
    )
}

function suggestions() {
  return afterClassified(db, nullNotifier, processQueue(db, { limit: 100 })).map(o => getTopic(db, o.topic.id)!)
}

/** A worker corrected these letters' category (the correction page stores it on each letter). */
function fileUnder(ids: number[], path: string[]) {
  db.update(complaints).set({ categoryPath: path }).where(inArray(complaints.id, ids)).run()
}

/** The departments the taxonomy names along a category path. */
function taxonomyStakeholders(path: string[]) {
  const nodes = walkTaxonomy(getPipeline(db).taxonomy)
  return path.flatMap((_, i) => nodes.find(n => n.path.join('/') === path.slice(0, i + 1).join('/'))?.node.stakeholders ?? [])
}

const ctx = (id: number) => ({ db, actor: { kind: 'user' as const, id }, notify: nullNotifier })

describe('a topic’s category and stakeholders after a worker splits or merges it', () => {
  it('a split gives the new topic the category of the letters it took, and who is to be invited about it', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    letters('小河小学路口', '小河小学路口上下学高峰拥堵严重', 6, 10)
    const [topic] = suggestions()
    expect(topic!.category).toBe('交通运输')
    expect(topic!.stakeholders).toContain('transport_bureau')
    const ids = getTopicComplaintIds(db, topic!.id).sort((a, b) => a - b)
    const noisy = ids.slice(0, 2)
    fileUnder(noisy, NOISE)

    const { original, created } = splitTopic(ctx(worker.id), {
      topicId: topic!.id,
      expectedVersion: topic!.version,
      complaintIds: noisy,
      title: '小河小学路口鸣笛噪音',
    })

    const split = getTopic(db, created.id)!
    expect(split).toMatchObject({ category: '环境保护', categoryPath: NOISE })
    expect(split.stakeholders).toEqual(expect.arrayContaining(['community_committee', 'residents', ...taxonomyStakeholders(NOISE)]))
    expect(split.stakeholders).not.toContain('transport_bureau')
    // Who the place itself calls for stays: a school crossing.
    expect(split.stakeholders).toEqual(expect.arrayContaining(['school', 'traffic_police']))
    const left = getTopic(db, original.id)!
    expect(left.category).toBe('交通运输')
    expect(left.stakeholders).toContain('transport_bureau')
    expect(left.stakeholders).not.toContain('environment_bureau')
  })

  it('a split that leaves the suggestion mostly about another problem files the suggestion under it', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    letters('小河小学路口', '小河小学路口上下学高峰拥堵严重', 5, 10)
    const [topic] = suggestions()
    const ids = getTopicComplaintIds(db, topic!.id).sort((a, b) => a - b)
    fileUnder(ids.slice(0, 3), NOISE)

    const { original, created } = splitTopic(ctx(worker.id), {
      topicId: topic!.id,
      expectedVersion: topic!.version,
      complaintIds: ids.slice(3),
      title: '小河小学路口接送拥堵',
    })

    const left = getTopic(db, original.id)!
    expect(left).toMatchObject({ category: '环境保护', categoryPath: NOISE })
    expect(left.stakeholders).toEqual(expect.arrayContaining(taxonomyStakeholders(NOISE)))
    expect(left.stakeholders).not.toContain('transport_bureau')
    const split = getTopic(db, created.id)!
    expect(split.category).toBe('交通运输')
    expect(split.stakeholders).toContain('transport_bureau')
  })

  it('a merge files the target under what most of all its letters are about, and invites for it', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    letters('小河小学路口', '小河小学路口上下学高峰拥堵严重', 3, 10)
    letters('和睦菜场', '和睦菜场门口垃圾堆放气味很大', 4, 20)
    const found = suggestions().sort((a, b) => a.id - b.id)
    const target = found.find(t => t.place === '小河小学路口')!
    const source = found.find(t => t !== target)!
    expect(source.category).not.toBe(target.category)

    const merged = mergeTopics(ctx(worker.id), {
      targetId: target.id,
      sourceIds: [target.id, source.id],
      expectedVersions: { [target.id]: target.version, [source.id]: source.version },
    })

    const after = getTopic(db, merged.id)!
    expect(after).toMatchObject({ category: source.category, categoryPath: source.categoryPath, place: '小河小学路口' })
    expect(after.stakeholders).toEqual(expect.arrayContaining(['community_committee', 'residents', ...taxonomyStakeholders(source.categoryPath)]))
    // The place is still the target's school crossing.
    expect(after.stakeholders).toEqual(expect.arrayContaining(['school', 'traffic_police']))
  })

  it('a letter nobody has filed under a category leaves the topic’s category as it was', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    letters('小河小学路口', '小河小学路口上下学高峰拥堵严重', 4, 10)
    const [topic] = suggestions()
    const ids = getTopicComplaintIds(db, topic!.id).sort((a, b) => a - b)
    db.update(complaints).set({ categoryPath: null }).where(eq(complaints.id, ids[0]!)).run()
    const { created } = splitTopic(ctx(worker.id), { topicId: topic!.id, expectedVersion: topic!.version, complaintIds: ids.slice(0, 1), title: '拆出' })
    const split = getTopic(db, created.id)!
    expect(split).toMatchObject({ category: topic!.category, categoryPath: topic!.categoryPath, stakeholders: topic!.stakeholders })
  })
})
