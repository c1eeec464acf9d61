// A resident unhappy with the result rates it from their own page, asks for it
// to be redone, and follows it on the report's tracking page: the form's
// problems take the keyboard focus, the tracking page says the work is being
// done again and since when, and the reopened order has a deadline ahead of it.
import type Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowserAndDatabase, login, newContext, openBrowserAndDatabase, watchErrors } from './browser'

let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(() => closeBrowserAndDatabase(browser, db))

const DAY = 86400_000

/**
 * resident1's report in 长征桥社区, settled after its topic's decision was
 * delivered: one work order sent 40 days ago with 14 days to do it, verified,
 * and a rating asked of resident1 (prepared in the database).
 */
function deliveredReport(stamp: number) {
  const now = Date.now()
  const one = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T
  const unit = (code: string) => one<{ id: number }>('select id from units where code = ?', code).id
  const resident = one<{ id: number }>("select id from users where username = 'resident1'").id
  // A code of its own: the stamp's digits spelled in the code's alphabet (no 0 or 1).
  const code = `TH-REOPN-${[...String(stamp).slice(-5)].map(d => 'ABCDEFGHJK'[Number(d)]).join('')}`
  const complaint = one<{ id: number }>(
    `insert into complaints (tracking_code, channel, community_id, unit_id, subject, body, received_at, status, content_hash, complainant_user_id)
     values (?, 'web', ?, ?, ?, '雨天路口积水，行人只能绕行。', ?, 'resolved', ?, ?) returning id`,
    code,
    unit('gs-czq'),
    unit('gs-czq'),
    `长征桥路口积水 ${stamp}`,
    now - 60 * DAY,
    `reopen-${stamp}`,
    resident,
  )
  const status = db.prepare('insert into complaint_status_events (complaint_id, status, created_at) values (?, ?, ?)')
  status.run(complaint.id, 'received', now - 60 * DAY)
  status.run(complaint.id, 'in_topic', now - 55 * DAY)
  status.run(complaint.id, 'resolved', now - 5 * DAY)
  const topic = one<{ id: number }>(
    "insert into topics (unit_id, status, title, place, category) values (?, 'approved', ?, '长征桥路口', '市政设施') returning id",
    unit('gs-czq'),
    `长征桥路口积水议题 ${stamp}`,
  )
  db.prepare('insert into topic_complaints (topic_id, complaint_id) values (?, ?)').run(topic.id, complaint.id)
  const title = `疏通长征桥路口雨水管 ${stamp}`
  const decision = one<{ id: number }>(
    "insert into decisions (topic_id, title, status, progress, delivered_at) values (?, ?, 'delivered', 100, ?) returning id",
    topic.id,
    title,
    now - 6 * DAY,
  )
  const sent = now - 40 * DAY
  const oldDue = sent + 14 * DAY
  const order = one<{ id: number }>(
    `insert into work_orders (decision_id, department_id, title, problem, place, priority, due_at, status, progress, version, created_at)
     values (?, ?, '疏通雨水管', '路口积水', '长征桥路口', 'normal', ?, 'verified', 100, 6, ?) returning id`,
    decision.id,
    unit('dept-traffic'),
    oldDue,
    sent,
  )
  const ev = db.prepare('insert into work_order_events (work_order_id, kind, from_status, to_status, progress, created_at) values (?, ?, ?, ?, ?, ?)')
  ev.run(order.id, 'transition', null, 'draft', 0, sent)
  ev.run(order.id, 'transition', 'draft', 'dispatched', 0, sent)
  ev.run(order.id, 'transition', 'dispatched', 'accepted', 20, sent + DAY)
  ev.run(order.id, 'transition', 'accepted', 'in_progress', 50, sent + 2 * DAY)
  ev.run(order.id, 'transition', 'in_progress', 'awaiting_verification', 100, now - 8 * DAY)
  ev.run(order.id, 'transition', 'awaiting_verification', 'verified', 100, now - 6 * DAY)
  db.prepare("insert into satisfaction_ratings (decision_id, complaint_id, user_id, audience, token) values (?, ?, ?, 'complainant', ?)").run(
    decision.id,
    complaint.id,
    resident,
    `reopen-${stamp}`,
  )
  return { code, title, topicId: topic.id, orderId: order.id, oldDue }
}

const zhDate = (ms: number) => {
  const d = new Date(ms + 8 * 3600_000)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

describe('a resident asks for the work to be redone and follows it on the tracking page', () => {
  it(
    'rates from their page, is taken to the missing score, reopens, and the tracking and topic pages show the work under way again',
    { timeout: 90_000 },
    async () => {
      const report = deliveredReport(Date.now())
      const context = await newContext(browser)
      const page = await context.newPage()
      const noErrors = watchErrors(page, [400])
      await login(page, 'resident1')
      await page.goto('/me')
      await page.getByTestId('my-ratings').getByRole('listitem').filter({ hasText: report.title }).getByRole('link').click()
      await page.waitForURL(/\/rate\//)

      // Sent without a score: the keyboard focus goes to the score, whose message is read with it.
      await page.getByRole('checkbox', { name: '问题没有解决，申请重新办理' }).check()
      await page.getByRole('button', { name: '提交' }).click()
      await page.locator('#rating-error').waitFor()
      await expect
        .poll(() => page.evaluate(() => [document.activeElement?.getAttribute('name'), document.activeElement?.getAttribute('aria-describedby')]))
        .toEqual(['rating', 'rating-error'])
      expect(await page.getByRole('checkbox', { name: '问题没有解决，申请重新办理' }).isChecked()).toBe(true)

      // The score chosen by keyboard from there, and sent.
      await page.getByRole('radio', { name: /^2 · / }).check()
      await page.getByRole('button', { name: '提交' }).click()
      // The thanks that replaces the form (the form's own hint says the same words before anything is sent).
      await page.getByTestId('rate-done').waitFor()
      expect(await page.getByTestId('rate-done').textContent()).toContain('我们会重新处理这个问题。')

      await page.goto(`/track/${report.code}`)
      const article = page.locator('article')
      expect(await article.locator('.badge').first().textContent()).toBe('重新办理中')
      const next = await page.locator('section.next-step p').textContent()
      expect(next).toContain('正在重新办理')
      expect(next).not.toContain('问题已经解决')
      expect(await page.locator('ol.loop-steps li[aria-current="step"]').textContent()).toBe('重新办理中')
      expect(await page.locator('ol.loop-steps li.done').count()).toBe(4)
      const history = page.locator('li[data-reopened]')
      expect(await history.count()).toBe(1)
      expect(await history.textContent()).toContain('应居民要求重新办理')
      expect(await history.textContent()).toContain(zhDate(Date.now()))

      // The reopened order is not overdue the moment it reopens: it is due as long from now as it was first given.
      const due = (db.prepare('select due_at from work_orders where id = ?').get(report.orderId) as { due_at: number }).due_at
      expect(zhDate(due)).toBe(zhDate(Date.now() + 14 * DAY))
      await page.goto(`/public/topics/${report.topicId}`)
      await page.getByText(zhDate(due)).first().waitFor()
      expect(await page.getByText(zhDate(report.oldDue)).count()).toBe(0)
      noErrors()
      await context.close()
    },
  )
})
