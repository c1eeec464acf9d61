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

describe('the audit log without JavaScript', () => {
  it('a supervisor finds it in the menu, filters it to decisions and work orders, turns the page and exports it', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', javaScriptEnabled: false })
    const page = await context.newPage()
    await login(page, 'supervisor1')
    await page.goto('/supervise')
    await Promise.all([page.waitForURL(/\/audit$/), page.getByRole('link', { name: '审计日志' }).first().click()])
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('审计日志')
    // Their area only: the supervisor's street and what lies in it.
    const units = await page.locator('select[name="unit"] option').allTextContents()
    expect(units).toContain('社区：长征桥社区')
    expect(units.some(u => u.startsWith('区：'))).toBe(false)
    await page.getByLabel('操作类别').selectOption('orders')
    await Promise.all([page.waitForURL(/group=orders/), page.getByRole('button', { name: '筛选' }).click()])
    const actions = await page.locator('table tbody tr td:nth-child(3)').allTextContents()
    expect(actions.length).toBeGreaterThan(0)
    for (const a of actions) expect(a).toMatch(/工作单|决定|目标|实测值|满意度/)
    expect(await page.content()).not.toContain('登录</td>')
    const next = page.getByRole('link', { name: '下一页' })
    if (await next.count()) {
      await Promise.all([page.waitForURL(/page=2/), next.click()])
      expect(page.url()).toContain('group=orders')
    }
    const csv = await context.request.get(`/audit/export.csv?group=orders`)
    expect(csv.status()).toBe(200)
    expect(csv.headers()['content-type']).toContain('text/csv')
    expect((await csv.text()).split('\r\n').length).toBeGreaterThan(2)
    await context.close()
  })

  it('an administrator sees the sign-ins only when asked', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', javaScriptEnabled: false })
    const page = await context.newPage()
    await login(page, 'admin')
    await page.goto('/audit?group=accounts')
    // Each cell carries its column's name for phones ("动作登录").
    const signIns = async () => (await page.locator('table tbody tr td:nth-child(3)').allTextContents()).filter(a => a.endsWith('登录')).length
    expect(await signIns()).toBe(0)
    await page.getByLabel('显示登录、短信发送与居民对答复的反馈记录').check()
    await Promise.all([page.waitForURL(/routine=1/), page.getByRole('button', { name: '筛选' }).click()])
    expect(await signIns()).toBeGreaterThan(0)
    await context.close()
  })
})
