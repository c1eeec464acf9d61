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
    // The notice names the new topic and links it.
    const notice = page.getByRole('status').filter({ hasText: '已拆分出新议题“拆分出的议题”' })
    await expect.poll(() => notice.count()).toBe(1)
    expect(await notice.getByRole('link', { name: '拆分出的议题' }).getAttribute('href')).toMatch(/^\/topics\/\d+$/)
    await expect.poll(() => page.locator('[data-testid="topic-complaints"] li').count()).toBe(n - 1)
    await page.goto('/topics?status=suggested')
    await page.locator('[data-testid="topic-list"]').getByRole('link', { name: '拆分出的议题' }).waitFor()
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

describe('topic review forms say what is wrong in the page’s own words', () => {
  it('the transfer menu starts at “choose a unit”; sent unchosen, and an approval without a title, are refused beside their fields with what was typed kept', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page, [400])
    await login(page, 'worker1')
    await page.goto('/topics?status=suggested')
    const id = Number(await page.locator('[data-testid="topic-list"] li').first().getAttribute('data-topic-id'))
    await page.goto(`/topics/${id}`)
    const transfer = page.locator('form', { has: page.getByRole('button', { name: '转交其他单位' }) })
    const unit = transfer.getByLabel('转交给')
    expect(await unit.inputValue()).toBe('')
    expect(await unit.locator('option').first().textContent()).toBe('请选择单位')
    await transfer.getByLabel('补充说明').fill('这个路口归和睦社区管')
    await transfer.getByRole('button', { name: '转交其他单位' }).click()
    await expect.poll(() => transfer.locator('#reassign-unit-error').textContent()).toBe('请选择要转交的单位。')
    expect(await unit.getAttribute('aria-invalid')).toBe('true')
    expect(await transfer.getByLabel('补充说明').inputValue()).toBe('这个路口归和睦社区管')
    expect(new URL(page.url()).pathname).toBe(`/topics/${id}`)

    const approve = page.locator('form', { has: page.getByRole('button', { name: '立项' }) })
    await approve.getByLabel('议题标题').fill('')
    await approve.getByLabel('地点').fill('小河小学南门')
    await approve.getByRole('button', { name: '立项' }).click()
    await expect.poll(() => approve.locator('#approve-title-error').textContent()).toBe('标题不能为空，最多 120 字。')
    expect(await approve.getByLabel('地点').inputValue()).toBe('小河小学南门')
    await page.goto('/topics?status=suggested')
    await page.locator(`[data-topic-id="${id}"]`).waitFor()
    noErrors()
    await context.close()
  })

  it('a refused field loses its message and red border as soon as it is put right: a reason chosen, a unit chosen, a title typed', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.setViewportSize({ width: 390, height: 844 })
    const noErrors = watchErrors(page, [400])
    await login(page, 'worker1')
    await page.goto('/topics?status=suggested')
    const id = Number(await page.locator('[data-testid="topic-list"] li').first().getAttribute('data-topic-id'))
    await page.goto(`/topics/${id}`)
    const reject = page.locator('form', { has: page.locator('summary', { hasText: '驳回' }) })
    await reject.locator('summary', { hasText: '驳回' }).click()
    await reject.getByRole('button', { name: '确认驳回' }).click()
    await expect.poll(() => reject.locator('#reject-reason-error').textContent()).toBe('请选择驳回原因。')
    const reason = reject.getByLabel('驳回原因')
    expect(await reason.getAttribute('aria-invalid')).toBe('true')
    await reason.selectOption('duplicate')
    await expect.poll(() => reject.locator('#reject-reason-error').count()).toBe(0)
    expect(await reason.getAttribute('aria-invalid')).toBeNull()
    // Opening the confirmation again does not bring it back.
    await reject.locator('summary', { hasText: '驳回' }).click()
    expect(await reject.locator('#reject-reason-error').count()).toBe(0)

    const transfer = page.locator('form', { has: page.getByRole('button', { name: '转交其他单位' }) })
    await transfer.getByRole('button', { name: '转交其他单位' }).click()
    await expect.poll(() => transfer.locator('#reassign-unit-error').count()).toBe(1)
    await transfer.getByLabel('转交给').selectOption({ index: 1 })
    await expect.poll(() => transfer.locator('#reassign-unit-error').count()).toBe(0)

    const approve = page.locator('form', { has: page.getByRole('button', { name: '立项' }) })
    await approve.getByLabel('议题标题').fill('')
    await approve.getByRole('button', { name: '立项' }).click()
    await expect.poll(() => approve.locator('#approve-title-error').count()).toBe(1)
    await approve.getByLabel('议题标题').fill('小')
    await approve.getByLabel('议题标题').fill('小河小学路口拥堵')
    await expect.poll(() => approve.locator('#approve-title-error').count()).toBe(0)
    noErrors()
    await context.close()
  })

  it('a merge confirmed after another worker approved one of the ticked topics is refused, naming that topic, and nothing is merged', async () => {
    const mine = await newContext(browser)
    const page = await mine.newPage()
    await login(page, 'worker1')
    await page.goto('/topics?status=suggested')
    const items = page.locator('[data-testid="topic-list"] li')
    expect(await items.count()).toBeGreaterThanOrEqual(2)
    const [a, b] = [Number(await items.nth(0).getAttribute('data-topic-id')), Number(await items.nth(1).getAttribute('data-topic-id'))]
    const titleB = (await items.nth(1).locator('a strong').textContent())!
    await items.nth(0).locator('input[type=checkbox]').check()
    await items.nth(1).locator('input[type=checkbox]').check()
    await page.getByRole('button', { name: '合并所选议题' }).click()
    const question = page.getByTestId('merge-confirm')
    await question.waitFor()

    const theirs = await newContext(browser)
    const other = await theirs.newPage()
    await login(other, 'worker1')
    await other.goto(`/topics/${b}`)
    await other.getByRole('button', { name: '立项' }).click()
    await other.getByRole('status').filter({ hasText: '议题已立项' }).waitFor()
    await theirs.close()
    // The list follows live (the approved topic leaves it) and the question stays asked.
    await expect.poll(() => page.locator(`[data-topic-id="${b}"]`).count()).toBe(0)
    expect(await question.count()).toBe(1)

    await question.getByRole('button', { name: '确认合并' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '没有合并' }).textContent()).toContain(`议题“${titleB}”已被处理（已立项）`)
    expect(await page.getByRole('status').filter({ hasText: '已合并' }).count()).toBe(0)
    await page.goto('/topics?status=suggested')
    await page.locator(`[data-topic-id="${a}"]`).waitFor()
    await page.goto('/topics?status=merged')
    expect(await page.locator(`[data-topic-id="${a}"]`).count()).toBe(0)
    await mine.close()
  })

  it('a taxonomy import sent without a file is refused beside the file field', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await login(page, 'street1')
    await page.goto('/taxonomy')
    await page.getByRole('button', { name: '导入为新版本' }).click()
    await expect.poll(() => page.locator('#taxonomy-file-error').textContent()).toBe('请选择要导入的 JSON 文件。')
    expect(await page.getByLabel('JSON 文件').getAttribute('aria-invalid')).toBe('true')
    await context.close()
  })
})
