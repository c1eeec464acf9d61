import { and, eq } from 'drizzle-orm'
import { notifyFollowers } from '#app/commands/follows.server'
import { translate, type MessageKey } from '#app/i18n/index'
import { action as meAction, loader as meLoader } from '#app/routes/_account+/me'
import AnswerPage, { loader as answerLoader } from '#app/routes/_answers+/answers.$id'
import { loader as answersLoader } from '#app/routes/_answers+/answers._index'
import { action as reviewAction } from '#app/routes/_answers+/answers.review'
import type { Db } from '#db/client'
import { recordComplaintReply } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { auditEvents, complaints, follows, notifications, topicFollows, topics } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// Synthetic residents: every name, phone and address below is made up.
const NAME = '孙小梅'
const PHONE = '13811112222'

type Pushed = { userId: number; payload: { messageKey: string; params: Record<string, unknown>; link: string | null } }

/** Calls a route action with a notifier that records what is pushed live. */
async function post(fn: (args: never) => unknown, request: Request, pushed: Pushed[] = [], params: Record<string, string> = {}) {
  const notify = { toUser: (userId: number, _e: string, payload: Pushed['payload']) => pushed.push({ userId, payload }), toUnit() {} }
  try {
    const res = await fn({ request, params, context: { notify } } as never)
    return res instanceof Response ? res : new Response(JSON.stringify(res))
  } catch (e) {
    if (e instanceof Response) return e
    throw e
  }
}

async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const follower = await createLoggedInUser(db, 'resident', 'gs-czq')
  const other = await createLoggedInUser(db, 'resident', 'gs-czq')
  return { db, units, worker, follower, other }
}

/** A resident's answered question in a category, waiting for a worker to publish it. */
function pendingAnswer(db: Db, communityId: number, category: string[], subject: string) {
  const c = createComplaint(
    db,
    { channel: 'web', communityId, subject, body: `我是${NAME}，电话${PHONE}，住幸福里3栋201室。${subject}`, complainantName: NAME, complainantPhone: PHONE },
    SYSTEM,
  ).complaint
  db.update(complaints).set({ categoryPath: category }).where(eq(complaints.id, c.id)).run()
  return recordComplaintReply(db, { complaintId: c.id, reply: `${NAME}您好！${subject}的问题已按规定处理，可拨打12345咨询。` }, SYSTEM)
}

const publish = (worker: { cookie: string }, answerId: number, pushed: Pushed[]) =>
  post(reviewAction, makeRequest('/answers/review', { cookie: worker.cookie, form: { intent: 'publish', answerId: String(answerId) } }), pushed)

const followForm = (intent: 'follow' | 'unfollow', kind: string, key: string, redirectTo = '/answers') => ({ intent, kind, key, redirectTo })

