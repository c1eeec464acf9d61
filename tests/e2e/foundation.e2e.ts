import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, login, newContext, watchErrors } from './browser'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

const HOMES = [
  { username: 'resident1', path: '/me', heading: /欢迎/ },
  { username: 'worker1', path: '/inbox', heading: /诉求收件箱/ },
  { username: 'street1', path: '/street', heading: /街道总览/ },
  { username: 'dept1', path: '/orders', heading: /工作单/ },
  { username: 'facilitator1', path: '/meetings', heading: /议事会/ },
  { username: 'supervisor1', path: '/supervise', heading: /监督核验/ },
  { username: 'admin', path: '/admin', heading: /系统管理/ },
]

describe('foundation in a real browser', () => {
  it('serves /healthz', async () => {
    const res = await fetch(`${BASE_URL}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it.each(HOMES)('$username logs in and lands on $path', async ({ username, path, heading }) => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, username)
    expect(new URL(page.url()).pathname).toBe(path)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toMatch(heading)
    noErrors()
    await context.close()
  })

  it('sends anonymous users to the login page and back after login', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto('/inbox')
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.getByLabel('用户名').fill('worker1')
    await page.getByLabel('密码').fill('teahouse-demo')
    await Promise.all([page.waitForURL('**/inbox'), page.getByRole('button', { name: '登录' }).click()])
    await context.close()
  })

  it('says in the page’s language what a login form left empty is missing, and keeps the username', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto('/login')
    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Log in')
    await page.getByLabel('Username').fill('resident1')
    await page.getByRole('button', { name: 'Log in', exact: true }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Please enter your username and password.')
    expect(await page.getByLabel('Username').inputValue()).toBe('resident1')
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true')
    await context.close()
  })

  it('gives a resident 403 on a worker page', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await login(page, 'resident1')
    const res = await page.goto('/inbox')
    expect(res?.status()).toBe(403)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('无权访问')
    await context.close()
  })

  it('switches to English and to large text, and both persist', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto('/login')
    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Log in')
    await page.getByRole('button', { name: 'Large text' }).click()
    await expect.poll(() => page.locator('html').getAttribute('class')).toContain('large-text')
    await page.reload()
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    expect(await page.locator('html').getAttribute('class')).toContain('large-text')
    await context.close()
  })

  it('takes a visitor from the home page to the answers, where the demo has published ones', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await page.goto('/')
    await Promise.all([page.waitForURL('**/answers'), page.getByRole('link', { name: '政策问答' }).click()])
    await expect.poll(() => page.getByRole('link', { name: '在菜场买菜缺斤短两，到哪里复秤？' }).count()).toBe(1)
    noErrors()
    await context.close()
  })

  it('fits the public pages in large text on a 320 px phone, without scrolling sideways', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 320, height: 700 } })
    const page = await context.newPage()
    await page.goto('/')
    await page.getByRole('button', { name: '大字体' }).click()
    await expect.poll(() => page.locator('html').getAttribute('class')).toContain('large-text')
    for (const path of ['/', '/complaints/new', '/answers', '/public', '/track']) {
      await page.goto(path)
      expect({ path, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ path, width: 320 })
    }
    await context.close()
  })

  it('reaches the login form by keyboard alone, starting with the skip link', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto('/')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('跳到主要内容')
    // Tab through the page until the staff login link has focus, then follow it with Enter.
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab')
      if ((await page.evaluate(() => document.activeElement?.getAttribute('href'))) === '/login') break
    }
    await Promise.all([page.waitForURL('**/login'), page.keyboard.press('Enter')])
    // The username field takes focus on load; type only once it has it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('username')
    await page.keyboard.type('worker1')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password')
    await page.keyboard.type('teahouse-demo')
    expect(await page.getByLabel('用户名').inputValue()).toBe('worker1')
    await Promise.all([page.waitForURL('**/inbox'), page.keyboard.press('Enter')])
    await context.close()
  })
})
