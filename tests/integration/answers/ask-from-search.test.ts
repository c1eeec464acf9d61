import { beforeEach, describe, expect, it } from 'vitest'
import * as newRoute from '#app/routes/_intake+/complaints.new'
import type { Db } from '#db/client'
import { publishFaqEntry } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { callRoute, createTestDb, seedTestUnits } from '#tests/db-utils'

// A resident who searched the answers and found nothing goes on to the form with
// the question already written as the subject, and the answers to it beside it.

let db: Db
let ip = 0
beforeEach(() => {
  db = createTestDb()
  seedTestUnits(db)
  ip++
})

type Loaded = { defaults: { community: string; subject?: string }; suggestion: { answers: { id: number }[] } | null }

async function load(search: string) {
  const res = await callRoute(newRoute.loader, new Request(`http://localhost/complaints/new${search}`, { headers: { 'x-teahouse-ip': `198.51.100.${ip}` } }))
  expect(res.status).toBe(200)
  return (await res.json()) as Loaded
}

describe('the resident form opened from a search', () => {
  it('starts with the searched question as the subject and shows the answers to it', async () => {
    const answer = publishFaqEntry(
      db,
      { question: '电动自行车能不能在楼道里充电？', reply: '不能。楼道和家中都严禁给电动自行车充电，请到小区集中充电棚充电。', sourceIds: [] },
      SYSTEM,
    )
    const data = await load(`?subject=${encodeURIComponent('  电动车可以在楼道里充电吗 ')}`)
    expect(data.defaults.subject).toBe('电动车可以在楼道里充电吗')
    expect(data.suggestion?.answers.map(a => a.id)).toEqual([answer.id])
  })

  it('keeps a subject no longer than the form takes', async () => {
    const data = await load(`?subject=${encodeURIComponent('停'.repeat(300))}`)
    expect(data.defaults.subject).toBe('停'.repeat(200))
  })

  it('opened plainly, starts empty with nothing suggested', async () => {
    const data = await load('')
    expect(data.defaults.subject ?? '').toBe('')
    expect(data.suggestion).toBeNull()
  })
})
