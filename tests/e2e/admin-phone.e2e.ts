import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, login, watchErrors } from './browser'

// An administrator on a phone (390 px), in Chinese and in English: each message in the outbox reads
// whole, beside what it is, and each keyword of the taxonomy editor is a card whose fields (the word,
// its weight, synonyms, the box to delete it) are named on the screen, with nothing past the screen's
// edge; on a laptop both stay tables.

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

/** The keyword editor's fields: where each ends, how wide it is, and the words shown in its cell. */
function keywordFields(page: Page) {
  return page.evaluate(() => ({
    screen: document.documentElement.clientWidth,
    fields: [...document.querySelectorAll<HTMLInputElement>('form:has(input[name="nodeId"]) td input')].map(i => {
      const r = i.getBoundingClientRect()
      return { name: i.name, right: Math.round(r.right), width: Math.round(r.width), shown: (i.closest('td')?.innerText ?? '').trim() }
    }),
  }))
}

describe('the keyword editor on a phone', () => {
  for (const [locale, words] of [
    ['zh', { term: '关键词', weight: '权重', synonyms: '同义词', remove: '删除' }],
    ['en', { term: 'Keyword', weight: 'Weight', synonyms: 'Synonyms', remove: 'Remove' }],
  ] as const)
    it(`is a card per keyword, each field named and within the screen (${locale})`, async () => {
      const page = await adminOn(390, locale)
      const noErrors = watchErrors(page)
      await page.goto('/taxonomy')
      const { screen, fields } = await keywordFields(page)
      expect(fields.filter(f => f.name === 'remove').length).toBeGreaterThan(0)
      for (const f of fields) {
        expect(f.right, f.name).toBeLessThanOrEqual(screen)
        expect(f.shown, f.name).toContain(words[f.name as keyof typeof words])
        // A word of eight characters reads whole in its box.
        if (f.name === 'term' || f.name === 'synonyms') expect(f.width, f.name).toBeGreaterThan(200)
      }
      // Its name is on the screen and a tap on it ticks the box.
      const remove = page.locator('form:has(input[name="nodeId"]) input[name="remove"]').first()
      await page.locator('form:has(input[name="nodeId"]) td:has(input[name="remove"])').first().getByText(words.remove).click()
      expect(await remove.isChecked()).toBe(true)
      noErrors()
      await page.context().close()
    })

  it('stays a table on a laptop', async () => {
    const page = await adminOn(1366, 'zh')
    await page.goto('/taxonomy')
    expect(await page.locator('form:has(input[name="nodeId"]) thead').isVisible()).toBe(true)
    await page.context().close()
  })
})
