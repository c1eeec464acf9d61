import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { publishFaq } from '#app/commands/answers.server'
import { type MessageKey, translate } from '#app/i18n/index'
import AnswerPage, { action, loader } from '#app/routes/_answers+/answers.$id'
import AnswersReview, { loader as reviewLoader } from '#app/routes/_answers+/answers.review'
import { answerSuggestionsFor, searchAnswers } from '#app/services/answers.server'
import { formatDate } from '#app/utils/dates'
import { getPublishedAnswer, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { insertFollow } from '#db/queries/follows'
import { answers, auditEvents, notifications } from '#db/schema/index'
import { ANON_COOKIE, callRoute, createLoggedInUser, createTestDb, makeRequest, postForm, seedTestUnits } from '#tests/db-utils'
import { control, describedBy, occurrences, renderPage } from '#tests/render-page'

// A synthetic inquiry in 长征桥 with its published reply, and an FAQ entry drawn from it.
async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const c = createComplaint(
    db,
    { channel: 'web', communityId: units.czq.id, subject: '咨询公积金能否支付房租', body: '一直租房住，公积金能不能取出来交房租？' },
    SYSTEM,
  ).complaint
  const reply = recordComplaintReply(db, { complaintId: c.id, reply: '无自有住房的职工可以申请提取公积金支付房租，每年一次。' }, SYSTEM)
  reviewAnswer(db, { answerId: reply.id, decision: 'publish' }, SYSTEM)
  const follower = await createLoggedInUser(db, 'resident', 'gs-czq')
  insertFollow(db, follower.id, { kind: 'category', key: '住房保障' })
  const ctx = { db, actor: SYSTEM, notify: { toUser() {}, toUnit() {} } }
  const faq = publishFaq(ctx, {
    question: '租房可以提取公积金吗？',
    reply: '可以，每年提取一次公积金支付房租。',
    sourceIds: [reply.id],
    categoryPath: ['住房保障'],
  })
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const post = (id: number, cookie: string, form: Record<string, string>) => postForm(action, `/answers/${id}`, cookie, form, { id: String(id) })
  const open = (id: number, cookie = ANON_COOKIE, locale: 'zh' | 'en' = 'zh') =>
    callRoute(loader, makeRequest(`/answers/${id}`, { cookie: `${cookie}; th_prefs=${locale}.0.0` }), { id: String(id) })
  const audit = (id: number) =>
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, 'answer'), eq(auditEvents.subjectId, String(id))))
      .all()
  return { db, units, reply, faq, worker, follower, post, open, audit }
}

const text = (html: string) =>
  html
    .replace(/<script[^>]*>.*?<\/script>/gs, '')
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

