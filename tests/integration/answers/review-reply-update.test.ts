import { and, eq } from 'drizzle-orm'
import { replyToComplaint } from '#app/commands/complaints.server'
import { type MessageKey, translate } from '#app/i18n/index'
import AnswerPage, { loader as answerLoader } from '#app/routes/_answers+/answers.$id'
import AnswersReview, { action as reviewAction, loader as reviewLoader } from '#app/routes/_answers+/answers.review'
import ComplaintDetail, { loader as complaintLoader } from '#app/routes/_intake+/complaints.$id'
import * as track from '#app/routes/_public+/track.$code'
import { faqEntriesToReview } from '#app/services/answers.server'
import { formatDate } from '#app/utils/dates'
import {
  getPublishedAnswer,
  listAnswersForReview,
  publishFaqEntry,
  recordComplaintReply,
  republishAnswer,
  reviewAnswer,
  withdrawAnswer,
} from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { answers, auditEvents, follows, notifications } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// A synthetic inquiry: its reply published, then re-saved by a worker.
const FIRST = '无自有住房的职工可以申请提取公积金支付房租，每年一次。'
const SECOND = '无自有住房的职工可以申请提取公积金支付房租，自今年起每季度可提取一次。'

type Pushed = { userId: number; messageKey: string }

async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const follower = await createLoggedInUser(db, 'resident', 'gs-czq')
  db.insert(follows)
    .values({ userId: follower.id, kind: 'place', key: `community:${units.czq.id}` })
    .run()
  const { complaint } = createComplaint(
    db,
    { channel: 'web', communityId: units.czq.id, subject: '咨询公积金能否支付房租', body: '一直租房住，公积金能不能取出来交房租？' },
    SYSTEM,
  )
  const actor = { kind: 'user', id: worker.id } as const
  const pushed: Pushed[] = []
  const context = {
    notify: { toUser: (userId: number, _e: string, p: { messageKey: string }) => pushed.push({ userId, messageKey: p.messageKey }), toUnit() {} },
  }
  const ctx = { db, actor, notify: context.notify as never }
  const a = recordComplaintReply(db, { complaintId: complaint.id, reply: FIRST }, actor)
  reviewAnswer(db, { answerId: a.id, decision: 'publish', publicQuestion: '没有房子能用公积金交房租吗？' }, actor)
  const faq = publishFaqEntry(db, { question: '租房可以提取公积金吗？', reply: '可以。', sourceIds: [a.id] }, actor)
  const post = async (form: Record<string, string>) => {
    const res = await reviewAction({ request: makeRequest('/answers/review', { cookie: worker.cookie, form }), params: {}, context } as never)
    return res as Response
  }
  const reviewPage = async (actionData?: object) => {
    const loaderData = (await (await callRoute(reviewLoader, makeRequest('/answers/review', { cookie: worker.cookie }))).json()) as object
    return { loaderData, html: await renderPage(AnswersReview, { path: '/answers/review', locale: 'zh', loaderData, actionData }) }
  }
  const publicPage = (id: number) => callRoute(answerLoader, makeRequest(`/answers/${id}`), { id: String(id) })
  const trackReply = async () =>
    (
      (await (await callRoute(track.loader, makeRequest(`/track/${complaint.trackingCode}`), { code: complaint.trackingCode })).json()) as {
        reply: { text: string } | null
      }
    ).reply?.text
  const audit = () =>
    db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, 'answer'), eq(auditEvents.subjectId, String(a.id))))
      .all()
      .map(r => r.action)
  const followNotices = () =>
    db
      .select({ messageKey: notifications.messageKey })
      .from(notifications)
      .where(and(eq(notifications.userId, follower.id), eq(notifications.kind, 'follow')))
      .all()
      .map(n => n.messageKey)
  return { db, worker, ctx, complaint, answerId: a.id, faq, post, reviewPage, publicPage, trackReply, audit, followNotices, pushed }
}

