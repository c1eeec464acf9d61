import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as adminPage from '#app/routes/_admin+/admin'
import AuditPage, * as auditPage from '#app/routes/_admin+/audit'
import * as auditCsv from '#app/routes/_admin+/audit.export[.]csv'
import { navFor } from '#app/utils/nav'
import { PAGE_ROLES } from '#app/utils/permissions'
import { AUDIT_ACTIONS, AUDIT_GROUPS, ROUTINE_ACTIONS, auditGroupOf, writeAudit, type Actor, type AuditAction } from '#db/queries/audit'
import { createUnit } from '#db/queries/units'
import { auditEvents } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, insertTopic, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

// The audit log page (/audit): every row, a page at a time, filtered by kind of action, person, unit and
// date; sign-ins and message deliveries hidden unless asked for. Administrators read all of it;
// supervisors read, without changing anything, the events about what lies in their area.

let db: ReturnType<typeof createTestDb>
let u: ReturnType<typeof seedTestUnits>
let admin: Awaited<ReturnType<typeof createLoggedInUser>>
let supervisor: Awaited<ReturnType<typeof createLoggedInUser>>
let worker: Awaited<ReturnType<typeof createLoggedInUser>>
let resident: Awaited<ReturnType<typeof createLoggedInUser>>
let ours: number
let theirs: number

type Row = { id: number; action: string; subjectType: string; subjectId: string | null; actorName: { username: string } | null; actorKind: string }
type Page = { rows: Row[]; total: number; page: number; pages: number }

const at = (iso: string) => new Date(iso)
function audit(actor: Actor, action: AuditAction, subject: { type: Parameters<typeof writeAudit>[3]['type']; id?: number }, when?: Date) {
  writeAudit(db, actor, action, subject)
  if (when) {
    const last = db.select({ id: auditEvents.id }).from(auditEvents).all().at(-1)!
    db.update(auditEvents).set({ createdAt: when }).where(eq(auditEvents.id, last.id)).run()
  }
}

const load = async (url: string, cookie: string) => {
  const res = await callRoute(auditPage.loader, makeRequest(url, { cookie }))
  expect(res.status, url).toBe(200)
  return (await res.json()) as Page & Record<string, unknown>
}

beforeEach(async () => {
  db = createTestDb()
  u = seedTestUnits(db)
  const otherStreet = createUnit(db, { kind: 'street', code: 'gs-dq', nameZh: '大关街道', nameEn: 'Daguan', parentId: u.district.id })
  const otherCommunity = createUnit(db, { kind: 'community', code: 'gs-dq-1', nameZh: '德胜社区', nameEn: 'Desheng', parentId: otherStreet.id })
  admin = await createLoggedInUser(db, 'admin', null)
  supervisor = await createLoggedInUser(db, 'supervisor', 'gs-xh')
  worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  resident = await createLoggedInUser(db, 'resident', 'gs-czq')
  ours = insertTopic(db, { unitId: u.czq.id, status: 'suggested', title: '长征桥路口拥堵' }).id
  theirs = insertTopic(db, { unitId: otherCommunity.id, status: 'suggested', title: '德胜路灯不亮' }).id
  // The log starts here, not with the test accounts' creation.
  db.delete(auditEvents).run()
  const w: Actor = { kind: 'user', id: worker.id }
  audit(w, 'topic.approve', { type: 'topic', id: ours }, at('2026-11-02T02:00:00Z'))
  audit(w, 'topic.reject', { type: 'topic', id: theirs }, at('2026-11-03T02:00:00Z'))
  audit({ kind: 'user', id: resident.id }, 'complaint.create', { type: 'complaint', id: 1 }, at('2026-11-03T03:00:00Z'))
  audit({ kind: 'user', id: resident.id }, 'topic.follow', { type: 'topic', id: ours }, at('2026-11-03T04:00:00Z'))
  audit({ kind: 'user', id: admin.id }, 'user.create', { type: 'user', id: worker.id }, at('2026-11-04T02:00:00Z'))
  // A busy morning: 130 sign-ins and 24 text messages after the day's decisions.
  for (let i = 0; i < 130; i++) audit(w, 'session.login', { type: 'user', id: worker.id })
  for (let i = 0; i < 24; i++) audit({ kind: 'system' }, 'message.sent', { type: 'message', id: i + 1 })
})

