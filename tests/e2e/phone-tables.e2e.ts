import type Database from 'better-sqlite3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, closeBrowserAndDatabase, openBrowserAndDatabase, watchErrors } from './browser'

// A topic's public page on a phone, in English and in large text: the targets, their trend's data and
// the work orders are read as labelled cards, to the last value, with nothing past the screen's edge.

let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(() => closeBrowserAndDatabase(browser, db))

function measuredTopic() {
  return db
    .prepare(
      `select d.topic_id as id from decisions d join topics t on t.id = d.topic_id
       where t.is_public = 1
         and exists (select 1 from decision_targets x join target_measurements m on m.target_id = x.id where x.decision_id = d.id)
         and exists (select 1 from work_orders w where w.decision_id = d.id)
       order by d.id limit 1`,
    )
    .get() as { id: number }
}

/** The page at 390 px with the display preferences a reader chose (language, large text, high contrast). */
async function openOnPhone(prefs: string, path: string) {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 390, height: 844 } })
  await context.addCookies([{ name: 'th_prefs', value: prefs, url: BASE_URL }])
  const page = await context.newPage()
  const noErrors = watchErrors(page)
  await page.goto(path)
  // Every trend's data table is shown: it folds away once its chart is drawn, and is opened again here.
  const charts = await page.locator('figure.chart').count()
  await expect.poll(() => page.locator('figure.chart details:not([open])').count()).toBe(charts)
  for (const summary of await page.locator('figure.chart details > summary').all()) await summary.click()
  await expect.poll(() => page.locator('figure.chart details[open]').count()).toBe(charts)
  return { context, page, noErrors }
}

/** What of the tables does not fit: regions that scroll, and headers, labels or values cut at their box or the card's edge. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const cut: string[] = []
    const width = document.documentElement.clientWidth
    if (document.documentElement.scrollWidth > width) cut.push(`page ${document.documentElement.scrollWidth} > ${width}`)
    for (const wrap of document.querySelectorAll<HTMLElement>('main .table-wrap')) {
      if (wrap.scrollWidth > wrap.clientWidth) cut.push(`region ${wrap.textContent?.slice(0, 30)} scrolls`)
      const edge = wrap.getBoundingClientRect().right
      for (const el of wrap.querySelectorAll<HTMLElement>('caption, tbody th, .cell-label, .cell-value')) {
        if (!el.offsetParent) continue
        if (el.scrollWidth > el.clientWidth || el.getBoundingClientRect().right > edge + 0.5) cut.push(`${el.className || el.tagName}: ${el.textContent}`)
      }
    }
    return cut
  })
}

/** The table regions Tab reaches from the top of the page, by the text of the caption naming each. */
async function regionsReachedByTab(page: Page) {
  const reached = new Set<string>()
  await page.locator('body').focus()
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab')
    const name = await page.evaluate(() => {
      const el = document.activeElement
      if (el?.getAttribute('role') !== 'region' || !el.classList.contains('table-wrap')) return null
      return document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent ?? ''
    })
    if (name !== null) reached.add(name)
  }
  return reached
}

const captions = (page: Page) => page.locator('main .table-wrap caption').allTextContents()

describe('a decision’s tables on a phone', () => {
  for (const [prefs, reader] of [
    ['en.0.0', 'in English'],
    ['zh.1.0', 'in Chinese with large text'],
    ['en.1.1', 'in English with large text and high contrast'],
  ] as const) {
    it(`shows every value with its column’s name and nothing past the edge, ${reader}`, async () => {
      const { context, page, noErrors } = await openOnPhone(prefs, `/public/topics/${measuredTopic().id}`)
      expect(await captions(page)).toHaveLength(3)
      expect(await overflow(page)).toEqual([])
      const labels = await page.locator('main .cell-label').evaluateAll(els => els.map(e => (e as HTMLElement).offsetParent !== null))
      expect(labels.length).toBeGreaterThan(0)
      expect(labels.every(Boolean)).toBe(true)
      noErrors()
      await context.close()
    })
  }

  it('lets the keyboard reach every table region, each named by its caption', async () => {
    const { context, page } = await openOnPhone('en.0.0', `/public/topics/${measuredTopic().id}`)
    const all = await captions(page)
    expect([...(await regionsReachedByTab(page))].sort()).toEqual([...all].sort())
    await context.close()
  })

  it('keeps the tables as tables on a laptop', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 1366, height: 900 } })
    const page = await context.newPage()
    await page.goto(`/public/topics/${measuredTopic().id}`)
    expect(
      await page
        .locator('main table')
        .first()
        .evaluate(t => getComputedStyle(t).display),
    ).toBe('table')
    expect(await page.locator('main .cell-label').count()).toBeGreaterThan(0)
    expect(await page.locator('main .cell-label').evaluateAll(els => els.some(e => (e as HTMLElement).offsetParent !== null))).toBe(false)
    await context.close()
  })
})
