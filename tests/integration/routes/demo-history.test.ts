import { beforeAll, describe, expect, it } from 'vitest'
import { translate } from '#app/i18n/index'
import * as answersIndex from '#app/routes/_answers+/answers._index'
import * as answersReview from '#app/routes/_answers+/answers.review'
import * as rate from '#app/routes/_outcomes+/rate.$token'
import * as home from '#app/routes/_public+/_index'
import * as suggest from '#app/routes/_resources+/resources.complaint-suggest'
import * as dashboard from '#app/routes/_topics+/dashboard'
import { chinaDay, chinaDayEnd } from '#db/dates'
import { DEMO_FAQ, DEMO_INQUIRIES, DEMO_REPLIES } from '#db/demo-data'
import { getPublicTimeline, listPublicCommunities } from '#db/queries/outcomes-report'
import { seedDemo } from '#db/seed'
import { callRoute, createLoggedInUser, createTestDb, makeRequest } from '#tests/db-utils'

let db: ReturnType<typeof createTestDb>
const DAY = 86400_000
const now = new Date()
beforeAll(async () => {
  db = createTestDb()
  await seedDemo(db, { complaints: 30, pool: 10, now })
}, 60_000)

const all = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).all(...args) as T[]

describe('the demo district’s year of history', () => {
  it('gives every community public topics, decisions and delivered decisions, and a timeline', () => {
    const communities = listPublicCommunities(db)
    expect(communities).toHaveLength(4)
    for (const c of communities) {
      expect(c.topics).toBeGreaterThanOrEqual(3)
      expect(c.decisions).toBeGreaterThanOrEqual(2)
      expect(c.delivered).toBeGreaterThanOrEqual(2)
      const types = new Set(getPublicTimeline(db, { communityId: c.id }).map(e => e.type))
      expect([...types].sort()).toEqual(
        expect.arrayContaining(['decision', 'delivered', 'measurement', 'meeting', 'minutes', 'satisfaction', 'topic', 'work_order']),
      )
    }
  })

  it('gives every department someone to receive a work order', () => {
    const departments = all<{ code: string; staff: number }>(
      `select u.code, count(distinct r.user_id) staff from units u left join role_assignments r on r.unit_id = u.id and r.role = 'department_staff'
        where u.kind = 'department' group by u.id`,
    )
    expect(departments.length).toBeGreaterThanOrEqual(6)
    expect(departments.filter(d => d.staff === 0).map(d => d.code)).toEqual([])
  })

  it('spreads the history over the past twelve months, never in the future', () => {
    const span = all<{ first: number; last: number }>('select min(created_at) first, max(created_at) last from decisions')[0]!
    expect(span.first).toBeLessThan(now.getTime() - 200 * DAY)
    expect(span.first).toBeGreaterThan(now.getTime() - 366 * DAY)
    expect(span.last).toBeLessThanOrEqual(now.getTime())
    const months = all<{ m: string }>("select distinct strftime('%Y-%m', delivered_at / 1000, 'unixepoch') m from decisions where delivered_at is not null")
    expect(months.length).toBeGreaterThanOrEqual(4)
  })

  it('gives the department one can log in as (dept1, the traffic police) an order in hand, not only finished ones', () => {
    const open = all<{ status: string }>(
      "select w.status from work_orders w join units u on u.id = w.department_id join role_assignments r on r.unit_id = u.id join users x on x.id = r.user_id where x.username = 'dept1' and w.status in ('dispatched', 'accepted', 'in_progress')",
    )
    expect(open.length).toBeGreaterThanOrEqual(1)
  })

  it('gives every work order a deadline that is a whole China-time day, and the orders still in hand one that lies ahead', () => {
    const orders = all<{ status: string; due_at: number }>('select status, due_at from work_orders')
    expect(orders.length).toBeGreaterThanOrEqual(1)
    for (const o of orders) expect(new Date(o.due_at).toISOString()).toBe(chinaDayEnd(chinaDay(o.due_at))!.toISOString())
    const inHand = orders.filter(o => ['dispatched', 'accepted', 'in_progress'].includes(o.status))
    expect(inHand.length).toBeGreaterThanOrEqual(1)
    for (const o of inHand) expect(o.due_at).toBeGreaterThan(now.getTime() + DAY)
  })

  it('has in each community one suggestion turned down with its reason, and one delivery reopened after a poor rating', () => {
    const rejected = all<{ unit_id: number; reject_reason: string; reject_note: string }>(
      "select unit_id, reject_reason, reject_note from topics where status = 'rejected'",
    )
    expect(new Set(rejected.map(r => r.unit_id)).size).toBe(4)
    for (const r of rejected) expect(r.reject_note.length).toBeGreaterThan(10)
    const reopened = all<{ unit_id: number }>(
      'select t.unit_id from satisfaction_ratings s join decisions d on d.id = s.decision_id join topics t on t.id = d.topic_id where s.reopened_work_order_id is not null and s.rating <= 2',
    )
    expect(new Set(reopened.map(r => r.unit_id)).size).toBe(4)
  })

  it('gives the history’s suggestions the engine’s heat over their own complaints, not a value set by hand', () => {
    const rows = all<{ heat: number; breakdown: string | null; n: number }>(
      "select t.heat, t.heat_breakdown breakdown, (select count(*) from topic_complaints tc where tc.topic_id = t.id) n from topics t where t.status <> 'suggested' and t.cluster_key is null",
    )
    expect(rows.length).toBeGreaterThanOrEqual(12)
    for (const r of rows) {
      const b = JSON.parse(r.breakdown ?? 'null') as { total: number; complaints: { value: number }; distinctResidents: { value: number } } | null
      expect(b).not.toBeNull()
      expect(b!.total).toBe(r.heat)
      expect(b!.complaints.value).toBe(r.n)
      expect(b!.distinctResidents.value).toBe(r.n)
    }
  })

  it('records every step in the audit log and in the histories, at the time it happened', () => {
    const actions = new Set(all<{ action: string }>('select distinct action from audit_events').map(r => r.action))
    for (const a of [
      'topic.approve',
      'topic.reject',
      'meeting.create',
      'meeting.minutes.publish',
      'decision.record',
      'work_order.create',
      'work_order.transition',
      'decision.deliver',
      'decision.target.measure',
      'satisfaction.answer',
      'work_order.reopen',
    ])
      expect(actions).toContain(a)
    // Accounts and today's complaints are created at seeding time; the history happened before `now`.
    const late = all<{ action: string }>(
      "select distinct action from audit_events where created_at > ? and action not in ('user.create', 'complaint.create')",
      now.getTime() + 60_000,
    )
    expect(late).toEqual([])
    // Minutes are published, and measurements fill every target of a delivered decision.
    expect(all<{ n: number }>("select count(*) n from minutes where status <> 'published'")[0]!.n).toBe(0)
    const unmeasured = all<{ n: number }>(
      "select count(*) n from decision_targets t join decisions d on d.id = t.decision_id where d.status = 'delivered' and not exists (select 1 from target_measurements m where m.target_id = t.id)",
    )[0]!
    expect(unmeasured.n).toBe(0)
  })

  it('leaves the demo resident a delivered decision to rate, announced by an unread notification', async () => {
    const pending = all<{ token: string }>(
      "select s.token from satisfaction_ratings s join users u on u.id = s.user_id where u.username = 'resident1' and s.answered_at is null",
    )
    expect(pending).toHaveLength(1)
    const unread = all<{ link: string }>(
      "select n.link from notifications n join users u on u.id = n.user_id where u.username = 'resident1' and n.read_at is null",
    )
    expect(unread).toEqual([{ link: `/rate/${pending[0]!.token}` }])
    const page = await callRoute(rate.loader, makeRequest(`/rate/${pending[0]!.token}`), { token: pending[0]!.token })
    expect(((await page.json()) as { answered: unknown }).answered).toBeNull()
  })

  it('keeps upcoming public meetings in the future', () => {
    const upcoming = all<{ starts_at: number; is_public: number }>("select starts_at, is_public from meetings where status = 'scheduled'")
    expect(upcoming.length).toBeGreaterThanOrEqual(2)
    for (const m of upcoming) expect(m).toMatchObject({ is_public: 1, starts_at: expect.any(Number) })
    for (const m of upcoming) expect(m.starts_at).toBeGreaterThan(now.getTime())
  })
})