describe('the kinds of action', () => {
  it('put every action the application records in exactly one kind', () => {
    for (const a of AUDIT_ACTIONS) expect(AUDIT_GROUPS, a).toContain(auditGroupOf(a))
    expect(auditGroupOf('answer.withdrawn')).toBe('answers')
    expect(auditGroupOf('topic.reject')).toBe('topics')
    expect(auditGroupOf('work_order.transition')).toBe('orders')
    expect(auditGroupOf('session.login')).toBe('accounts')
    expect(auditGroupOf('message.sent')).toBe('messages')
    expect(ROUTINE_ACTIONS).toEqual(expect.arrayContaining(['session.login', 'message.sent', 'message.failed']))
    // An administrator resending a message is an action, not a delivery.
    expect(ROUTINE_ACTIONS).not.toContain('message.resend')
  })
})

describe('the administration page', () => {
  it('lists the latest actions people took, not the residents’ taps on “this answered my question”', async () => {
    for (let i = 0; i < 40; i++) audit({ kind: 'anonymous' }, i % 2 ? 'answer.feedback.helpful' : 'answer.feedback.avoided', { type: 'answer', id: 1 })
    const res = await callRoute(adminPage.loader, makeRequest('/admin', { cookie: admin.cookie }))
    const data = (await res.json()) as { audit: Row[] }
    expect(data.audit.map(r => r.action)).toEqual(['user.create', 'topic.follow', 'complaint.create', 'topic.reject', 'topic.approve'])
    const all = await load('/audit?routine=1', admin.cookie)
    expect(all.rows.filter(r => r.action.startsWith('answer.feedback.'))).toHaveLength(40)
  })
})

describe('the audit log page, for administrators', () => {
  it('keeps the day’s actions on the first page behind a busy morning of sign-ins and messages', async () => {
    const data = await load('/audit', admin.cookie)
    expect(data.rows.map(r => r.action)).toEqual(['user.create', 'topic.follow', 'complaint.create', 'topic.reject', 'topic.approve'])
    expect(data.total).toBe(5)
    const all = await load('/audit?routine=1', admin.cookie)
    expect(all.total).toBe(5 + 130 + 24)
    expect(all.rows).toHaveLength(50)
    expect(all.pages).toBe(4)
    const last = await load('/audit?routine=1&page=4', admin.cookie)
    expect(last.rows.map(r => r.action).slice(-5)).toEqual(['user.create', 'topic.follow', 'complaint.create', 'topic.reject', 'topic.approve'])
  })

  it('keeps the pages a reader is turning where they were while new rows arrive, and says how many arrived', async () => {
    const first = await load('/audit?routine=1', admin.cookie)
    const upTo = first.upTo as number
    expect(upTo).toBe(first.rows[0].id)
    const html = await renderPage(AuditPage, { path: '/audit?routine=1', locale: 'zh', loaderData: first })
    expect(html).toContain(`href="/audit?routine=1&amp;upto=${upTo}&amp;page=2"`)
    const secondBefore = await load(`/audit?routine=1&upto=${upTo}&page=2`, admin.cookie)
    // Three sign-ins while the reader reads page 1.
    for (let i = 0; i < 3; i++) audit({ kind: 'user', id: worker.id }, 'session.login', { type: 'user', id: worker.id })
    const secondAfter = await load(`/audit?routine=1&upto=${upTo}&page=2`, admin.cookie)
    expect(secondAfter.rows.map(r => r.id)).toEqual(secondBefore.rows.map(r => r.id))
    expect(secondAfter.total).toBe(first.total)
    expect(secondAfter.newer).toBe(3)
    for (const locale of ['zh', 'en'] as const) {
      const page = await renderPage(AuditPage, { path: `/audit?routine=1&upto=${upTo}&page=2`, locale, loaderData: secondAfter })
      expect(page).toContain(locale === 'zh' ? '又新增了 3 条记录' : '3 new since you opened the log')
      // The way back to the newest rows drops the bound and the page, and keeps the filters.
      expect(page).toContain('href="/audit?routine=1#audit-entries"')
    }
    // Opened afresh, the log starts from the newest row.
    const fresh = await load('/audit?routine=1', admin.cookie)
    expect(fresh.total).toBe(first.total + 3)
    expect(fresh.newer).toBe(0)
    // A bound that cannot be read is left out.
    expect((await load('/audit?routine=1&upto=abc', admin.cookie)).total).toBe(first.total + 3)
  })

  it('filters by kind of action, person, unit and date', async () => {
    expect((await load('/audit?group=topics', admin.cookie)).rows.map(r => r.action)).toEqual(['topic.follow', 'topic.reject', 'topic.approve'])
    expect((await load(`/audit?actor=${worker.username}`, admin.cookie)).rows.map(r => r.action)).toEqual(['topic.reject', 'topic.approve'])
    expect((await load(`/audit?actor=${worker.username}&routine=1`, admin.cookie)).total).toBe(132)
    expect((await load('/audit?actor=nobody-at-all', admin.cookie)).total).toBe(0)
    expect((await load(`/audit?unit=${u.czq.id}`, admin.cookie)).rows.map(r => [r.action, r.subjectId])).toEqual([
      ['topic.follow', String(ours)],
      ['topic.approve', String(ours)],
    ])
    // China time: 3 November runs from 2 November 16:00 UTC.
    expect((await load('/audit?from=2026-11-03&to=2026-11-03', admin.cookie)).rows.map(r => r.action)).toEqual([
      'topic.follow',
      'complaint.create',
      'topic.reject',
    ])
    // What cannot be read is left out rather than refused.
    expect((await load('/audit?group=nonsense&from=yesterday&page=-3', admin.cookie)).total).toBe(5)
  })

  it('is a page of links and a GET form, in words, that works without JavaScript', async () => {
    for (const locale of ['zh', 'en'] as const) {
      const loaderData = await load('/audit?routine=1&group=accounts', admin.cookie)
      const html = await renderPage(AuditPage, { path: '/audit?routine=1&group=accounts', locale, loaderData })
      expect(html).toMatch(/<form[^>]*method="get"/)
      expect(html).toContain(locale === 'zh' ? '登录' : 'logged in')
      expect(html).toContain(
        locale === 'zh' ? '显示登录、短信发送与居民对答复的反馈记录' : 'Show sign-ins, message deliveries and residents’ feedback on answers',
      )
      // The next page keeps the filters.
      expect(html).toMatch(/href="\/audit\?routine=1&amp;group=accounts&amp;upto=\d+&amp;page=2"/)
      expect(html).toContain('href="/audit/export.csv?routine=1&amp;group=accounts"')
    }
  })

  it('exports the filtered rows as CSV, every page of them', async () => {
    const res = await callRoute(auditCsv.loader, makeRequest('/audit/export.csv?routine=1&group=accounts', { cookie: `${admin.cookie}; th_prefs=en.0.0` }))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines).toHaveLength(1 + 131)
    expect(lines[1]).toContain('session.login')
    expect(lines[1]).toContain(worker.username)
  })
})