describe('following a category', () => {
  test('the follower, and only the follower, is told of a new published answer there, without personal data; unfollowing stops it', async () => {
    const { db, units, worker, follower, other } = await setup()
    const res = await post(
      meAction,
      makeRequest('/me', { cookie: follower.cookie, form: followForm('follow', 'category', '城乡建设', '/answers?category=城乡建设') }),
    )
    expect(res.status).toBe(302)
    expect(decodeURIComponent(res.headers.get('location')!)).toBe('/answers?category=城乡建设')
    const page = (await (
      await callRoute(answersLoader, makeRequest(`/answers?category=${encodeURIComponent('城乡建设')}`, { cookie: follower.cookie }))
    ).json()) as { followed: string[] }
    expect(page.followed).toEqual(['category:城乡建设'])

    const inCategory = pendingAnswer(db, units.czq.id, ['城乡建设', '物业管理'], '小区电梯维修资金怎么申请')
    const elsewhere = pendingAnswer(db, units.czq.id, ['教育文体'], '学区划分怎么查询')
    const pushed: Pushed[] = []
    expect((await publish(worker, inCategory.id, pushed)).status).toBe(200)
    expect((await publish(worker, elsewhere.id, pushed)).status).toBe(200)

    const stored = db.select().from(notifications).where(eq(notifications.kind, 'follow')).all()
    expect(stored.map(n => [n.userId, n.messageKey, n.link])).toEqual([[follower.id, 'answers.follow.notify.answer.category', `/answers/${inCategory.id}`]])
    expect(stored[0]!.params.title).toContain('电梯维修资金')
    expect(pushed.map(p => [p.userId, p.payload.link])).toEqual([[follower.id, `/answers/${inCategory.id}`]])
    expect(JSON.stringify([stored, pushed])).not.toMatch(new RegExp(`${NAME}|${PHONE}|201室`))
    expect(db.select().from(notifications).where(eq(notifications.userId, other.id)).all()).toEqual([])

    await post(meAction, makeRequest('/me', { cookie: follower.cookie, form: followForm('unfollow', 'category', '城乡建设') }))
    const later = pendingAnswer(db, units.czq.id, ['城乡建设'], '楼道照明坏了找谁修')
    await publish(worker, later.id, pushed)
    expect(db.select().from(notifications).where(eq(notifications.kind, 'follow')).all()).toHaveLength(1)
    expect(pushed).toHaveLength(1)

    const audit = db.select().from(auditEvents).where(eq(auditEvents.subjectType, 'follow')).all()
    expect(audit.map(a => [a.action, a.actorId])).toEqual([
      ['follow.add', follower.id],
      ['follow.remove', follower.id],
    ])
  })

  test('an anonymous visitor cannot follow and is sent to log in; staff cannot follow; a bad target is refused', async () => {
    const { db, units, worker, follower } = await setup()
    const anon = await post(meAction, makeRequest('/me', { form: followForm('follow', 'category', '城乡建设') }))
    expect(anon.status).toBe(302)
    expect(anon.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
    const staff = await post(meAction, makeRequest('/me', { cookie: worker.cookie, form: followForm('follow', 'category', '城乡建设') }))
    expect(staff.status).toBe(403)
    const department = await post(
      meAction,
      makeRequest('/me', { cookie: follower.cookie, form: followForm('follow', 'place', `community:${units.traffic.id}`) }),
    )
    expect(department.status).toBe(404)
    const unknownKind = await post(meAction, makeRequest('/me', { cookie: follower.cookie, form: followForm('follow', 'person', 'x') }))
    expect(unknownKind.status).toBe(400)
    expect(db.select().from(follows).all()).toEqual([])
  })

  test('following twice keeps one row and one audit row; the personal page lists follows and unfollows a topic', async () => {
    const { db, units, follower } = await setup()
    for (let i = 0; i < 2; i++)
      await post(meAction, makeRequest('/me', { cookie: follower.cookie, form: followForm('follow', 'place', `community:${units.hm.id}`) }))
    expect(
      db
        .select()
        .from(follows)
        .all()
        .map(f => [f.userId, f.kind, f.key]),
    ).toEqual([[follower.id, 'place', `community:${units.hm.id}`]])
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, 'follow.add')).all()).toHaveLength(1)
    const topic = db.insert(topics).values({ unitId: units.hm.id, status: 'approved', title: '和睦新村停车难' }).returning().get()
    db.insert(topicFollows).values({ topicId: topic.id, userId: follower.id }).run()
    const me = (await (await callRoute(meLoader, makeRequest('/me', { cookie: follower.cookie }))).json()) as {
      follows: { kind: string; name: string }[]
      topics: { id: number; title: string }[]
    }
    expect(me.follows).toEqual([{ kind: 'place', key: `community:${units.hm.id}`, name: '和睦社区' }])
    expect(me.topics.map(t => t.title)).toEqual(['和睦新村停车难'])
    await post(meAction, makeRequest('/me', { cookie: follower.cookie, form: { intent: 'unfollow-topic', topicId: String(topic.id) } }))
    expect(
      db
        .select()
        .from(topicFollows)
        .where(and(eq(topicFollows.userId, follower.id), eq(topicFollows.topicId, topic.id)))
        .all(),
    ).toEqual([])
  })
})

describe('following a place', () => {
  test('followers of a community or a named place hear of a topic taken up and of a decision there, once each; a suggestion is not news', async () => {
    const { db, units, worker, follower, other } = await setup()
    await post(meAction, makeRequest('/me', { cookie: follower.cookie, form: followForm('follow', 'place', `community:${units.hm.id}`) }))
    await post(meAction, makeRequest('/me', { cookie: follower.cookie, form: followForm('follow', 'place', 'place:和睦新村') }))
    await post(meAction, makeRequest('/me', { cookie: other.cookie, form: followForm('follow', 'place', `community:${units.czq.id}`) }))
    const ctx = { db, actor: { kind: 'user' as const, id: worker.id }, notify: { toUser() {}, toUnit() {} } }

    const suggested = db.insert(topics).values({ unitId: units.hm.id, status: 'suggested', title: '和睦新村停车难', place: '和睦新村' }).returning().get()
    expect(await notifyFollowers(ctx, { about: 'topic', id: suggested.id })).toEqual([])
    db.update(topics).set({ status: 'approved' }).where(eq(topics.id, suggested.id)).run()
    const told = await notifyFollowers(ctx, { about: 'topic', id: suggested.id })
    expect(told.map(n => [n.userId, n.messageKey, n.params.title, n.link])).toEqual([
      [follower.id, 'answers.follow.notify.topic', '和睦新村停车难', `/public/topics/${suggested.id}`],
    ])

    const { decisions } = await import('#db/schema/index')
    const decision = db.insert(decisions).values({ topicId: suggested.id, title: '增设夜间临时停车位' }).returning().get()
    const decided = await notifyFollowers(ctx, { about: 'decision', id: decision.id })
    expect(decided.map(n => [n.userId, n.messageKey, n.params.title])).toEqual([[follower.id, 'answers.follow.notify.decision', '增设夜间临时停车位']])

    // Someone who follows the topic itself already hears of its decision from the topic; not twice.
    db.insert(topicFollows).values({ topicId: suggested.id, userId: follower.id }).run()
    expect(await notifyFollowers(ctx, { about: 'decision', id: decision.id })).toEqual([])
  })
})

