import fs from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { processQueue } from '#app/services/nlp.server'
import { refreshAllSuggestions } from '#app/services/topics.server'
import { DAY_MS } from '#db/dates'
import { seedDemo } from '#db/seed'
import { nullNotifier } from '#realtime/index'
import { createTestDb } from '#tests/db-utils'

// A newcomer reads the README's description of the demo district, then opens
// the pages: the numbers it gives must be the ones the pages show.

const readme = fs.readFileSync('README.md', 'utf8').replace(/\s+/g, ' ')
const now = new Date()
let db: ReturnType<typeof createTestDb>
beforeAll(async () => {
  db = createTestDb()
  await seedDemo(db, { now })
  while (processQueue(db).length);
  refreshAllSuggestions(db, nullNotifier)
}, 180_000)

const one = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).get(...params) as T

describe('the README’s demo district', () => {
  it('gives the hottest suggested topic’s letters as /topics counts them, and how many came in the last month', () => {
    const hottest = one<{ id: number; title: string }>("select id, title from topics where status = 'suggested' order by heat desc limit 1")
    expect(hottest.title).toContain('小河小学路口')
    const { all, recent } = one<{ all: number; recent: number }>(
      `select count(*) "all", sum(c.received_at >= ?) recent from topic_complaints tc join complaints c on c.id = tc.complaint_id where tc.topic_id = ?`,
      now.getTime() - 30 * DAY_MS,
      hottest.id,
    )
    expect(recent).toBe(9)
    expect(readme).toContain(`${all} letters about congestion at the 小河小学 crossing, nine of them in the last month`)
  })

  it('gives the pool’s size as /pool counts it', () => {
    const { n } = one<{ n: number }>('select count(*) n from deliberators')
    expect(readme).toContain(`pool of ${n} deliberators`)
  })

  it('gives the complaints’ total as the street overview counts them', () => {
    const { n } = one<{ n: number }>('select count(*) n from complaints')
    expect(readme).toContain(`${n} complaints in all`)
  })

  it('says where the reply awaiting review is', () => {
    const pending = one<{ code: string }>(
      "select u.code from answers a join complaints c on c.id = a.complaint_id join units u on u.id = c.community_id where a.status = 'pending'",
    )
    expect(pending.code).toBe('gs-hm')
    expect(readme).toMatch(/one reply still awaiting review \(和睦, `worker2`\)/)
  })
})
