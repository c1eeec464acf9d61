import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, login, watchErrors } from './browser'

// Staff lists on a phone (390 px): the inbox, the work orders, the street overview in English, the
// admin page's accounts and audit log, the API tokens, the deliberator pool, the decisions and the
// administrative units read as cards, each value under its column's
// name, with no cell past the screen's edge; on a laptop (1366 px) they stay tables. The titles listed
// on the decisions, work orders and units pages are tall enough for a thumb.

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

async function signedIn(username: string, opts: { width?: number; locale?: 'zh' | 'en' } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const width = opts.width ?? 390
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width, height: width < 600 ? 844 : 900 } })
  await context.addCookies([{ name: 'th_prefs', value: `${opts.locale ?? 'zh'}.0.0`, url: BASE_URL }])
  const page = await context.newPage()
  await login(page, username)
  return { context, page }
}

/** The table cells of the page whose box ends past the screen's right edge, as "text (right)". */
function cellsPastEdge(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const out: string[] = []
    for (const cell of document.querySelectorAll<HTMLElement>('main table :is(th, td)')) {
      // Column headers hidden from sight on a phone (each value carries its label instead) are not on the screen.
      const head = cell.closest('thead')
      if (head && head.getBoundingClientRect().width <= 1) continue
      if (!cell.getClientRects().length) continue
      const right = cell.getBoundingClientRect().right
      if (right > width + 0.5) out.push(`${cell.textContent?.trim().slice(0, 20)} (${Math.round(right)})`)
    }
    return out
  })
}

/** The lists under test: who opens them, where, and in which language. */
const LISTS: { user: string; path: string; locale?: 'en'; prepare?: (page: Page) => Promise<void> }[] = [
  { user: 'worker1', path: '/inbox' },
  { user: 'dept1', path: '/orders' },
  { user: 'street1', path: '/orders' },
  { user: 'street1', path: '/street', locale: 'en' },
  { user: 'admin', path: '/admin' },
  { user: 'admin', path: '/admin/tokens', prepare: makeToken },
  { user: 'street1', path: '/pool' },
  { user: 'admin', path: '/pool', locale: 'en' },
  { user: 'street1', path: '/decisions' },
  { user: 'facilitator1', path: '/decisions', locale: 'en' },
  { user: 'admin', path: '/admin/units' },
]

/** An API token, so that the tokens page has a row to show. */
async function makeToken(page: Page) {
  await page.goto('/admin/tokens')
  if (await page.locator('main table tbody tr').count()) return
  await page.getByLabel('名称').fill('手机表格测试')
  await page.getByLabel('单位范围').selectOption({ label: '社区 · 长征桥社区' })
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '创建令牌' }).click()])
  await page.locator('main [role="status"] input').waitFor()
}

describe('staff lists on a phone', () => {
  for (const list of LISTS) {
    it(`${list.path} (${list.user}${list.locale ? ', in English' : ''}): every row is a card with its labels, no cell past the edge`, async () => {
      const { context, page } = await signedIn(list.user, { locale: list.locale })
      const noErrors = watchErrors(page)
      await list.prepare?.(page)
      await page.goto(list.path)
      expect(await page.locator('main table tbody tr').count(), list.path).toBeGreaterThan(0)
      expect(await cellsPastEdge(page), list.path).toEqual([])
      const labels = await page.locator('main table tbody .cell-label').evaluateAll(els => els.filter(e => (e as HTMLElement).offsetParent).length)
      expect(labels, `${list.path}: values named by their column`).toBeGreaterThan(0)
      noErrors()
      await context.close()
    })
  }

  it('the titles listed on the decisions, work orders and units pages are at least 24 px tall', async () => {
    const heights = async (user: string, path: string, selector: string) => {
      const { context, page } = await signedIn(user)
      await page.goto(path)
      const boxes = await page
        .locator(selector)
        .evaluateAll(els => els.map(e => [e.textContent?.trim().slice(0, 20), e.getBoundingClientRect().height] as const))
      await context.close()
      expect(boxes.length, path).toBeGreaterThan(0)
      return boxes.filter(([, h]) => h < 24).map(([text, h]) => `${path}: ${text} (${Math.round(h)} px)`)
    }
    const small = [
      ...(await heights('street1', '/decisions', 'main table tbody a[href^="/decisions/"]')),
      ...(await heights('dept1', '/orders', 'main table tbody a[href^="/orders/"]')),
      ...(await heights('admin', '/admin/units', 'main table tbody a[href^="/admin/units?unit="]')),
    ]
    expect(small).toEqual([])
  })
})

describe('staff lists on a laptop', () => {
  it('stay tables, their column headers shown and no value labelled again', async () => {
    for (const list of LISTS) {
      const { context, page } = await signedIn(list.user, { width: 1366, locale: list.locale })
      await list.prepare?.(page)
      await page.goto(list.path)
      const tables = page.locator('main table')
      expect(await tables.count(), list.path).toBeGreaterThan(0)
      expect(await tables.evaluateAll(ts => ts.map(t => getComputedStyle(t).display)), list.path).not.toContain('block')
      expect(await page.locator('main thead th').first().isVisible(), list.path).toBe(true)
      expect(await page.locator('main .cell-label').evaluateAll(els => els.some(e => (e as HTMLElement).offsetParent !== null)), list.path).toBe(false)
      await context.close()
    }
  })
})
