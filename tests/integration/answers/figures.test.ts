import { eq } from 'drizzle-orm'
import { loader as answerLoader, action as answerAction } from '#app/routes/_answers+/answers.$id'
import { loader as dashboardLoader } from '#app/routes/_topics+/dashboard'
import { countViewOnce } from '#app/services/answers.server'
import type { Db } from '#db/client'
import { recordComplaintReply, reviewAnswer } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { answers } from '#db/schema/index'
import { ANON_COOKIE, callRoute, createLoggedInUser, createTestDb, makeRequest, seedTestUnits } from '#tests/db-utils'

// Synthetic messages; nothing here comes from real residents.
const HOUR = 3600_000

function file(db: Db, communityId: number, subject: string, body: string, hoursAgo: number) {
  return createComplaint(db, { channel: 'web', communityId, subject, body, receivedAt: new Date(Date.now() - hoursAgo * HOUR) }, SYSTEM).complaint
}

function published(db: Db, communityId: number, subject: string, body: string, reply: string, hoursAgo = 24 * 30) {
  const c = file(db, communityId, subject, body, hoursAgo)
  const a = recordComplaintReply(db, { complaintId: c.id, reply }, SYSTEM)
  return reviewAnswer(db, { answerId: a.id, decision: 'publish' }, SYSTEM)
}

const views = (db: Db, id: number) => db.select({ v: answers.views }).from(answers).where(eq(answers.id, id)).get()!.v

