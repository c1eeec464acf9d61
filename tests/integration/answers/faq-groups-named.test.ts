import { describe, expect, it } from 'vitest'
import type { Locale } from '#app/i18n/index'
import AnswersReview, { loader as reviewLoader } from '#app/routes/_answers+/answers.review'
import { recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage, textOf } from '#tests/render-page'

// The inquiries the library proposes to gather into a frequent question: the list says what they are before its links.

async function reviewPage(locale: Locale) {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const actor = { kind: 'user', id: worker.id } as const
  for (const subject of ['咨询外地户口孩子上小学要什么材料', '请问小学报名需要居住证吗', '咨询孩子上小学怎么报名']) {
    const c = createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body: `${subject}？孩子明年上小学。` }, SYSTEM).complaint
    const a = recordComplaintReply(db, { complaintId: c.id, reply: '外地户口的孩子上小学，需居住证和社保证明，到学区学校报名。' }, actor)
    reviewAnswer(db, { answerId: a.id, decision: 'publish' }, actor)
  }
  const cookie = `${worker.cookie}; th_prefs=${locale}.0.0`
  const res = await callRoute(reviewLoader, makeRequest('/answers/review', { cookie }))
  return renderPage(AnswersReview, { path: '/answers/review', locale, loaderData: await res.json() })
}

describe('the proposed frequent questions on the answers review page', () => {
  for (const [locale, name] of [
    ['zh', '这些咨询反复出现，点开一组即可据此起草常见问题：'],
    ['en', 'These inquiries keep coming back: open a group to draft a frequent question from it:'],
  ] as const) {
    it(`are a list named by the words above it (${locale})`, async () => {
      const html = await reviewPage(locale)
      const list = /<ul [^>]*data-testid="faq-groups"[^>]*>/.exec(html)?.[0] ?? ''
      expect(list).not.toBe('')
      const labelledBy = /aria-labelledby="([^"]+)"/.exec(list)?.[1] ?? ''
      expect(labelledBy ? textOf(html, labelledBy) : '').toBe(name)
    })
  }
})
