import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { formatDate } from '#app/utils/dates'
import { confirmFaqEntry, publishFaqEntry, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { createLoggedInUser, createTestDb, seedTestUnits } from '#tests/db-utils'
import { faqEditorPages } from './faq-editor-pages'

const DAY = 24 * 3600 * 1000
const T0 = new Date('2026-03-02T01:00:00Z')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(T0)
})
afterEach(() => {
  vi.useRealTimers()
})

const later = (ms: number) => vi.setSystemTime(new Date(Date.now() + ms))

const text = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

// Replies on renewing a driving licence and a frequent question drawn from the first.
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
  const revise = (complaintId: number, text: string) => publish(recordComplaintReply(db, { complaintId, reply: text }, SYSTEM).id)
  const source = reply('咨询驾驶证换证', '驾驶证到期了在哪换', '有效期满前九十日内可在车管所换证。')
  const faq = () => publishFaqEntry(db, { question: '驾驶证到期在哪里换证？', reply: '到车管所办理。', sourceIds: [source.answer.id] }, SYSTEM)
  const pages = async () => faqEditorPages((await createLoggedInUser(db, 'community_worker', 'gs-czq')).cookie, '/answers/review')
  return { db, reply, revise, faq, pages }
}

describe('a newer reply updated in place', () => {
  it('is dated on the review list and the entry page by its newer text, not its first reply', async () => {
    const { reply, revise, faq, pages } = setup()
    const other = reply('驾驶证到期在哪里换证', '驾驶证快到期了，在哪里换证？', '可到车管所换证。')
    const firstReplied = new Date()
    later(3 * DAY)
    const entry = faq()
    later(5 * DAY)
    revise(other.complaint.id, '现在可在网上申请换证，证件邮寄到家。')
    const updated = new Date()
    const { page, entryPage } = await pages()
    for (const locale of ['zh', 'en'] as const) {
      const said = locale === 'zh' ? `${formatDate(updated, 'zh')}有新的答复：` : `A newer reply of ${formatDate(updated, 'en')}:`
      const notSaid = formatDate(firstReplied, locale)
      for (const html of [await page(undefined, locale), await entryPage(entry.id, undefined, locale)]) {
        expect(text(html)).toContain(said)
        expect(text(html)).not.toContain(notSaid)
      }
    }
  })
})

describe('the note on why a frequent question is to be reviewed', () => {
  it('reads as a sentence in English, as in Chinese, on the review list and the entry page', async () => {
    const { db, faq, pages } = setup()
    const entry = faq()
    confirmFaqEntry(db, { answerId: entry.id }, SYSTEM)
    const confirmedOn = new Date()
    later(400 * DAY)
    const { page, entryPage } = await pages()
    const zh = `依据的答复已超过一年、上次确认于 ${formatDate(confirmedOn, 'zh')}`
    const en = `The replies it relies on are over a year old; last confirmed ${formatDate(confirmedOn, 'en')}`
    expect(text(await page(undefined, 'zh'))).toContain(zh)
    expect(text(await entryPage(entry.id, undefined, 'zh'))).toContain(zh)
    expect(text(await page(undefined, 'en'))).toContain(en)
    expect(text(await entryPage(entry.id, undefined, 'en'))).toContain(en)
  })

  it('capitalises the confirmation when it is all the note says', async () => {
    const { db, reply, faq, pages } = setup()
    later(DAY)
    const entry = faq()
    confirmFaqEntry(db, { answerId: entry.id }, SYSTEM)
    const confirmedOn = new Date()
    later(DAY)
    reply('驾驶证到期在哪里换证', '驾驶证快到期了，在哪里换证？', '可到车管所换证。')
    const { page, entryPage } = await pages()
    for (const html of [await page(undefined, 'en'), await entryPage(entry.id, undefined, 'en')]) {
      expect(text(html)).toContain(`Last confirmed ${formatDate(confirmedOn, 'en')}`)
      expect(text(html)).not.toContain('last confirmed')
    }
  })
})
