import { describe, expect, it } from 'vitest'
import AnswersReview, { loader } from '#app/routes/_answers+/answers.review'
import { formatDate } from '#app/utils/dates'
import { publishFaqEntry, recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// An FAQ entry that a newer reply may contradict, as the review page lists it.
async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const file = (subject: string, body: string) => createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body }, SYSTEM).complaint
  const reply = (subject: string, body: string, text: string, repliedAt: Date) => {
    const a = recordComplaintReply(db, { complaintId: file(subject, body).id, reply: text, repliedAt }, SYSTEM)
    reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM)
    return a
  }
  const old = reply('咨询驾驶证换证', '驾驶证到期了在哪换', '有效期满前九十日内可在车管所换证。', new Date('2020-01-10T00:00:00Z'))
  const faq = publishFaqEntry(db, { question: '驾驶证到期在哪里换证？', reply: '到车管所办理。', sourceIds: [old.id] }, SYSTEM)
  const repliedAt = new Date(Date.now() + 60_000)
  const newer = reply('驾驶证到期在哪里换证', '驾驶证快到期了，在哪里换证？', '现在可在网上申请换证，证件邮寄到家。', repliedAt)
  const page = async (locale: 'zh' | 'en') => {
    const res = await callRoute(loader, makeRequest('/answers/review', { cookie: `${worker.cookie}; th_prefs=${locale}.0.0` }))
    const html = await renderPage(AnswersReview, { path: '/answers/review', locale, loaderData: await res.json() })
    const start = html.indexOf('<h2', html.indexOf(locale === 'zh' ? '需要复核的常见问题' : 'Frequent questions to review') - 40)
    return html.slice(start, html.indexOf('<h2', start + 4)).replace(/<!-- -->/g, '')
  }
  return { faq, newer, repliedAt, page }
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim()

describe('frequent questions to review', () => {
  it('name the newer reply by its question and date, linked, and say what to do', async () => {
    const { faq, newer, repliedAt, page } = await setup()
    const zh = await page('zh')
    expect(zh).toContain(`href="/answers/${faq.id}"`)
    expect(zh).toMatch(new RegExp(`<a [^>]*href="/answers/${newer.id}"[^>]*>驾驶证到期在哪里换证</a>`))
    expect(text(zh)).toContain(`${formatDate(repliedAt, 'zh')}有新的答复：驾驶证到期在哪里换证`)
    expect(text(zh)).toContain('请核对后更新或确认答案')
    expect(text(zh)).not.toMatch(/#\d/)

    const en = await page('en')
    expect(en).toMatch(new RegExp(`<a [^>]*href="/answers/${newer.id}"[^>]*>驾驶证到期在哪里换证</a>`))
    expect(text(en)).toContain(`A newer reply of ${formatDate(repliedAt, 'en')}: 驾驶证到期在哪里换证`)
    expect(text(en)).toContain('Check each one, then update or confirm its answer')
    expect(text(en)).not.toMatch(/#\d/)
  })
})
