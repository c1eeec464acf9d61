import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, login } from './browser'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('admin forms without JavaScript', () => {
  it('a rejected account form marks the field, keeps what was typed and never echoes the password', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', javaScriptEnabled: false })
    const page = await context.newPage()
    await login(page, 'admin')
    await page.goto('/admin/users')
    const form = page.locator('form', { has: page.locator('input[name="intent"][value="create-user"]') })
    await page.getByText('新建账号').click()
    await form.getByLabel('姓名（显示名）').fill('无脚本社工')
    await form.getByLabel('用户名').fill('nojs-worker')
    await form.getByLabel('初始密码').fill('short')
    await Promise.all([page.waitForLoadState('load'), form.getByRole('button', { name: '创建账号' }).click()])
    const again = page.locator('form', { has: page.locator('input[name="intent"][value="create-user"]') })
    const password = again.getByLabel('初始密码')
    await password.waitFor({ timeout: 15_000 })
    expect(await password.getAttribute('aria-invalid')).toBe('true')
    expect(await password.inputValue()).toBe('')
    expect(await again.getByLabel('用户名').inputValue()).toBe('nojs-worker')
    expect(await again.getByLabel('姓名（显示名）').inputValue()).toBe('无脚本社工')
    expect(await page.content()).not.toContain('"short"')
    await context.close()
  })

  it('a threshold out of range is refused under its field and the typed value stays', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', javaScriptEnabled: false })
    const page = await context.newPage()
    await login(page, 'admin')
    await page.goto('/admin/units')
    await page.getByRole('link', { name: '长征桥社区' }).first().click()
    const threshold = page.getByLabel('热度阈值')
    await threshold.fill('0')
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '保存' }).click()])
    const again = page.getByLabel('热度阈值')
    await again.waitFor({ timeout: 15_000 })
    expect(await again.getAttribute('aria-invalid')).toBe('true')
    expect(await again.inputValue()).toBe('0')
    await context.close()
  })
})
