import { eq } from 'drizzle-orm'
import { notifyFollowers } from '#app/commands/follows.server'
import { translate, type MessageKey } from '#app/i18n/index'
import PublicTopicPage, { loader as topicLoader } from '#app/routes/_public+/public.topics.$id'
import type { Db } from '#db/client'
import { recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { insertFollow } from '#db/queries/follows'
import { complaints, topics, topicFollows } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// Synthetic resident: the name and phone are made up.
const NAME = '孙小梅'
const PHONE = '13811112222'

function publishedAnswer(db: Db, communityId: number, category: string[], subject: string) {
  const c = createComplaint(
    db,
    { channel: 'web', communityId, subject, body: `我是${NAME}，电话${PHONE}。${subject}`, complainantName: NAME, complainantPhone: PHONE },
    SYSTEM,
  ).complaint
  db.update(complaints).set({ categoryPath: category }).where(eq(complaints.id, c.id)).run()
  const a = recordComplaintReply(db, { complaintId: c.id, reply: `${subject}的问题已按规定处理，可拨打12345咨询。` }, SYSTEM)
  reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM)
  return a
}

async function setup() {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const byCategory = await createLoggedInUser(db, 'resident', 'gs-czq')
  const byCommunity = await createLoggedInUser(db, 'resident', 'gs-czq')
  const byPlace = await createLoggedInUser(db, 'resident', 'gs-czq')
  const byBoth = await createLoggedInUser(db, 'resident', 'gs-czq')
  insertFollow(db, byCategory.id, { kind: 'category', key: '城乡建设' })
  insertFollow(db, byCommunity.id, { kind: 'place', key: `community:${units.czq.id}` })
  insertFollow(db, byPlace.id, { kind: 'place', key: 'place:长征新苑' })
  insertFollow(db, byBoth.id, { kind: 'category', key: '城乡建设' })
  insertFollow(db, byBoth.id, { kind: 'place', key: `community:${units.czq.id}` })
  const ctx = { db, actor: { kind: 'user' as const, id: worker.id }, notify: { toUser() {}, toUnit() {} } }
  return { db, units, ctx, byCategory, byCommunity, byPlace, byBoth }
}

describe('a follower is told what kind of thing they follow has news', () => {
  test('a new answer: the category follower reads 类别, the community follower 社区; one who follows both matches is told once, in neutral words', async () => {
    const { db, units, ctx, byCategory, byCommunity, byBoth } = await setup()
    const answer = publishedAnswer(db, units.czq.id, ['城乡建设', '物业管理'], '小区电梯维修资金怎么申请')
    const told = notifyFollowers(ctx, { about: 'answer', id: answer.id })
    const text = (userId: number, locale: 'zh' | 'en') => {
      const n = told.filter(r => r.userId === userId)
      expect(n).toHaveLength(1)
      return translate(locale, n[0]!.messageKey as MessageKey, n[0]!.params)
    }
    expect(text(byCategory.id, 'zh')).toMatch(/^您关注的类别有新的公开答复：小区电梯维修资金/)
    expect(text(byCommunity.id, 'zh')).toMatch(/^您关注的社区有新的公开答复：/)
    expect(text(byBoth.id, 'zh')).toMatch(/^您关注的内容有新的公开答复：/)
    expect(text(byCategory.id, 'en')).toMatch(/^New public answer in a category you follow: /)
    expect(text(byCommunity.id, 'en')).toMatch(/^New public answer in a community you follow: /)
    // A community is no 领域, whichever wording a follower gets.
    expect(told.map(n => translate('zh', n.messageKey as MessageKey, n.params)).join()).not.toContain('领域')
    expect(JSON.stringify(told)).not.toMatch(new RegExp(`${NAME}|${PHONE}`))
  })

  test('an updated answer and one public again name the community too', async () => {
    const { db, units, ctx, byCommunity } = await setup()
    const answer = publishedAnswer(db, units.czq.id, ['城乡建设'], '楼道照明坏了找谁修')
    const say = (news: { updated?: boolean; back?: boolean }) => {
      const n = notifyFollowers(ctx, { about: 'answer', id: answer.id, ...news }).find(r => r.userId === byCommunity.id)!
      return translate('zh', n.messageKey as MessageKey, n.params)
    }
    expect(say({ updated: true })).toMatch(/^您关注的社区有答复更新：/)
    expect(say({ back: true })).toMatch(/^您关注的社区有一条撤回的答复已恢复公开：/)
    expect(say({ back: true, updated: true })).toMatch(/^您关注的社区有一条撤回的答复已更新并恢复公开：/)
  })

  test('a topic taken up at a followed place is news of a 地点', async () => {
    const { db, units, ctx, byPlace, byCommunity } = await setup()
    const topic = db
      .insert(topics)
      .values({ unitId: units.czq.id, status: 'approved', title: '长征新苑停车难', place: '长征新苑', category: '交通运输', categoryPath: ['交通运输'] })
      .returning()
      .get()
    const told = notifyFollowers(ctx, { about: 'topic', id: topic.id })
    const zh = (userId: number) => {
      const n = told.find(r => r.userId === userId)!
      return translate('zh', n.messageKey as MessageKey, n.params)
    }
    expect(zh(byPlace.id)).toBe('您关注的地点有新的议题立项：长征新苑停车难')
    expect(zh(byCommunity.id)).toBe('您关注的社区有新的议题立项：长征新苑停车难')
  })
})