describe('withdrawing a published answer', () => {
  it('takes it out of the library, the suggestions before filing and the search; its address says when it was withdrawn, with 410 and nothing of the answer', async () => {
    const { db, faq, worker, follower, post, open, audit } = await setup()
    expect(searchAnswers(db, { q: '租房提取公积金' }).map(a => a.id)).toContain(faq.id)
    const res = await post(faq.id, worker.cookie, { intent: 'withdraw', reason: 'outdated', note: '政策已调整为每年两次' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/answers/${faq.id}?withdrawn=1`)

    expect(getPublishedAnswer(db, faq.id)).toBeUndefined()
    expect(searchAnswers(db, { q: '租房提取公积金' }).map(a => a.id)).not.toContain(faq.id)
    expect(searchAnswers(db, {}).map(a => a.id)).not.toContain(faq.id)
    expect(answerSuggestionsFor(db, { subject: '租房可以提取公积金吗', body: '' }).map(s => s.id)).not.toContain(faq.id)

    const page = await open(faq.id)
    expect(page.status).toBe(410)
    // Browsers keep a 410 for good unless told to ask again: it would outlive publishing the answer again.
    expect(page.headers.get('cache-control')).toBe('no-cache')
    const data = (await page.json()) as Record<string, unknown>
    const raw = JSON.stringify(data)
    // Nothing of the entry reaches the public: neither its question, its answer, nor why it was withdrawn.
    expect(raw).not.toContain('每年提取一次')
    expect(raw).not.toContain('租房可以提取公积金吗')
    expect(raw).not.toContain('政策已调整')
    const html = await renderPage(AnswerPage, { path: `/answers/${faq.id}`, locale: 'zh', loaderData: data })
    expect(text(html)).toContain(`这条答复已于 ${formatDate(new Date(), 'zh')} 撤回`)
    expect(html).not.toContain('每年提取一次')
    const en = await renderPage(AnswerPage, {
      path: `/answers/${faq.id}`,
      locale: 'en',
      loaderData: (await (await open(faq.id, ANON_COOKIE, 'en')).json()) as object,
    })
    expect(text(en)).toContain(`This answer was withdrawn on ${formatDate(new Date(), 'en')}`)

    const [row] = audit(faq.id).filter(e => e.action === 'answer.withdrawn')
    expect(row).toMatchObject({ actorId: worker.id, after: { status: 'withdrawn', reason: 'outdated', note: '政策已调整为每年两次' } })
    // Followers were told of the entry when it was published; its withdrawal is not news to push.
    const told = db.select().from(notifications).where(eq(notifications.userId, follower.id)).all()
    expect(told.map(n => n.messageKey)).toEqual(['answers.follow.notify.answer.category'])
  })

  it('a typed reason alone is enough; votes on a withdrawn answer are not counted', async () => {
    const { db, reply, worker, post } = await setup()
    expect((await post(reply.id, worker.cookie, { intent: 'withdraw', note: '答复中的办理时间有误' })).status).toBe(302)
    expect(db.select().from(answers).where(eq(answers.id, reply.id)).get()).toMatchObject({
      status: 'withdrawn',
      withdrawnReason: 'other',
      withdrawnNote: '答复中的办理时间有误',
    })
    const vote = await post(reply.id, ANON_COOKIE, { verdict: 'helpful' })
    // Sent back to its address, which says it was withdrawn.
    expect(vote.status).toBe(302)
    expect(db.select({ helpful: answers.helpful }).from(answers).where(eq(answers.id, reply.id)).get()!.helpful).toBe(0)
  })

  it('without a reason is refused beside the field, in the reader’s language, keeping what was typed', async () => {
    const { db, faq, worker, post, open } = await setup()
    const refused = await post(faq.id, worker.cookie, { intent: 'withdraw', reason: '', note: '' })
    expect(refused.status).toBe(400)
    const actionData = (await refused.json()) as object
    expect(getPublishedAnswer(db, faq.id)).toBeDefined()
    for (const [locale, message] of [
      ['zh', '请选择撤回的原因，或在“说明”中写明原因。'],
      ['en', 'Choose a reason for withdrawing it, or write one under “Details”.'],
    ] as const) {
      const loaderData = (await (await open(faq.id, worker.cookie, locale)).json()) as object
      const html = await renderPage(AnswerPage, { path: `/answers/${faq.id}`, locale, loaderData, actionData })
      expect(describedBy(html, 'reason')).toContain(message)
      expect(control(html, 'reason')).toContain('aria-invalid="true"')
    }

    const other = await post(faq.id, worker.cookie, { intent: 'withdraw', reason: 'other', note: '   ' })
    expect(other.status).toBe(400)
    const loaderData = (await (await open(faq.id, worker.cookie)).json()) as object
    const html = await renderPage(AnswerPage, { path: `/answers/${faq.id}`, locale: 'zh', loaderData, actionData: (await other.json()) as object })
    expect(describedBy(html, 'note')).toContain('选择“其他”时，请写明原因。')
    // The reason chosen stays chosen.
    expect(html).toMatch(/<option value="other" selected="">/)

    const tooLong = await post(faq.id, worker.cookie, { intent: 'withdraw', reason: 'wrong', note: '说'.repeat(2001) })
    expect(tooLong.status).toBe(400)
    const kept = await renderPage(AnswerPage, { path: `/answers/${faq.id}`, locale: 'zh', loaderData, actionData: (await tooLong.json()) as object })
    expect(kept).toContain('说'.repeat(2001))
    expect(describedBy(kept, 'note')).toContain('太长了：最多 2000 个字。')
  })

  it('staff still see a withdrawn answer and why, publish it again, and both are audited', async () => {
    const { db, faq, worker, post, open, audit } = await setup()
    await post(faq.id, worker.cookie, { intent: 'withdraw', reason: 'wrong' })
    const staffView = await open(faq.id, worker.cookie)
    const data = (await staffView.json()) as { staff: { reason: string | null } | null; answer: { reply: string } | null }
    expect(data.answer?.reply).toBe('可以，每年提取一次公积金支付房租。')
    const html = await renderPage(AnswerPage, { path: `/answers/${faq.id}`, locale: 'zh', loaderData: data })
    expect(text(html)).toContain('答复内容有误')
    expect(html).toMatch(/<input type="hidden" name="intent" value="republish"/)

    const review = await callRoute(reviewLoader, makeRequest('/answers/review', { cookie: worker.cookie }))
    const reviewData = (await review.json()) as { withdrawn: { id: number }[] }
    expect(reviewData.withdrawn.map(w => w.id)).toEqual([faq.id])
    const reviewHtml = await renderPage(AnswersReview, { path: '/answers/review', locale: 'zh', loaderData: reviewData })
    expect(reviewHtml).toMatch(new RegExp(`<a [^>]*href="/answers/${faq.id}"`))

    const again = await post(faq.id, worker.cookie, { intent: 'republish' })
    expect(again.status).toBe(302)
    expect(searchAnswers(db, { q: '租房提取公积金' }).map(a => a.id)).toContain(faq.id)
    expect((await open(faq.id)).status).toBe(200)
    expect(
      audit(faq.id)
        .filter(e => e.action.startsWith('answer.'))
        .map(e => [e.action, e.actorId]),
    ).toEqual([
      ['answer.faq_published', null],
      ['answer.withdrawn', worker.id],
      ['answer.republished', worker.id],
    ])
  })

  it('staff read the reason and the note as separately labelled pieces, a comma in either not running them together', async () => {
    const { faq, worker, post, open } = await setup()
    await post(faq.id, worker.cookie, { intent: 'withdraw', reason: 'outdated', note: '政策已调整，每年可提取两次' })
    const page = async (locale: 'zh' | 'en') =>
      text(
        await renderPage(AnswerPage, { path: `/answers/${faq.id}`, locale, loaderData: (await (await open(faq.id, worker.cookie, locale)).json()) as object }),
      )
    // The worker's words are marked as Chinese, a tag the text keeps as a space.
    expect(await page('zh')).toMatch(/仅工作人员可见：撤回原因：政策已变化，答复过时；说明： ?政策已调整，每年可提取两次/)
    expect(await page('en')).toMatch(/Staff only: Reason: The policy has changed: the answer is out of date; Details: ?政策已调整，每年可提取两次/)
  })

  it('a note alone is the reason; the review list labels the reason beside the day', async () => {
    const { faq, worker, post, open } = await setup()
    await post(faq.id, worker.cookie, { intent: 'withdraw', note: '答复中的办理时间有误，应为周一至周五' })
    const loaderData = (await (await open(faq.id, worker.cookie)).json()) as object
    expect(text(await renderPage(AnswerPage, { path: `/answers/${faq.id}`, locale: 'zh', loaderData }))).toMatch(
      /仅工作人员可见：撤回原因： ?答复中的办理时间有误，应为周一至周五/,
    )
    await post(faq.id, worker.cookie, { intent: 'republish' })
    await post(faq.id, worker.cookie, { intent: 'withdraw', reason: 'wrong' })
    const reviewData = (await (await callRoute(reviewLoader, makeRequest('/answers/review', { cookie: worker.cookie }))).json()) as object
    const list = text(await renderPage(AnswersReview, { path: '/answers/review', locale: 'zh', loaderData: reviewData }))
    expect(list).toContain(`撤回于 ${formatDate(new Date(), 'zh')}；撤回原因：答复内容有误`)
  })

  it('followers are told when a withdrawn answer is published again that it is back, not that it is new', async () => {
    const { db, faq, worker, follower, post } = await setup()
    await post(faq.id, worker.cookie, { intent: 'withdraw', reason: 'wrong' })
    expect((await post(faq.id, worker.cookie, { intent: 'republish' })).status).toBe(302)
    const told = db.select().from(notifications).where(eq(notifications.userId, follower.id)).all()
    expect(told.map(n => [n.messageKey, n.link])).toEqual([
      ['answers.follow.notify.answer.category', `/answers/${faq.id}`],
      ['answers.follow.notify.answerBack.category', `/answers/${faq.id}`],
    ])
    expect(translate('zh', 'answers.follow.notify.answerBack.category' as MessageKey, { title: '租房可以提取公积金吗？' })).toBe(
      '您关注的类别有一条撤回的答复已恢复公开：租房可以提取公积金吗？',
    )
    expect(translate('en', 'answers.follow.notify.answerBack.category' as MessageKey, { title: 'Q' })).toBe(
      'A withdrawn answer is public again in a category you follow: Q',
    )
  })

  it('is for the roles that publish, in their scope: not residents, departments, or a worker of another community for its reply', async () => {
    const { db, reply, faq, post, open } = await setup()
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const dept = await createLoggedInUser(db, 'department_staff', 'dept-traffic')
    const elsewhere = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    for (const user of [resident, dept]) {
      expect((await post(faq.id, user.cookie, { intent: 'withdraw', reason: 'wrong' })).status).toBe(403)
      expect(((await (await open(faq.id, user.cookie)).json()) as { staff: unknown }).staff).toBeNull()
    }
    expect((await post(reply.id, elsewhere.cookie, { intent: 'withdraw', reason: 'wrong' })).status).toBe(403)
    expect(getPublishedAnswer(db, reply.id)).toBeDefined()
    const street = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    expect((await post(reply.id, street.cookie, { intent: 'withdraw', reason: 'wrong' })).status).toBe(302)
    expect((await post(reply.id, resident.cookie, { intent: 'republish' })).status).toBe(403)
  })
})
