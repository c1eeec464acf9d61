import { describe, expect, it } from 'vitest'
import AnswersReview, { loader } from '#app/routes/_answers+/answers.review'
import { recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

describe('the FAQ entry’s sources', () => {
  it('are listed one per line, each by its question and linked, without internal numbers', async () => {
    const db = createTestDb()
    const units = seedTestUnits(db)
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const actor = { kind: 'user', id: worker.id } as const
    const questions = ['咨询外地户口孩子上小学要什么材料', '请问小学报名需要居住证吗']
    const ids = questions.map(subject => {
      const c = createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body: `${subject}？孩子明年上小学。` }, SYSTEM).complaint
      const a = recordComplaintReply(db, { complaintId: c.id, reply: '外地户口的孩子上小学，需居住证和社保证明，到学区学校报名。' }, actor)
      reviewAnswer(db, { answerId: a.id, decision: 'publish' }, actor)
      return a.id
    })
    const path = `/answers/review?q=${encodeURIComponent('小学报名')}&draft=1&${ids.map(id => `source=${id}`).join('&')}`
    const res = await callRoute(loader, makeRequest(path, { cookie: worker.cookie }))
    expect(res.status).toBe(200)
    const html = await renderPage(AnswersReview, { path, locale: 'zh', loaderData: await res.json() })
    const form = html.slice(html.indexOf('<form method="post"'))
    const label = /<p id="([^"]+)">依据的答复<\/p>/.exec(form)?.[1]
    expect(label).toBeDefined()
    const list = new RegExp(`<ul[^>]*aria-labelledby="${label}"[^>]*>(.*?)</ul>`).exec(form)?.[1] ?? ''
    const items = [...list.matchAll(/<li>(.*?)<\/li>/g)].map(m => m[1]!)
    expect(items).toHaveLength(2)
    for (const [i, id] of ids.entries()) {
      const item = items.find(x => x.includes(`href="/answers/${id}"`))!
      expect(item.replace(/<[^>]+>/g, '')).toBe(questions[i])
    }
    expect(form).not.toMatch(/#\d+ /)
  })
})