describe('answer views', () => {
  test('a view counts once per browser and day; crawlers are not counted; a new day counts again', async () => {
    const db = createTestDb()
    const u = seedTestUnits(db)
    const a = published(
      db,
      u.czq.id,
      '咨询公积金能否用于支付房租',
      '租房住想问公积金能不能取出来交房租',
      '无自有住房的职工可以申请提取公积金支付房租，每年一次。',
    )
    const params = { id: String(a.id) }
    const first = await callRoute(answerLoader, makeRequest(`/answers/${a.id}`), params)
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!
    expect(views(db, a.id)).toBe(1)
    await callRoute(answerLoader, makeRequest(`/answers/${a.id}`, { cookie: `${ANON_COOKIE}; ${cookie}` }), params)
    expect(views(db, a.id)).toBe(1)
    await callRoute(answerLoader, makeRequest(`/answers/${a.id}`), params)
    expect(views(db, a.id)).toBe(2)
    await callRoute(answerLoader, makeRequest(`/answers/${a.id}`, { headers: { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)' } }), params)
    expect(views(db, a.id)).toBe(2)
    const tomorrow = new Date(Date.now() + 24 * HOUR)
    expect(countViewOnce(db, makeRequest(`/answers/${a.id}`, { cookie }), a.id, tomorrow)).toContain('th_answers_seen=')
    expect(views(db, a.id)).toBe(3)
  })
  test('a browser’s verdict on an answer counts once, however often it presses', async () => {
    const db = createTestDb()
    const u = seedTestUnits(db)
    const a = published(db, u.czq.id, '咨询新生儿医保怎么办理', '孩子刚出生医保怎么参保', '新生儿出生后九十天内参保缴费，自出生之日起享受医保待遇。')
    const vote = (cookie: string) => callRoute(answerAction, makeRequest(`/answers/${a.id}`, { cookie, form: { verdict: 'helpful' } }), { id: String(a.id) })
    const first = await vote(ANON_COOKIE)
    const voted = first.headers.get('set-cookie')!.split(';')[0]!
    expect(voted).toMatch(/^th_answers_voted=/)
    await vote(`${ANON_COOKIE}; ${voted}`)
    await vote(`${ANON_COOKIE}; ${voted}`)
    expect(db.select({ helpful: answers.helpful }).from(answers).where(eq(answers.id, a.id)).get()!.helpful).toBe(1)
    await vote(ANON_COOKIE)
    expect(db.select({ helpful: answers.helpful }).from(answers).where(eq(answers.id, a.id)).get()!.helpful).toBe(2)
    // The page remembers the vote: it thanks instead of asking again.
    const page = async (cookie: string) => (await callRoute(answerLoader, makeRequest(`/answers/${a.id}`, { cookie }), { id: String(a.id) })).json()
    expect((await page(`${ANON_COOKIE}; ${voted}`)).voted).toBe(true)
    expect((await page(ANON_COOKIE)).voted).toBe(false)
  })
})

describe('answers figures on the street dashboard', () => {
  test('views and helpful rates per answer, and recurring inquiries no answer covers, with their counts', async () => {
    const db = createTestDb()
    const u = seedTestUnits(db)
    const rent = published(
      db,
      u.czq.id,
      '咨询公积金能否用于支付房租',
      '租房住想问公积金能不能取出来交房租',
      '无自有住房的职工可以申请提取公积金支付房租，每年一次。',
    )
    const baby = published(db, u.czq.id, '咨询新生儿医保怎么办理', '孩子刚出生医保怎么参保', '新生儿出生后九十天内参保缴费，自出生之日起享受医保待遇。')

    // Three browsers read the rent answer, one reads the baby answer; four votes on rent (3 helpful), one on baby (not helpful).
    for (let i = 0; i < 3; i++) await callRoute(answerLoader, makeRequest(`/answers/${rent.id}`), { id: String(rent.id) })
    await callRoute(answerLoader, makeRequest(`/answers/${baby.id}`), { id: String(baby.id) })
    for (const verdict of ['helpful', 'helpful', 'helpful', 'not_helpful'])
      await callRoute(answerAction, makeRequest(`/answers/${rent.id}`, { form: { verdict } }), { id: String(rent.id) })
    await callRoute(answerAction, makeRequest(`/answers/${baby.id}`, { form: { verdict: 'not_helpful' } }), { id: String(baby.id) })

    // Asked three times, answered nowhere: a top unanswered question.
    file(db, u.czq.id, '请问外地老人怎么办理老年优待证', '父母从外地来杭州长住，请问外地老人怎么办理老年优待证，需要什么材料？', 30)
    file(db, u.hm.id, '咨询外地老人办理老年优待证', '我母亲是外地户口，想问外地老人能不能办理老年优待证，需要什么材料？', 20)
    const newest = file(db, u.czq.id, '外地老人老年优待证怎么办理？', '外地老人在这边住了两年，老年优待证怎么办理，要带什么材料？', 10)
    // Asked twice, but the library answers it.
    file(db, u.czq.id, '请问公积金能不能交房租', '租房的职工公积金能不能取出来交房租？', 15)
    file(db, u.hm.id, '咨询公积金租房提取', '想问公积金怎么提取出来付房租？', 14)
    // Asked once: not recurring. Complaints, however often, are not questions.
    file(db, u.czq.id, '请问游泳馆几点开门', '请问社区游泳馆周末几点开门？', 12)
    file(db, u.czq.id, '投诉楼下烧烤店油烟扰民', '楼下烧烤店油烟严重扰民', 9)
    file(db, u.hm.id, '投诉楼下烧烤店油烟扰民', '烧烤店油烟严重扰民，强烈要求处理', 8)

    const staff = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    const d = (await (await callRoute(dashboardLoader, makeRequest('/dashboard', { cookie: staff.cookie }))).json()) as {
      answers: {
        views: number
        helpful: number
        notHelpful: number
        usage: { id: number; views: number; helpful: number; notHelpful: number }[]
        unanswered: { question: string; count: number; complaintIds: number[] }[]
      }
    }
    expect(d.answers).toMatchObject({ views: 4, helpful: 3, notHelpful: 2 })
    expect(d.answers.usage.map(a => [a.id, a.views, a.helpful, a.notHelpful])).toEqual([
      [rent.id, 3, 3, 1],
      [baby.id, 1, 0, 1],
    ])
    expect(d.answers.unanswered).toEqual([{ question: '外地老人老年优待证怎么办理？', count: 3, complaintIds: [newest.id, newest.id - 1, newest.id - 2] }])

    // A community worker's dashboard only counts questions from their community.
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    const mine = (await (await callRoute(dashboardLoader, makeRequest('/dashboard', { cookie: worker.cookie }))).json()) as {
      answers: { unanswered: unknown[] }
    }
    expect(mine.answers.unanswered).toEqual([])
  })
})
