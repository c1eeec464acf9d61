import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import AnswerPage, { loader as answerLoader } from '#app/routes/_answers+/answers.$id'
import AnswersReview, { loader as reviewLoader } from '#app/routes/_answers+/answers.review'
import FaqEntryReview, { action, loader } from '#app/routes/_answers+/answers.review_.$id'
import { faqEntriesToReview } from '#app/services/answers.server'
import { formatDate } from '#app/utils/dates'
import { getPublishedAnswer, publishFaqEntry, recordComplaintReply, reviewAnswer, withdrawAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { insertFollow } from '#db/queries/follows'
import { auditEvents, notifications } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, postForm, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const T0 = new Date('2026-03-02T01:00:00Z')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(T0)
})
afterEach(() => {
  vi.useRealTimers()
})

const later = (ms: number) => vi.setSystemTime(new Date(Date.now() + ms))

// An FAQ entry drawn from a reply over a year old, and a newer reply to the same question published after it.
async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const file = (subject: string, body: string) => createComplaint(db, { channel: 'web', communityId: units.czq.id, subject, body }, SYSTEM).complaint
  const reply = (subject: string, body: string, text: string, repliedAt: Date) => {
    const a = recordComplaintReply(db, { complaintId: file(subject, body).id, reply: text, repliedAt }, SYSTEM)
    reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM)
    return a
  }
  const old = reply('咨询驾驶证换证', '驾驶证到期了在哪换', '有效期满前九十日内可在车管所换证。', new Date('2024-11-10T00:00:00Z'))
  const faq = publishFaqEntry(db, { question: '驾驶证到期在哪里换证？', reply: '到车管所办理。', sourceIds: [old.id], categoryPath: ['交通出行'] }, SYSTEM)
  later(10 * MINUTE)
  const newer = reply('驾驶证到期在哪里换证', '驾驶证快到期了，在哪里换证？', '现在可在网上申请换证，证件邮寄到家。', new Date())
  later(10 * MINUTE)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const follower = await createLoggedInUser(db, 'resident', 'gs-czq')
  insertFollow(db, follower.id, { kind: 'category', key: '交通出行' })
  const flagged = async () => {
    const res = await callRoute(reviewLoader, makeRequest('/answers/review', { cookie: worker.cookie }))
    return ((await res.json()) as { stale: { id: number }[] }).stale.map(s => s.id)
  }
  const audit = (action: string) =>
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, String(faq.id))))
      .all()
  const told = () => db.select().from(notifications).where(eq(notifications.userId, follower.id)).all()
  return { db, reply, old, faq, newer, worker, follower, flagged, audit, told }
}

const text = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

