import type Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, closeBrowserAndDatabase, login, openBrowserAndDatabase, watchErrors } from './browser'

// An administrator reading the audit log from the keyboard: after "Show the newest" the focus
// lands on what changed (the notice of the newest entries), not back at the top of the page.

let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(async () => {
  await closeBrowserAndDatabase(browser, db)
})

describe('the audit log’s newest entries from the keyboard', () => {
  for (const locale of ['zh', 'en'] as const)
    it(`“Show the newest” puts the focus on the newest entries, and Tab goes on into them (${locale})`, async () => {
      const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 1366, height: 900 } })
      await context.addCookies([{ name: 'th_prefs', value: `${locale}.0.0`, url: BASE_URL }])
      const page = await context.newPage()
      const done = watchErrors(page)
      await login(page, 'admin')
      // The log as read up to now; then someone changes a unit.
      const { id } = db.prepare('select max(id) as id from audit_events').get() as { id: number }
      await page.goto(`/audit?upto=${id}`)
      db.prepare("insert into audit_events (actor_kind, action, subject_type, subject_id) values ('system', 'unit.update', 'unit', '1')").run()
      await page.reload()
      const show = page.getByRole('link', { name: locale === 'zh' ? '查看最新记录' : 'Show the newest' })
      await show.focus()
      await Promise.all([page.waitForURL(url => !url.search.includes('upto')), page.keyboard.press('Enter')])
      // Wait for the notice itself: right after the click the pressed link still holds the focus.
      await expect.poll(() => page.evaluate(() => !!document.activeElement?.matches('#audit-entries > p.notice'))).toBe(true)
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement
        return {
          tag: el.tagName,
          text: el.textContent ?? '',
          inMain: !!el.closest('main'),
          beforeTable: !!(el.compareDocumentPosition(document.querySelector('main table')!) & Node.DOCUMENT_POSITION_FOLLOWING),
        }
      })
      expect(focused.inMain).toBe(true)
      expect(focused.beforeTable).toBe(true)
      expect(focused.text).toMatch(locale === 'zh' ? /最新/ : /newest/i)
      // The next Tab stop is in the entries (their first link), not the page's header.
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => !!document.activeElement?.closest('main table, main .table-wrap'))).toBe(true)
      done()
      await context.close()
    })
})
