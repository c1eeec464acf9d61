import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, login, watchErrors } from './browser'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('the suggested topics a worker ticks to merge', () => {
  for (const width of [1366, 390]) {
    it(`sit each tick box on its title’s first line (${width} px)`, async () => {
      const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width, height: 900 } })
      const page = await context.newPage()
      const noErrors = watchErrors(page)
      await login(page, 'worker1')
      await page.goto('/topics')
      const rows = await page.locator('[data-testid="topic-list"] > li').evaluateAll(items =>
        items.slice(0, 5).map(li => {
          const box = li.querySelector('input[type="checkbox"]')!.getBoundingClientRect()
          // The first line of the title as drawn (a long title wraps on a phone).
          const range = document.createRange()
          range.selectNodeContents(li.querySelector('a strong')!)
          const line = range.getClientRects()[0]!
          return { box: { top: box.top, bottom: box.bottom, left: box.left }, line: { top: line.top, bottom: line.bottom, left: line.left } }
        }),
      )
      // Other browser tests merge some of the demo's suggestions before this one runs.
      expect(rows.length).toBeGreaterThanOrEqual(3)
      for (const { box, line } of rows) {
        // Centred on the line within 2 px, and before it.
        expect(Math.abs((box.top + box.bottom) / 2 - (line.top + line.bottom) / 2)).toBeLessThanOrEqual(2)
        expect(box.left).toBeLessThan(line.left)
      }
      // The box stays a target a thumb can hit.
      const label = await page.locator('[data-testid="topic-list"] > li label').first().boundingBox()
      expect(label!.height).toBeGreaterThanOrEqual(44)
      noErrors()
      await context.close()
    })
  }
})
