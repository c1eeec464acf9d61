import type Database from 'better-sqlite3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowserAndDatabase, login, newContext, openBrowserAndDatabase, waitForHydration, watchErrors } from './browser'

// The reply library's staff forms refused for personal data left in them: the keyboard goes to the first
// field marked, not left on the button. All text is made up here, about a service no other browser test
// searches for (the FAQ entry published stays in the shared demo database).
const SUBJECT = '咨询社区共享轮椅怎么借用'
const BOOKING = '0571-88004321'

let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(() => closeBrowserAndDatabase(browser, db))

/** A reply to a resident's question, awaiting review or published. */
function reply(status: 'pending' | 'published', code: string) {
  const now = Date.now()
  const community = (db.prepare("select id from units where code = 'gs-czq'").get() as { id: number }).id
  const complaint = db
    .prepare(
      "insert into complaints (tracking_code, channel, community_id, unit_id, subject, body, received_at, status, content_hash) values (?, 'web', ?, ?, ?, '家里老人腿脚不便，社区的共享轮椅怎么借？', ?, 'received', ?) returning id",
    )
    .get(`TH-E2E-${code}`, community, community, SUBJECT, now, `e2e-${code}`) as { id: number }
  const text = '社区共享轮椅可在服务大厅登记借用，归还时检查完好即可。'
  return db
    .prepare(
      "insert into answers (kind, complaint_id, reply, replied_at, status, public_question, public_text, public_reply, community_id, published_at) values ('reply', ?, ?, ?, ?, ?, '家里老人腿脚不便，社区的共享轮椅怎么借？', ?, ?, ?) returning id",
    )
    .get(complaint.id, text, now, status, SUBJECT, text, community, status === 'published' ? now : null) as { id: number }
}

/** The name of the control that has the keyboard. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName)
const poll = (fn: () => Promise<unknown>) => expect.poll(fn, { timeout: 10_000 })

describe('a reply library form refused for personal data', () => {
  it('takes the keyboard to the first field marked: reviewing a reply, publishing an FAQ entry and correcting it', { timeout: 120_000 }, async () => {
    const pending = reply('pending', 'FOCUS-1')
    const source = reply('published', 'FOCUS-2')
    const context = await newContext(browser)
    const page = await context.newPage()
    // The refusals answer 400 on purpose.
    const noErrors = watchErrors(page, [400])
    await login(page, 'worker1')

    // Reviewing a reply: the resident's words and the reply both hold personal data; the words come first.
    await page.goto('/answers/review')
    await waitForHydration(page)
    const card = page.locator('form').filter({ has: page.locator(`input[name="answerId"][value="${pending.id}"]`) })
    await card.getByRole('textbox', { name: '留言内容' }).fill('我是张三，家里老人腿脚不便。')
    await card.getByRole('textbox', { name: '官方答复' }).fill('请致电13812345678借用。')
    await card.getByRole('button', { name: '审核通过并发布' }).click()
    await poll(() => focused(page)).toBe('publicText')
    expect(await card.getByRole('textbox', { name: '留言内容' }).getAttribute('aria-invalid')).toBe('true')
    // Sent again by Enter in a field that was fine, the words put right: the reply, still refused, takes it.
    await card.getByRole('textbox', { name: '留言内容' }).fill('家里老人腿脚不便。')
    await card.getByRole('textbox', { name: '问题' }).press('Enter')
    await poll(() => focused(page)).toBe('publicReply')

    // Publishing an FAQ entry drawn from the published reply.
    await page.goto(`/answers/review?q=${encodeURIComponent('共享轮椅怎么借')}&source=${source.id}#faq`)
    await waitForHydration(page)
    const faq = page.getByRole('form', { name: '编写常见问题' })
    await faq.getByRole('textbox', { name: '问题' }).fill('我是张三，共享轮椅怎么借？')
    await faq.getByRole('textbox', { name: '答复' }).fill('在服务大厅登记借用，详情致电13812345678。')
    await faq.getByRole('button', { name: '发布常见问题' }).click()
    await poll(() => focused(page)).toBe('question')
    expect(await faq.getByRole('alert').filter({ hasText: '这里有姓名' }).count()).toBe(1)
    await faq.getByRole('textbox', { name: '问题' }).fill('共享轮椅怎么借？')
    await faq.getByRole('button', { name: '发布常见问题' }).click()
    await poll(() => focused(page)).toBe('reply')
    // Published exactly as approved, the service's booking line kept.
    const approved = `在服务大厅登记借用，预约电话${BOOKING}。`
    await faq.getByRole('textbox', { name: '答复' }).fill(approved)
    await Promise.all([page.waitForURL(/published=\d+/), faq.getByRole('button', { name: '发布常见问题' }).click()])
    const id = Number(new URL(page.url()).searchParams.get('published'))
    expect(db.prepare('select public_reply as reply from answers where id = ?').get(id)).toEqual({ reply: approved })

    // Correcting it: a mobile typed into the answer.
    await page.goto(`/answers/review/${id}`)
    await waitForHydration(page)
    const entry = page.getByRole('form', { name: '复核常见问题' })
    await entry.getByRole('textbox', { name: '答复' }).fill('在服务大厅登记借用，也可致电13812345678。')
    await entry.getByRole('button', { name: '保存更新' }).click()
    await poll(() => focused(page)).toBe('reply')
    expect(db.prepare('select public_reply as reply from answers where id = ?').get(id)).toEqual({ reply: approved })
    noErrors()
    await context.close()
  })
})
