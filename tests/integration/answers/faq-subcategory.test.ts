import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { loader as answerLoader } from '#app/routes/_answers+/answers.$id'
import { loader as listLoader } from '#app/routes/_answers+/answers._index'
import AnswersReview, { action as reviewAction, loader as reviewLoader } from '#app/routes/_answers+/answers.review'
import { getPublishedAnswer, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { answers } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, postForm, seedTestUnits } from '#tests/db-utils'
import { control, renderPage } from '#tests/render-page'

// Published replies on charging points in car parks, each filed under a category path.
async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'street_staff', 'gs-xh')
  const published = (category: string[] | null) => {
    const c = createComplaint(
      db,
      { channel: 'web', communityId: units.czq.id, subject: '咨询充电桩安装', body: '想在自家车位装充电桩，找谁申请？' },
      SYSTEM,
    ).complaint
    const a = recordComplaintReply(db, { complaintId: c.id, reply: '业主可向物业提出申请，物业应当配合。' }, SYSTEM)
    db.update(answers).set({ categoryPath: category }).where(eq(answers.id, a.id)).run()
    return reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM)
  }
  const draftPath = (sources: { id: number }[]) =>
    `/answers/review?${new URLSearchParams([['q', '车位上能装充电桩吗？'], ...sources.map(s => ['source', String(s.id)])])}`
  const page = async (path: string, locale: 'zh' | 'en' = 'zh') => {
    const request = makeRequest(path, { cookie: `${worker.cookie}; th_prefs=${locale}.0.0` })
    const loaderData = (await (await callRoute(reviewLoader, request)).json()) as object
    return renderPage(AnswersReview, { path, locale, loaderData })
  }
  const publish = (category: string, sources: { id: number }[] = []) =>
    postForm(reviewAction, '/answers/review', worker.cookie, {
      intent: 'faq',
      question: '车位上能装充电桩吗？',
      reply: '可以，向物业提出申请，物业应当配合。',
      sources: sources.map(s => s.id).join(','),
      category,
    })
  const entry = (res: Response) => Number(new URL(res.headers.get('location')!, 'http://x').searchParams.get('published'))
  return { db, worker, published, draftPath, page, publish, entry }
}

/** The `<select name="category">` of the page, whole. */
const categorySelect = (html: string) => /<select [^>]*name="category"[^>]*>.*?<\/select>/s.exec(html)?.[0] ?? ''

describe('the FAQ editor’s category', () => {
  it('offers the subcategories, grouped under their top level, as well as the top levels and none, the select labelled', async () => {
    const { published, draftPath, page } = await setup()
    const source = published(null)
    for (const [locale, label, group, top, sub] of [
      ['zh', '类别', '城乡建设', '城乡建设', '城乡建设 / 物业管理'],
      ['en', 'Category', 'Urban and rural construction', 'Urban and rural construction', 'Urban and rural construction / Property management'],
    ] as const) {
      const html = await page(draftPath([source]), locale)
      const select = categorySelect(html)
      expect(html).toMatch(new RegExp(`<label[^>]*>${label}<select [^>]*name="category"`))
      expect(select).toMatch(/<option value="" selected="">/)
      const optgroup = new RegExp(`<optgroup label="${group}">(.*?)</optgroup>`, 's').exec(select)?.[1] ?? ''
      expect(optgroup).toContain(`<option value="城乡建设">${top}</option>`)
      expect(optgroup).toContain(`<option value="城乡建设/物业管理">${sub}</option>`)
      expect(select.match(/<optgroup /g)?.length).toBeGreaterThan(1)
    }
  })

  it('is preselected as the full path most of the draft’s sources are filed under', async () => {
    const { published, draftPath, page } = await setup()
    const sources = [published(['城乡建设', '物业管理']), published(['城乡建设', '物业管理']), published(['城乡建设', '城市管理']), published(null)]
    const html = await page(draftPath(sources))
    expect(control(html, 'category')).toBeTruthy()
    expect(categorySelect(html)).toMatch(/<option value="城乡建设\/物业管理" selected="">/)
  })

  it('stores the full path chosen, shown as top / sub on the entry’s page and in the list like the seeded entries', async () => {
    const { db, publish, entry } = await setup()
    const res = await publish('城乡建设/物业管理')
    expect(res.status).toBe(302)
    const id = entry(res)
    expect(getPublishedAnswer(db, id)?.categoryPath).toEqual(['城乡建设', '物业管理'])
    const page = (await (await callRoute(answerLoader, makeRequest(`/answers/${id}`), { id: String(id) })).json()) as {
      answer: { category: string | null; categoryKey: string | null }
    }
    expect(page.answer).toMatchObject({ category: '城乡建设 / 物业管理', categoryKey: '城乡建设' })
    const list = JSON.stringify(await (await callRoute(listLoader, makeRequest('/answers'))).json())
    expect(list).toContain('城乡建设 / 物业管理')
  })

  it('keeps a top level alone, and none, as the worker chose', async () => {
    const { db, publish, entry, published } = await setup()
    const top = await publish('卫生计生')
    expect(getPublishedAnswer(db, entry(top))?.categoryPath).toEqual(['卫生计生'])
    const none = await postForm(reviewAction, '/answers/review', (await createLoggedInUser(db, 'street_staff', 'gs-xh')).cookie, {
      intent: 'faq',
      question: '小区车位能装充电桩吗？',
      reply: '可以，向物业申请。',
      sources: String(published(['城乡建设', '物业管理']).id),
      category: '',
    })
    expect(none.status).toBe(302)
    expect(getPublishedAnswer(db, entry(none))?.categoryPath).toBeNull()
  })

  it('refuses a path the taxonomy does not have, beside the select', async () => {
    const { publish } = await setup()
    for (const category of ['城乡建设/不存在的类别', '物业管理', '城乡建设/物业管理/更细']) {
      const res = await publish(category)
      expect(res.status, category).toBe(400)
      expect(JSON.stringify(await res.json())).toContain('answers.faq.unknownCategory')
    }
  })
})
