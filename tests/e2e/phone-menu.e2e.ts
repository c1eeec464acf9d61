import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, login, newContext, watchErrors } from './browser'

// The navigation folds into a menu on a phone: keyboard users open it and close it again with Escape.

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('the phone menu', () => {
  it('closes with Escape and leaves the keyboard on its button', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'worker1')
    const menu = page.locator('details.nav-menu')
    await menu.locator('summary').focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => menu.evaluate(d => (d as HTMLDetailsElement).open)).toBe(true)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Escape')
    await expect.poll(() => menu.evaluate(d => (d as HTMLDetailsElement).open)).toBe(false)
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY')
    noErrors()
    await context.close()
  })
})
