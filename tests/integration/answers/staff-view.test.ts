import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import AnswerPage, { loader as answerLoader, action as answerAction } from '#app/routes/_answers+/answers.$id'
import type { Db } from '#db/client'
import { recordAnswerFeedback, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { answers, auditEvents } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { occurrences, renderPage } from '#tests/render-page'

// Synthetic messages; nothing here comes from real residents.
let db: Db
let answerId: number
beforeEach(() => {
  db = createTestDb()
  const u = seedTestUnits(db)
  const c = createComplaint(db, { channel: 'web', communityId: u.czq.id, subject: '咨询新生儿医保怎么办理', body: '孩子刚出生医保怎么参保' }, SYSTEM).complaint
  const a = recordComplaintReply(db, { complaintId: c.id, reply: '新生儿出生后九十天内参保缴费，自出生之日起享受医保待遇。' }, SYSTEM)
  answerId = reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM).id
})

const counts = () => db.select({ helpful: answers.helpful, notHelpful: answers.notHelpful }).from(answers).where(eq(answers.id, answerId)).get()!
const feedbackAudit = () =>
  db
    .select()
    .from(auditEvents)
    .all()
    .filter(e => e.action.startsWith('answer.feedback.'))

async function pageHtml(cookie: string) {
  const loaderData = await (await callRoute(answerLoader, makeRequest(`/answers/${answerId}`, { cookie }), { id: String(answerId) })).json()
  return renderPage(AnswerPage, { path: `/answers/${answerId}`, locale: 'zh', loaderData })
}

describe('staff reading an answer', () => {
  test('are not asked whether it helped them nor sent to file a request; residents and visitors are', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const staffPage = await pageHtml(worker.cookie)
    expect(occurrences(staffPage, '这条答复对您有帮助吗？')).toBe(0)
    expect(occurrences(staffPage, '没有找到答案？提交诉求')).toBe(0)
    // The count stays: staff see how residents found it.
    expect(occurrences(staffPage, '0 人觉得有帮助')).toBe(1)
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    for (const html of [await pageHtml(resident.cookie), await pageHtml('')]) {
      expect(occurrences(html, '这条答复对您有帮助吗？')).toBe(1)
      expect(occurrences(html, '没有找到答案？提交诉求')).toBe(1)
    }
  })

  test('cannot vote: the page refuses it and the data layer does not count it', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const res = await callRoute(answerAction, makeRequest(`/answers/${answerId}`, { cookie: worker.cookie, form: { verdict: 'helpful' } }), {
      id: String(answerId),
    })
    expect(res.status).toBe(403)
    expect(recordAnswerFeedback(db, { answerId, verdict: 'not_helpful' }, { kind: 'user', id: worker.id })).toBe(false)
    expect(recordAnswerFeedback(db, { answerId, verdict: 'avoided' }, { kind: 'user', id: worker.id })).toBe(false)
    expect(counts()).toEqual({ helpful: 0, notHelpful: 0 })
    expect(feedbackAudit()).toEqual([])
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    expect(recordAnswerFeedback(db, { answerId, verdict: 'helpful' }, { kind: 'user', id: resident.id })).toBe(true)
    expect(counts()).toEqual({ helpful: 1, notHelpful: 0 })
  })
})
