import { describe, expect, test } from 'vitest'
import { action as answerAction, loader as answerLoader } from '#app/routes/_answers+/answers.$id'
import { recordComplaintReply, reviewAnswer, withdrawAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { ANON_COOKIE, callRoute, createTestDb, makeRequest, postForm, seedTestUnits } from '#tests/db-utils'

// A synthetic inquiry.
describe('a verdict on an answer withdrawn while its page was open', () => {
  test('leads to its address, which says it was withdrawn and when, not to an error', async () => {
    const db = createTestDb()
    const units = seedTestUnits(db)
    const c = createComplaint(db, { channel: 'web', communityId: units.czq.id, subject: '咨询垃圾投放时间', body: '垃圾几点扔？' }, SYSTEM).complaint
    const a = reviewAnswer(
      db,
      { answerId: recordComplaintReply(db, { complaintId: c.id, reply: '早上七点到九点投放。' }, SYSTEM).id, decision: 'publish' },
      SYSTEM,
    )
    withdrawAnswer(db, { answerId: a.id, reason: 'outdated' }, SYSTEM)

    const res = await postForm(answerAction, `/answers/${a.id}`, ANON_COOKIE, { verdict: 'helpful' }, { id: String(a.id) })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/answers/${a.id}`)
    const page = await callRoute(answerLoader, makeRequest(`/answers/${a.id}`), { id: String(a.id) })
    expect(page.status).toBe(410)
    expect(((await page.json()) as { withdrawnAt: string | null }).withdrawnAt).not.toBeNull()
  })
})
