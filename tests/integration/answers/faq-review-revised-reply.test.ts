import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { faqEntriesToReview } from '#app/services/answers.server'
import { confirmFaqEntry, publishFaqEntry, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { createTestDb, seedTestUnits } from '#tests/db-utils'

const MINUTE = 60_000
const T0 = new Date('2026-03-02T01:00:00Z')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(T0)
})
afterEach(() => {
  vi.useRealTimers()
})

const later = (ms: number) => vi.setSystemTime(new Date(Date.now() + ms))

// Replies to residents asking where to renew a driving licence, and a frequent question on it.
function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const file = (subject: string, body: string) => createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body }, SYSTEM).complaint
  const publish = (answerId: number) => reviewAnswer(db, { answerId, decision: 'publish' }, SYSTEM)
  const reply = (subject: string, body: string, text: string) => {
    const complaint = file(subject, body)
    const a = recordComplaintReply(db, { complaintId: complaint.id, reply: text }, SYSTEM)
    publish(a.id)
    return { answer: a, complaint }
  }
  // A reply saved again on its complaint and the newer reply published in its place.
  const revise = (complaintId: number, text: string) => publish(recordComplaintReply(db, { complaintId, reply: text }, SYSTEM).id)
  const faq = (sourceIds: number[]) =>
    publishFaqEntry(db, { question: '驾驶证到期在哪里换证？', reply: '到车管所办理。', sourceIds, categoryPath: ['交通出行'] }, SYSTEM)
  const flagged = (id: number) => faqEntriesToReview(db).find(f => f.id === id)
  return { db, reply, revise, faq, flagged }
}

describe('a frequent question and a reply to the same question published again with a newer text', () => {
  it('is flagged again when the reply is updated after the entry was confirmed', () => {
    const { db, reply, revise, faq, flagged } = setup()
    const source = reply('咨询驾驶证换证', '驾驶证到期了在哪换', '有效期满前九十日内可在车管所换证。')
    const entry = faq([source.answer.id])
    later(10 * MINUTE)
    const other = reply('驾驶证到期在哪里换证', '驾驶证快到期了，在哪里换证？', '可到车管所换证。')
    later(10 * MINUTE)
    expect(flagged(entry.id)?.newerIds).toEqual([other.answer.id])
    // The worker finds the entry still right.
    confirmFaqEntry(db, { answerId: entry.id }, SYSTEM)
    expect(flagged(entry.id)).toBeUndefined()
    later(10 * MINUTE)
    // The policy changed: the other reply is updated in place, at the same address.
    const updated = revise(other.complaint.id, '现在可在网上申请换证，证件邮寄到家。')
    expect(updated.revisedAt).toBeInstanceOf(Date)
    expect(flagged(entry.id)).toMatchObject({ reasons: ['newer'], newerIds: [other.answer.id] })
  })

  it('is flagged when a reply first written before the entry is updated after it', () => {
    const { reply, revise, faq, flagged } = setup()
    const source = reply('咨询驾驶证换证', '驾驶证到期了在哪换', '有效期满前九十日内可在车管所换证。')
    const other = reply('驾驶证到期在哪里换证', '驾驶证快到期了，在哪里换证？', '可到车管所换证。')
    later(10 * MINUTE)
    const entry = faq([source.answer.id])
    later(10 * MINUTE)
    expect(flagged(entry.id)).toBeUndefined()
    revise(other.complaint.id, '现在可在网上申请换证，证件邮寄到家。')
    expect(flagged(entry.id)).toMatchObject({ reasons: ['newer'], newerIds: [other.answer.id] })
  })
})
