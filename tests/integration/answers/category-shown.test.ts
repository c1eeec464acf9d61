import { eq } from 'drizzle-orm'
import AnswerPage, { loader as answerLoader } from '#app/routes/_answers+/answers.$id'
import AnswersIndex, { loader as answersLoader } from '#app/routes/_answers+/answers._index'
import { publishFaqEntry, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { complaints } from '#db/schema/index'
import { ANON_COOKIE, callRoute, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { occurrences, renderPage } from '#tests/render-page'

const SHOWN = {
  zh: { sub: '城乡建设 / 市政设施与公共服务', top: '卫生计生' },
  en: { sub: 'Urban and rural construction / Municipal facilities and utilities', top: 'Health and family planning' },
} as const

function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  // Synthetic resident: the name and phone are made up.
  const c = createComplaint(
    db,
    {
      channel: 'web',
      communityId: units.czq.id,
      subject: '公园路灯晚上不亮',
      body: '长征桥公园的路灯坏了好几盏。',
      complainantName: '孙小梅',
      complainantPhone: '13811112222',
    },
    SYSTEM,
  ).complaint
  db.update(complaints)
    .set({ categoryPath: ['城乡建设', '市政设施与公共服务'] })
    .where(eq(complaints.id, c.id))
    .run()
  const reply = recordComplaintReply(db, { complaintId: c.id, reply: '路灯已报修，三天内修复。' }, SYSTEM)
  reviewAnswer(db, { answerId: reply.id, decision: 'publish' }, SYSTEM)
  const faq = publishFaqEntry(
    db,
    { question: '路灯坏了找谁修？', reply: '可以在本平台反映，城管中队负责修复。', sourceIds: [], categoryPath: ['城乡建设', '市政设施与公共服务'] },
    SYSTEM,
  )
  const topOnly = publishFaqEntry(db, { question: '社区卫生服务站能预约配药吗？', reply: '可以预约。', sourceIds: [], categoryPath: ['卫生计生'] }, SYSTEM)
  return { db, reply, faq, topOnly }
}

const loaded = async (fn: (args: never) => unknown, path: string, locale: 'zh' | 'en', params: Record<string, string> = {}) =>
  (await (await callRoute(fn, makeRequest(path, { cookie: `${ANON_COOKIE}; th_prefs=${locale}.0.0` }), params)).json()) as object

describe("an answer's category is shown the same way wherever it is shown", () => {
  for (const locale of ['zh', 'en'] as const) {
    test(`${locale}: top level and subcategory on the answer page, the list's cards and the frequent questions; the top level alone when that is all it has`, async () => {
      const { reply, faq, topOnly } = setup()
      const { sub, top } = SHOWN[locale]
      for (const id of [reply.id, faq.id]) {
        const html = await renderPage(AnswerPage, {
          path: `/answers/${id}`,
          locale,
          loaderData: await loaded(answerLoader, `/answers/${id}`, locale, { id: String(id) }),
        })
        expect(occurrences(html, sub)).toBe(1)
      }
      const onlyTop = await renderPage(AnswerPage, {
        path: `/answers/${topOnly.id}`,
        locale,
        loaderData: await loaded(answerLoader, `/answers/${topOnly.id}`, locale, { id: String(topOnly.id) }),
      })
      expect(occurrences(onlyTop, ` · ${top}`)).toBe(1)

      // Browsing: the frequent questions above, the replies below.
      const browsing = await renderPage(AnswersIndex, { path: '/answers', locale, loaderData: await loaded(answersLoader, '/answers', locale) })
      const faqCards = /<section [^>]*id="faqs"[^>]*>(.*?)<\/section>/s.exec(browsing)![1]!
      expect(occurrences(faqCards, sub)).toBe(1)
      const cards = /<ol [^>]*class="stack answer-list"[^>]*>(.*?)<\/ol>/s.exec(browsing)![1]!
      expect(occurrences(cards, sub)).toBe(1)
      // Searching: every answer is a card.
      const found = await renderPage(AnswersIndex, {
        path: '/answers?q=路灯',
        locale,
        loaderData: await loaded(answersLoader, `/answers?q=${encodeURIComponent('路灯')}`, locale),
      })
      expect(occurrences(found, sub)).toBe(2)
    })
  }
})
