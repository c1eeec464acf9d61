import { beforeEach, describe, expect, it, vi } from 'vitest'
import { processQueue } from '#app/services/nlp.server'
import { buildTopicEngine, getTopicEngine, lastBuildPreparations, removeFromEngine, resetTopicEngine, topicEngineIfReady } from '#app/services/topics.server'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { createTestDb, seedTestUnits } from '#tests/db-utils'

let db: Db
let u: ReturnType<typeof seedTestUnits>
const DAY = 86_400_000
const PLACES = ['小河小学路口', '星光花园', '东门农贸市场', '滨江公园', '人民路']

/** Synthetic complaints about a few places, spread over a year. */
function addComplaints(n: number, from: number, year = 2025) {
  const ids: number[] = []
  for (let i = 0; i < n; i++) {
    const place = PLACES[(from + i) % PLACES.length]!
    const row = createComplaint(
      db,
      {
        channel: 'web',
        communityId: u.czq.id,
        placeText: place,
        subject: `${place}噪音扰民第${from + i}次反映`,
        body: `${place}附近夜间施工噪音很大，影响居民休息，希望有关部门尽快处理。编号${from + i}。`,
        receivedAt: new Date(Date.UTC(year, 0, 1) + ((from + i) % 360) * DAY + i * 60_000),
        complainantKey: `resident-${from + i}`,
      },
      SYSTEM,
    )
    ids.push(row.complaint.id)
  }
  return ids
}

function classifyAll() {
  while (processQueue(db, { limit: 500 }).length) {}
}

const assignment = (engine: ReturnType<typeof getTopicEngine>, ids: number[]) => ids.map(id => engine.clusterOf(String(id)))

beforeEach(() => {
  db = createTestDb()
  resetTopicEngine()
  u = seedTestUnits(db)
})

describe('topic engine built in slices', () => {
  it('yields to the event loop while building and clusters exactly as a blocking build', async () => {
    const ids = addComplaints(1200, 0)
    classifyAll()
    expect(topicEngineIfReady(db)).toBeUndefined()
    let turns = 0
    const ticker = setInterval(() => turns++, 0)
    const built = await buildTopicEngine(db)
    clearInterval(ticker)
    expect(built).toBeDefined()
    expect(topicEngineIfReady(db)).toBe(built)
    // 1,200 complaints are more than two pages: the build gave the loop other turns.
    expect(turns).toBeGreaterThan(1)
    const sliced = assignment(built!, ids)
    expect(sliced.every(c => c !== undefined)).toBe(true)
    expect(new Set(sliced).size).toBeGreaterThan(1)
    resetTopicEngine()
    const blocking = getTopicEngine(db)
    expect(sliced).toEqual(assignment(blocking, ids))
    expect(built!.size).toBe(1200)
  })

  it('clusters exactly as a blocking build when worker threads prepare the complaints', async () => {
    const ids = addComplaints(900, 0)
    classifyAll()
    // Nothing stored: the threads prepare every complaint.
    db.$client.prepare('delete from complaint_prepared').run()
    // The threads report falling back to the main thread: none may have.
    const errors = vi.spyOn(console, 'error')
    const built = await buildTopicEngine(db, { threadsFrom: 0 })
    expect(lastBuildPreparations()).toEqual({ stored: 0, prepared: 900 })
    expect(errors).not.toHaveBeenCalled()
    errors.mockRestore()
    expect(built).toBeDefined()
    const threaded = assignment(built!, ids)
    expect(threaded.every(c => c !== undefined)).toBe(true)
    expect(new Set(threaded).size).toBeGreaterThan(1)
    resetTopicEngine()
    const blocking = getTopicEngine(db)
    expect(threaded).toEqual(assignment(blocking, ids))
    expect(built!.topics()).toEqual(blocking.topics())
  })

  it('keeps complaints classified while it builds and leaves out those taken out meanwhile', async () => {
    const first = addComplaints(1100, 0)
    classifyAll()
    const promise = buildTopicEngine(db)
    // Wait for the first slice, then letters of the year before (behind the pages already
    // read) are imported and classified, and a worker handles one complaint.
    await new Promise(resolve => setImmediate(resolve))
    expect(topicEngineIfReady(db)).toBeUndefined()
    const later = addComplaints(30, 5000, 2024)
    classifyAll()
    removeFromEngine([first[0]!])
    const engine = await promise
    expect(engine).toBeDefined()
    for (const id of later) expect(engine!.clusterOf(String(id))).toBeDefined()
    expect(engine!.clusterOf(String(first[0]))).toBeUndefined()
    expect(engine!.size).toBe(1100 - 1 + 30)
  })

  it('leaves out complaints resolved while it builds, whose page it had not read yet', async () => {
    const ids = addComplaints(1100, 0)
    classifyAll()
    const promise = buildTopicEngine(db)
    await new Promise(resolve => setImmediate(resolve))
    const last = ids[ids.length - 1]!
    db.$client.prepare(`update complaints set status = 'resolved' where id = ?`).run(last)
    const engine = await promise
    expect(engine!.clusterOf(String(last))).toBeUndefined()
    expect(engine!.clusterOf(String(ids[0]))).toBeDefined()
    expect(engine!.size).toBe(1099)
  })
})
