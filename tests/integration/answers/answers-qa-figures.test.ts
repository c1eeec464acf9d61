import { describe, expect, test } from 'vitest'
import { answerFigures, countAnswerView, recordAnswerFeedback, recordComplaintReply, reviewAnswer, withdrawAnswer } from '#db/queries/answers'
import { ANONYMOUS, SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { createTestDb, seedTestUnits } from '#tests/db-utils'

// Synthetic inquiries.
describe('the library’s figures after an answer is withdrawn', () => {
  test('views and inquiries it settled stay counted: they happened; it is no longer among the published', () => {
    const db = createTestDb()
    const units = seedTestUnits(db)
    const publish = (subject: string, reply: string) => {
      const c = createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body: subject }, SYSTEM).complaint
      return reviewAnswer(db, { answerId: recordComplaintReply(db, { complaintId: c.id, reply }, SYSTEM).id, decision: 'publish' }, SYSTEM)
    }
    const kept = publish('咨询垃圾投放时间', '早上七点到九点投放。')
    const gone = publish('咨询公积金交房租', '无自有住房的职工可以提取公积金支付房租。')
    for (const a of [kept, gone]) {
      countAnswerView(db, a.id)
      countAnswerView(db, a.id)
      recordAnswerFeedback(db, { answerId: a.id, verdict: 'avoided' }, ANONYMOUS)
    }
    const before = answerFigures(db)
    expect(before).toMatchObject({ published: 2, views: 4, inquiriesAvoided: 2 })

    withdrawAnswer(db, { answerId: gone.id, reason: 'outdated' }, SYSTEM)
    expect(answerFigures(db)).toMatchObject({ published: 1, views: 4, inquiriesAvoided: 2 })
  })
})
