import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, login, newContext, watchErrors } from './browser'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** Import a burst of complaints about one place through the real CLI, into the running server's database. */
function importBurst(place: string, n: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-burst-'))
  const file = path.join(dir, 'burst.jsonl')
  const now = Date.now()
  const rows = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      留言编号: `e2e-${place}-${i}-${now}`,
      留言用户: `burst-user-${i}`,
      留言主题: `${place}电梯又坏了，老人被困`,
      留言时间: new Date(now - (n - i) * 3600_000).toISOString(),
      留言详情: `${place}3幢电梯这个月坏了好几次，昨天又有老人被困在里面，物业说没钱维修，请社区协调维修资金。（${i + 1}）`,
      点赞数: 6,
    }),
  )
  fs.writeFileSync(file, rows.join('\n') + '\n')
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'app/cli/import.ts', file, '--channel', 'hotline', '--community', 'gs-czq', '--json'], {
    env: { ...process.env, DATABASE_PATH: process.env.E2E_DATABASE_PATH! },
    encoding: 'utf8',
  })
  fs.rmSync(dir, { recursive: true, force: true })
  return JSON.parse(out.trim().split('\n').at(-1)!)
}

async function topicIdFromList(page: Page, text: string) {
  const item = page.locator('[data-testid="topic-list"] li', { hasText: text }).first()
  return Number(await item.getAttribute('data-topic-id'))
}

