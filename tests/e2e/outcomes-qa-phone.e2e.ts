// The street office's figures on a phone: the answers library's most viewed answers read to
// their last column, with nothing to scroll sideways, in Chinese and in English.
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

describe('the answers figures on the dashboard at 390 px', () => {
  for (const [locale, helpful] of [
    ['zh-CN', '“有帮助”占比'],
    ['en-US', 'Found helpful'],
  ] as const) {
    it(`show every answer’s helpful rate without sideways scrolling (${locale})`, async () => {
      const context = await newContext(browser, { locale })
      const page = await context.newPage()
      const noErrors = watchErrors(page)
      await login(page, 'street1')
      await page.goto('/dashboard')
      const section = page.locator('section[aria-labelledby="answers-figures"]')
      await section.waitFor()
      const cut = await section.evaluate(s => {
        const edge = s.getBoundingClientRect().right
        const out: string[] = []
        for (const wrap of s.querySelectorAll<HTMLElement>('.table-wrap')) if (wrap.scrollWidth > wrap.clientWidth) out.push('the table scrolls sideways')
        for (const cell of s.querySelectorAll<HTMLElement>('td, th'))
          if (cell.offsetParent && cell.getBoundingClientRect().right > edge + 0.5) out.push(`past the edge: ${cell.textContent}`)
        return out
      })
      expect(cut).toEqual([])
      // Each answer's rate is named by its column, so a phone reader knows which figure is which.
      const rows = await section.getByRole('table').getByRole('row').count()
      expect(rows).toBeGreaterThan(1)
      expect(await section.getByText(helpful).count()).toBeGreaterThanOrEqual(rows)
      noErrors()
      await context.close()
    })
  }
})
