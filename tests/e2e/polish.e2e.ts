import Database from 'better-sqlite3'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertApprovedTopic, launchBrowser, login, newContext, watchErrors } from './browser'

// Daily use on a phone (390 px) and a desktop (1366 px): the live console's
// roster, the dashboard's charts, the street overview, tabs and the tracking page.

let browser: Browser
const contexts: BrowserContext[] = []
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1366, height: 900 }

function withDb<T>(fn: (db: Database.Database) => T): T {
  const file = process.env.E2E_DATABASE_PATH
  if (!file) throw new Error('E2E_DATABASE_PATH is not set (run through npm run test:e2e)')
  const db = new Database(file)
  db.pragma('busy_timeout = 5000')
  try {
    return fn(db)
  } finally {
    db.close()
  }
}
const userId = (db: Database.Database, username: string) => (db.prepare('select id from users where username = ?').get(username) as { id: number }).id

/** A private meeting run by facilitator1, with no deliberator yet (scheduling belongs to another area). */
function insertMeeting() {
  return withDb(db => {
    const topicId = insertApprovedTopic(`路口停车 ${Date.now()}`, { db })
    const meetingId = Number(
      db
        .prepare(
          "insert into meetings (topic_id, title, mode, starts_at, is_public, speaker_seconds, status, check_in_token) values (?, '路口停车议事会', 'online', ?, 0, 120, 'scheduled', ?)",
        )
        .run(topicId, Date.now() + 3600_000, `tok-${Date.now()}`).lastInsertRowid,
    )
    db.prepare('insert into agenda_items (meeting_id, position, title, planned_minutes) values (?, 1, ?, 20)').run(meetingId, '方案讨论')
    db.prepare("insert into meeting_participants (meeting_id, user_id, role) values (?, ?, 'facilitator')").run(meetingId, userId(db, 'facilitator1'))
    return meetingId
  })
}

async function person(username: string | null, viewport: { width: number; height: number }, locale = 'zh-CN') {
  const context = await newContext(browser, { locale })
  contexts.push(context)
  const page = await context.newPage()
  await page.setViewportSize(viewport)
  const noErrors = watchErrors(page)
  if (username) await login(page, username)
  return { page, noErrors }
}

const poll = (fn: () => Promise<unknown>) => expect.poll(fn, { timeout: 15_000 })
const people = (page: Page) => page.locator('section[aria-labelledby="people-h"]')
const balance = (page: Page) => page.locator('section[aria-labelledby="balance-h"]')

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  for (const c of contexts) await c.close()
  await browser?.close()
})

describe('the live console', () => {
  it('lists a participant who joins after the console was opened, by name and role, without a reload', { timeout: 90_000 }, async () => {
    const meetingId = insertMeeting()
    const fac = await person('facilitator1', DESKTOP)
    await fac.page.goto(`/meetings/${meetingId}/console`)
    await poll(() => people(fac.page).locator('li', { hasText: '周老师' }).count()).toBe(1)
    // Nobody has spoken because no deliberator is here: it must not claim everyone has.
    await poll(() => balance(fac.page).textContent()).toContain('还没有议事代表进入会议')
    expect(await balance(fac.page).textContent()).not.toContain('每个人都已发过言')

    // She accepts her invitation while the console stays open, and opens the room on her phone.
    withDb(db =>
      db.prepare("insert into meeting_participants (meeting_id, user_id, role) values (?, ?, 'deliberator')").run(meetingId, userId(db, 'resident1')),
    )
    const ann = await person('resident1', PHONE)
    await ann.page.goto(`/meetings/${meetingId}`)
    await ann.page.getByRole('heading', { name: '路口停车议事会' }).waitFor()

    await poll(() => people(fac.page).locator('li', { hasText: '王阿姨' }).count()).toBe(1)
    expect(await people(fac.page).locator('li', { hasText: '王阿姨' }).textContent()).toContain('议事代表')
    await poll(() => people(fac.page).textContent()).toContain('2 人在线')
    await poll(() => balance(fac.page).locator('li', { hasText: '王阿姨' }).count()).toBe(1)
    // Her phone shows the facilitator in its list too.
    await poll(() => people(ann.page).locator('li', { hasText: '周老师' }).count()).toBe(1)
    fac.noErrors()
    ann.noErrors()
  })
})

