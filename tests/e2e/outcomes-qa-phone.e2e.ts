// The street office's pages on a phone: the answers library's most viewed answers, a
// decision's work orders and callback list, the monthly report's figures by community
// and the dashboard's hot list, read to their last column with nothing to scroll
// sideways, in Chinese and in English.
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

describe('a decision’s work orders and callbacks at 390 px', () => {
  for (const [locale, due, rating] of [
    ['zh-CN', '截止日期', '评分'],
    ['en-US', 'Due', 'Rating'],
  ] as const) {
    it(`read as labelled cards, nothing past the screen’s edge (${locale})`, async () => {
      // A decision with work orders whose residents were asked for a rating.
      const { id } = db
        .prepare(
          `select d.id from decisions d where exists (select 1 from work_orders w where w.decision_id = d.id)
             and exists (select 1 from satisfaction_ratings r where r.decision_id = d.id) order by d.id limit 1`,
        )
        .get() as { id: number }
      const context = await newContext(browser, { locale })
      const page = await context.newPage()
      const noErrors = watchErrors(page)
      await login(page, 'street1')
      await page.goto(`/decisions/${id}`)
      const cut = await page.evaluate(() => {
        const out: string[] = []
        for (const wrap of document.querySelectorAll<HTMLElement>('main .table-wrap')) {
          if (wrap.scrollWidth > wrap.clientWidth) out.push(`${wrap.querySelector('caption')?.textContent} scrolls sideways`)
          const edge = wrap.getBoundingClientRect().right
          for (const cell of wrap.querySelectorAll<HTMLElement>('td, th'))
            if (cell.offsetParent && cell.getBoundingClientRect().right > edge + 0.5) out.push(`past the edge: ${cell.textContent}`)
        }
        return out
      })
      expect(cut).toEqual([])
      // Each value is named on the card, so a phone reader knows which is the due date and which the rating.
      expect(await page.locator('main .cell-label', { hasText: due }).count()).toBeGreaterThan(0)
      expect(await page.locator('main .cell-label', { hasText: rating }).count()).toBeGreaterThan(0)
      noErrors()
      await context.close()
    })
  }
})

describe('the monthly report at 390 px', () => {
  for (const [locale, rate] of [
    ['zh-CN', '满意率'],
    ['en-US', 'Satisfaction rate'],
  ] as const) {
    it(`gives each community’s figures as a labelled card, nothing to scroll sideways (${locale})`, async () => {
      const context = await newContext(browser, { locale })
      const page = await context.newPage()
      const noErrors = watchErrors(page)
      await login(page, 'street1')
      await page.goto('/reports/monthly')
      const wraps = await page.locator('main .table-wrap').evaluateAll(ws => ws.filter(w => w.scrollWidth > w.clientWidth).length)
      expect(wraps).toBe(0)
      expect(await page.locator('main .cell-label', { hasText: rate }).count()).toBeGreaterThan(0)
      noErrors()
      await context.close()
    })
  }
})

describe('the dashboard’s hot list at 390 px', () => {
  for (const [locale, caption, heat] of [
    ['zh-CN', '民意热点榜', '热度'],
    ['en-US', 'Public-opinion hot list', 'Heat'],
  ] as const) {
    it(`gives each topic as a labelled card, nothing to scroll sideways (${locale})`, async () => {
      const context = await newContext(browser, { locale })
      const page = await context.newPage()
      const noErrors = watchErrors(page)
      await login(page, 'street1')
      await page.goto('/dashboard')
      const wrap = page.locator('main .table-wrap', { has: page.locator('caption', { hasText: caption }) })
      expect(await wrap.evaluate(w => w.scrollWidth > w.clientWidth)).toBe(false)
      expect(await wrap.locator('.cell-label', { hasText: heat }).count()).toBeGreaterThan(0)
      noErrors()
      await context.close()
    })
  }
})
