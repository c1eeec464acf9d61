import { describe, expect, test } from 'vitest'
import * as answersIndex from '#app/routes/_answers+/answers._index'
import { chinaDay } from '#app/utils/dates'
import { publishFaqEntry } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { callRoute, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

type Found = {
  params: { q?: string; from?: string; to?: string }
  dateProblems: unknown[]
  faqs: { items: { question: string }[] } | null
  results: { question: string }[]
}

function setup() {
  const db = createTestDb()
  seedTestUnits(db)
  publishFaqEntry(db, { question: '垃圾分类投放点几点开放？', reply: '投放点每天早上7点到9点、晚上6点到8点开放。', sourceIds: [] }, SYSTEM)
  return db
}

const search = async (query: string) => (await (await callRoute(answersIndex.loader, makeRequest(`/answers?${query}`))).json()) as Found

const DAY = 86400_000
const today = chinaDay(new Date())
const tomorrow = chinaDay(new Date(Date.now() + DAY))

describe('searching answers by reply date', () => {
  test('a range that holds the reply date finds the answer, with no problem to report', async () => {
    setup()
    const found = await search(`q=${encodeURIComponent('垃圾几点')}&from=${today}&to=${tomorrow}`)
    expect(found.dateProblems).toEqual([])
    expect(found.results.map(r => r.question)).toEqual(['垃圾分类投放点几点开放？'])
  })

  test('a start after the end is reported instead of searched, and both dates and the question are kept', async () => {
    setup()
    const found = await search(`q=${encodeURIComponent('垃圾几点')}&from=${tomorrow}&to=${today}`)
    expect(found.dateProblems).toEqual([{ kind: 'reversed', from: tomorrow, to: today }])
    expect(found.results).toEqual([])
    expect(found.params).toMatchObject({ q: '垃圾几点', from: tomorrow, to: today })
  })

  test('a date that is not one is reported with what was typed, not silently dropped', async () => {
    setup()
    const found = await search('from=abc&to=2026-02-30')
    expect(found.dateProblems).toEqual([
      { kind: 'invalid', field: 'from', value: 'abc' },
      { kind: 'invalid', field: 'to', value: '2026-02-30' },
    ])
    expect(found.results).toEqual([])
    expect(found.params).toMatchObject({ from: 'abc', to: '2026-02-30' })
  })

  test('an empty date is no date, not a problem', async () => {
    setup()
    const found = await search('from=&to=')
    expect(found.dateProblems).toEqual([])
    // Nothing is searched: the frequent question stands above the list, as on the page opened afresh.
    expect(found.faqs?.items.map(f => f.question)).toEqual(['垃圾分类投放点几点开放？'])
    expect(found.results).toEqual([])
  })
})
