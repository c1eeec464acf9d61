import type Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, closeBrowserAndDatabase, login, newContext, openBrowserAndDatabase, waitForHydration, watchErrors } from './browser'

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

  it('checks for personal data while drafting, and checks on an entry’s update page, leaving the entry itself out, with or without JavaScript', async () => {
    const now = Date.now()
    const insert = (question: string, reply: string) =>
      (
        db
          .prepare(
            "insert into answers (kind, reply, replied_at, status, public_question, public_reply, source_ids, category_path, reviewed_at, published_at) values ('faq', ?, ?, 'published', ?, ?, '[]', ?, ?, ?) returning id",
          )
          .get(reply, now, question, reply, JSON.stringify(['教育文体']), now, now) as { id: number }
      ).id
    const library = insert('社区图书角几点开放？能借几本书？', '社区图书角每天九点到下午五点开放，凭居民卡每次可借三本书。')
    const entry = insert('社区合唱团怎么报名参加？', '社区合唱团每月第一个周六在活动室报名，带上居民卡即可。')
    const context = await newContext(browser)
    const page = await context.newPage()
    // The check answers 400 or 409 when it finds something, on purpose.
    const noErrors = watchErrors(page, [400, 409])
    await login(page, 'street1')

    // While drafting: a mobile left in the answer is said beside it, in publishing's words; no published entry answers the question.
    await page.goto(`/answers/review?q=${encodeURIComponent('舞蹈队排练地点')}#faq`)
    await waitForHydration(page)
    const form = page.getByRole('form', { name: '编写常见问题' })
    await form.getByRole('textbox', { name: '常见问题' }).fill('社区舞蹈队在哪里排练？')
    await form.getByRole('textbox', { name: '答复' }).fill('舞蹈队在活动室排练，联系人电话13912345678。')
    await form.getByRole('button', { name: '检查是否已有常见问题' }).click()
    await expect.poll(() => form.getByRole('alert').first().textContent()).toContain('文字里有个人信息')
    const reply = form.getByRole('textbox', { name: '答复' })
    expect(await reply.getAttribute('aria-invalid')).toBe('true')
    const replyError = page.locator(`#${await reply.getAttribute('aria-describedby')}`)
    expect(await replyError.textContent()).toContain('手机号码属于个人，一律不公开')
    expect(await form.getByRole('status').textContent()).toBe('没有已发布的常见问题回答这个问题。')
    expect(await reply.inputValue()).toBe('舞蹈队在活动室排练，联系人电话13912345678。')
    expect(db.prepare("select count(*) as n from answers where public_question = '社区舞蹈队在哪里排练？'").get()).toEqual({ n: 0 })

    // On the update page, from the keyboard: the entry's own question is not found; a question the other entry answers is named, nothing saved.
    await page.goto(`/answers/review/${entry}`)
    await waitForHydration(page)
    const update = page.getByRole('form', { name: '复核常见问题' })
    const check = update.getByRole('button', { name: '检查是否已有常见问题' })
    await check.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => update.getByRole('status').textContent()).toBe('没有已发布的常见问题回答这个问题。')
    await update.getByRole('textbox', { name: '常见问题' }).fill('社区图书角几点开门？可以借几本书？')
    await update.getByRole('textbox', { name: '答复' }).fill('请问王小明，电话13912345678。')
    await check.click()
    const alert = update.getByRole('alert').first()
    await expect.poll(() => alert.textContent()).toContain('已经回答了这个问题。')
    expect(await alert.textContent()).not.toContain('没有保存')
    expect(await alert.getByRole('link', { name: '社区图书角几点开放？能借几本书？' }).getAttribute('href')).toBe(`/answers/${library}`)
    expect(await update.getByRole('checkbox', { name: '仍然保存为另一个问题' }).isChecked()).toBe(false)
    const entryReply = update.getByRole('textbox', { name: '答复' })
    expect(await page.locator(`#${await entryReply.getAttribute('aria-describedby')}`).textContent()).toContain('手机号码属于个人，一律不公开')
    expect(await update.getByRole('textbox', { name: '常见问题' }).inputValue()).toBe('社区图书角几点开门？可以借几本书？')
    expect(db.prepare('select public_question as question from answers where id = ?').get(entry)).toEqual({ question: '社区合唱团怎么报名参加？' })
    noErrors()
    await context.close()

    // Without JavaScript, a plain form post: the same finding, the page drawn by the server.
    const plain = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', javaScriptEnabled: false })
    const noScript = await plain.newPage()
    await login(noScript, 'street1')
    await noScript.goto(`/answers/review/${entry}`)
    const noScriptForm = noScript.getByRole('form', { name: '复核常见问题' })
    await noScriptForm.getByRole('textbox', { name: '常见问题' }).fill('社区图书角几点开门？可以借几本书？')
    await Promise.all([noScript.waitForLoadState('load'), noScriptForm.getByRole('button', { name: '检查是否已有常见问题' }).click()])
    await expect.poll(() => noScriptForm.getByRole('alert').first().textContent()).toContain('已经回答了这个问题。')
    expect(await noScriptForm.getByRole('textbox', { name: '常见问题' }).inputValue()).toBe('社区图书角几点开门？可以借几本书？')
    expect(db.prepare('select public_question as question from answers where id = ?').get(entry)).toEqual({ question: '社区合唱团怎么报名参加？' })
    await plain.close()
  })
})
