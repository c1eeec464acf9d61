import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, login, newContext, watchErrors } from './browser'

// The navigation folds into a menu on a phone: keyboard users open it and close it again with Escape,
// and it closes by itself when the keyboard moves out of it.

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

const isOpen = (page: Page) => page.locator('details.nav-menu').evaluate(d => (d as HTMLDetailsElement).open)
const focusInMenu = (page: Page) => page.evaluate(() => !!document.activeElement?.closest('details.nav-menu'))

/** The menu's handlers are there once React has taken over the server's markup. */
async function openMenuByKeyboard(page: Page) {
  await page.waitForFunction(() => Object.keys(document.querySelector('details.nav-menu') ?? {}).some(k => k.startsWith('__react')))
  await page.locator('details.nav-menu > summary').focus()
  await page.keyboard.press('Enter')
  await expect.poll(() => isOpen(page)).toBe(true)
}

describe('the phone menu', () => {
  it('closes with Escape and leaves the keyboard on its button', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'worker1')
    await openMenuByKeyboard(page)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Escape')
    await expect.poll(() => isOpen(page)).toBe(false)
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY')
    noErrors()
    await context.close()
  })

  it('closes when Tab moves the keyboard past its last item, which stays reachable before that', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'worker1')
    await openMenuByKeyboard(page)
    const items = await page.locator('.nav-menu-panel').locator('a, button').count()
    for (let i = 0; i < items; i++) {
      await page.keyboard.press('Tab')
      expect(await focusInMenu(page)).toBe(true)
      expect(await isOpen(page)).toBe(true)
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('退出登录')
    await page.keyboard.press('Tab')
    expect(await focusInMenu(page)).toBe(false)
    await expect.poll(() => isOpen(page)).toBe(false)
    noErrors()
    await context.close()
  })

  it('closes when Shift+Tab leaves it from its button', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await login(page, 'worker1')
    await openMenuByKeyboard(page)
    await page.keyboard.press('Shift+Tab')
    expect(await focusInMenu(page)).toBe(false)
    await expect.poll(() => isOpen(page)).toBe(false)
    await context.close()
  })

  it('closes when the focus moves to the page below it', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await login(page, 'worker1')
    await openMenuByKeyboard(page)
    await page.locator('main').focus()
    await expect.poll(() => isOpen(page)).toBe(false)
    await context.close()
  })

  it('still closes with Escape after a click on the header left the keyboard nowhere', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await login(page, 'worker1')
    await openMenuByKeyboard(page)
    await page.locator('header.site-header').click({ position: { x: 2, y: 2 } })
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true)
    expect(await isOpen(page)).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => isOpen(page)).toBe(false)
    await context.close()
  })

  it('opens and closes without JavaScript', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 390, height: 844 }, javaScriptEnabled: false })
    const page = await context.newPage()
    await login(page, 'worker1')
    const summary = page.locator('details.nav-menu > summary')
    await summary.click()
    expect(await isOpen(page)).toBe(true)
    await expect.poll(() => page.locator('.nav-menu-panel a').first().isVisible()).toBe(true)
    await summary.click()
    expect(await isOpen(page)).toBe(false)
    await context.close()
  })
})
