import type Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowserAndDatabase, login, newContext, openBrowserAndDatabase, watchErrors } from './browser'

// Reviewing a reply that gives an office's number, and re-saving it once published. All text is made up here.
// About a service no other browser test searches for: the answer it publishes stays in the shared demo database.
const SUBJECT = '咨询社区公共洗衣房怎么预约'
const BOOKING = '0571-88001234'

let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(() => closeBrowserAndDatabase(browser, db))

describe('reviewing replies in a real browser', () => {
  it('keeps a booking line, refuses a mobile keeping every edit, and replaces a re-saved reply in place', async () => {
    const { id: complaintId } = db
      .prepare(
        "insert into complaints (tracking_code, channel, community_id, unit_id, subject, body, received_at, status, content_hash) values ('TH-E2E-OFFICE', 'web', (select id from units where code = 'gs-czq'), (select id from units where code = 'gs-czq'), ?, '楼里没地方晾晒，社区的公共洗衣房能用吗？怎么预约？', ?, 'received', 'e2e-office') returning id",
      )
      .get(SUBJECT, Date.now()) as { id: number }
    const context = await newContext(browser)
    const page = await context.newPage()
    // The refused publication answers 400 on purpose.
    const noErrors = watchErrors(page, [400])
    await login(page, 'worker1')
    const saveReply = async (text: string) => {
      await page.goto(`/complaints/${complaintId}`)
      await page.getByRole('textbox', { name: '答复内容' }).fill(text)
      await page.getByRole('button', { name: '保存答复' }).click()
      await expect.poll(() => page.getByText('答复已保存').count()).toBeGreaterThan(0)
    }
    await saveReply(`您好！社区公共洗衣房每周二上午开放，需提前预约，预约电话${BOOKING}。感谢您的来信。`)

    await page.goto('/answers/review')
    const card = page.getByRole('form', { name: SUBJECT })
    const reply = card.getByRole('textbox', { name: '官方答复' })
    expect(await reply.inputValue()).toContain(`预约电话${BOOKING}`)
    // One edit sticks (the last sentence deleted), another is a mobile: nothing is published, nothing typed is lost.
    const withMobile = `社区公共洗衣房每周二上午开放，需提前预约，预约电话${BOOKING}，也可致电13812345678。`
    await reply.fill(withMobile)
    await card.getByRole('button', { name: '审核通过并发布' }).click()
    await expect.poll(() => card.getByRole('alert').filter({ hasText: '这里有电话号码' }).count()).toBe(1)
    expect(await reply.getAttribute('aria-invalid')).toBe('true')
    expect(await reply.inputValue()).toBe(withMobile)
    expect(db.prepare('select status from answers where complaint_id = ?').get(complaintId)).toEqual({ status: 'pending' })

    const approved = `社区公共洗衣房每周二上午开放，需提前预约，预约电话${BOOKING}。`
    await reply.fill(approved)
    await card.getByRole('button', { name: '审核通过并发布' }).click()
    await expect.poll(() => page.getByText('已发布。').count()).toBe(1)
    const { id } = db.prepare('select id from answers where complaint_id = ?').get(complaintId) as { id: number }
    await page.goto(`/answers/${id}`)
    expect(await page.locator('main').innerText()).toContain(approved)

    // Re-saved, the published reply stays online until the update is published in its place.
    await saveReply('您好！自下月起社区公共洗衣房每周二、周四上午开放，预约电话不变。')
    expect((await page.goto(`/answers/${id}`))?.status()).toBe(200)
    expect(await page.locator('main').innerText()).toContain(approved)
    await page.goto('/answers/review')
    await expect.poll(() => card.getByRole('heading', { name: /已公开的版本/ }).count()).toBe(1)
    await card.getByRole('button', { name: '发布更新' }).click()
    await expect.poll(() => page.getByText('已在原网址更新。').count()).toBe(1)
    await page.goto(`/answers/${id}`)
    const text = await page.locator('main').innerText()
    expect(text).toContain('每周二、周四上午开放')
    expect(text).toContain('更新于')
    noErrors()
    await context.close()
  })
})