describe('re-saving a published reply', () => {
  it('keeps the published version online at its address while the new reply awaits review beside it', async () => {
    const { db, ctx, complaint, answerId, faq, reviewPage, publicPage, trackReply } = await setup()
    replyToComplaint(ctx, { complaintId: complaint.id, reply: SECOND })
    const online = await publicPage(answerId)
    expect(online.status).toBe(200)
    expect(((await online.json()) as { answer: { reply: string } }).answer.reply).toBe(FIRST)
    expect(getPublishedAnswer(db, answerId)?.publicQuestion).toBe('没有房子能用公积金交房租吗？')
    // The FAQ entry citing it is not flagged as relying on a reply taken down.
    expect(faqEntriesToReview(db).find(f => f.id === faq.id)?.reasons ?? []).not.toContain('withdrawn')
    // The resident who asked reads the newer reply.
    expect(await trackReply()).toBe(SECOND)
    const queued = listAnswersForReview(db).find(a => a.id === answerId)
    expect(queued).toMatchObject({ publicReply: SECOND, publishedReply: FIRST, publicQuestion: '没有房子能用公积金交房租吗？' })
    const { html } = await reviewPage()
    expect(html).toContain(`>${SECOND}</textarea>`)
    expect(html).toContain(FIRST)
    expect(html).toContain('已公开的版本')
  })

  it('publishing the update replaces it in place: same number, “updated” date, followers told of an update; audited', async () => {
    const { db, ctx, complaint, answerId, post, audit, followNotices } = await setup()
    replyToComplaint(ctx, { complaintId: complaint.id, reply: SECOND })
    const res = await post({ intent: 'publish', answerId: String(answerId), publicReply: SECOND })
    expect(res.status).toBe(200)
    const a = getPublishedAnswer(db, answerId)!
    expect(a.publicReply).toBe(SECOND)
    expect(a.publicQuestion).toBe('没有房子能用公积金交房租吗？')
    expect(a.revisedAt).toBeInstanceOf(Date)
    expect(listAnswersForReview(db).some(x => x.id === answerId)).toBe(false)
    expect(followNotices()).toEqual(['answers.follow.notify.answerUpdated.community'])
    expect(audit()).toEqual(['answer.reply_recorded', 'answer.published', 'answer.reply_recorded', 'answer.published', 'follow.notified'])
  })

  it('rejecting the update keeps the published version, which leaves the queue; the resident still reads the newer reply; audited', async () => {
    const { db, ctx, complaint, answerId, post, audit, publicPage, trackReply, reviewPage } = await setup()
    replyToComplaint(ctx, { complaintId: complaint.id, reply: SECOND })
    const res = await post({ intent: 'reject', answerId: String(answerId) })
    expect(res.status).toBe(200)
    expect(getPublishedAnswer(db, answerId)?.publicReply).toBe(FIRST)
    expect((await publicPage(answerId)).status).toBe(200)
    expect(listAnswersForReview(db).some(x => x.id === answerId)).toBe(false)
    expect(await trackReply()).toBe(SECOND)
    expect(audit()).toEqual(['answer.reply_recorded', 'answer.published', 'answer.reply_recorded', 'answer.rejected'])
    // The notice links to the published answer, which is still there.
    const { html } = await reviewPage((await res.json()) as object)
    expect(html).toContain(`href="/answers/${answerId}"`)
  })

  it('published, the update keeps the day of the first reply as “replied” and dates the update as “updated”; the resident’s page dates the newer reply', async () => {
    const { db, worker, post } = await setup()
    const actor = { kind: 'user', id: worker.id } as const
    const { complaint } = createComplaint(
      db,
      { channel: 'web', communityId: seedlessCommunity(db), subject: '咨询社区食堂营业时间', body: '社区食堂周末开门吗？' },
      SYSTEM,
    )
    const first = new Date('2026-11-29T02:00:00Z')
    const a = recordComplaintReply(db, { complaintId: complaint.id, reply: '社区食堂周一至周五营业。', repliedAt: first }, actor)
    reviewAnswer(db, { answerId: a.id, decision: 'publish' }, actor)
    recordComplaintReply(db, { complaintId: complaint.id, reply: '社区食堂每天营业，周末也开门。' }, actor)
    expect((await post({ intent: 'publish', answerId: String(a.id) })).status).toBe(200)
    const published = getPublishedAnswer(db, a.id)!
    expect(published.publicReply).toBe('社区食堂每天营业，周末也开门。')
    expect(published.repliedAt).toEqual(first)
    expect(published.revisedAt!.getTime()).toBeGreaterThan(first.getTime())
    const path = `/answers/${a.id}`
    const loaderData = await (await callRoute(answerLoader, makeRequest(path), { id: String(a.id) })).json()
    const html = await renderPage(AnswerPage, { path, locale: 'zh', loaderData })
    expect(html).toContain(`答复于 2026年11月29日 · 更新于 ${formatDate(published.revisedAt)}`)
    // The resident who asked reads the newer reply, dated when it was written.
    const tracked = (await (await callRoute(track.loader, makeRequest(`/track/${complaint.trackingCode}`), { code: complaint.trackingCode })).json()) as {
      reply: { repliedAt: string } | null
    }
    expect(new Date(tracked.reply!.repliedAt).getTime()).toBeGreaterThan(first.getTime())
  })

  it('saving the published reply again unchanged leaves nothing to review', async () => {
    const { db, ctx, complaint, answerId } = await setup()
    replyToComplaint(ctx, { complaintId: complaint.id, reply: FIRST })
    expect(listAnswersForReview(db).some(x => x.id === answerId)).toBe(false)
    expect(getPublishedAnswer(db, answerId)?.publicReply).toBe(FIRST)
  })
})