describe('the landing page on the fresh demo', () => {
  it('shows the public hot list, recent decisions with their delivery and upcoming open meetings', async () => {
    const res = await callRoute(home.loader, makeRequest('/'))
    expect(res.status).toBe(200)
    const data = (await res.json()) as { hot: { complaints: number }[]; recent: { status: string }[]; upcoming: { startsAt: string }[] }
    expect(data.hot.length).toBeGreaterThanOrEqual(3)
    expect(data.hot.map(h => h.complaints)).toEqual([...data.hot.map(h => h.complaints)].sort((a, b) => b - a))
    expect(data.recent).toHaveLength(5)
    expect(data.recent.some(d => d.status === 'delivered')).toBe(true)
    expect(data.upcoming.length).toBeGreaterThanOrEqual(2)
    // Nothing about the people who wrote in.
    const complainants = db.$client.prepare('select complainant_name n, complainant_phone p from complaints where complainant_name is not null').all() as {
      n: string
      p: string
    }[]
    const text = JSON.stringify(data)
    for (const c of complainants) expect(text).not.toContain(c.p)
  })
})

describe('the landing page after a busy week', () => {
  it('still shows recent deliveries beside the newest decisions', async () => {
    // Six new decisions on public topics, newer than every delivery.
    db.$client
      .prepare(
        `insert into decisions (topic_id, title, status, progress, created_at)
           select topic_id, title || '（新）', 'open', 0, ? from decisions order by id limit 6`,
      )
      .run(Date.now())
    const data = (await (await callRoute(home.loader, makeRequest('/'))).json()) as { recent: { status: string; title: string }[] }
    expect(data.recent).toHaveLength(5)
    expect(data.recent.filter(d => d.status === 'delivered').length).toBeGreaterThanOrEqual(2)
    expect(data.recent.some(d => d.title.endsWith('（新）'))).toBe(true)
  })
})

