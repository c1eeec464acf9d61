import type Database from 'better-sqlite3'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, closeBrowserAndDatabase, insertApprovedTopic, login, openBrowserAndDatabase, watchErrors } from './browser'

// Staff forms sent with a required field empty, in Chromium: the browser does not stop them with its
// own bubble (in the browser's language); the app says what is missing beside the field, in the
// language the reader chose, and keeps what was typed. The live meeting's forms say it before sending.

let browser: Browser
let db: Database.Database
const contexts: BrowserContext[] = []
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(async () => {
  for (const c of contexts) await c.close()
  await closeBrowserAndDatabase(browser, db)
})

const poll = (fn: () => Promise<unknown>) => expect.poll(fn, { timeout: 15_000 })

async function signedIn(username: string, locale: 'zh' | 'en') {
  // The browser itself speaks English: its own messages would be English on a Chinese page.
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'en-US', viewport: { width: 390, height: 844 } })
  contexts.push(context)
  await context.addCookies([{ name: 'th_prefs', value: `${locale}.0.0`, url: BASE_URL }])
  const page = await context.newPage()
  await login(page, username)
  return page
}

/** The texts the control points to through aria-describedby (its hint and its errors). */
async function describedBy(page: Page, selector: string) {
  return page.locator(selector).evaluate(el =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map(id => document.getElementById(id)?.textContent?.trim() ?? ''),
  )
}

/** The browser's own complaint about a control ('' when the browser is not asked to check it). */
const browserMessage = (page: Page, selector: string) => page.locator(selector).evaluate(el => (el as HTMLInputElement).validationMessage)

describe('a staff form sent with a required field empty', () => {
  it('adding a pool member (Chinese): the name is asked for beside its field, what was typed stays', async () => {
    const page = await signedIn('worker1', 'zh')
    const noErrors = watchErrors(page, [400])
    await page.goto('/pool/new')
    await page.getByLabel('姓名').fill('')
    await page.locator('input[name="building"]').fill('7幢')
    const [response] = await Promise.all([
      page.waitForResponse(r => r.request().method() === 'POST', { timeout: 10_000 }),
      page.getByRole('button', { name: '保存' }).click(),
    ])
    expect(response.status()).toBe(400)
    await poll(() => describedBy(page, 'input[name="name"]')).toContain('请填写此项')
    expect(await page.locator('input[name="name"]').getAttribute('aria-invalid')).toBe('true')
    // The keyboard is taken to the refused field, not left on the button.
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name')
    // The refused field stands out by a heavier border, not by colour alone; the others keep the thin one.
    const borderWidth = (selector: string) => page.locator(selector).evaluate(el => getComputedStyle(el).borderTopWidth)
    expect(await borderWidth('input[name="name"]')).toBe('2px')
    expect(await borderWidth('input[name="building"]')).toBe('1px')
    expect(await page.locator('input[name="building"]').inputValue()).toBe('7幢')
    noErrors()
  })

  it('resetting a password (English): the rule is said beside the field, in English', async () => {
    const page = await signedIn('admin', 'en')
    const noErrors = watchErrors(page, [400])
    await page.goto('/admin/users')
    const row = page.locator('li[id^="user-"]').filter({ hasText: 'worker1' }).first()
    await row.locator('summary', { hasText: 'Manage' }).click()
    const id = await row.getByLabel('New password').getAttribute('id')
    const [response] = await Promise.all([
      page.waitForResponse(r => r.request().method() === 'POST', { timeout: 10_000 }),
      row.getByRole('button', { name: 'Reset password' }).click(),
    ])
    expect(response.status()).toBe(400)
    await poll(() => describedBy(page, `[id="${id}"]`)).toContain('Passwords have at least 10 characters.')
    noErrors()
  })
})

describe('the live meeting’s forms sent empty', () => {
  it('say what is missing beside the field before anything is sent, in the reader’s language', { timeout: 120_000 }, async () => {
    const title = `路口议事 ${Date.now()}`
    insertApprovedTopic(title, { db })

    const f = await signedIn('facilitator1', 'zh')
    const noErrors = watchErrors(f, [400])
    await f.goto('/meetings/new')
    await f.getByLabel('议题（已立项）').selectOption({ label: title })
    await f.getByLabel('会议名称').fill('必填项检查议事会')
    await f.getByLabel('开始时间').fill('2030-11-22T19:00')
    await f.getByLabel('地点').fill('长征桥社区会议室')
    await Promise.all([f.waitForURL(/\/meetings\/\d+\/console$/), f.getByRole('button', { name: '创建议事会' }).click()])

    // A participant added without a username: the app's words beside the field, after the server refused it.
    await f.getByLabel('用户名', { exact: true }).fill('')
    await Promise.all([f.waitForResponse(r => r.request().method() === 'POST'), f.getByRole('button', { name: '添加', exact: true }).click()])
    await poll(() => describedBy(f, 'input[name="username"]')).toContain('请填写此项。')

    f.once('dialog', d => void d.accept())
    await f.getByRole('button', { name: '开始会议' }).click()
    await poll(() => f.getByRole('button', { name: '发送' }).count()).toBe(1)

    const say = `[id="${await f.getByLabel('写下您的意见').getAttribute('id')}"]`
    await f.getByRole('button', { name: '发送' }).click()
    await poll(() => describedBy(f, say)).toContain('请填写此项。')
    expect(await f.locator(say).getAttribute('aria-invalid')).toBe('true')
    // Still marked required for assistive technology: the browser knows it is, and leaves the saying to the app.
    expect(await browserMessage(f, say)).not.toBe('')

    const question = `[id="${await f.getByLabel('表决问题').getAttribute('id')}"]`
    await f.getByRole('button', { name: '发起表决' }).click()
    await poll(() => describedBy(f, question)).toContain('请填写此项。')
    expect(await describedBy(f, '#vote-options')).toContain('表决至少需要两个选项，每行写一个。')
    // Nothing was sent: no statement and no vote appeared.
    expect(await f.locator('li.statement').count()).toBe(0)
    expect(await f.locator('li[data-vote]').count()).toBe(0)

    f.once('dialog', d => void d.accept())
    await f.getByRole('button', { name: '结束会议' }).click()
    noErrors()
  })
})