describe('the notice after a reply is kept out of the library', () => {
  it('links to no public page that does not exist: to the complaint, for staff', async () => {
    const { db, worker, post, reviewPage } = await setup()
    const { complaint } = createComplaint(
      db,
      { channel: 'web', communityId: seedlessCommunity(db), subject: '咨询垃圾投放时间', body: '小区垃圾几点可以扔？' },
      SYSTEM,
    )
    const pending = recordComplaintReply(db, { complaintId: complaint.id, reply: '每天早上七点到九点投放。' }, { kind: 'user', id: worker.id })
    const res = await post({ intent: 'reject', answerId: String(pending.id) })
    expect(res.status).toBe(200)
    const { html } = await reviewPage((await res.json()) as object)
    expect(html).toContain('不公开')
    expect(html).not.toContain(`href="/answers/${pending.id}"`)
    expect(html).toContain(`href="/complaints/${complaint.id}"`)
  })
})

/** The community the setup's complaint is in. */
function seedlessCommunity(db: ReturnType<typeof createTestDb>) {
  return getPublishedAnswer(db, 1)!.communityId!
}

describe('the complaint page while a re-saved reply awaits review', () => {
  it('tells staff the published version stays online until the newer reply is reviewed, in their language', async () => {
    const { ctx, complaint, worker } = await setup()
    replyToComplaint(ctx, { complaintId: complaint.id, reply: SECOND })
    const path = `/complaints/${complaint.id}`
    const loaderData = await (await callRoute(complaintLoader, makeRequest(path, { cookie: worker.cookie }), { id: String(complaint.id) })).json()
    const zh = await renderPage(ComplaintDetail, { path, locale: 'zh', loaderData })
    expect(zh).toContain('新答复待审核')
    expect(await renderPage(ComplaintDetail, { path, locale: 'en', loaderData })).toContain('The newer reply awaits review')
  })
})

