import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import AnswersReview, { action as reviewAction, loader as reviewLoader } from '#app/routes/_answers+/answers.review'
import FaqEntryReview, { action as entryAction, loader as entryLoader } from '#app/routes/_answers+/answers.review_.$id'
import { DomainError } from '#db/errors'
import { getPublishedAnswer, publishFaqEntry, recordComplaintReply, reviewAnswer, updateFaqEntry } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { answers } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, postForm, seedTestUnits } from '#tests/db-utils'
import { control, describedBy, renderPage } from '#tests/render-page'

// Synthetic inquiries and offices: every name and number below is made up.
const BOOKING = '0571-88001234'
const MOBILE = '13812345678'
const WITH_NAME = '我是张三，公积金能交房租吗？'
const WITH_MOBILE = `可以，每年提取一次，详情致电${MOBILE}。`
const WITH_BOOKING = `可以，每年提取一次，需提前预约，预约电话${BOOKING}。`

async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const c = createComplaint(
    db,
    { channel: 'web', communityId: units.czq.id, subject: '咨询公积金能否支付房租', body: '公积金能不能交房租？' },
    SYSTEM,
  ).complaint
  const source = recordComplaintReply(db, { complaintId: c.id, reply: '无自有住房的职工可以申请提取公积金支付房租。' }, SYSTEM)
  reviewAnswer(db, { answerId: source.id, decision: 'publish' }, SYSTEM)
  const faq = publishFaqEntry(db, { question: '租房可以提取公积金吗？', reply: '可以，每年一次。', sourceIds: [source.id] }, SYSTEM)
  const cookie = (locale: 'zh' | 'en') => `${worker.cookie}; th_prefs=${locale}.0.0`
  const draftPath = `/answers/review?q=${encodeURIComponent('公积金交房租')}&draft=1&source=${source.id}`
  const reviewPage = async (actionData: object, locale: 'zh' | 'en') => {
    const loaderData = (await (await callRoute(reviewLoader, makeRequest(draftPath, { cookie: cookie(locale) }))).json()) as object
    return renderPage(AnswersReview, { path: draftPath, locale, loaderData, actionData })
  }
  const entryPath = `/answers/review/${faq.id}`
  const entryPage = async (actionData: object, locale: 'zh' | 'en') => {
    const loaderData = (await (await callRoute(entryLoader, makeRequest(entryPath, { cookie: cookie(locale) }), { id: String(faq.id) })).json()) as object
    return renderPage(FaqEntryReview, { path: entryPath, locale, loaderData, actionData })
  }
  const publish = (question: string, reply: string, sources = String(source.id)) =>
    postForm(reviewAction, draftPath, worker.cookie, { intent: 'faq', question, reply, sources, category: '' })
  const update = (question: string, reply: string) =>
    postForm(entryAction, entryPath, worker.cookie, { intent: 'update', question, reply }, { id: String(faq.id) })
  const faqCount = () =>
    db
      .select({ id: answers.id })
      .from(answers)
      .where(and(eq(answers.kind, 'faq'), eq(answers.status, 'published')))
      .all().length
  return { db, source, faq, reviewPage, entryPage, publish, update, faqCount }
}

/** The error a call throws, or undefined. */
function thrown(fn: () => unknown) {
  try {
    fn()
  } catch (e) {
    return e
  }
}