describe('the answers library on the fresh demo', () => {
  it('lists published answers, the frequent questions above them, and offers one to a resident typing a question it answers', async () => {
    const list = (await (await callRoute(answersIndex.loader, makeRequest('/answers'))).json()) as {
      faqs: { items: { question: string }[] } | null
      results: { question: string }[]
    }
    expect(list.faqs?.items.map(f => f.question).sort()).toEqual(DEMO_FAQ.map(f => f.question).sort())
    expect(list.results.length).toBeGreaterThan(0)
    const q = new URLSearchParams({ subject: '电动车可以在楼道里充电吗', body: '楼下没地方充电，能不能拉根线到楼道里充' })
    const typed = (await (await callRoute(suggest.loader, makeRequest(`/resources/complaint-suggest?${q}`))).json()) as { answers: { question: string }[] }
    expect(typed.answers[0]?.question).toBe('电动自行车能不能在楼道里充电？小区哪里可以充？')
  })

  it('answers the example shown under the search box, the same in both languages', async () => {
    const example = translate('zh', 'answers.search.example')
    expect(translate('en', 'answers.search.example')).toBe(example)
    const found = (await (await callRoute(answersIndex.loader, makeRequest(`/answers?q=${encodeURIComponent(example)}`))).json()) as {
      results: { question: string }[]
    }
    expect(found.results[0]?.question).toBe('垃圾分类投放点几点开放？错过时间的垃圾怎么办？')
  })

  it('searches a long pasted question by its beginning instead of ignoring it', async () => {
    const q = `电动车能不能在楼道里充电，${'我们楼下一直有人这样充电，'.repeat(20)}`
    expect(q.length).toBeGreaterThan(200)
    const found = (await (await callRoute(answersIndex.loader, makeRequest(`/answers?q=${encodeURIComponent(q)}`))).json()) as {
      params: { q?: string }
      results: { question: string }[]
    }
    expect(found.params.q).toBe(q.slice(0, 200))
    expect(found.results[0]?.question).toBe('电动自行车能不能在楼道里充电？小区哪里可以充？')
  })

  it('publishes the demo replies to residents’ complaints without the residents’ names or phones', () => {
    const replies = all<{ text: string; name: string; phone: string }>(
      `select a.public_question || a.public_text || a.public_reply text, c.complainant_name name, c.complainant_phone phone
       from answers a join complaints c on c.id = a.complaint_id where a.status = 'published'`,
    )
    expect(replies).toHaveLength(DEMO_REPLIES.length + DEMO_INQUIRIES.filter(q => q.reply && q.published !== false).length)
    for (const r of replies) {
      expect(r.text).not.toContain(r.name)
      expect(r.text).not.toContain(r.phone)
    }
  })

  it('proposes the inquiries residents keep sending as an FAQ entry, and shows the one still unanswered on the dashboard', async () => {
    const staff = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    const review = (await (await callRoute(answersReview.loader, makeRequest('/answers/review', { cookie: staff.cookie }))).json()) as {
      groups: { question: string; questions: { question: string }[] }[]
      pending: { question: string }[]
    }
    // A reply still awaiting review shows the review itself; it is not yet a source for an FAQ entry.
    expect(review.pending.map(p => p.question)).toEqual(DEMO_INQUIRIES.filter(q => q.reply && q.published === false).map(q => q.subject))
    const answered = DEMO_INQUIRIES.filter(q => q.reply && q.published !== false).map(q => q.subject)
    expect(review.groups.map(g => g.questions.map(q => q.question).sort())).toContainEqual([...answered].sort())
    // The proposed entry asks the question, without the letter's 咨询 or 请问.
    const enrolment = review.groups.find(g => g.questions.length === answered.length)!
    expect(enrolment.question).toMatch(/^(?!咨询|请问).*报名？$/)
    const board = (await (await callRoute(dashboard.loader, makeRequest('/dashboard', { cookie: staff.cookie }))).json()) as {
      answers: { unanswered: { question: string; count: number }[]; views: number; helpful: number; notHelpful: number; inquiriesAvoided: number }
    }
    // Residents have used the library: its figures are not all zero on the first start.
    expect(board.answers.views).toBeGreaterThan(board.answers.helpful + board.answers.notHelpful)
    expect(board.answers.helpful).toBeGreaterThan(board.answers.inquiriesAvoided)
    expect(board.answers.inquiriesAvoided).toBeGreaterThan(0)
    expect(board.answers.notHelpful).toBeGreaterThan(0)
    // Two of the unanswered questions ask the same thing; the others are asked once and are not listed.
    expect(board.answers.unanswered).toEqual([expect.objectContaining({ count: 2 })])
    expect(DEMO_INQUIRIES.filter(q => !q.reply).map(q => q.subject)).toContain(board.answers.unanswered[0]!.question)
  })
})

describe('the demo’s times', () => {
  it('record a report as received when it was received, and hold past meetings in the evening, Beijing time', () => {
    const late = all<{ n: number }>(
      `select count(*) n from complaint_status_events e join complaints c on c.id = e.complaint_id where e.status = 'received' and e.created_at != c.received_at`,
    )[0]!
    expect(late.n).toBe(0)
    const hours = all<{ h: string }>(
      `select distinct strftime('%H', starts_at / 1000 + 8 * 3600, 'unixepoch') h from meetings where starts_at < ?`,
      now.getTime(),
    )
    expect(hours.map(r => r.h)).toEqual(['19'])
  })
})
