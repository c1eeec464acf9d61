import { describe, expect, it } from 'vitest'
import { publishFaq } from '#app/commands/answers.server'
import AnswerPage, { loader } from '#app/routes/_answers+/answers.$id'
import { recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { ANON_COOKIE, callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// A synthetic inquiry in 长征桥, its published reply and an FAQ entry drawn from it.
function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const c = createComplaint(
    db,
    { channel: 'web', communityId: units.czq.id, subject: '咨询电动车能否在楼道充电', body: '楼道里能不能给电动车充电？' },
    SYSTEM,
  ).complaint
  const reply = recordComplaintReply(db, { complaintId: c.id, reply: '电动车不得在楼道、楼梯间充电，请到小区集中充电点充电。' }, SYSTEM)
  reviewAnswer(db, { answerId: reply.id, decision: 'publish' }, SYSTEM)
  const faq = publishFaq(
    { db, actor: SYSTEM, notify: { toUser() {}, toUnit() {} } },
    { question: '电动车可以在楼道里充电吗？', reply: '不可以，请到小区集中充电点充电。', sourceIds: [reply.id], categoryPath: null },
  )
  const page = async (id: number, cookie: string, locale: 'zh' | 'en' = 'zh') => {
    const res = await callRoute(loader, makeRequest(`/answers/${id}`, { cookie: `${cookie}; th_prefs=${locale}.0.0` }), { id: String(id) })
    return renderPage(AnswerPage, { path: `/answers/${id}`, locale, loaderData: (await res.json()) as object })
  }
  return { db, reply, faq, page }
}

/** The links on the page with this text, as their hrefs. */
const linksNamed = (html: string, name: string) =>
  [...html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].filter(m => m[2]!.trim() === name).map(m => m[1])

describe('an FAQ entry’s public page', () => {
  it('links staff who may edit FAQ entries to its update page, in Chinese and English', async () => {
    const { db, faq, page } = setup()
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const street = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    for (const cookie of [worker.cookie, street.cookie]) {
      expect(linksNamed(await page(faq.id, cookie), '更新这条常见问题')).toEqual([`/answers/review/${faq.id}`])
      expect(linksNamed(await page(faq.id, cookie, 'en'), 'Update this frequent question')).toEqual([`/answers/review/${faq.id}`])
    }
  })

  it('offers residents, visitors and staff who do not edit FAQ entries no such link', async () => {
    const { db, faq, page } = setup()
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const supervisor = await createLoggedInUser(db, 'supervisor', 'gs-xh')
    for (const cookie of [resident.cookie, ANON_COOKIE, supervisor.cookie]) {
      const html = await page(faq.id, cookie)
      expect(linksNamed(html, '更新这条常见问题')).toEqual([])
      expect(html).not.toContain(`/answers/review/${faq.id}`)
    }
  })

  it('is not offered on a reply, which has no update page', async () => {
    const { db, reply, page } = setup()
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    expect(linksNamed(await page(reply.id, worker.cookie), '更新这条常见问题')).toEqual([])
  })
})
