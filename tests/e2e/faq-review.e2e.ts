import type Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, closeBrowserAndDatabase, login, newContext, openBrowserAndDatabase, watchErrors } from './browser'

// Frequent questions whose replies are over a year old, as the review page lists
// them: one confirmed with JavaScript, one corrected without it. Texts made up.
let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(() => closeBrowserAndDatabase(browser, db))

/** A published FAQ entry drawn from one published reply two years old. */
function flaggedEntry(question: string, reply: string) {
  const old = Date.now() - 2 * 365 * 24 * 3600_000
  const insert = db.prepare(
    "insert into answers (kind, reply, replied_at, status, public_question, public_reply, source_ids, reviewed_at, published_at) values (?, ?, ?, 'published', ?, ?, ?, ?, ?) returning id",
  )
  const source = insert.get('reply', reply, old, `咨询${question}`, reply, null, old, old) as { id: number }
  const now = Date.now()
  return (insert.get('faq', reply, now, question, reply, JSON.stringify([source.id]), now, now) as { id: number }).id
}

describe('frequent questions to review, in a real browser', () => {
  it('a worker confirms an entry is still right and it leaves the list', async () => {
    const question = '游泳馆夏天几点开门？'
    const id = flaggedEntry(question, '游泳馆夏季每天上午九点开门。')
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'worker1')
    await page.goto('/answers/review')
    const item = page.getByRole('listitem').filter({ hasText: question })
    await Promise.all([page.waitForURL(`**/answers/review?confirmed=${id}`), item.getByRole('button', { name: '确认答案仍然正确' }).click()])
    await expect.poll(() => page.getByText('已确认答案无误').count()).toBe(1)
    expect(await page.getByRole('listitem').filter({ hasText: question }).count()).toBe(0)
    noErrors()
    await context.close()
  })

  it('without JavaScript, a worker updates an entry in place and its page says so', async () => {
    const question = '图书馆周一开放吗？'
    const id = flaggedEntry(question, '图书馆周一闭馆。')
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 390, height: 844 }, javaScriptEnabled: false })
    const page = await context.newPage()
    await login(page, 'worker1')
    await page.goto('/answers/review')
    await page.getByRole('listitem').filter({ hasText: question }).getByRole('link', { name: '更新答案' }).click()
    await page.waitForURL(`**/answers/review/${id}`)
    const form = page.getByRole('form', { name: '复核常见问题' })
    expect(await form.getByRole('textbox', { name: '答复', exact: true }).inputValue()).toBe('图书馆周一闭馆。')
    await form.getByRole('textbox', { name: '答复', exact: true }).fill('图书馆自今年起周一也开放，时间为上午九点到下午五点。')
    await Promise.all([page.waitForURL(`**/answers/review?updated=${id}`), form.getByRole('button', { name: '保存更新' }).click()])
    expect(await page.getByText('常见问题已更新').count()).toBe(1)
    await page.goto(`/answers/${id}`)
    expect(await page.getByText('周一也开放').count()).toBe(1)
    expect(await page.getByText(/更新于 \d{4}年/).count()).toBe(1)
    await context.close()
  })
})
