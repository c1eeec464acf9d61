import { describe, expect, it } from 'vitest'
import AnswersReview, { action as reviewAction, loader as reviewLoader } from '#app/routes/_answers+/answers.review'
import FaqEntryReview, { action as entryAction, loader as entryLoader } from '#app/routes/_answers+/answers.review_.$id'
import { getPublishedAnswer, publishFaqEntry, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, postForm, seedTestUnits } from '#tests/db-utils'
import { control, describedBy, renderPage } from '#tests/render-page'

// Synthetic inquiries; the ID number is made up.
const ID = '330102 19900101 1234'

async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const file = (subject: string, body: string) => createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body }, SYSTEM).complaint
  const pending = recordComplaintReply(
    db,
    { complaintId: file('咨询充电桩安装', `想在车位装充电桩。身份证 ${ID}`).id, reply: '业主在自有车位安装充电桩，物业应当配合。' },
    SYSTEM,
  )
  const source = recordComplaintReply(
    db,
    { complaintId: file('咨询公积金能否支付房租', '公积金能不能交房租？').id, reply: '无自有住房的职工可以申请提取公积金支付房租。' },
    SYSTEM,
  )
  reviewAnswer(db, { answerId: source.id, decision: 'publish' }, SYSTEM)
  const faq = publishFaqEntry(db, { question: '租房可以提取公积金吗？', reply: '可以，每年一次。', sourceIds: [source.id] }, SYSTEM)
  const cookie = (locale: 'zh' | 'en') => `${worker.cookie}; th_prefs=${locale}.0.0`
  const reviewPage = async (path: string, actionData: object, locale: 'zh' | 'en' = 'zh') => {
    const loaderData = (await (await callRoute(reviewLoader, makeRequest(path, { cookie: cookie(locale) }))).json()) as object
    return renderPage(AnswersReview, { path, locale, loaderData, actionData })
  }
  const entryPage = async (actionData: object, locale: 'zh' | 'en' = 'zh') => {
    const path = `/answers/review/${faq.id}`
    const loaderData = (await (await callRoute(entryLoader, makeRequest(path, { cookie: cookie(locale) }), { id: String(faq.id) })).json()) as object
    return renderPage(FaqEntryReview, { path, locale, loaderData, actionData })
  }
  return { db, worker, pending, source, faq, reviewPage, entryPage }
}

describe('a number left in a text stops publication beside the field that holds it', () => {
  it('a reply whose message still holds an ID number: said beside the message', async () => {
    const { db, worker, pending, reviewPage } = await setup()
    const res = await postForm(reviewAction, '/answers/review', worker.cookie, {
      intent: 'publish',
      answerId: String(pending.id),
      publicQuestion: '咨询充电桩安装',
      publicText: `想在车位装充电桩。身份证 ${ID}`,
      publicReply: '业主在自有车位安装充电桩，物业应当配合。',
    })
    expect(res.status).toBe(400)
    expect(getPublishedAnswer(db, pending.id)).toBeUndefined()
    const actionData = (await res.json()) as object
    for (const [locale, message] of [
      ['zh', '这里有证件号，请删去。'],
      ['en', 'There is an ID number here: take it out.'],
    ] as const) {
      const html = await reviewPage('/answers/review', actionData, locale)
      expect(describedBy(html, 'publicText')).toEqual([message])
      expect(control(html, 'publicText')).toContain('aria-invalid="true"')
      expect(control(html, 'publicQuestion')).not.toContain('aria-invalid')
    }
  })

  it('an FAQ answer holding an ID number: said beside the answer', async () => {
    const { worker, source, reviewPage } = await setup()
    const path = `/answers/review?q=${encodeURIComponent('公积金交房租')}&draft=1&source=${source.id}`
    const res = await postForm(reviewAction, path, worker.cookie, {
      intent: 'faq',
      question: '公积金能交房租吗？',
      reply: `可以，咨询 ${ID}。`,
      sources: String(source.id),
    })
    expect(res.status).toBe(400)
    const html = await reviewPage(path, (await res.json()) as object)
    expect(describedBy(html, 'reply')).toEqual(['这里有证件号，请删去。'])
  })

  it('an FAQ entry updated with an ID number in its question: said beside the question', async () => {
    const { worker, faq, entryPage } = await setup()
    const res = await postForm(
      entryAction,
      `/answers/review/${faq.id}`,
      worker.cookie,
      { intent: 'update', question: `租房可以提取公积金吗？${ID}`, reply: '可以，每年两次。' },
      { id: String(faq.id) },
    )
    expect(res.status).toBe(400)
    const html = await entryPage((await res.json()) as object, 'en')
    expect(describedBy(html, 'question')).toEqual(['There is an ID number here: take it out.'])
  })
})
