import { describe, expect, test } from 'vitest'
import AnswersIndex, * as answersIndex from '#app/routes/_answers+/answers._index'
import { searchAnswers } from '#app/services/answers.server'
import type { Db } from '#db/client'
import { publishFaqEntry, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// Synthetic answers about two subjects, one about both and one about neither: all made up here.
function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const faq = (question: string, reply: string) => publishFaqEntry(db, { question, reply, sourceIds: [] }, SYSTEM).id
  const ids = {
    rubbish: faq(
      '垃圾分类投放点几点开放？错过时间的垃圾怎么办？',
      '各小区实行定时定点投放，时间为早上7:00–9:00、晚上18:00–20:00。错过时间的，可以投放到小区的误时投放点。',
    ),
    charging: faq('电动自行车能不能在楼道里充电？小区哪里可以充？', '不能。楼道、楼梯间和家中都严禁给电动自行车充电。各社区都建有集中充电棚，扫码付费充电。'),
    lamp: faq('小区路灯坏了找谁修？', '小区内的路灯由物业负责维修，道路上的路灯可以在本平台反映，由城管中队安排维修。'),
    both: reply(
      db,
      units.czq.id,
      '充电棚旁边堆满了垃圾',
      '长征桥小区充电棚旁边的垃圾好几天没人清理。',
      '已通知物业清理充电棚旁的垃圾，并在充电棚旁增设垃圾桶。',
    ),
  }
  return { db, units, ids }
}

function reply(db: Db, communityId: number, subject: string, body: string, text: string) {
  const c = createComplaint(db, { channel: 'web', communityId, subject, body }, SYSTEM).complaint
  return reviewAnswer(db, { answerId: recordComplaintReply(db, { complaintId: c.id, reply: text }, SYSTEM).id, decision: 'publish' }, SYSTEM).id
}

type Page = { results: { id: number; partial: boolean }[] }
const load = async (query: string) => (await (await callRoute(answersIndex.loader, makeRequest(`/answers?${query}`))).json()) as Page

describe('a search of several words', () => {
  test('lists the answers holding every word first, then those holding any of them', () => {
    const { db, ids } = setup()
    const found = searchAnswers(db, { q: '垃圾 充电' })
    expect(found.map(a => a.id)[0]).toBe(ids.both)
    expect(found.map(a => a.id).sort()).toEqual([ids.both, ids.rubbish, ids.charging].sort())
    expect(found.map(a => a.partial)).toEqual([false, true, true])
  })

  test('finds both subjects when no answer holds both', () => {
    const { db, ids } = setup()
    const found = searchAnswers(db, { q: '垃圾  路灯' })
    expect(found.map(a => a.id).sort()).toEqual([ids.rubbish, ids.lamp, ids.both].sort())
    expect(found.every(a => a.partial)).toBe(true)
  })

  test('a word no answer holds leaves the others’ answers listed, as holding only some words', () => {
    const { db, ids } = setup()
    expect(searchAnswers(db, { q: '流感疫苗 路灯' }).map(a => [a.id, a.partial])).toEqual([[ids.lamp, true]])
    expect(searchAnswers(db, { q: '流感 疫苗' })).toEqual([])
  })

  test('one subject, or words of one question, are searched as before', () => {
    const { db, ids } = setup()
    expect(searchAnswers(db, { q: '充电' }).map(a => a.id)).toEqual(expect.arrayContaining([ids.charging, ids.both]))
    expect(searchAnswers(db, { q: '充电' }).every(a => !a.partial)).toBe(true)
    // Filler words are no subjects of their own: the answer holding the subject holds the whole search.
    expect(searchAnswers(db, { q: '路灯 怎么办' }).map(a => [a.id, a.partial])).toEqual([[ids.lamp, false]])
  })

  test('a complaint’s subject and body, searched for answers like it, are one question, not words each found on its own', () => {
    const { db, ids } = setup()
    expect(searchAnswers(db, { q: '垃圾 路灯', asQuestion: true })).toEqual([])
    expect(searchAnswers(db, { q: '充电棚旁边堆满了垃圾 好几天没人清理', asQuestion: true }).map(a => a.id)).toEqual([ids.both])
  })

  test('on /answers within a community, the frequent questions holding only some words come after its answers holding all', async () => {
    const { units, ids } = setup()
    const page = await load(`q=${encodeURIComponent('垃圾 充电')}&community=${units.czq.id}`)
    expect(page.results.map(r => r.id)[0]).toBe(ids.both)
    expect(page.results.map(r => r.partial)).toEqual([false, true, true])
  })

  test('says, in the reader’s language, where the answers holding only some of the words begin', async () => {
    setup()
    const path = `/answers?q=${encodeURIComponent('垃圾 充电')}`
    const loaderData = await (await callRoute(answersIndex.loader, makeRequest(path))).json()
    const zh = await renderPage(AnswersIndex, { path, locale: 'zh', loaderData })
    expect(zh).toContain('以下答复只与部分搜索词有关')
    const en = await renderPage(AnswersIndex, { path, locale: 'en', loaderData })
    expect(en).toContain('The answers below match only some of your words')
    // Not said when every answer holds every word.
    const one = `/answers?q=${encodeURIComponent('充电')}`
    const oneData = await (await callRoute(answersIndex.loader, makeRequest(one))).json()
    expect(await renderPage(AnswersIndex, { path: one, locale: 'zh', loaderData: oneData })).not.toContain('以下答复只与部分搜索词有关')
  })
})
