import { describe, expect, it } from 'vitest'
import AnswersReview, { action as reviewAction, loader as reviewLoader } from '#app/routes/_answers+/answers.review'
import FaqEntryReview, { action as entryAction, loader as entryLoader } from '#app/routes/_answers+/answers.review_.$id'
import { getPublishedAnswer, publishFaqEntry, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, postForm, seedTestUnits } from '#tests/db-utils'
import { control, describedBy, renderPage } from '#tests/render-page'

// Synthetic inquiries: one reply awaiting review, one published, and an FAQ entry drawn from it.
async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const file = (subject: string, body: string) => createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body }, SYSTEM).complaint
  const pending = recordComplaintReply(
    db,
    { complaintId: file('咨询垃圾投放时间', '小区垃圾几点可以扔？').id, reply: '每天早上七点到九点、晚上六点到八点定时投放。' },
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
  /** The review page at `path` as the worker sees it after the post answered `actionData`. */
  const reviewPage = async (path: string, actionData: object, locale: 'zh' | 'en' = 'zh') => {
    const loaderData = (await (await callRoute(reviewLoader, makeRequest(path, { cookie: cookie(locale) }))).json()) as object
    return renderPage(AnswersReview, { path, locale, loaderData, actionData })
  }
  const entryPage = async (actionData: object | undefined, locale: 'zh' | 'en' = 'zh') => {
    const path = `/answers/review/${faq.id}`
    const loaderData = (await (await callRoute(entryLoader, makeRequest(path, { cookie: cookie(locale) }), { id: String(faq.id) })).json()) as object
    return renderPage(FaqEntryReview, { path, locale, loaderData, actionData })
  }
  return { db, worker, pending, source, faq, reviewPage, entryPage }
}

/** The post forms of a page that have fields to fill in (not buttons alone), each as its opening tag. */
const postFormsWithFields = (html: string) =>
  [...html.matchAll(/(<form [^>]*method="post"[^>]*>)(.*?)<\/form>/gs)]
    .filter(m => /<(textarea|select)|<input (?![^>]*type="hidden")/.test(m[2]!))
    .map(m => m[1]!)

describe('the review forms leave checking to the server, which answers beside the field in the reader’s language', () => {
  it('publishing a reply with its question cleared is refused beside the question, what was typed kept, nothing published', async () => {
    const { db, worker, pending, reviewPage } = await setup()
    const res = await postForm(reviewAction, '/answers/review', worker.cookie, {
      intent: 'publish',
      answerId: String(pending.id),
      publicQuestion: '  ',
      publicText: '想知道几点扔垃圾',
      publicReply: '早上七点到九点投放。',
    })
    expect(res.status).toBe(400)
    expect(getPublishedAnswer(db, pending.id)).toBeUndefined()
    const actionData = (await res.json()) as object
    for (const [locale, message] of [
      ['zh', '请填写问题。'],
      ['en', 'Write the question.'],
    ] as const) {
      const html = await reviewPage('/answers/review', actionData, locale)
      expect(describedBy(html, 'publicQuestion')).toEqual([message])
      expect(control(html, 'publicQuestion')).toContain('aria-invalid="true"')
      expect(html).toContain('>早上七点到九点投放。</textarea>')
      expect(html).toContain('>想知道几点扔垃圾</textarea>')
    }
  })

  it('an FAQ entry without an answer, or asking a question already published, is refused beside the field, keeping the text', async () => {
    const { worker, source, faq, reviewPage } = await setup()
    const path = `/answers/review?q=${encodeURIComponent('公积金交房租')}&draft=1&source=${source.id}`
    const empty = await postForm(reviewAction, path, worker.cookie, { intent: 'faq', question: '公积金能交房租吗？', reply: '', sources: String(source.id) })
    expect(empty.status).toBe(400)
    const html = await reviewPage(path, (await empty.json()) as object)
    expect(describedBy(html, 'reply')).toEqual(['请填写答复。'])
    expect(control(html, 'question')).toContain('value="公积金能交房租吗？"')

    const twin = await postForm(reviewAction, path, worker.cookie, {
      intent: 'faq',
      question: '租房可以提取公积金吗',
      reply: '可以。',
      sources: String(source.id),
    })
    expect(twin.status).toBe(409)
    const twinHtml = await reviewPage(path, (await twin.json()) as object, 'en')
    // The entry is named by its question (linked), with the way to update it instead.
    expect(describedBy(twinHtml, 'question')).toEqual([
      'This frequent question is already published: “租房可以提取公积金吗？”; it was not published again. Update that frequent question instead',
    ])
    expect(twinHtml).toContain(`href="/answers/${faq.id}"`)
    expect(twinHtml).toContain('>可以。</textarea>')

    const unknown = await postForm(reviewAction, path, worker.cookie, { intent: 'faq', question: '公积金？', reply: '可以。', category: '不存在的类别' })
    expect(unknown.status).toBe(400)
    expect(describedBy(await reviewPage(path, (await unknown.json()) as object), 'category')).toEqual(['请从列表中选择类别。'])
  })

  it('updating an entry with its question cleared is refused beside the question, keeping the answer typed', async () => {
    const { db, worker, faq, entryPage } = await setup()
    const res = await postForm(
      entryAction,
      `/answers/review/${faq.id}`,
      worker.cookie,
      { intent: 'update', question: '', reply: '可以，每年两次。' },
      { id: String(faq.id) },
    )
    expect(res.status).toBe(400)
    expect(getPublishedAnswer(db, faq.id)?.publicReply).toBe('可以，每年一次。')
    const html = await entryPage((await res.json()) as object, 'en')
    expect(describedBy(html, 'question')).toEqual(['Write the question.'])
    expect(html).toContain('>可以，每年两次。</textarea>')
    expect(control(html, 'question')).toContain('value=""')
  })

  it('an update refused for a reason of no one field says so in the form, keeping what was typed', async () => {
    const { worker, pending, faq, entryPage } = await setup()
    // A reply not published (here: still awaiting review) cannot become a source.
    const res = await postForm(
      entryAction,
      `/answers/review/${faq.id}`,
      worker.cookie,
      { intent: 'update', question: '租房能提取公积金吗？', reply: '可以，每年两次。', addSource: String(pending.id) },
      { id: String(faq.id) },
    )
    expect(res.status).toBe(400)
    const html = await entryPage((await res.json()) as object)
    expect(html).toContain('选中的答复已不再公开。请重新打开本页，再保存更新。')
    expect(control(html, 'question')).toContain('value="租房能提取公积金吗？"')
    expect(html).toContain('>可以，每年两次。</textarea>')
  })

  it('no form relies on the browser’s own “required” message', async () => {
    const { source, reviewPage, entryPage } = await setup()
    const pages = [await reviewPage(`/answers/review?q=${encodeURIComponent('公积金交房租')}&draft=1&source=${source.id}`, {}), await entryPage(undefined)]
    for (const html of pages) {
      expect(html).not.toMatch(/<(input|textarea|select) [^>]*required/)
      const forms = postFormsWithFields(html)
      expect(forms.length).toBeGreaterThan(0)
      for (const form of forms) expect(form).toContain('novalidate')
    }
  })
})
