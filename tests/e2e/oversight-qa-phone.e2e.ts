import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, login, watchErrors } from './browser'

// The street office's figures on a phone (390 px), in Chinese and in English: a chart's data table
// fits the screen (its rows stack as cards) so nobody scrolls sideways inside a box, and each card of
// the dashboard's hot list opens with one heading line, rank and title together.

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

async function streetOn(width: number, locale: 'zh' | 'en'): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width, height: 844 } })
  await context.addCookies([{ name: 'th_prefs', value: `${locale}.0.0`, url: BASE_URL }])
  const page = await context.newPage()
  await login(page, 'street1')
  return page
}

/** Each chart's data table, opened: how wide its content is beside the box it sits in. */
async function chartTables(page: Page) {
  await page.locator('figure.chart details').first().waitFor()
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLDetailsElement>('figure.chart details')].map(d => {
      d.open = true
      const box = d.querySelector<HTMLElement>('.table-wrap')!
      return { title: d.closest('figure')!.querySelector('figcaption')!.textContent, content: box.scrollWidth, box: box.clientWidth }
    }),
  )
}

describe('charts’ data tables on a phone', () => {
  for (const locale of ['zh', 'en'] as const)
    for (const path of ['/dashboard?period=all', '/reports?months=12'])
      it(`fit the screen, nothing to scroll sideways inside them: ${path} (${locale})`, async () => {
        const page = await streetOn(390, locale)
        const done = watchErrors(page)
        await page.goto(path)
        const tables = await chartTables(page)
        expect(tables.length).toBeGreaterThan(0)
        for (const t of tables) expect(t.content, t.title ?? '').toBeLessThanOrEqual(t.box + 1)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
        done()
        await page.context().close()
      })
})

describe('the hot list on a phone', () => {
  for (const locale of ['zh', 'en'] as const)
    it(`reads rank and title as one heading line on each card (${locale})`, async () => {
      const page = await streetOn(390, locale)
      await page.goto('/dashboard?period=all')
      const heading = locale === 'zh' ? '民意热点榜' : /hot list/i
      const table = page
        .locator('section > .table-wrap')
        .filter({ has: page.locator('table') })
        .last()
      await expect.poll(() => page.getByRole('heading', { name: heading }).count()).toBe(1)
      const cards = await table.evaluate(wrap =>
        [...wrap.querySelectorAll('tbody tr')].slice(0, 3).map(tr => {
          const th = tr.querySelector('th')!
          const first = tr.firstElementChild as HTMLElement
          // The rank and the title's first character: on one line when their boxes share a top.
          const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT)
          const tops: number[] = []
          let wanted = (th.textContent ?? '').trimStart().replace(/^(\d+\.?\s*).*$/s, '$1').length + 1
          for (let n = walker.nextNode(); n && wanted > 0; n = walker.nextNode()) {
            const text = n.textContent ?? ''
            for (let k = 0; k < text.length && wanted > 0; k++) {
              if (!text[k]!.trim()) continue
              const range = document.createRange()
              range.setStart(n, k)
              range.setEnd(n, k + 1)
              tops.push(Math.round(range.getBoundingClientRect().top))
              wanted--
            }
          }
          return {
            firstIsHeading: first === th,
            heading: th.textContent ?? '',
            top: th.getBoundingClientRect().top - tr.getBoundingClientRect().top,
            lines: Math.max(...tops) - Math.min(...tops) < 8 ? 1 : 2,
          }
        }),
      )
      expect(cards.length).toBeGreaterThan(0)
      cards.forEach((c, i) => {
        // The card begins with its heading, and the heading begins with the rank.
        expect(c.firstIsHeading).toBe(true)
        expect(c.top).toBeLessThan(16)
        expect(c.heading.trim()).toMatch(new RegExp(`^${i + 1}\\D`))
        expect(c.lines, c.heading).toBe(1)
      })
      await page.context().close()
    })
})
