import type Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowserAndDatabase, login, newContext, openBrowserAndDatabase, watchErrors } from './browser'

// A frequent question found wrong: a worker withdraws it, residents find only
// that it was withdrawn, and the worker publishes it again. Texts made up.
let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(() => closeBrowserAndDatabase(browser, db))

function publishedEntry(question: string, reply: string) {
  const now = Date.now()
  return (
    db
      .prepare(
        "insert into answers (kind, reply, replied_at, status, public_question, public_reply, source_ids, reviewed_at, published_at) values ('faq', ?, ?, 'published', ?, ?, '[]', ?, ?) returning id",
      )
      .get(reply, now, question, reply, now, now) as { id: number }
  ).id
}

describe('withdrawing an answer, in a real browser', () => {
  it('asks for a reason beside the field, asks once, then the public address says only when it was withdrawn (410); staff publish it again', async () => {
    const question = '社区食堂周末营业吗？'
    const reply = '社区食堂周末照常营业，供应午餐。'
    const id = publishedEntry(question, reply)
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page, [400, 410])
    await login(page, 'worker1')
    await page.goto(`/answers/${id}`)
    const form = page.getByRole('region', { name: '撤回这条答复' })
    // No reason: the server says so beside the field; the browser's own bubble is not used.
    await form.getByText('撤回答复', { exact: true }).click()
    await form.getByRole('button', { name: '确定撤回' }).click()
    await expect.poll(() => page.getByText('请选择撤回的原因，或在“说明”中写明原因。').count()).toBe(1)
    const select = page.getByRole('combobox', { name: '撤回原因' })
    expect(await select.getAttribute('aria-invalid')).toBe('true')
    await select.selectOption('outdated')
    await page.getByRole('textbox', { name: '说明' }).fill('食堂自本月起周末停业')
    // The question asked once is still open after the refusal: the worker answers it again.
    if (!(await page.getByRole('button', { name: '确定撤回' }).isVisible())) await page.getByText('撤回答复', { exact: true }).click()
    await Promise.all([page.waitForURL(`**/answers/${id}?withdrawn=1`), page.getByRole('button', { name: '确定撤回' }).click()])
    await expect.poll(() => page.getByText('已撤回。这条答复不再公开').count()).toBe(1)
    expect(await page.getByText('仅工作人员可见：撤回原因：政策已变化，答复过时；说明：食堂自本月起周末停业').count()).toBe(1)

    const visitor = await newContext(browser)
    const resident = await visitor.newPage()
    const visitorErrors = watchErrors(resident, [410])
    const res = await resident.goto(`/answers/${id}`)
    expect(res?.status()).toBe(410)
    expect(await resident.getByRole('heading', { name: '这条答复已撤回' }).count()).toBe(1)
    expect(await resident.getByText(/这条答复已于 \d{4}年\d{1,2}月\d{1,2}日 撤回/).count()).toBe(1)
    expect(await resident.content()).not.toContain('照常营业')
    await resident.goto(`/answers?q=${encodeURIComponent('社区食堂周末营业')}`)
    expect(await resident.getByRole('link', { name: question }).count()).toBe(0)

    // Asked once: the republish opens the question, whose button publishes the withdrawn text as it was.
    await page.getByText('重新发布撤回时的原答复', { exact: true }).click()
    await Promise.all([page.waitForURL(`**/answers/${id}?republished=1`), page.getByRole('button', { name: '确定重新发布原答复' }).click()])
    await expect.poll(() => page.getByText('已重新发布。').count()).toBe(1)
    const again = await resident.goto(`/answers/${id}`)
    expect(again?.status()).toBe(200)
    expect(await resident.getByText(reply).count()).toBe(1)
    visitorErrors()
    noErrors()
    await visitor.close()
    await context.close()
  })
})
