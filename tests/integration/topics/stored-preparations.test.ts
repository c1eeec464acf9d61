import { beforeEach, describe, expect, it } from 'vitest'
import { engineGazetteer, processQueue, retrainClassifier } from '#app/services/nlp.server'
import { buildTopicEngine, getTopicEngine, lastBuildPreparations, preparationsStored, resetTopicEngine } from '#app/services/topics.server'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { writeCategoryCorrection } from '#db/queries/corrections'
import { createUnit } from '#db/queries/units'
import { decodePrepared, encodePrepared } from '#nlp/prepared-codec'
import { createTestDb, seedTestUnits } from '#tests/db-utils'

// A rebuild reads the preparations stored when complaints were classified; it must
// give the same topics as preparing every complaint again, and never trust stale data.
let db: Db
let u: ReturnType<typeof seedTestUnits>
const DAY = 86_400_000
const PLACES = ['小河小学路口', '星光花园', '东门农贸市场', '滨江公园', '人民路', '长征桥']
const PROBLEMS = [
  ['噪音扰民', '夜间施工噪音很大，影响居民休息'],
  ['垃圾堆放', '垃圾长期堆放无人清理，气味难闻'],
  ['路灯不亮', '路灯坏了很久，晚上出行很不安全'],
]
const filler = '居民们多次反映这个情况，希望有关部门能够重视。'.repeat(6)

function addComplaints(n: number) {
  for (let i = 0; i < n; i++) {
    const place = PLACES[i % PLACES.length]!
    // Every twentieth says nothing the classifier knows: stored without a category.
    const [problem, detail] = i % 20 === 7 ? ['你好', '想问一下情况，谢谢'] : PROBLEMS[Math.floor(i / PLACES.length) % PROBLEMS.length]!
    createComplaint(
      db,
      {
        channel: i % 3 ? 'web' : 'hotline',
        communityId: i % 4 ? u.czq.id : u.hm.id,
        placeText: i % 5 ? place : null,
        subject: i % 9 ? `${place}${problem}` : '',
        // Some letters name their place only far into the text; some carry characters outside the basic plane.
        body: `${i % 4 === 1 ? filler : ''}${place}${detail}${i % 11 ? '' : '🚧𠮷'}，第${i}次反映。`,
        receivedAt: new Date(Date.UTC(2025, 0, 1) + (i % 200) * DAY + i * 60_000),
        complainantKey: `resident-${i % 40}`,
      },
      SYSTEM,
    )
  }
  while (processQueue(db, { limit: 500 }).length) {}
}

const uncategorised = () => db.$client.prepare(`select id from complaints where category_path = '[]'`).pluck().all() as number[]
const storedRows = () =>
  db.$client.prepare('select complaint_id id, stamp, data from complaint_prepared order by complaint_id').all() as { id: number; stamp: number; data: Buffer }[]
const topicsOf = (engine: ReturnType<typeof getTopicEngine>) => engine.topics({ now: new Date(Date.UTC(2025, 7, 1)) })

/** The engine built with nothing stored: every complaint prepared on the spot. */
async function fromScratch() {
  const saved = storedRows()
  db.$client.prepare('delete from complaint_prepared').run()
  resetTopicEngine()
  const engine = getTopicEngine(db)
  expect(lastBuildPreparations()).toEqual({ stored: 0, prepared: 300 })
  await preparationsStored()
  return { topics: topicsOf(engine), saved }
}

beforeEach(() => {
  db = createTestDb()
  resetTopicEngine()
  u = seedTestUnits(db)
  addComplaints(300)
})

