// The background jobs and the pages run in one server process: a worker's
// decision taken on a page must hold for the topic engine the jobs use.
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '#db/demo-data'
import { seedDemo } from '#db/seed'
import { loginOverHttp, request, startRealServer, type RealServer } from '../security/real-server'

let server: RealServer
beforeAll(async () => {
  server = await startRealServer(db => seedDemo(db, { complaints: 80, pool: 20 }), { SEED_DEMO: 'never' })
}, 120_000)
afterAll(() => server?.stop())

const read = <T>(sql: string, ...args: unknown[]) => {
  const db = new Database(server.dbPath, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all(...args) as T[]
  } finally {
    db.close()
  }
}

async function waitFor<T>(what: () => T | undefined, ms = 60_000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const v = what()
    if (v !== undefined) return v
    if (Date.now() > until) throw new Error('timed out')
    await new Promise(r => setTimeout(r, 200))
  }
}

describe('a suggestion a worker rejected on its page', () => {
  it('is not suggested again when a new report about it arrives', async () => {
    // The server classifies the demo's reports and stores the engine's suggestions on its own.
    const crossing = await waitFor(
      () =>
        read<{ id: number; version: number; unitId: number }>(
          `select id, version, unit_id unitId from topics where status = 'suggested' and title like '%小河小学路口%' order by heat desc limit 1`,
        )[0],
    )
    const rejected = read<{ id: number }>(`select complaint_id id from topic_complaints where topic_id = ?`, crossing.id).map(r => r.id)
    expect(rejected.length).toBeGreaterThanOrEqual(9)

    const { cookie } = await loginOverHttp(server, 'worker1', DEMO_PASSWORD)
    const res = await request(server, `/topics/${crossing.id}`, {
      headers: { cookie: cookie! },
      form: { intent: 'reject', expectedVersion: String(crossing.version), reason: 'already_handled', note: '交警已增派警力' },
    })
    expect(res.status).toBeLessThan(400)
    expect(read<{ status: string }>(`select status from topics where id = ?`, crossing.id)[0]!.status).toBe('rejected')

    // A resident reports the same crossing again; the jobs classify and cluster it.
    const filed = await request(server, '/complaints/new', {
      form: {
        intent: 'submit',
        community: String(crossing.unitId),
        placeText: '小河小学路口',
        subject: '小河小学路口接送孩子车辆拥堵',
        body: '每天放学时小河小学路口接送孩子的车辆堵成一团，孩子过马路很危险。',
      },
    })
    expect(filed.status).toBeLessThan(400)
    const newest = read<{ id: number }>(`select max(id) id from complaints`)[0]!.id
    await waitFor(() => (read(`select 1 from complaints where id = ? and status <> 'received'`, newest).length ? true : undefined))
    await new Promise(r => setTimeout(r, 1500))

    const again = read<{ id: number }>(
      `select distinct t.id from topics t join topic_complaints tc on tc.topic_id = t.id
        where t.status in ('suggested', 'snoozed') and tc.complaint_id in (${rejected.map(() => '?').join(',')})`,
      ...rejected,
    )
    expect(again).toEqual([])
  }, 120_000)
})
