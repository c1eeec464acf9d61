import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, login, newContext, watchErrors } from './browser'

const PLACE = '长征桥公园东门'
const SUBJECT = '长征桥公园东门井盖松动'
const BODIES = [
  '东门进去左手边的井盖一踩就晃，晚上看不清容易崴脚。',
  '公园东门井盖松了，电动车压过去咣当响，怕掉下去。',
  '东门口那块井盖翘起来一角，老人散步差点绊倒。',
]

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
  // Three neighbours report the same loose manhole cover, each in their own words.
  const context = await newContext(browser)
  const page = await context.newPage()
  for (const body of BODIES) {
    await page.goto('/complaints/new')
    await page.getByLabel('所在社区').selectOption({ label: '长征桥社区' })
    await page.getByLabel('问题发生的地点').fill(PLACE)
    await page.getByLabel('标题').fill(SUBJECT)
    await page.getByLabel('具体情况').fill(body)
    await Promise.all([page.waitForURL(/\/track\/TH-/), page.getByRole('button', { name: '提交反映' }).click()])
  }
  await context.close()
})
afterAll(async () => {
  await browser?.close()
})

async function box(locator: Locator) {
  const b = await locator.boundingBox()
  if (!b) throw new Error('element is not displayed')
  return b
}

async function typeTheSameIssue(page: Page) {
  await page.getByLabel('所在社区').selectOption({ label: '长征桥社区' })
  await page.getByLabel('问题发生的地点').fill(PLACE)
  await page.getByLabel('标题').fill(SUBJECT)
}

describe('duplicate hints on the resident form, on a 390 px phone', () => {
  it('shows similar reports right under the subject, near-identical ones as one row, and the me-too confirmation in view', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'resident1')
    await page.goto('/complaints/new')
    await typeTheSameIssue(page)
    const hints = page.getByTestId('suggestions')
    await hints.waitFor({ timeout: 15_000 })
    const subject = await box(page.getByLabel('标题'))
    const gap = (await box(hints)).y - (subject.y + subject.height)
    expect(gap).toBeGreaterThanOrEqual(0)
    expect(gap).toBeLessThanOrEqual(300)

    // The three reports are one row with one "me too".
    const rows = page.getByTestId('similar-row').filter({ hasText: SUBJECT })
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1)
    expect(await rows.textContent()).toContain('共 3 条相似的反映')
    expect(await rows.getByRole('button', { name: '我也遇到了' }).count()).toBe(1)

    // Support from further down the page: the confirmation still lands in view, focused.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
    await rows.getByRole('button', { name: '我也遇到了' }).click()
    const confirmation = page.getByRole('status').filter({ hasText: '已支持' })
    await confirmation.waitFor({ timeout: 15_000 })
    const viewport = page.viewportSize()!
    await expect
      .poll(async () => {
        const b = await box(confirmation)
        return b.y >= 0 && b.y + b.height <= viewport.height
      })
      .toBe(true)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('intake-notice')
    noErrors()
    await context.close()
  })

  it('in large text, keeps each similar report readable: its status fits on a line and "me too" moves below', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto('/complaints/new')
    await page.getByRole('button', { name: '大字体' }).click()
    await expect.poll(() => page.locator('html').getAttribute('class')).toContain('large-text')
    await typeTheSameIssue(page)
    const row = page.getByTestId('similar-row').filter({ hasText: SUBJECT })
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1)
    const badge = await box(row.locator('.badge'))
    const lineHeight = await row.locator('.badge').evaluate(e => parseFloat(getComputedStyle(e).lineHeight))
    expect(badge.height).toBeLessThan(lineHeight * 1.5)
    const link = await box(row.getByRole('link'))
    const button = await box(row.getByRole('button', { name: '我也遇到了' }))
    expect(button.y).toBeGreaterThan(link.y + link.height)
    await context.close()
  })

  it('without JavaScript, "check for similar" puts the same hints under the subject', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 390, height: 844 }, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto('/complaints/new')
    await typeTheSameIssue(page)
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '查找相似问题' }).click()])
    const hints = page.getByTestId('suggestions')
    await hints.waitFor({ timeout: 15_000 })
    const subject = await box(page.getByLabel('标题'))
    const gap = (await box(hints)).y - (subject.y + subject.height)
    expect(gap).toBeGreaterThanOrEqual(0)
    expect(gap).toBeLessThanOrEqual(300)
    expect(await page.getByTestId('similar-row').filter({ hasText: SUBJECT }).count()).toBe(1)
    await context.close()
  })
})
