import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, login, newContext, watchErrors } from './browser'

// Enter pressed in a field that was filled in sends the form; when it comes back refused, the keyboard goes
// to the first field at fault, as it does after the send button, rather than staying where Enter was pressed.

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('a form sent with Enter and refused', () => {
  it('puts the keyboard on the first field at fault', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page, [400])
    // A worker typing in a call on /entry fills in where, then presses Enter.
    await login(page, 'worker1')
    await page.goto('/entry')
    const place = page.getByLabel('问题发生的地点')
    await place.fill('小河小学路口')
    await place.press('Enter')
    await expect.poll(() => page.locator('[aria-invalid="true"]').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    const firstRefused = await page.locator('[aria-invalid="true"]').first().getAttribute('name')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(firstRefused)
    // What was typed stays.
    expect(await place.inputValue()).toBe('小河小学路口')
    noErrors()
    await context.close()
  })
})