describe('re-saving the reply of a withdrawn answer', () => {
  const withdrawn = async () => {
    const s = await setup()
    withdrawAnswer(s.db, { answerId: s.answerId, reason: 'outdated' }, SYSTEM)
    replyToComplaint(s.ctx, { complaintId: s.complaint.id, reply: SECOND })
    return s
  }

  it('keeps its address saying it was withdrawn (410) while the newer reply awaits review, as a reply with nothing online beside it', async () => {
    const { db, answerId, publicPage, trackReply, reviewPage } = await withdrawn()
    expect((await publicPage(answerId)).status).toBe(410)
    expect(getPublishedAnswer(db, answerId)).toBeUndefined()
    expect(await trackReply()).toBe(SECOND)
    const queued = listAnswersForReview(db).find(a => a.id === answerId)
    expect(queued).toMatchObject({ publicReply: SECOND, publishedReply: null, update: false, publicQuestion: '没有房子能用公积金交房租吗？' })
    const { html } = await reviewPage()
    expect(html).toContain(`>${SECOND}</textarea>`)
    expect(html).not.toContain('已公开的版本')
  })

  it('tells staff on the complaint page that the answer stays withdrawn until the newer reply is published, in their language', async () => {
    const { complaint, worker } = await withdrawn()
    const path = `/complaints/${complaint.id}`
    const loaderData = await (await callRoute(complaintLoader, makeRequest(path, { cookie: worker.cookie }), { id: String(complaint.id) })).json()
    const zh = await renderPage(ComplaintDetail, { path, locale: 'zh', loaderData })
    expect(zh).toContain('已撤回')
    expect(zh).toContain('新答复待审核；审核通过前，这条答复仍是已撤回')
    expect(zh).not.toContain('公开的仍是原来的答复')
    expect(await renderPage(ComplaintDetail, { path, locale: 'en', loaderData })).toContain('until it is published, the answer stays withdrawn')
  })

  it('published after review, brings the answer back at the same address with the newer reply, dated as updated; audited', async () => {
    const { db, answerId, post, publicPage, audit } = await withdrawn()
    const res = await post({ intent: 'publish', answerId: String(answerId), publicReply: SECOND })
    expect(res.status).toBe(200)
    const back = await publicPage(answerId)
    expect(back.status).toBe(200)
    const a = getPublishedAnswer(db, answerId)!
    expect(a).toMatchObject({ publicReply: SECOND, publicQuestion: '没有房子能用公积金交房租吗？' })
    expect(a.revisedAt).toBeInstanceOf(Date)
    const row = db.select().from(answers).where(eq(answers.id, answerId)).get()!
    expect(row).toMatchObject({ status: 'published', reply: SECOND, withdrawnAt: null, withdrawnReason: null, updateStatus: null })
    expect(listAnswersForReview(db).some(x => x.id === answerId)).toBe(false)
    expect(audit()).toEqual(['answer.reply_recorded', 'answer.published', 'answer.withdrawn', 'answer.reply_recorded', 'answer.published', 'follow.notified'])
  })

  it('published after review, tells followers the answer is back and updated, not that it is new', async () => {
    const { answerId, post, followNotices } = await withdrawn()
    expect((await post({ intent: 'publish', answerId: String(answerId), publicReply: SECOND })).status).toBe(200)
    expect(followNotices()).toEqual(['answers.follow.notify.answerBackUpdated.community'])
    expect(translate('zh', 'answers.follow.notify.answerBackUpdated' as MessageKey, { title: 'Q' })).toBe('您关注的内容有一条撤回的答复已更新并恢复公开：Q')
    expect(translate('en', 'answers.follow.notify.answerBackUpdated' as MessageKey, { title: 'Q' })).toBe(
      'A withdrawn answer was updated and is public again on things you follow: Q',
    )
  })

  it('published after review with its public texts unchanged, tells followers it is back', async () => {
    const { db, answerId, post, followNotices } = await withdrawn()
    const queued = listAnswersForReview(db).find(a => a.id === answerId)!
    // The reviewer publishes the withdrawn wording again rather than the newer reply's.
    expect((await post({ intent: 'publish', answerId: String(answerId), publicReply: queued.publicReply.replace(SECOND, FIRST) })).status).toBe(200)
    expect(followNotices()).toEqual(['answers.follow.notify.answerBack.community'])
  })

  it('kept out after review, leaves the answer withdrawn at its address; the resident still reads the newer reply', async () => {
    const { db, answerId, post, publicPage, trackReply, complaint, worker } = await withdrawn()
    const res = await post({ intent: 'reject', answerId: String(answerId) })
    expect(res.status).toBe(200)
    expect((await publicPage(answerId)).status).toBe(410)
    expect(listAnswersForReview(db).some(x => x.id === answerId)).toBe(false)
    expect(await trackReply()).toBe(SECOND)
    const path = `/complaints/${complaint.id}`
    const loaderData = await (await callRoute(complaintLoader, makeRequest(path, { cookie: worker.cookie }), { id: String(complaint.id) })).json()
    expect(await renderPage(ComplaintDetail, { path, locale: 'zh', loaderData })).toContain('新答复未公开；这条答复仍是已撤回')
  })

  const staffPage = async (s: Awaited<ReturnType<typeof setup>>, locale: 'zh' | 'en' = 'zh') => {
    const path = `/answers/${s.answerId}`
    const res = await callRoute(answerLoader, makeRequest(path, { cookie: s.worker.cookie }), { id: String(s.answerId) })
    expect(res.status).toBe(410)
    return renderPage(AnswerPage, { path, locale, loaderData: await res.json() })
  }

  it('its page tells staff a newer reply awaits review, with the complaint page, and asks before publishing the withdrawn text again', async () => {
    const s = await withdrawn()
    const html = await staffPage(s)
    expect(html).toContain('这条诉求有更新的答复，正在等待审核')
    expect(html).toContain(`href="/complaints/${s.complaint.id}"`)
    expect(html).toContain('重新发布撤回时的原答复')
    // Asked once, as a withdrawal is: the button opens the question with the real submit.
    expect(html).toMatch(/<input type="hidden" name="intent" value="republish"/)
    expect(html).toContain('确定重新发布原答复')
    expect(await staffPage(s, 'en')).toContain('A newer reply to this request awaits review')
  })

  it('after the newer reply was kept out, its page tells staff so and when, so they do not publish the withdrawn text by mistake', async () => {
    const s = await withdrawn()
    expect((await s.post({ intent: 'reject', answerId: String(s.answerId) })).status).toBe(200)
    const html = await staffPage(s)
    const today = formatDate(new Date())
    expect(html).toContain('这条诉求有更新的答复，已于')
    expect(html).toContain(today)
    expect(html).toContain(`href="/complaints/${s.complaint.id}"`)
    expect(await staffPage(s, 'en')).toContain('A newer reply to this request was kept out of the library on')
  })

  it('with no newer reply, its page says nothing of one', async () => {
    const s = await setup()
    withdrawAnswer(s.db, { answerId: s.answerId, reason: 'outdated' }, SYSTEM)
    const html = await staffPage(s)
    expect(html).not.toContain('更新的答复')
    expect(html).toContain('重新发布撤回时的原答复')
  })

  it('published again as it was meanwhile, the newer reply still awaits review beside it, as for any published answer', async () => {
    const { db, answerId, publicPage } = await withdrawn()
    republishAnswer(db, { answerId }, SYSTEM)
    expect((await publicPage(answerId)).status).toBe(200)
    expect(listAnswersForReview(db).find(a => a.id === answerId)).toMatchObject({ update: true, publicReply: SECOND, publishedReply: FIRST })
  })
})