describe('publishing an FAQ entry refuses personal data rather than publishing something else than was approved', () => {
  it('the data layer refuses a name in the question and a mobile in the answer, naming the field and the kind, and publishes nothing', async () => {
    const { db, source, faqCount } = await setup()
    const input = (question: string, reply: string) => ({ question, reply, sourceIds: [source.id] })
    expect(thrown(() => publishFaqEntry(db, input(WITH_NAME, '可以。'), SYSTEM))).toMatchObject({ messageKey: 'answers.error.found.name', field: 'question' })
    const error = thrown(() => publishFaqEntry(db, input('公积金能交房租吗？', WITH_MOBILE), SYSTEM))
    expect(error).toBeInstanceOf(DomainError)
    expect(error).toMatchObject({ messageKey: 'answers.error.found.mobile', field: 'reply' })
    expect(faqCount()).toBe(1)
  })

  it('the form says each kind beside the field it is in, in the reader’s language, keeping every edit; nothing is published', async () => {
    const { reviewPage, publish, faqCount } = await setup()
    const res = await publish(WITH_NAME, WITH_MOBILE)
    expect(res.status).toBe(400)
    expect(faqCount()).toBe(1)
    const actionData = (await res.json()) as object
    for (const [locale, name, phone, notPublished] of [
      ['zh', /姓名/, /电话号码/, '没有发布'],
      ['en', /name/, /phone number/, 'Not published'],
    ] as const) {
      const html = await reviewPage(actionData, locale)
      expect(describedBy(html, 'question').join(' ')).toMatch(name)
      expect(describedBy(html, 'reply').join(' ')).toMatch(phone)
      // What was found is named, never the value.
      expect(describedBy(html, 'reply').join(' ')).not.toContain(MOBILE)
      expect(control(html, 'question')).toContain('aria-invalid="true"')
      expect(control(html, 'reply')).toContain('aria-invalid="true"')
      expect(control(html, 'question')).toContain(`value="${WITH_NAME}"`)
      expect(html).toContain(`>${WITH_MOBILE}</textarea>`)
      expect(html).toContain(notPublished)
    }
  })

  it('an office’s booking line in the answer is published exactly as approved', async () => {
    const { db, publish } = await setup()
    // Without sources: an entry on the setup entry's reply alone would be refused as that entry again.
    const res = await publish('没有房子能用公积金交房租吗？', WITH_BOOKING, '')
    expect(res.status).toBe(302)
    const id = Number(new URL(res.headers.get('location')!, 'http://x').searchParams.get('published'))
    const published = getPublishedAnswer(db, id)!
    expect([published.publicQuestion, published.publicReply]).toEqual(['没有房子能用公积金交房租吗？', WITH_BOOKING])
  })
})

describe('correcting a published FAQ entry refuses personal data the same way', () => {
  it('the data layer refuses, naming the field and the kind; the entry stays as it was', async () => {
    const { db, faq } = await setup()
    const error = thrown(() => updateFaqEntry(db, { answerId: faq.id, question: '租房可以提取公积金吗？', reply: WITH_MOBILE }, SYSTEM))
    expect(error).toMatchObject({ messageKey: 'answers.error.found.mobile', field: 'reply' })
    expect(getPublishedAnswer(db, faq.id)?.publicReply).toBe('可以，每年一次。')
  })

  it('the form says each kind beside its field and keeps the edits; an office’s line is kept as approved', async () => {
    const { db, faq, entryPage, update } = await setup()
    const res = await update(WITH_NAME, WITH_MOBILE)
    expect(res.status).toBe(400)
    expect(getPublishedAnswer(db, faq.id)?.publicQuestion).toBe('租房可以提取公积金吗？')
    const actionData = (await res.json()) as object
    for (const [locale, name, phone, notSaved] of [
      ['zh', /姓名/, /电话号码/, '没有保存'],
      ['en', /name/, /phone number/, 'Not saved'],
    ] as const) {
      const html = await entryPage(actionData, locale)
      expect(describedBy(html, 'question').join(' ')).toMatch(name)
      expect(describedBy(html, 'reply').join(' ')).toMatch(phone)
      expect(control(html, 'question')).toContain(`value="${WITH_NAME}"`)
      expect(html).toContain(`>${WITH_MOBILE}</textarea>`)
      expect(html).toContain(notSaved)
    }
    expect((await update('租房可以提取公积金吗？', WITH_BOOKING)).status).toBe(302)
    expect(getPublishedAnswer(db, faq.id)?.publicReply).toBe(WITH_BOOKING)
  })
})
