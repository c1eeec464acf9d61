import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, login, watchErrors } from './browser'

// The street dashboard on the narrowest phones (320 px) and a common one (390 px), in Chinese and
// in English: its charts, once drawn, and every box beside them fit the screen, so the page never
// scrolls sideways.

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

async function streetOn(width: number, locale: 'zh' | 'en'): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width, height: 800 } })
  await context.addCookies([{ name: 'th_prefs', value: `${locale}.0.0`, url: BASE_URL }])
  const page = await context.newPage()
  await login(page, 'street1')
  return page
}

describe('the street dashboard on a narrow phone', () => {
  for (const width of [320, 390])
    for (const locale of ['zh', 'en'] as const)
      it(`fits ${width} px without scrolling sideways, its charts drawn inside their cards (${locale})`, async () => {
        const page = await streetOn(width, locale)
        const done = watchErrors(page)
        await page.goto('/dashboard?period=all')
        // The drawing is there once the data table folds away.
        await page.locator('figure.chart details:not([open])').first().waitFor()
        const charts = await page.evaluate(() =>
          [...document.querySelectorAll('figure.chart')].map(f => ({
            title: f.querySelector('figcaption')!.textContent,
            figure: f.getBoundingClientRect().right,
            canvas: f.querySelector('canvas')!.getBoundingClientRect().right,
          })),
        )
        expect(charts.length).toBeGreaterThan(0)
        for (const c of charts) {
          expect(c.figure, c.title ?? '').toBeLessThanOrEqual(width)
          expect(c.canvas, c.title ?? '').toBeLessThanOrEqual(c.figure)
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
        done()
        await page.context().close()
      })
})
