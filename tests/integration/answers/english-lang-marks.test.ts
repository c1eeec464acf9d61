import { describe, expect, it } from 'vitest'
import AnswerPage, { loader as answerLoader } from '#app/routes/_answers+/answers.$id'
import AnswersIndex, { loader as indexLoader } from '#app/routes/_answers+/answers._index'
import AnswersReview, { loader as reviewLoader } from '#app/routes/_answers+/answers.review'
import FaqEntryReview, { loader as entryLoader } from '#app/routes/_answers+/answers.review_.$id'
import { publishFaqEntry, recordComplaintReply, reviewAnswer, withdrawAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { unmarkedChinese } from '#tests/lang-marks'
import { renderPage } from '#tests/render-page'

// Residents' questions and workers' replies stay as written, in Chinese: on English pages they are marked so, for screen readers' voices.

async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const actor = { kind: 'user', id: worker.id } as const
  const reply = (subject: string, text: string) => {
    const c = createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body: `${subject}？孩子明年上小学。` }, SYSTEM).complaint
    return recordComplaintReply(db, { complaintId: c.id, reply: text }, actor)
  }
  const published = ['咨询外地户口孩子上小学要什么材料', '请问小学报名需要居住证吗', '咨询孩子上小学怎么报名'].map(subject => {
    const a = reply(subject, '外地户口的孩子上小学，需居住证和社保证明，到学区学校报名。')
    reviewAnswer(db, { answerId: a.id, decision: 'publish' }, actor)
    return a.id
  })
  const sorting = reply('咨询垃圾分类投放时间', '厨余垃圾早上7点到9点、晚上6点到8点投放。')
  reviewAnswer(db, { answerId: sorting.id, decision: 'publish' }, actor)
  const pending = reply('咨询老年食堂在哪里', '您好！社区老年食堂设在文晖路12号，每天11点供应午餐。')
  const gone = reply('咨询公积金能否支付房租', '无自有住房的职工可以申请提取公积金支付房租，每年一次。')
  reviewAnswer(db, { answerId: gone.id, decision: 'publish' }, actor)
  withdrawAnswer(db, { answerId: gone.id, reason: 'other', note: '政策已调整，待重新核实' }, actor)
  const faq = publishFaqEntry(db, { question: '垃圾分类怎么投放？', reply: '厨余垃圾每天早晚定时投放，其他垃圾随时投放。', sourceIds: [sorting.id] }, actor)
  const cookie = `${worker.cookie}; th_prefs=en.0.0`
  const page = async (Page: Parameters<typeof renderPage>[0], fn: Parameters<typeof callRoute>[0], path: string, params: Record<string, string> = {}) => {
    const res = await callRoute(fn, makeRequest(path, { cookie }), params)
    return renderPage(Page, { path, locale: 'en', loaderData: await res.json() })
  }
  return { db, published, faq: faq.id, pending: pending.id, gone: gone.id, page }
}

describe('the answers pages in English', () => {
  it('mark every question and reply awaiting review, the proposed entries, the replies found and the draft as Chinese', async () => {
    const { published, page } = await setup()
    const review = await page(AnswersReview, reviewLoader, '/answers/review')
    expect(review).toContain('老年食堂')
    expect(review).toContain('data-testid="faq-groups"')
    expect(review).toContain('data-testid="withdrawn-answers"')
    expect(unmarkedChinese(review)).toEqual([])
    const q = encodeURIComponent('小学报名')
    const found = await page(AnswersReview, reviewLoader, `/answers/review?q=${q}`)
    expect(found).toContain(`name="source" value="${published[0]}"`)
    expect(unmarkedChinese(found)).toEqual([])
    const drafted = await page(AnswersReview, reviewLoader, `/answers/review?q=${q}&draft=1&${published.map(id => `source=${id}`).join('&')}`)
    expect(drafted).toContain('name="reply"')
    expect(unmarkedChinese(drafted)).toEqual([])
  })

  it('mark an FAQ entry under review and the replies it relies on as Chinese', async () => {
    const { faq, page } = await setup()
    const entry = await page(FaqEntryReview, entryLoader, `/answers/review/${faq}`, { id: String(faq) })
    expect(entry).toContain('厨余垃圾每天')
    expect(unmarkedChinese(entry)).toEqual([])
  })

  it('mark the answer, and the worker’s words on why one was withdrawn, as Chinese', async () => {
    const { published, gone, page } = await setup()
    const answer = await page(AnswerPage, answerLoader, `/answers/${published[0]}`, { id: String(published[0]) })
    expect(answer).toContain('居住证')
    expect(unmarkedChinese(answer)).toEqual([])
    const withdrawn = await page(AnswerPage, answerLoader, `/answers/${gone}`, { id: String(gone) })
    expect(withdrawn).toContain('政策已调整')
    expect(unmarkedChinese(withdrawn)).toEqual([])
  })

  it('mark the questions and replies found by a search as Chinese', async () => {
    const { page } = await setup()
    const results = await page(AnswersIndex, indexLoader, `/answers?q=${encodeURIComponent('小学')}`)
    expect(results).toContain('居住证')
    expect(unmarkedChinese(results)).toEqual([])
  })
})
