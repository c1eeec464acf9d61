// The answers library's totals on the street dashboard: each figure on its label's
// line, the figures in one column, at a phone's width and on a desktop.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, login, newContext, watchErrors } from './browser'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

describe('the answers library totals on the dashboard', () => {
  for (const width of [390, 1366]) {
    it(`put each figure beside its label, the figures lined up (${width} px)`, async () => {
      const context = await newContext(browser)
      const page = await context.newPage()
      await page.setViewportSize({ width, height: 900 })
      const noErrors = watchErrors(page)
      await login(page, 'street1')
      await page.goto('/dashboard')
      const totals = page.locator('section[aria-labelledby="answers-figures"] dl')
      await totals.waitFor()
      const pairs = await totals.evaluate(dl =>
        [...dl.querySelectorAll('dt')].map(dt => {
          const dd = dt.nextElementSibling as HTMLElement
          const label = dt.getBoundingClientRect()
          const value = dd.getBoundingClientRect()
          return { label: dt.textContent, sameLine: Math.abs(value.top - label.top) < 4 && value.left >= label.right, left: Math.round(value.left) }
        }),
      )
      expect(pairs).toHaveLength(4)
      expect(pairs.filter(p => !p.sameLine).map(p => p.label)).toEqual([])
      expect(new Set(pairs.map(p => p.left)).size).toBe(width < 768 ? 1 : 2)
      noErrors()
      await context.close()
    })
  }
})
