import type Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { login, newContext, watchErrors, openBrowserAndDatabase, closeBrowserAndDatabase } from './browser'

// Following (Luohu's personal page): a resident follows a category on the
// answers page; a worker replies to a demo complaint in that category and
// publishes the answer; the resident, on another page, is told live.
let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(() => closeBrowserAndDatabase(browser, db))

describe('following a category in a real browser', () => {
  it('a resident follows a category on /answers and sees the notification when a worker publishes an answer there', async () => {
    // A demo complaint of worker1's community, classified, with no reply yet.
    const complaint = db
      .prepare(
        `select c.id, json_extract(c.category_path, '$[0]') as category from complaints c
         left join answers a on a.complaint_id = c.id
         where a.id is null and c.channel != 'petition' and c.community_id = (select id from units where code = 'gs-czq')
           and c.complainant_user_id is not (select id from users where username = 'resident1')
           and json_extract(c.category_path, '$[0]') is not null
         order by c.id desc limit 1`,
      )
      .get() as { id: number; category: string }

    const residentCtx = await newContext(browser)
    const resident = await residentCtx.newPage()
    const residentErrors = watchErrors(resident)
    await login(resident, 'resident1')
    await resident.goto(`/answers?category=${encodeURIComponent(complaint.category)}`)
    await resident.getByRole('button', { name: '关注此类别' }).click()
    await expect.poll(() => resident.getByRole('button', { name: /已关注/ }).getAttribute('aria-pressed')).toBe('true')
    await resident.goto('/me')
    await expect.poll(() => resident.getByTestId('my-follows').textContent()).toContain(complaint.category)
    const badge = resident.locator('[data-testid="notification-bell"] .badge')
    const before = Number(await badge.textContent())

    const workerCtx = await newContext(browser)
    const worker = await workerCtx.newPage()
    const workerErrors = watchErrors(worker)
    await login(worker, 'worker1')
    await worker.goto(`/complaints/${complaint.id}`)
    await worker.getByRole('textbox', { name: '答复内容' }).fill('您好！您反映的问题已转交相关部门处理，处理进度可在本平台查询，如有疑问请拨打12345。')
    await worker.getByRole('button', { name: '保存答复' }).click()
    await expect.poll(() => worker.getByText('答复已保存，等待审核后公开。').count()).toBe(1)
    const pending = db.prepare('select id, public_question as question from answers where complaint_id = ?').get(complaint.id) as {
      id: number
      question: string
    }
    await worker.goto('/answers/review')
    await worker.getByRole('form', { name: pending.question }).getByRole('button', { name: '审核通过并发布' }).click()
    await expect.poll(() => worker.getByText('已发布。').count()).toBe(1)
    workerErrors()
    await workerCtx.close()

    // Live: the toast and the bell, without reloading the page.
    await expect.poll(() => resident.getByTestId('toast').textContent(), { timeout: 10_000 }).toContain('您关注的类别有新的公开答复')
    expect(Number(await badge.textContent())).toBe(before + 1)
    // The toast's link is read on the toast's dark background: at least 4.5:1, in high contrast too.
    const toastLinkContrast = () =>
      resident
        .getByTestId('toast')
        .locator('a')
        .evaluate(a => {
          const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number)
          const lum = (c: string) => {
            const [r, g, b] = rgb(c).map(v => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4))
            return 0.2126 * r + 0.7152 * g + 0.0722 * b
          }
          const [hi, lo] = [lum(getComputedStyle(a).color), lum(getComputedStyle(a.parentElement!).backgroundColor)].sort((x, y) => y - x)
          return (hi + 0.05) / (lo + 0.05)
        })
    expect(await toastLinkContrast()).toBeGreaterThanOrEqual(4.5)
    await resident.evaluate(() => document.documentElement.classList.add('high-contrast'))
    expect(await toastLinkContrast()).toBeGreaterThanOrEqual(4.5)
    // A keyboard user who reaches the toast's link keeps it as long as they are on it; it goes once they leave.
    await resident.getByTestId('toast').locator('a').focus()
    await resident.waitForTimeout(9_000)
    expect(await resident.getByTestId('toast').textContent()).toContain('您关注的类别有新的公开答复')
    await resident.evaluate(() => (document.activeElement as HTMLElement).blur())
    await expect.poll(() => resident.getByTestId('toast').textContent(), { timeout: 12_000 }).toBe('')
    await resident.goto('/notifications')
    const link = resident.getByRole('link', { name: /您关注的类别有新的公开答复/ }).first()
    expect(await link.getAttribute('href')).toBe(`/answers/${pending.id}`)
    // Opening the answer is what the notice asked for: it is read, and the bell counts one fewer.
    await Promise.all([resident.waitForURL(`**/answers/${pending.id}`), link.click()])
    await expect.poll(async () => Number((await badge.count()) ? await badge.textContent() : 0)).toBe(before)
    residentErrors()
    await residentCtx.close()
  })

  it('offers a visitor one way to log in and follow a topic, and the logged-in resident a choice of what to follow', async () => {
    const topicId = (
      db.prepare("select id from topics where status = 'approved' and place is not null and category != '' order by id limit 1").get() as { id: number }
    ).id
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await page.goto(`/public/topics/${topicId}`)
    const area = page.getByRole('region', { name: '关注进展' })
    expect(await area.getByRole('link').allTextContents()).toEqual(['登录后关注'])
    await Promise.all([page.waitForURL('**/login**'), area.getByRole('link', { name: '登录后关注' }).click()])
    await page.getByLabel('用户名').fill('resident1')
    await page.getByLabel('密码').fill('teahouse-demo')
    await Promise.all([page.waitForURL(`**/public/topics/${topicId}`), page.getByRole('button', { name: '登录' }).click()])
    // The address changes before the page for a logged-in visitor has rendered.
    await expect.poll(() => area.getByRole('button').allTextContents()).toEqual(['关注此议题', '关注此社区', '关注此地点', '关注此类别'])
    await area.getByRole('button', { name: '关注此社区' }).click()
    await expect.poll(() => area.getByRole('button', { name: '已关注此社区 · 取消关注' }).count()).toBe(1)
    await page.goto('/me')
    const community = db.prepare('select u.name_zh as name from topics t join units u on u.id = t.unit_id where t.id = ?').get(topicId) as { name: string }
    await expect.poll(() => page.getByTestId('my-follows').innerText()).toContain(`社区：${community.name}`)
    noErrors()
    await context.close()
  })

  it('a resident follows a place an answer names from the answer page, with the keyboard, after logging in from its link', async () => {
    const answer = db.prepare("select id from answers where status = 'published' and public_question like '%登云路%' order by id limit 1").get() as {
      id: number
    }
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await page.goto(`/answers/${answer.id}`)
    const area = page.getByTestId('follow-answer')
    await Promise.all([page.waitForURL('**/login**'), area.getByRole('link', { name: '登云路 · 登录后关注此地点' }).click()])
    await page.getByLabel('用户名').fill('resident1')
    await page.getByLabel('密码').fill('teahouse-demo')
    await Promise.all([page.waitForURL(`**/answers/${answer.id}`), page.getByRole('button', { name: '登录' }).click()])
    const place = area.getByRole('button', { name: '登云路 · 关注此地点', exact: true })
    await expect.poll(() => place.count()).toBe(1)
    await place.focus()
    await page.keyboard.press('Enter')
    const following = area.getByRole('button', { name: '登云路 · 已关注此地点 · 取消关注' })
    await expect.poll(() => following.getAttribute('aria-pressed')).toBe('true')
    // The same follow as from a topic page about the road: one key, one row.
    expect(
      db.prepare("select count(*) as n from follows f join users u on u.id = f.user_id where u.username = 'resident1' and f.key = 'place:登云路'").get(),
    ).toEqual({ n: 1 })
    await page.goto('/me')
    await expect.poll(() => page.getByTestId('my-follows').innerText()).toContain('地点：登云路')
    // Back on the answer, unfollowing leaves the place offered again.
    await page.goto(`/answers/${answer.id}`)
    await following.click()
    await expect.poll(() => place.getAttribute('aria-pressed')).toBe('false')
    noErrors()
    await context.close()
  })
})