describe('stored topic-engine preparations', () => {
  it('are stored when a complaint is classified, under the current stamp', () => {
    const rows = storedRows()
    expect(rows).toHaveLength(300)
    expect(new Set(rows.map(r => r.stamp))).toEqual(new Set([engineGazetteer(db).stamp]))
    expect(uncategorised().length).toBeGreaterThanOrEqual(10)
  })

  it('of a complaint without a category hold the classification the engine made, valid while the classifier is unchanged', async () => {
    const scratch = await fromScratch()
    const [corrected] = db.$client.prepare(`select id from complaints where category_path != '[]' limit 1`).pluck().all() as number[]
    db.transaction(tx => writeCategoryCorrection(tx, { complaintId: corrected!, path: ['环境保护'] }, SYSTEM))
    retrainClassifier(db)
    resetTopicEngine()
    const engine = getTopicEngine(db)
    // The classifier learned a correction: only what it classified itself is prepared again.
    expect(lastBuildPreparations()).toEqual({ stored: 300 - uncategorised().length, prepared: uncategorised().length })
    await preparationsStored()
    resetTopicEngine()
    expect(topicsOf(getTopicEngine(db))).toEqual(topicsOf(engine))
    expect(lastBuildPreparations()).toEqual({ stored: 300, prepared: 0 })
    expect(scratch.topics.length).toBeGreaterThan(3)
  })

  it('give the same topics as preparing every complaint again, blocking or in slices', async () => {
    const stored = topicsOf(getTopicEngine(db))
    expect(lastBuildPreparations()).toEqual({ stored: 300, prepared: 0 })
    resetTopicEngine()
    const sliced = topicsOf((await buildTopicEngine(db))!)
    expect(lastBuildPreparations()).toEqual({ stored: 300, prepared: 0 })
    const scratch = await fromScratch()
    expect(stored.length).toBeGreaterThan(3)
    expect(stored).toEqual(scratch.topics)
    expect(sliced).toEqual(scratch.topics)
    // What the rebuild prepared was stored back, as classification had stored it.
    expect(storedRows()).toEqual(scratch.saved)
  })

  it('prepares again what was stored under another stamp, and stores it under the current one', async () => {
    const scratch = await fromScratch()
    db.$client.prepare('update complaint_prepared set stamp = stamp + 1 where complaint_id % 2 = 0').run()
    resetTopicEngine()
    const engine = getTopicEngine(db)
    expect(lastBuildPreparations()).toEqual({ stored: 150, prepared: 150 })
    expect(topicsOf(engine)).toEqual(scratch.topics)
    await preparationsStored()
    expect(storedRows()).toEqual(scratch.saved)
  })

  it('prepares again a complaint whose text changed since its preparation was stored', async () => {
    const scratch = await fromScratch()
    const id = scratch.saved[7]!.id
    db.$client.prepare(`update complaints set body = body || '补充：情况仍未改善。' where id = ?`).run(id)
    resetTopicEngine()
    getTopicEngine(db)
    expect(lastBuildPreparations()).toEqual({ stored: 299, prepared: 1 })
    await preparationsStored()
    expect(storedRows().find(r => r.id === id)!.data).not.toEqual(scratch.saved[7]!.data)
  })

  it('prepares everything again when the gazetteer changes', async () => {
    const before = engineGazetteer(db).stamp
    createUnit(db, { kind: 'community', code: 'gs-xx', nameZh: '星光社区', nameEn: 'Xingguang', parentId: u.street.id, aliases: ['星光花园'] })
    expect(engineGazetteer(db).stamp).not.toBe(before)
    resetTopicEngine()
    getTopicEngine(db)
    expect(lastBuildPreparations()).toEqual({ stored: 0, prepared: 300 })
    await preparationsStored()
    expect(new Set(storedRows().map(r => r.stamp))).toEqual(new Set([engineGazetteer(db).stamp]))
  })

  it('distrusts stored data that differs from a fresh preparation, though its stamp is current', async () => {
    const scratch = await fromScratch()
    // What a change to the preparation's code without a new version would leave behind.
    const update = db.$client.prepare('update complaint_prepared set data = ? where complaint_id = ?')
    const texts = db.$client.prepare('select id, subject, place_text, body from complaints').all() as {
      id: number
      subject: string
      place_text: string | null
      body: string
    }[]
    const unclassified = { category: '', path: [], nodeId: '', keywords: [], score: 0, matches: [], categoryScores: {} }
    const tamper = () => {
      for (const c of texts) {
        const source = { subject: c.subject, text: `${c.place_text ?? ''} ${c.body}` }
        const p = decodePrepared(scratch.saved.find(r => r.id === c.id)!.data, { ...source, classification: unclassified })!
        update.run(encodePrepared({ ...p, features: p.features.slice(1) }, source), c.id)
      }
    }
    for (const build of [() => getTopicEngine(db), async () => (await buildTopicEngine(db))!]) {
      tamper()
      resetTopicEngine()
      const engine = await build()
      expect(lastBuildPreparations()).toEqual({ stored: 0, prepared: 300 })
      expect(topicsOf(engine)).toEqual(scratch.topics)
      // The fresh preparations replace what was stored.
      await preparationsStored()
      expect(storedRows()).toEqual(scratch.saved)
    }
  })

  it('has worker threads prepare only what is not stored, with the same topics', async () => {
    const scratch = await fromScratch()
    db.$client.prepare('delete from complaint_prepared where complaint_id % 3 = 0').run()
    resetTopicEngine()
    const engine = (await buildTopicEngine(db, { threadsFrom: 0 }))!
    expect(lastBuildPreparations()).toEqual({ stored: 200, prepared: 100 })
    expect(topicsOf(engine)).toEqual(scratch.topics)
    await preparationsStored()
    expect(storedRows()).toEqual(scratch.saved)
  })
})
