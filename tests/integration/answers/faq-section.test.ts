import { describe, expect, test } from 'vitest'
import * as answersIndex from '#app/routes/_answers+/answers._index'
import type { Db } from '#db/client'
import { countAnswerView, publishFaqEntry, recordAnswerFeedback, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { ANONYMOUS, SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

type Page = {
  faqs: { items: { id: number; question: string; preview: string; category: string | null }[]; total: number; all: boolean } | null
  results: { id: number; question: string; kind: string }[]
}

const load = async (query = '') => (await (await callRoute(answersIndex.loader, makeRequest(`/answers${query ? `?${query}` : ''}`))).json()) as Page

/** A published frequent question, read `views` times and found helpful `helpful` times. */
function faq(db: Db, question: string, reply: string, opts: { category?: string; views?: number; helpful?: number } = {}) {
  const entry = publishFaqEntry(db, { question, reply, sourceIds: [], categoryPath: opts.category ? [opts.category] : null }, SYSTEM)
  for (let i = 0; i < (opts.views ?? 0); i++) countAnswerView(db, entry.id)
  for (let i = 0; i < (opts.helpful ?? 0); i++) recordAnswerFeedback(db, { answerId: entry.id, verdict: 'helpful' }, ANONYMOUS)
  return entry.id
}

// Synthetic frequent questions of three kinds and one community's reply, all made up here.
function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const ids = {
    rubbish: faq(db, '垃圾分类投放点几点开放？', '您好！各小区投放点每天早上7点到9点、晚上6点到8点开放。错过时间的可以投到误时投放点。', {
      category: '城乡建设',
      views: 30,
      helpful: 2,
    }),
    meeting: faq(db, '怎样才能参加社区议事会？', '登录本平台后加入议事员库。每次议事会从议事员库中随机抽选居民代表。', { views: 5, helpful: 6 }),
    pharmacy: faq(db, '社区卫生服务站能不能预约配药？', '可以。长期服药的居民可以提前一天预约配药，按时段取药。', {
      category: '卫生计生',
      views: 50,
      helpful: 2,
    }),
  }
  const c = createComplaint(
    db,
    { channel: 'web', communityId: units.hm.id, subject: '和睦小区路灯不亮', body: '和睦小区3号路灯坏了好几天。' },
    SYSTEM,
  ).complaint
  const reply = recordComplaintReply(db, { complaintId: c.id, reply: '路灯已经修好，感谢反映。' }, SYSTEM)
  reviewAnswer(db, { answerId: reply.id, decision: 'publish' }, SYSTEM)
  return { db, units, ids, replyId: reply.id }
}

describe('the frequent questions on /answers', () => {
  test('opened without a search: the published frequent questions, most helpful first, then most read, each with its answer in brief', async () => {
    const { ids } = setup()
    const page = await load()
    expect(page.faqs?.items.map(f => f.id)).toEqual([ids.meeting, ids.pharmacy, ids.rubbish])
    expect(page.faqs?.total).toBe(3)
    const rubbish = page.faqs!.items.find(f => f.id === ids.rubbish)!
    expect(rubbish.question).toBe('垃圾分类投放点几点开放？')
    expect(rubbish.preview).toContain('早上7点到9点')
    // The greeting says nothing of the answer.
    expect(rubbish.preview).not.toContain('您好')
    expect(rubbish.category).toBe('城乡建设')
  })

  test('are not listed again among the replies below', async () => {
    const { replyId } = setup()
    const page = await load()
    expect(page.results.map(r => r.id)).toEqual([replyId])
  })

  test('with a category chosen: those that hold everywhere and those of that category, not another’s', async () => {
    const { ids } = setup()
    const page = await load(`category=${encodeURIComponent('卫生计生')}`)
    expect(page.faqs?.items.map(f => f.id)).toEqual([ids.meeting, ids.pharmacy])
  })

  test('with a community chosen: all of them, as they hold for every community', async () => {
    const { ids, units, replyId } = setup()
    const page = await load(`community=${units.hm.id}`)
    expect(page.faqs?.items.map(f => f.id).sort()).toEqual(Object.values(ids).sort())
    expect(page.results.map(r => r.id)).toEqual([replyId])
  })

  test('are not set apart once a question is searched: they are ranked among the results', async () => {
    const { ids } = setup()
    const page = await load(`q=${encodeURIComponent('垃圾投放点几点开放')}`)
    expect(page.faqs).toBeNull()
    expect(page.results.map(r => r.id)).toContain(ids.rubbish)
  })

  test('many of them: the first eight, with all reachable, and the others stay in the list until all are shown', async () => {
    const { db } = setup()
    for (let i = 1; i <= 7; i++) faq(db, `第${i}个常见问题：社区${i}号服务点几点开门？`, `社区${i}号服务点每天早上8点开门，晚上6点关门。`)
    const page = await load()
    expect(page.faqs?.items).toHaveLength(8)
    expect(page.faqs?.total).toBe(10)
    expect(page.faqs?.all).toBe(false)
    const shown = new Set(page.faqs!.items.map(f => f.id))
    expect(page.results.filter(r => shown.has(r.id))).toEqual([])
    expect(page.results.filter(r => r.kind === 'faq')).toHaveLength(2)

    const all = await load('faq=all')
    expect(all.faqs?.items).toHaveLength(10)
    expect(all.faqs?.all).toBe(true)
    expect(all.results.filter(r => r.kind === 'faq')).toEqual([])
  })
})
