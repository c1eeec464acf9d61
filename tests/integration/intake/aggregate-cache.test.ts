import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import * as inbox from '#app/routes/_intake+/inbox'
import { processComplaint } from '#app/services/nlp.server'
import { openDb, type Db } from '#db/client'
import { cachedAggregate } from '#db/queries/aggregate-cache'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint, listComplaints, setComplaintStatus } from '#db/queries/complaints'
import { ensureBaseline } from '#db/seed'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

const countComplaints = (db: Db) => db.$client.prepare('select count(*) from complaints').pluck().get() as number

function complaint(db: Db, n: number) {
  return createComplaint(db, { channel: 'web', subject: `路灯不亮 ${n}`, body: `长征桥社区路灯不亮，编号${n}`, communityId: null }, SYSTEM).complaint
}

describe('cached aggregates', () => {
  let db: Db
  beforeEach(() => {
    db = createTestDb()
    seedTestUnits(db)
  })

  it('computes once while nothing changes', () => {
    complaint(db, 1)
    let computed = 0
    const read = () => cachedAggregate(db, 'count', () => (computed++, countComplaints(db)))
    expect([read(), read(), read()]).toEqual([1, 1, 1])
    expect(computed).toBe(1)
  })

  it('recomputes after a new complaint, a status change and a classification', () => {
    const first = complaint(db, 1)
    const statuses = () =>
      cachedAggregate(db, 'statuses', () => db.$client.prepare('select status, count(*) n from complaints group by status order by status').all())
    expect(statuses()).toEqual([{ status: 'received', n: 1 }])
    complaint(db, 2)
    expect(statuses()).toEqual([{ status: 'received', n: 2 }])
    setComplaintStatus(db, first.id, 'resolved', SYSTEM)
    expect(statuses()).toEqual([
      { status: 'received', n: 1 },
      { status: 'resolved', n: 1 },
    ])
    const keywords = () =>
      cachedAggregate(db, 'classified', () => db.$client.prepare('select count(*) from complaints where category_path is not null').pluck().get())
    expect(keywords()).toBe(0)
    processComplaint(db, first.id)
    expect(keywords()).toBe(1)
  })

  it('keeps figures when only a session is touched, and expires them after the time limit', async () => {
    complaint(db, 1)
    await createLoggedInUser(db, 'community_worker', 'gs-czq')
    let computed = 0
    const read = (now: number) => cachedAggregate(db, 'count', () => (computed++, countComplaints(db)), { ttlMs: 1000, now })
    read(0)
    expect(db.$client.prepare('update sessions set last_seen_at = ?').run(Date.now()).changes).toBe(1)
    read(500)
    expect(computed).toBe(1)
    read(1500)
    expect(computed).toBe(2)
  })

  it('sees rows committed by another connection to the same file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-cache-'))
    try {
      const file = path.join(dir, 'c.db')
      const server = openDb(file)
      ensureBaseline(server)
      const other = openDb(file)
      server.$client
        .prepare(`insert into complaints (tracking_code, channel, subject, body, received_at, content_hash) values ('TH-X', 'web', 's', 'b', 0, 'h')`)
        .run()
      const resolved = () =>
        cachedAggregate(server, 'resolved', () => server.$client.prepare(`select count(*) from complaints where status = 'resolved'`).pluck().get())
      expect(resolved()).toBe(0)
      // A bare update that writes no audit row and adds no complaint: only data_version tells.
      other.$client.prepare(`update complaints set status = 'resolved'`).run()
      expect(resolved()).toBe(1)
      other.$client.close()
      server.$client.close()
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('gives the inbox total of each filter, fresh after a new complaint', () => {
    for (let n = 0; n < 3; n++) complaint(db, n)
    expect(listComplaints(db, { scopeUnitIds: null, pageSize: 1, page: 1 }).total).toBe(3)
    expect(listComplaints(db, { scopeUnitIds: null, pageSize: 1, page: 2 }).total).toBe(3)
    expect(listComplaints(db, { scopeUnitIds: null, channel: 'hotline' }).total).toBe(0)
    complaint(db, 9)
    expect(listComplaints(db, { scopeUnitIds: null, pageSize: 1, page: 3 }).total).toBe(4)
  })

  it('shows a complaint that arrives after a search found nothing, and nothing past the last page', () => {
    const search = () => listComplaints(db, { scopeUnitIds: null, query: '井盖' })
    expect(search()).toMatchObject({ total: 0, rows: [] })
    const { complaint: c } = createComplaint(db, { channel: 'web', subject: '井盖 松动', body: '路口井盖松动', communityId: null }, SYSTEM, {
      segment: text => text,
    })
    expect(search().rows.map(r => r.id)).toEqual([c.id])
    expect(search().total).toBe(1)
    expect(listComplaints(db, { scopeUnitIds: null, query: '井盖', page: 2 }).rows).toEqual([])
  })
})

describe('inbox pages newest first', () => {
  it("gives a street's filtered, searched page exactly as filtering and sorting everything would", () => {
    const db = createTestDb()
    const { street, czq, hm } = seedTestUnits(db)
    const words = ['路灯 不亮', '噪音 扰民', '垃圾 清运']
    const channels = ['web', 'hotline', 'online'] as const
    const made = []
    for (let n = 0; n < 90; n++) {
      const { complaint: c } = createComplaint(
        db,
        {
          channel: channels[n % 3]!,
          subject: `${words[n % 3]} ${n}`,
          body: `第${n}件`,
          communityId: n % 2 ? czq.id : hm.id,
          // Out of id order on purpose: the page must follow the time.
          receivedAt: new Date(Date.UTC(2026, 0, 1) + ((n * 37) % 90) * 3_600_000),
        },
        SYSTEM,
        { segment: text => text },
      )
      if (n % 4 === 0) setComplaintStatus(db, c.id, 'resolved', SYSTEM)
      made.push({ ...c, status: n % 4 === 0 ? 'resolved' : 'received' })
    }
    const expected = made
      .filter(c => c.channel === 'hotline' && c.status === 'received' && c.subject.startsWith('噪音'))
      .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || b.id - a.id)
    expect(expected.length).toBeGreaterThan(10)
    const page = (n: number) => listComplaints(db, { scopeUnitIds: [street.id], channel: 'hotline', status: 'received', query: '噪音', page: n, pageSize: 5 })
    const first = page(1)
    expect(first.total).toBe(expected.length)
    expect(first.rows.map(r => r.id)).toEqual(expected.slice(0, 5).map(c => c.id))
    expect(page(2).rows.map(r => r.id)).toEqual(expected.slice(5, 10).map(c => c.id))
    // A word found in one complaint only.
    const rare = listComplaints(db, { scopeUnitIds: [street.id], query: '第7件' })
    expect(rare.rows.map(r => r.id)).toEqual([made[7]!.id])
    expect(rare.total).toBe(1)
  })
})

describe('the inbox page', () => {
  it('shows the last page, not an empty one, when asked for a page past the end', async () => {
    const db = createTestDb()
    const { czq } = seedTestUnits(db)
    for (let n = 0; n < 30; n++) createComplaint(db, { channel: 'web', subject: `路灯不亮 ${n}`, body: `第${n}件`, communityId: czq.id }, SYSTEM)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const data = (await (await callRoute(inbox.loader, makeRequest('/inbox?page=9', { cookie: worker.cookie }))).json()) as {
      page: number
      pages: number
      rows: unknown[]
    }
    expect([data.page, data.pages]).toEqual([2, 2])
    expect(data.rows).toHaveLength(5)
  })
})
