import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, newContext, watchErrors } from './browser'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** The error text tied to a field (through aria-describedby), or null when it has none. */
async function errorOf(page: Page, label: string) {
  const describedBy = await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')
  if (!describedBy) return null
  return page.locator(`#${describedBy}`).textContent()
}

async function submitEmpty(page: Page) {
  await page.goto('/complaints/new')
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '提交反映' }).click()])
  await page.getByText('请修改标出的内容后再提交。').waitFor({ timeout: 15_000 })
}

describe('errors on the report form once the resident has put a field right', () => {
  for (const width of [390, 1366]) {
    it(`at ${width} px, an error goes when its field gets a value that would be accepted, and the others stay`, async () => {
      const context = await newContext(browser)
      const page = await context.newPage()
      await page.setViewportSize({ width, height: 900 })
      const noErrors = watchErrors(page, [400])
      await submitEmpty(page)
      expect(await errorOf(page, '标题')).toBe('请填写此项。')
      expect(await errorOf(page, '具体情况')).toBe('请填写此项。')

      await page.getByLabel('标题', { exact: true }).fill('小河小学门口车辆拥堵')
      await expect.poll(() => errorOf(page, '标题')).toBeNull()
      expect(await page.getByLabel('标题', { exact: true }).getAttribute('aria-invalid')).toBeNull()
      expect(await errorOf(page, '具体情况')).toBe('请填写此项。')

      // Too short to be accepted: the error stays until the description is long enough.
      await page.getByLabel('具体情况').fill('太堵')
      expect(await errorOf(page, '具体情况')).toBe('请填写此项。')
      await page.getByLabel('具体情况').fill('早上接送的车辆把校门口堵死了。')
      await expect.poll(() => errorOf(page, '具体情况')).toBeNull()
      expect(await page.getByText('请填写此项。').count()).toBe(0)

      // The next answer brings its own errors back.
      await page.getByLabel('标题', { exact: true }).fill('')
      await Promise.all([page.waitForResponse(r => r.request().method() === 'POST'), page.getByRole('button', { name: '提交反映' }).click()])
      await expect.poll(() => errorOf(page, '标题')).toBe('请填写此项。')
      expect(await errorOf(page, '具体情况')).toBeNull()
      noErrors()
      await context.close()
    })
  }

  it('without JavaScript, the page stays as the server sent it', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 390, height: 844 }, javaScriptEnabled: false })
    const page = await context.newPage()
    await submitEmpty(page)
    await page.getByLabel('标题', { exact: true }).fill('小河小学门口车辆拥堵')
    expect(await errorOf(page, '标题')).toBe('请填写此项。')
    await context.close()
  })
})
