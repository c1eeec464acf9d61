import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { loader as answerLoader } from '#app/routes/_answers+/answers.$id'
import AnswersReview, { action as reviewAction, loader as reviewLoader } from '#app/routes/_answers+/answers.review'
import { getPublishedAnswer, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { answers } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, postForm, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// Synthetic inquiries: the same question asked in two communities.
async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'street_staff', 'gs-xh')
  /** A reply recorded on a resident's question in `community`, filed under `category` (none: unclassified). */
  const reply = (community: { id: number }, category: string[] | null, subject = '咨询小区充电桩怎么申请安装') => {
    const c = createComplaint(db, { channel: 'web', communityId: community.id, subject, body: '想在自家车位装充电桩，找谁申请？' }, SYSTEM).complaint
    const a = recordComplaintReply(db, { complaintId: c.id, reply: '业主可向物业提出申请，物业应当配合。' }, SYSTEM)
    db.update(answers).set({ categoryPath: category }).where(eq(answers.id, a.id)).run()
    return a
  }
  const published = (community: { id: number }, category: string[] | null) => {
    const a = reply(community, category, '咨询充电桩安装')
    reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM)
    return a
  }
  return { db, units, worker, reply, published }
}

/** The review card of answer `id` in the page. */
const card = (html: string, id: number) => {
  const start = html.lastIndexOf('<form', html.indexOf(`id="review-${id}-name"`))
  return html.slice(start, html.indexOf('</form>', start)).replace(/<[^>]+>/g, ' ')
}

describe('the review queue', () => {
  it('names each answer’s community and category on its card, so that the same question asked in two places is told apart', async () => {
    const { db, units, worker, reply } = await setup()
    const here = reply(units.czq, ['城乡建设', '物业管理'])
    const there = reply(units.hm, null)
    for (const [locale, czq, hm, category, none] of [
      ['zh', '长征桥社区', '和睦社区', '城乡建设 / 物业管理', '未分类'],
      ['en', 'Changzhengqiao', 'Hemu', 'Urban and rural construction', 'Uncategorised'],
    ] as const) {
      const request = makeRequest('/answers/review', { cookie: `${worker.cookie}; th_prefs=${locale}.0.0` })
      const loaderData = (await (await callRoute(reviewLoader, request)).json()) as object
      const html = await renderPage(AnswersReview, { path: '/answers/review', locale, loaderData })
      expect(card(html, here.id)).toContain(czq)
      expect(card(html, here.id)).toContain(category)
      expect(card(html, here.id)).not.toContain(hm)
      expect(card(html, there.id)).toContain(hm)
      expect(card(html, there.id)).toContain(none)
      expect(card(html, there.id)).not.toContain(czq)
    }
  })
})

describe("an FAQ entry's category", () => {
  const publish = (worker: { cookie: string }, sources: { id: number }[], category = '') =>
    postForm(reviewAction, '/answers/review', worker.cookie, {
      intent: 'faq',
      question: '车位上能装充电桩吗？',
      reply: '可以，向物业提出申请，物业应当配合。',
      sources: sources.map(s => s.id).join(','),
      category,
    })
  const entry = (res: Response) => Number(new URL(res.headers.get('location')!, 'http://x').searchParams.get('published'))

  it('is suggested from most of its sources, so residents can follow the entry by it from its page', async () => {
    const { db, units, worker, published } = await setup()
    const sources = [published(units.czq, ['城乡建设', '物业管理']), published(units.hm, ['城乡建设']), published(units.hm, null)]
    const query = new URLSearchParams([['q', '车位上能装充电桩吗？'], ...sources.map(s => ['source', String(s.id)])])
    const request = makeRequest(`/answers/review?${query}`, { cookie: worker.cookie })
    const { draft } = (await (await callRoute(reviewLoader, request)).json()) as { draft: { category: string | null } }
    // The one source filed down to a subcategory agrees with the other's top level: the more specific path is suggested.
    expect(draft.category).toBe('城乡建设/物业管理')
    const res = await publish(worker, sources, draft.category!)
    expect(res.status).toBe(302)
    const page = (await (await callRoute(answerLoader, makeRequest(`/answers/${entry(res)}`), { id: String(entry(res)) })).json()) as {
      answer: { categoryKey: string | null }
    }
    expect(page.answer.categoryKey).toBe('城乡建设')
  })

  it('is none when the worker chooses none, even where its sources have one: an entry that holds in every category', async () => {
    const { db, units, worker, published } = await setup()
    const res = await publish(worker, [published(units.czq, ['城乡建设'])])
    expect(res.status).toBe(302)
    expect(getPublishedAnswer(db, entry(res))?.categoryPath).toBeNull()
  })

  it('keeps the category the worker chose', async () => {
    const { db, units, worker, published } = await setup()
    const res = await publish(worker, [published(units.czq, ['城乡建设'])], '卫生计生')
    expect(getPublishedAnswer(db, entry(res))?.categoryPath).toEqual(['卫生计生'])
  })
})