describe('the audit log page, for supervisors', () => {
  it('is in the supervisor’s navigation and opens to supervisors and administrators only', async () => {
    expect(navFor(['supervisor']).map(n => n.to)).toContain('/audit')
    expect(navFor(['admin']).map(n => n.to)).toContain('/audit')
    expect(PAGE_ROLES['/audit']).toEqual(['supervisor'])
    for (const who of [worker, resident]) {
      expect((await callRoute(auditPage.loader, makeRequest('/audit', { cookie: who.cookie }))).status).toBe(403)
      expect((await callRoute(auditCsv.loader, makeRequest('/audit/export.csv', { cookie: who.cookie }))).status).toBe(403)
    }
  })

  it('shows only the events about what lies in their area, with residents unnamed', async () => {
    const data = await load('/audit?routine=1', supervisor.cookie)
    expect(data.rows.map(r => r.action)).toEqual(['topic.follow', 'topic.approve'])
    const follow = data.rows[0]!
    expect(follow.actorName).toBeNull()
    expect(follow.actorKind).toBe('resident')
    expect(JSON.stringify(data)).not.toContain(resident.username)
    expect(JSON.stringify(data)).not.toContain('测试resident')
    expect(data.rows[1]!.actorName?.username).toBe(worker.username)
    // Asking for a unit outside the area, or for a resident by name, does not widen it.
    const otherCommunity = (data.units as { id: number; code: string }[]).find(x => x.code === 'gs-dq-1')
    expect(otherCommunity).toBeUndefined()
    expect((await load(`/audit?unit=${u.district.id}`, supervisor.cookie)).rows.map(r => r.action)).toEqual(['topic.follow', 'topic.approve'])
    expect((await load(`/audit?actor=${resident.username}`, supervisor.cookie)).total).toBe(0)
    const csv = await (await callRoute(auditCsv.loader, makeRequest('/audit/export.csv', { cookie: supervisor.cookie }))).text()
    expect(csv).toContain('topic.approve')
    expect(csv).not.toContain('topic.reject')
    expect(csv).not.toContain(resident.username)
  })
})
