import { describe, expect, test } from 'vitest'
import * as answersIndex from '#app/routes/_answers+/answers._index'
import { publishFaqEntry, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

type Found = { faqs: { items: { question: string }[] } | null; results: { question: string; kind: string }[] }

// Synthetic inquiries and an FAQ entry that holds for every community.
function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  publishFaqEntry(db, { question: '垃圾分类投放点几点开放？', reply: '各小区投放点每天早上7点到9点、晚上6点到8点开放。', sourceIds: [] }, SYSTEM)
  const reply = (communityId: number, subject: string, body: string, text: string) => {
    const c = createComplaint(db, { channel: 'web', communityId, subject, body }, SYSTEM).complaint
    reviewAnswer(db, { answerId: recordComplaintReply(db, { complaintId: c.id, reply: text }, SYSTEM).id, decision: 'publish' }, SYSTEM)
  }
  reply(units.hm.id, '和睦小区垃圾几点可以扔', '想问和睦小区垃圾几点可以扔？', '和睦小区投放时间为早上7点到9点。')
  reply(units.czq.id, '长征桥小区垃圾投放点在哪', '长征桥小区的垃圾投放点在哪里？几点开放？', '长征桥小区投放点设在北门，早上7点到9点开放。')
  return { db, units }
}

const search = async (query: string) => (await (await callRoute(answersIndex.loader, makeRequest(`/answers?${query}`))).json()) as Found

describe('searching answers in one community', () => {
  test('finds the frequent questions that hold everywhere beside that community’s replies, and not another community’s', async () => {
    const { units } = setup()
    const found = await search(`q=${encodeURIComponent('垃圾投放点几点开放')}&community=${units.czq.id}`)
    const questions = found.results.map(r => r.question)
    expect(questions).toContain('垃圾分类投放点几点开放？')
    expect(questions).toContain('长征桥小区垃圾投放点在哪')
    expect(questions).not.toContain('和睦小区垃圾几点可以扔')
  })

  test('without words, shows them too: the frequent questions above, that community’s replies below', async () => {
    const { units } = setup()
    const found = await search(`community=${units.hm.id}`)
    expect(found.faqs?.items.map(f => f.question)).toEqual(['垃圾分类投放点几点开放？'])
    expect(found.results.map(r => r.question)).toEqual(['和睦小区垃圾几点可以扔'])
  })
})