describe('confirming a frequent question that is flagged for review', () => {
  it('takes it off the review list, with an audit row, and tells no follower', async () => {
    const { faq, worker, flagged, audit, told } = await setup()
    expect(await flagged()).toEqual([faq.id])
    const res = await postForm(action, `/answers/review/${faq.id}`, worker.cookie, { intent: 'confirm' }, { id: String(faq.id) })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/answers/review?confirmed=${faq.id}`)
    expect(await flagged()).toEqual([])
    const [row] = audit('answer.faq_confirmed')
    expect(row?.actorId).toBe(worker.id)
    expect(told()).toEqual([])
  })

  it('flags it again when a newer reply is published after the confirmation, or a year after the confirmation', async () => {
    const { db, faq, reply, worker, flagged } = await setup()
    await postForm(action, `/answers/review/${faq.id}`, worker.cookie, { intent: 'confirm' }, { id: String(faq.id) })
    const confirmedAt = Date.now()
    // The sources are still over a year old: the year now counts from the confirmation.
    expect(faqEntriesToReview(db, { now: new Date(confirmedAt + 300 * DAY) })).toEqual([])
    expect(faqEntriesToReview(db, { now: new Date(confirmedAt + 366 * DAY) }).map(f => [f.id, f.reasons])).toEqual([[faq.id, ['old']]])
    later(10 * MINUTE)
    const another = reply('驾驶证到期换证在哪里办', '驾驶证到期了在哪里换证？', '换证可在网上办理，也可到车管所。', new Date())
    expect(await flagged()).toEqual([faq.id])
    expect(faqEntriesToReview(db).find(f => f.id === faq.id)?.newerIds).toEqual([another.id])
  })

  it('lets go of a source that was withdrawn: the entry no longer relies on it', async () => {
    const { db, faq, old, worker, flagged, audit } = await setup()
    withdrawAnswer(db, { answerId: old.id, reason: null, note: '办理地点已变' }, SYSTEM)
    expect(faqEntriesToReview(db).find(f => f.id === faq.id)?.reasons).toContain('withdrawn')
    later(MINUTE)
    await postForm(action, `/answers/review/${faq.id}`, worker.cookie, { intent: 'confirm' }, { id: String(faq.id) })
    expect(getPublishedAnswer(db, faq.id)?.sourceIds).toEqual([])
    expect(await flagged()).toEqual([])
    expect(audit('answer.faq_confirmed')[0]?.before).toMatchObject({ sourceIds: [old.id] })
  })

  it('shows the review page’s buttons to confirm or update each entry, and says when one was confirmed, in both languages', async () => {
    const { faq, worker } = await setup()
    const page = async (path: string, locale: 'zh' | 'en') => {
      const res = await callRoute(reviewLoader, makeRequest(path, { cookie: `${worker.cookie}; th_prefs=${locale}.0.0` }))
      return renderPage(AnswersReview, { path, locale, loaderData: await res.json() })
    }
    const zh = await page('/answers/review', 'zh')
    expect(zh).toMatch(new RegExp(`<form method="post" action="/answers/review/${faq.id}"`))
    expect(text(zh)).toContain('确认答案仍然正确')
    expect(zh).toMatch(new RegExp(`<a [^>]*href="/answers/review/${faq.id}"[^>]*>更新答案</a>`))
    const en = await page('/answers/review', 'en')
    expect(text(en)).toContain('Confirm the answer is still right')
    expect(en).toMatch(new RegExp(`<a [^>]*href="/answers/review/${faq.id}"[^>]*>Update the answer</a>`))

    await postForm(action, `/answers/review/${faq.id}`, worker.cookie, { intent: 'confirm' }, { id: String(faq.id) })
    expect(text(await page(`/answers/review?confirmed=${faq.id}`, 'zh'))).toContain('已确认答案无误')
    expect(text(await page(`/answers/review?confirmed=${faq.id}`, 'en'))).toContain('Confirmed: the answer is still right')
  })
})

describe('updating a frequent question in place', () => {
  it('offers its current text to edit and, beside it, the newer reply as a source to add, in both languages', async () => {
    const { faq, newer, worker } = await setup()
    const path = `/answers/review/${faq.id}`
    const res = await callRoute(loader, makeRequest(path, { cookie: worker.cookie }), { id: String(faq.id) })
    expect(res.status).toBe(200)
    const data = (await res.json()) as object
    const zh = await renderPage(FaqEntryReview, { path, locale: 'zh', loaderData: data })
    expect(zh).toMatch(/<input [^>]*name="question"[^>]*value="驾驶证到期在哪里换证？"/)
    expect(zh).toMatch(/<textarea [^>]*name="reply"[^>]*>到车管所办理。<\/textarea>/)
    expect(zh).toMatch(new RegExp(`<input [^>]*name="addSource"[^>]*value="${newer.id}"`))
    expect(text(zh)).toContain('现在可在网上申请换证，证件邮寄到家。')
    expect(text(zh)).toContain('加为依据的答复')
    expect(text(zh)).toContain('保存更新')
    const en = await renderPage(FaqEntryReview, { path, locale: 'en', loaderData: data })
    expect(text(en)).toContain('Add to the replies it relies on')
    expect(text(en)).toContain('Save the update')
  })

  it('shows the new text at the same address, adds the newer reply to its sources, notes the update and tells followers', async () => {
    const { db, faq, old, newer, worker, flagged, audit, told } = await setup()
    const res = await postForm(
      action,
      `/answers/review/${faq.id}`,
      worker.cookie,
      {
        intent: 'update',
        question: '驾驶证到期在哪里换证？',
        reply: '可在网上申请换证，证件邮寄到家；也可到车管所办理。',
        addSource: String(newer.id),
      },
      { id: String(faq.id) },
    )
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/answers/review?updated=${faq.id}`)
    const now = getPublishedAnswer(db, faq.id)!
    expect(now.publicReply).toBe('可在网上申请换证，证件邮寄到家；也可到车管所办理。')
    expect(now.sourceIds).toEqual([old.id, newer.id])
    expect(await flagged()).toEqual([])

    const [row] = audit('answer.faq_updated')
    expect(row?.actorId).toBe(worker.id)
    expect(row?.before).toMatchObject({ reply: '到车管所办理。', sourceIds: [old.id] })
    expect(row?.after).toMatchObject({ reply: now.publicReply, sourceIds: [old.id, newer.id] })

    const notes = told()
    expect(notes.map(n => [n.messageKey, n.link])).toEqual([['answers.follow.notify.answerUpdated.category', `/answers/${faq.id}`]])

    for (const [locale, note] of [
      ['zh', `更新于 ${formatDate(new Date(), 'zh')}`],
      ['en', `Updated ${formatDate(new Date(), 'en')}`],
    ] as const) {
      const pageRes = await callRoute(answerLoader, makeRequest(`/answers/${faq.id}`, { cookie: `th_prefs=${locale}.0.0` }), { id: String(faq.id) })
      const html = await renderPage(AnswerPage, { path: `/answers/${faq.id}`, locale, loaderData: await pageRes.json() })
      expect(text(html)).toContain('可在网上申请换证')
      expect(text(html)).toContain(note)
    }
  })

  it('is refused as a duplicate only when another entry asks the same question, and an unchanged text is not announced', async () => {
    const { db, faq, worker, told } = await setup()
    const other = publishFaqEntry(db, { question: '驾驶证丢了怎么补办？', reply: '到车管所补领。', sourceIds: [] }, SYSTEM)
    const post = (form: Record<string, string>) =>
      postForm(action, `/answers/review/${faq.id}`, worker.cookie, { intent: 'update', ...form }, { id: String(faq.id) })
    const dup = await post({ question: '驾驶证丢了怎么补办', reply: '到车管所办理。' })
    expect(dup.status).toBe(409)
    expect(await dup.json()).toMatchObject({ error: 'answers.faq.duplicate', params: { id: other.id } })
    expect((await post({ question: '', reply: '到车管所办理。' })).status).toBe(400)
    expect((await post({ question: '驾驶证到期在哪里换证？', reply: '到车管所办理。' })).status).toBe(302)
    expect(told()).toEqual([])
    const pageRes = await callRoute(answerLoader, makeRequest(`/answers/${faq.id}`), { id: String(faq.id) })
    expect(((await pageRes.json()) as { answer: { revisedAt: string | null } }).answer.revisedAt).toBeNull()
  })
})