describe('following a named place', () => {
  /** An answered question whose complainant's own address is on the road, published by a worker. */
  function answerAbout(db: Db, communityId: number, category: string[], subject: string, reply: string) {
    const c = createComplaint(
      db,
      {
        channel: 'web',
        communityId,
        subject,
        body: `我是${NAME}，电话${PHONE}。${subject}`,
        placeText: '望江路18号',
        complainantName: NAME,
        complainantPhone: PHONE,
        complainantAddress: '望江路18号3栋201室',
      },
      SYSTEM,
    ).complaint
    db.update(complaints).set({ categoryPath: category }).where(eq(complaints.id, c.id)).run()
    return recordComplaintReply(db, { complaintId: c.id, reply }, SYSTEM)
  }

  test('a published answer whose public question or reply names the place is news there, once; its complainant’s address is not', async () => {
    const { db, units, worker, follower, other } = await setup()
    const oneChar = await createLoggedInUser(db, 'resident', 'gs-czq')
    await post(meAction, makeRequest('/me', { cookie: follower.cookie, form: followForm('follow', 'place', 'place:望江路') }))
    await post(meAction, makeRequest('/me', { cookie: other.cookie, form: followForm('follow', 'place', 'place:望江路') }))
    await post(meAction, makeRequest('/me', { cookie: other.cookie, form: followForm('follow', 'category', '城乡建设') }))
    // A one-character place would be in nearly every text: it is nobody's news.
    await post(meAction, makeRequest('/me', { cookie: oneChar.cookie, form: followForm('follow', 'place', 'place:路') }))
    const told = () => db.select().from(notifications).where(eq(notifications.kind, 'follow')).all()

    const named = answerAbout(db, units.czq.id, ['城乡建设', '物业管理'], '望江路小区什么时候装电动车充电桩', '充电桩由物业统一申请安装，可拨打12345咨询。')
    const pushed: Pushed[] = []
    expect((await publish(worker, named.id, pushed)).status).toBe(200)
    expect(told().map(n => [n.userId, n.messageKey, n.link])).toEqual([
      [follower.id, 'answers.follow.notify.answer.place', `/answers/${named.id}`],
      [other.id, 'answers.follow.notify.answer', `/answers/${named.id}`],
    ])
    expect(translate('zh', told()[0]!.messageKey as MessageKey, told()[0]!.params)).toBe('您关注的地点有新的公开答复：望江路小区什么时候装电动车充电桩')
    expect(translate('en', told()[0]!.messageKey as MessageKey, told()[0]!.params)).toBe(
      'New public answer at a place you follow: 望江路小区什么时候装电动车充电桩',
    )
    expect(pushed.map(p => p.userId)).toEqual([follower.id, other.id])
    expect(JSON.stringify([told(), pushed])).not.toMatch(new RegExp(`${NAME}|${PHONE}|18号|201室`))

    // Only the complainant's own address and place name the road: no news there.
    const addressOnly = answerAbout(db, units.czq.id, ['教育文体'], '学区划分怎么查询', '学区划分以教育局公布为准，可拨打12345咨询。')
    expect((await publish(worker, addressOnly.id, pushed)).status).toBe(200)
    expect(told()).toHaveLength(2)

    // Named in the public reply alone, it is news there too.
    const inReply = answerAbout(db, units.czq.id, ['教育文体'], '附近有没有公办幼儿园', '望江路幼儿园为公办园，可拨打12345咨询。')
    expect((await publish(worker, inReply.id, pushed)).status).toBe(200)
    expect(
      told()
        .slice(2)
        .map(n => [n.userId, n.messageKey, n.link]),
    ).toEqual([
      [follower.id, 'answers.follow.notify.answer.place', `/answers/${inReply.id}`],
      [other.id, 'answers.follow.notify.answer.place', `/answers/${inReply.id}`],
    ])
    expect(db.select().from(notifications).where(eq(notifications.userId, oneChar.id)).all()).toEqual([])
  })
  /** The answer page as `cookie`'s holder reads it: the named places it offers to follow, and the page itself. */
  async function answerPage(id: number, cookie?: string) {
    const data = (await (await callRoute(answerLoader, makeRequest(`/answers/${id}`, { cookie }), { id: String(id) })).json()) as {
      answer: { places: string[] }
      followed: string[] | null | false
    }
    return { places: data.answer.places, html: await renderPage(AnswerPage, { path: `/answers/${id}`, locale: 'zh', loaderData: data }) }
  }
  /** The follow buttons a rendered page holds: what each says and the key it posts. */
  const followButtons = (html: string) =>
    [...html.matchAll(/<form [^>]*action="\/me"[^>]*>(.*?)<\/form>/gs)].map(m => ({
      key: /name="key" value="([^"]*)"/.exec(m[1]!)![1],
      text: /<button [^>]*>(.*?)<\/button>/s.exec(m[1]!)![1]!.replace(/<[^>]+>/g, ''),
    }))

  test('an answer page offers to follow the places its public question or reply names, and following one there brings news of later answers naming it', async () => {
    const { db, units, worker, follower } = await setup()
    // The places of public topics are those residents follow; a one-character one is nobody's news, and a suggestion is not public.
    db.insert(topics)
      .values([
        { unitId: units.czq.id, status: 'approved', title: '望江路充电桩不够', place: '望江路' },
        { unitId: units.czq.id, status: 'approved', title: '小区停车难', place: '路' },
        { unitId: units.czq.id, status: 'suggested', title: '物业不作为', place: '物业' },
      ])
      .run()
    const named = answerAbout(db, units.czq.id, ['城乡建设', '物业管理'], '望江路小区什么时候装电动车充电桩', '充电桩由物业统一申请安装，可拨打12345咨询。')
    const addressOnly = answerAbout(db, units.czq.id, ['教育文体'], '学区划分怎么查询', '学区划分以教育局公布为准，可拨打12345咨询。')
    const pushed: Pushed[] = []
    for (const a of [named, addressOnly]) expect((await publish(worker, a.id, pushed)).status).toBe(200)

    const page = await answerPage(named.id, follower.cookie)
    expect(page.places).toEqual(['望江路'])
    const offered = followButtons(page.html).find(b => b.key === 'place:望江路')
    expect(offered?.text).toBe('望江路 · 关注此地点')
    // Only the complainant's own address names the road: nothing to follow there.
    expect((await answerPage(addressOnly.id, follower.cookie)).places).toEqual([])
    // A visitor is offered to log in to follow it, and comes back to the answer.
    const anonymous = await answerPage(named.id)
    expect(anonymous.html).toContain(`/login?redirectTo=${encodeURIComponent(`/answers/${named.id}`)}`)
    expect(anonymous.html.replace(/<[^>]+>/g, '')).toContain('望江路 · 登录后关注此地点')

    const res = await post(
      meAction,
      makeRequest('/me', { cookie: follower.cookie, form: followForm('follow', 'place', offered!.key!, `/answers/${named.id}`) }),
    )
    expect(res.headers.get('location')).toBe(`/answers/${named.id}`)
    const after = followButtons((await answerPage(named.id, follower.cookie)).html).find(b => b.key === 'place:望江路')
    expect(after?.text).toBe('望江路 · 已关注此地点 · 取消关注')

    // The same key as a topic page's: a newer answer naming the place in its reply is news for the follower.
    const later = answerAbout(db, units.czq.id, ['教育文体'], '附近有没有公办幼儿园', '望江路幼儿园为公办园，可拨打12345咨询。')
    expect((await publish(worker, later.id, pushed)).status).toBe(200)
    const told = db.select().from(notifications).where(eq(notifications.kind, 'follow')).all()
    expect(told.map(n => [n.userId, n.messageKey, n.link])).toEqual([[follower.id, 'answers.follow.notify.answer.place', `/answers/${later.id}`]])
    expect(pushed.map(p => p.userId)).toEqual([follower.id])
  })
})

describe('the personal page with nothing followed', () => {
  it('names every kind a resident can follow, a named place too, from answer pages as from topic pages', () => {
    expect(translate('zh', 'me.follows.empty')).toContain('回答提到的地点')
    expect(translate('en', 'me.follows.empty')).toContain('the places an answer names')
  })
})

describe('a notice matching follows of several kinds', () => {
  it('says in English that it concerns things the resident follows, as the Chinese says 您关注的内容', () => {
    const kinds = ['answer', 'answerUpdated', 'answerBack', 'answerBackUpdated', 'topic', 'decision']
    for (const kind of kinds) {
      const key = `answers.follow.notify.${kind}` as MessageKey
      expect(translate('zh', key, { title: 'Q' })).toMatch(/^您关注的内容/)
      expect(translate('en', key, { title: 'Q' })).toMatch(/ on things you follow: Q$/)
    }
  })
})
