import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newContext, watchErrors } from './browser'

// A resident on a phone who writes the body before (or without) the subject: the answers and similar reports
// appear under the subject, above the box she is typing in and out of view. A line under the body says so.

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** Whether the element's first lines are on screen. */
async function inView(page: Page, testId: string) {
  return page.getByTestId(testId).evaluate(el => {
    const r = el.getBoundingClientRect()
    return r.height > 0 && r.top >= 0 && r.top + Math.min(r.height, 40) <= window.innerHeight
  })
}

describe('ask before you file, typing the body first on a 390 px phone', () => {
  for (const { locale, body, pointer } of [
    { locale: 'zh-CN', body: '孩子明年上小学，请问在哪里报名，要带什么材料', pointer: /上方.*官方答复/ },
    { locale: 'en-US', body: '孩子明年上小学，请问在哪里报名，要带什么材料', pointer: /official answers/i },
  ]) {
    it(`points from the body to the answers above it, and the link takes the keyboard there (${locale})`, async () => {
      const context = await newContext(browser, { locale })
      const page = await context.newPage()
      const noErrors = watchErrors(page)
      await page.goto('/complaints/new')
      const bodyBox = page.locator('textarea[name=body]')
      // As a phone brings a field it focuses into view.
      await bodyBox.evaluate(el => el.scrollIntoView({ block: 'center' }))
      await bodyBox.focus()
      const before = await bodyBox.evaluate(el => el.getBoundingClientRect().top)
      await page.keyboard.type(body)
      await page.getByTestId('answer-suggestions').waitFor({ timeout: 15_000 })
      const hint = page.getByTestId('suggestions-pointer')
      await expect(hint.textContent()).resolves.toMatch(pointer)
      // The box she is typing in stays where it was, the pointer in view under it, the answers above out of view.
      await expect(bodyBox.evaluate(el => el.getBoundingClientRect().top)).resolves.toBeCloseTo(before, 0)
      expect(await inView(page, 'suggestions-pointer')).toBe(true)
      expect(await inView(page, 'answer-suggestions')).toBe(false)
      await hint.getByRole('link').click()
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('intake-suggestions')
      expect(await inView(page, 'answer-suggestions')).toBe(true)
      // What was typed stays.
      await expect(bodyBox.inputValue()).resolves.toBe(body)
      noErrors()
      await context.close()
    })
  }
})