describe('who may confirm or update a frequent question', () => {
  it('only staff who review answers: a resident or a department is refused, and a reply or an unknown entry is not found', async () => {
    const { db, faq, old, worker } = await setup()
    const street = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
    const department = await createLoggedInUser(db, 'department_staff', 'dept-traffic')
    const params = { id: String(faq.id) }
    const path = `/answers/review/${faq.id}`
    for (const user of [resident, department]) {
      expect((await callRoute(loader, makeRequest(path, { cookie: user.cookie }), params)).status).toBe(403)
      expect((await postForm(action, path, user.cookie, { intent: 'confirm' }, params)).status).toBe(403)
      expect((await postForm(action, path, user.cookie, { intent: 'update', question: '驾驶证？', reply: '不办。' }, params)).status).toBe(403)
    }
    expect(getPublishedAnswer(db, faq.id)?.publicReply).toBe('到车管所办理。')
    expect((await callRoute(loader, makeRequest(path, { cookie: street.cookie }), params)).status).toBe(200)
    for (const id of [String(old.id), '99999', 'x']) {
      expect((await callRoute(loader, makeRequest(`/answers/review/${id}`, { cookie: worker.cookie }), { id })).status).toBe(404)
      expect((await postForm(action, `/answers/review/${id}`, worker.cookie, { intent: 'confirm' }, { id })).status).toBe(404)
    }
  })
})