describe('street staff pages', () => {
  for (const viewport of [PHONE, DESKTOP]) {
    it(`draw the dashboard charts wide enough to read at ${viewport.width} px`, async () => {
      const { page, noErrors } = await person('street1', viewport)
      await page.goto('/dashboard')
      const charts = page.locator('figure.chart')
      await charts.first().waitFor()
      expect(await charts.count()).toBe(4)
      await poll(() =>
        page
          .locator('figure.chart canvas')
          .first()
          .evaluate(c => (c as HTMLCanvasElement).width),
      ).toBeGreaterThan(0)
      const widths = await charts.evaluateAll(els => els.map(e => e.getBoundingClientRect().width))
      const least = viewport.width === 390 ? 330 : 500
      for (const w of widths) expect(w).toBeGreaterThanOrEqual(least)
      // Nothing runs off the side of a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
      noErrors()
    })

    it(`shows where complaints stand on /street, with totals, at ${viewport.width} px`, async () => {
      const { page, noErrors } = await person('street1', viewport)
      await page.goto('/street')
      await page.getByRole('columnheader', { name: '待分拣' }).waitFor({ state: 'attached' })
      await page.getByRole('columnheader', { name: '已办结', exact: true }).waitFor({ state: 'attached' })
      await page.getByRole('rowheader', { name: '合计' }).waitFor({ state: 'attached' })
      const [total, waiting, inSuggestion, inTopic, done] = await page
        .locator('tfoot tr.total td.num .cell-value')
        .evaluateAll(tds => tds.slice(0, 5).map(td => Number(td.textContent)))
      expect(waiting! + inSuggestion! + inTopic! + done!).toBeLessThanOrEqual(total!)
      noErrors()
    })
  }

  it('marks the active topic tab visibly, not only for screen readers', async () => {
    const { page, noErrors } = await person('worker1', DESKTOP)
    await page.goto('/topics?status=approved')
    const tabs = page.locator('main nav').first()
    const active = tabs.locator('a[aria-current="page"]')
    await tabs.waitFor()
    expect(await active.count()).toBe(1)
    const inactive = tabs.locator('a:not([aria-current])').first()
    const bg = (l: typeof active) => l.evaluate(e => getComputedStyle(e).backgroundColor)
    expect(await bg(active)).not.toBe(await bg(inactive))
    noErrors()
  })
})

describe('the tracking page for residents', () => {
  const code = () =>
    withDb(
      db =>
        (
          db.prepare("select tracking_code as code from complaints where status in ('received', 'classified') and channel != 'petition' limit 1").get() as {
            code: string
          }
        ).code,
    )

  it('offers a copy button and says what happens next, in residents’ words', async () => {
    const { page, noErrors } = await person(null, PHONE)
    const c = code()
    await page.goto(`/track/${c}?new=1`)
    await page.getByRole('button', { name: `复制查询码 ${c}` }).waitFor()
    await page.getByRole('heading', { name: '接下来' }).waitFor()
    expect(await page.locator('article .badge').first().textContent()).not.toMatch(/^(已受理|已分类)$/)
    noErrors()
  })

  it('in English shows statuses and the next step in English', async () => {
    const { page, noErrors } = await person(null, DESKTOP, 'en-US')
    await page.goto(`/track/${code()}`)
    await page.getByRole('heading', { name: 'What happens next' }).waitFor()
    const texts = await page.locator('.badge, .next-step, .loop-steps').allTextContents()
    for (const t of texts) expect(t).not.toMatch(/\p{Script=Han}/u)
    noErrors()
  })
})

describe('a department updating a work order', () => {
  it('starts with an empty form after a saved update, so nothing invites a double submit', async () => {
    const orderId = withDb(db => {
      const unit = (code: string) => (db.prepare('select id from units where code = ?').get(code) as { id: number }).id
      const topicId = insertApprovedTopic(`路口停车 ${Date.now()}`, { db })
      const decisionId = Number(db.prepare('insert into decisions (topic_id, title) values (?, ?)').run(topicId, '增设临时停车位').lastInsertRowid)
      return Number(
        db
          .prepare(
            "insert into work_orders (decision_id, department_id, title, problem, due_at, status) values (?, ?, '施划临时停车位', '路口早高峰拥堵', ?, 'in_progress')",
          )
          .run(decisionId, unit('dept-traffic'), Date.now() + 7 * 86_400_000).lastInsertRowid,
      )
    })
    const { page, noErrors } = await person('dept1', PHONE)
    await page.goto(`/orders/${orderId}`)
    const form = page.locator('form[enctype="multipart/form-data"]')
    const note = form.locator('textarea[name="note"]')
    const progress = form.locator('input[name="progress"]')
    await note.fill('已施划 12 个停车位')
    await progress.fill('40')
    await form.getByRole('button', { name: '提交进展' }).click()
    await poll(() => page.getByText('已施划 12 个停车位').count()).toBeGreaterThan(0)
    await poll(() => note.inputValue()).toBe('')
    expect(await progress.inputValue()).toBe('')
    noErrors()
  })
})
