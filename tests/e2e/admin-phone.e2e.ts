import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, login, watchErrors } from './browser'

// An administrator on a phone (390 px), in Chinese and in English: each message in the outbox reads
// whole, beside what it is, with nothing past the screen's edge; on a laptop it stays a table.

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

async function adminOn(width: number, locale: 'zh' | 'en'): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width, height: width < 600 ? 844 : 900 } })
  await context.addCookies([{ name: 'th_prefs', value: `${locale}.0.0`, url: BASE_URL }])
  const page = await context.newPage()
  await login(page, 'admin')
  return page
}

/** Each message's text box: its width and where its right edge ends, beside the screen's width. */
function messageBoxes(page: Page) {
  return page.evaluate(() => ({
    screen: document.documentElement.clientWidth,
    pageWidth: document.documentElement.scrollWidth,
    boxes: [...document.querySelectorAll<HTMLElement>('[data-testid="outbox-body"]')].map(b => {
      const r = b.getBoundingClientRect()
      return { width: Math.round(r.width), right: Math.round(r.right) }
    }),
  }))
}

describe('the outbox on a phone', () => {
  for (const locale of ['zh', 'en'] as const)
    it(`shows each message whole within the screen, a dozen characters a line or more (${locale})`, async () => {
      const page = await adminOn(390, locale)
      const noErrors = watchErrors(page)
      await page.goto('/admin/outbox')
      const { screen, pageWidth, boxes } = await messageBoxes(page)
      expect(boxes.length).toBeGreaterThan(0)
      expect(pageWidth).toBe(screen)
      for (const box of boxes) {
        expect(box.right).toBeLessThanOrEqual(screen)
        // A dozen characters a line at least, not three or four.
        expect(box.width).toBeGreaterThan(180)
      }
      // Who it went to is still said beside each message.
      expect(await page.locator('[data-testid="outbox-phone"]').first().isVisible()).toBe(true)
      noErrors()
      await page.context().close()
    })

  it('stays a table on a laptop', async () => {
    const page = await adminOn(1366, 'zh')
    await page.goto('/admin/outbox')
    expect(await page.locator('main table thead').first().isVisible()).toBe(true)
    await page.context().close()
  })
})