describe('the follow buttons of a public topic page', () => {
  test('the followed topic says it is followed, as the community and category buttons beside it do', async () => {
    const { db, units, byBoth } = await setup()
    const topic = db
      .insert(topics)
      .values({ unitId: units.czq.id, status: 'approved', title: '长征新苑停车难', place: '长征新苑', category: '城乡建设', categoryPath: ['城乡建设'] })
      .returning()
      .get()
    db.insert(topicFollows).values({ topicId: topic.id, userId: byBoth.id }).run()
    for (const [locale, texts] of [
      ['zh', ['已关注此议题 · 取消关注', '已关注此社区 · 取消关注', '已关注此类别 · 取消关注']],
      ['en', ['Following this topic · Unfollow', 'Following this community · Unfollow', 'Following this category · Unfollow']],
    ] as const) {
      const res = await callRoute(topicLoader, makeRequest(`/public/topics/${topic.id}`, { cookie: `${byBoth.cookie}; th_prefs=${locale}.0.0` }), {
        id: String(topic.id),
      })
      const html = await renderPage(PublicTopicPage, { path: `/public/topics/${topic.id}`, locale, loaderData: (await res.json()) as object })
      const pressed = [...html.matchAll(/<button [^>]*aria-pressed="true"[^>]*>([^<]*)<\/button>/g)].map(m => m[1])
      expect(pressed).toEqual(texts)
    }
  })

  test('a named place is offered to follow, a one-character place (news for nobody) is not', async () => {
    const { db, units, byCategory } = await setup()
    const placeButtons = async (place: string) => {
      const topic = db
        .insert(topics)
        .values({ unitId: units.czq.id, status: 'approved', title: `${place}停车难`, place, category: '城乡建设', categoryPath: ['城乡建设'] })
        .returning()
        .get()
      const res = await callRoute(topicLoader, makeRequest(`/public/topics/${topic.id}`, { cookie: byCategory.cookie }), { id: String(topic.id) })
      const html = await renderPage(PublicTopicPage, { path: `/public/topics/${topic.id}`, locale: 'zh', loaderData: (await res.json()) as object })
      return [...html.matchAll(/<input [^>]*name="key"[^>]*value="(place:[^"]*)"/g)].map(m => m[1])
    }
    expect(await placeButtons('长征新苑')).toEqual(['place:长征新苑'])
    expect(await placeButtons('桥')).toEqual([])
  })
})
