import type Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowserAndDatabase, login, newContext, openBrowserAndDatabase, waitForHydration, watchErrors } from './browser'

// An FAQ entry written without sources on a question a published entry already answers. The entries are made up
// here, about a service no other browser test searches for (both stay in the shared demo database).
let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(() => closeBrowserAndDatabase(browser, db))

describe('an FAQ entry a published one already answers, in a real browser', () => {
  it('is found by a check while drafting and refused once on publishing, the entry linked and what was typed kept, and published when the worker says it is another question', async () => {
    const now = Date.now()
    const existing = (
      db
        .prepare(
          "insert into answers (kind, reply, replied_at, status, public_question, public_reply, source_ids, category_path, reviewed_at, published_at) values ('faq', ?, ?, 'published', ?, ?, '[]', ?, ?, ?) returning id",
        )
        .get(
          '社区自习室每天八点到晚上九点开放，周一闭馆，凭居民卡免费使用。',
          now,
          '社区自习室几点开放？要收费吗？',
          '社区自习室每天八点到晚上九点开放，周一闭馆，凭居民卡免费使用。',
          JSON.stringify(['教育文体']),
          now,
          now,
        ) as { id: number }
    ).id
    const context = await newContext(browser)
    const page = await context.newPage()
    // The refusal answers 409 on purpose.
    const noErrors = watchErrors(page, [409])
    await login(page, 'street1')
    await page.goto(`/answers/review?q=${encodeURIComponent('自习室开放时间')}#faq`)
    await waitForHydration(page)
    const form = page.getByRole('form', { name: '编写常见问题' })
    await form.getByRole('textbox', { name: '常见问题' }).fill('社区自习室每天几点开放，收费吗？')
    await form.getByRole('textbox', { name: '答复' }).fill('每天早上八点开放，晚上九点闭馆，凭居民卡免费。')
    await form.getByRole('combobox', { name: '类别' }).selectOption({ label: '教育文体' })
    // Checked while drafting: the entry named, nothing saved (nor said to be unpublished), what was typed kept.
    await form.getByRole('button', { name: '检查是否已有常见问题' }).click()
    const alert = form.getByRole('alert')
    await expect.poll(() => alert.textContent()).toContain('已经回答了这个问题。')
    expect(await alert.textContent()).not.toContain('没有发布')
    expect(await alert.getByRole('link', { name: '社区自习室几点开放？要收费吗？' }).getAttribute('href')).toBe(`/answers/${existing}`)
    expect(await form.getByRole('textbox', { name: '答复' }).inputValue()).toBe('每天早上八点开放，晚上九点闭馆，凭居民卡免费。')
    expect(await form.getByRole('combobox', { name: '类别' }).inputValue()).toBe('教育文体')
    expect(db.prepare("select count(*) as n from answers where public_question = '社区自习室每天几点开放，收费吗？'").get()).toEqual({ n: 0 })
    await form.getByRole('button', { name: '发布常见问题' }).click()
    await expect.poll(() => alert.textContent()).toContain('已经回答了这个问题，没有发布。')
    expect(await alert.getByRole('link', { name: '社区自习室几点开放？要收费吗？' }).getAttribute('href')).toBe(`/answers/${existing}`)
    expect(await alert.getByRole('link', { name: '改为更新这条常见问题' }).getAttribute('href')).toBe(`/answers/review/${existing}`)
    expect(await form.getByRole('textbox', { name: '常见问题' }).inputValue()).toBe('社区自习室每天几点开放，收费吗？')
    expect(await form.getByRole('textbox', { name: '答复' }).inputValue()).toBe('每天早上八点开放，晚上九点闭馆，凭居民卡免费。')
    expect(await form.getByRole('combobox', { name: '类别' }).inputValue()).toBe('教育文体')
    expect(db.prepare("select count(*) as n from answers where public_question = '社区自习室每天几点开放，收费吗？'").get()).toEqual({ n: 0 })

    await form.getByRole('checkbox', { name: '仍然发布为新的常见问题' }).check()
    await Promise.all([page.waitForURL(/published=\d+/), form.getByRole('button', { name: '发布常见问题' }).click()])
    const id = Number(new URL(page.url()).searchParams.get('published'))
    expect(db.prepare('select public_question as question, status from answers where id = ?').get(id)).toEqual({
      question: '社区自习室每天几点开放，收费吗？',
      status: 'published',
    })

    // Its question reworded on its update page so that the older entry answers it: asked once again, the tick saying so.
    await page.goto(`/answers/review/${id}`)
    await waitForHydration(page)
    const entry = page.getByRole('form', { name: '复核常见问题' })
    await entry.getByRole('textbox', { name: '常见问题' }).fill('社区自习室几点开门？收费吗？')
    await entry.getByRole('button', { name: '保存更新' }).click()
    await expect.poll(() => entry.getByRole('alert').textContent()).toContain('已经回答了这个问题，更新没有保存。')
    expect(await entry.getByRole('alert').getByRole('link', { name: '社区自习室几点开放？要收费吗？' }).getAttribute('href')).toBe(`/answers/${existing}`)
    expect(await entry.getByRole('textbox', { name: '常见问题' }).inputValue()).toBe('社区自习室几点开门？收费吗？')
    expect(db.prepare('select public_question as question from answers where id = ?').get(id)).toEqual({ question: '社区自习室每天几点开放，收费吗？' })
    await entry.getByRole('checkbox', { name: '仍然保存为另一个问题' }).check()
    await Promise.all([page.waitForURL(/updated=\d+/), entry.getByRole('button', { name: '保存更新' }).click()])
    expect(db.prepare('select public_question as question from answers where id = ?').get(id)).toEqual({ question: '社区自习室几点开门？收费吗？' })
    noErrors()
    await context.close()
  })
})