describe('topic review and push in a real browser', () => {
  let topicId = 0

  it('a burst imported about one place appears on the worker’s page without reload, with a notification', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'worker1')
    await page.goto('/topics')
    await expect.poll(() => page.locator('[data-testid="notification-bell"] .badge').textContent()).toMatch(/\d+/)
    const before = Number(await page.locator('[data-testid="notification-bell"] .badge').textContent())
    expect(await page.getByText('长征花园电梯').count()).toBe(0)
    const summary = importBurst('长征花园', 8)
    expect(summary).toMatchObject({ imported: 8, duplicates: 0, rejected: 0 })
    // No reload: the server's NLP job classifies, clusters and pushes over Socket.IO.
    await page.locator('[data-testid="topic-list"]', { hasText: '长征花园' }).waitFor({ timeout: 20_000 })
    await expect.poll(() => page.getByTestId('toast').textContent(), { timeout: 10_000 }).toContain('长征花园')
    await expect.poll(async () => Number(await page.locator('[data-testid="notification-bell"] .badge').textContent())).toBeGreaterThan(before)
    topicId = await topicIdFromList(page, '长征花园')
    expect(topicId).toBeGreaterThan(0)
    noErrors()
    await context.close()
  })

  it('the worker approves it with an edited title', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await login(page, 'worker1')
    await page.goto(`/topics/${topicId}`)
    await expect.poll(() => page.getByRole('heading', { name: '为什么推荐' }).count()).toBe(1)
    await page.getByLabel('议题标题').first().fill('长征花园电梯频繁故障议题')
    await page.getByRole('button', { name: '立项' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: '议题已立项' }).count()).toBe(1)
    await page.goto('/topics?status=approved')
    await page.getByText('长征花园电梯频繁故障议题').waitFor()
    await context.close()
  })

  it('merge and split work', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await login(page, 'worker1')
    await page.goto('/topics?status=suggested')
    const items = page.locator('[data-testid="topic-list"] li')
    expect(await items.count()).toBeGreaterThanOrEqual(2)
    const a = Number(await items.nth(0).getAttribute('data-topic-id'))
    const b = Number(await items.nth(1).getAttribute('data-topic-id'))
    const heat = async (i: number) => Number(/[\d.]+/.exec((await items.nth(i).locator('.badge').first().textContent()) ?? '')?.[0])
    expect(await heat(0)).toBeGreaterThan(await heat(1))
    // Ticked cooler one first: the hotter one is still the target offered.
    await items.nth(1).locator('input[type=checkbox]').check()
    await items.nth(0).locator('input[type=checkbox]').check()
    // Only the ticked topics can be the target, by their titles.
    const titles = await items.locator('a strong').allTextContents()
    expect(await page.getByLabel('合并到').locator('option').allTextContents()).toEqual(titles.slice(0, 2))
    expect(await page.getByLabel('合并到').inputValue()).toBe(String(a))
    await page.getByRole('button', { name: '合并所选议题' }).click()
    // Asked first, naming both; nothing is merged until confirmed.
    const question = page.getByTestId('merge-confirm')
    await expect.poll(() => question.getByRole('note').textContent()).toContain(`“${titles[1]}”将并入“${titles[0]}”`)
    expect(await page.getByRole('status').filter({ hasText: '已合并' }).count()).toBe(0)
    await question.getByRole('button', { name: '确认合并' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已合并' }).count()).toBe(1)
    await page.goto('/topics?status=merged')
    await page.locator(`[data-topic-id="${b}"]`).waitFor()

    await page.goto(`/topics/${a}`)
    const complaints = page.locator('[data-testid="topic-complaints"] li')
    const n = await complaints.count()
    expect(n).toBeGreaterThanOrEqual(2)
    await complaints.nth(0).locator('input[type=checkbox]').check()
    await page.getByLabel('新议题标题').fill('拆分出的议题')
    await page.getByRole('button', { name: '拆分所选诉求为新议题' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已拆分为新议题' }).count()).toBe(1)
    await expect.poll(() => page.locator('[data-testid="topic-complaints"] li').count()).toBe(n - 1)
    await page.goto('/topics?status=suggested')
    await page.locator('[data-testid="topic-list"]').getByText('拆分出的议题').waitFor()
    await context.close()
  })

  it('without JavaScript, a merge asks on the page it returns and a rejection asks in place, each done only once confirmed', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', javaScriptEnabled: false })
    const page = await context.newPage()
    await login(page, 'worker1')
    await page.goto('/topics?status=suggested')
    const items = page.locator('[data-testid="topic-list"] li')
    const hot = Number(await items.nth(0).getAttribute('data-topic-id'))
    const cool = Number(await items.nth(1).getAttribute('data-topic-id'))
    const titles = await items.locator('a strong').allTextContents()
    await items.nth(1).locator('input[type=checkbox]').check()
    await items.nth(0).locator('input[type=checkbox]').check()
    expect(await page.getByLabel('合并到').inputValue()).toBe('')
    await page.getByRole('button', { name: '合并所选议题' }).click()
    const question = page.getByTestId('merge-confirm')
    expect(await question.getByRole('note').textContent()).toContain(`“${titles[1]}”将并入“${titles[0]}”`)
    const merged = await context.newPage()
    await merged.goto('/topics?status=merged')
    expect(await merged.locator(`[data-topic-id="${cool}"]`).count()).toBe(0)
    await question.getByRole('button', { name: '确认合并' }).click()
    await page.getByRole('status').filter({ hasText: '已合并' }).waitFor()
    await merged.reload()
    await merged.locator(`[data-topic-id="${cool}"]`).waitFor()

    await page.goto(`/topics/${hot}`)
    await page.getByLabel('驳回原因').selectOption('duplicate')
    await page.locator('summary', { hasText: '驳回' }).click()
    await page.getByRole('button', { name: '确认驳回' }).click()
    await page.getByRole('status').filter({ hasText: '议题已驳回' }).waitFor()
    await context.close()
  })

  it('a worker of another community and a resident can neither see nor act on it', async () => {
    for (const username of ['worker2', 'resident1']) {
      const context = await newContext(browser)
      const page = await context.newPage()
      await login(page, username)
      const res = await page.goto(`/topics/${topicId}`)
      expect(res?.status()).toBe(403)
      if (username === 'worker2') {
        await page.goto('/topics?status=approved')
        expect(await page.getByText('长征花园电梯频繁故障议题').count()).toBe(0)
      }
      await context.close()
    }
  })
})
