import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, login, newContext, watchErrors } from './browser'

/** The invitation link as sent by SMS to a panel row's member, read from the admin outbox. */
async function sentInvitationLink(browser: Browser, panelMemberId: number): Promise<string> {
  const admin = await newContext(browser)
  const page = await admin.newPage()
  await login(page, 'admin')
  await page.goto('/admin/outbox')
  const body = (await page.locator(`[data-subject="panel_member:${panelMemberId}"] [data-testid="outbox-body"]`).first().textContent())!
  await admin.close()
  return new URL(body.match(/https?:\/\/\S+\/invite\/\S+/)![0]).pathname
}

const memberIdOf = async (card: import('playwright-core').Locator) => Number((await card.getAttribute('data-testid'))!.replace('panel-member-', ''))

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** The 小河小学 topic: approve it if it is still a suggestion (another e2e file may have approved it already). */
async function approvedSchoolTopic(page: Page): Promise<number> {
  let id = 0
  await expect
    .poll(
      async () => {
        for (const status of ['suggested', 'approved']) {
          await page.goto(`/topics?status=${status}`)
          const item = page.locator('[data-testid="topic-list"] li', { hasText: '小河小学' }).first()
          if (await item.count()) {
            id = Number(await item.getAttribute('data-topic-id'))
            return status
          }
        }
        return null
      },
      { timeout: 30_000, interval: 1000 },
    )
    .not.toBeNull()
  await page.goto(`/topics/${id}`)
  const approve = page.getByRole('button', { name: '立项' })
  if (await approve.count()) {
    await approve.click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: '议题已立项' }).count()).toBe(1)
  }
  return id
}

describe('panel: draw, invite, decline → alternate, accept', () => {
  let panelUrl = ''
  let declinedSeat = 0

  it('the worker sees conflicts explained, then draws and saves a panel', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'worker1')
    const topicId = await approvedSchoolTopic(page)
    await page.goto(`/topics/${topicId}/panel`)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('遴选议事会成员')
    // Stakeholders of a school crossing suggest police, school and shop seats.
    expect(await page.getByLabel(/^民警/).inputValue()).toBe('1')
    expect(await page.getByLabel(/^学校代表/).inputValue()).toBe('1')
    const seed = await page.getByLabel('公开随机种子').inputValue()
    expect(seed).toMatch(/^\d{8}-\d{6}$/)

    // Ask for more police seats than the pool can give: the conflict is explained, nothing is lost.
    await page.getByLabel(/^民警/).fill('9')
    await page.getByRole('button', { name: '抽签', exact: true }).click()
    await page.getByTestId('panel-infeasible').waitFor()
    expect(await page.getByTestId('panel-infeasible').textContent()).toMatch(/至少 9 个民警席位（库中有此身份的只有 \d+ 人）/)
    expect(await page.getByLabel('公开随机种子').inputValue()).toBe(seed)

    await page.getByLabel(/^民警/).fill('1')
    await page.getByRole('button', { name: '抽签', exact: true }).click()
    await page.getByTestId('panel-result').waitFor()
    expect(await page.locator('[data-testid="panel-result"] tbody tr').count()).toBe(12)
    expect(await page.getByTestId('panel-result').textContent()).toContain('民警席位')
    expect(await page.locator('[data-testid="panel-alternates"] li').count()).toBe(8)

    await Promise.all([page.waitForURL(/\/panels\/\d+/), page.getByRole('button', { name: '保存并发出邀请' }).click()])
    panelUrl = new URL(page.url()).pathname
    expect(await page.getByTestId('panel-seed').textContent()).toBe(seed)
    expect(await page.getByTestId('panel-counts').textContent()).toContain('待回复 12')
    // The system sent the invitations; the worker sees that, not the links or texts.
    await expect.poll(() => page.locator('[data-testid="invite-delivery"][data-delivery="sent"]').count()).toBe(12)
    expect(await page.locator('[data-testid="sms-text"], [data-testid="invite-link"]').count()).toBe(0)

    // Verify this draw: re-run on the stored request and seed.
    await page.getByRole('button', { name: '立即复核' }).click()
    await expect.poll(() => page.getByTestId('verify-result').textContent()).toContain('复核通过')
    noErrors()
    await context.close()
  })

  it('a member declines on their phone; the next suitable alternate is invited into the seat', async () => {
    const worker = await newContext(browser)
    const page = await worker.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'worker1')
    await page.goto(panelUrl)
    const seats = page.locator('[data-testid="panel-seats"] > li')
    declinedSeat = await seats.count()
    const lastSeat = seats.nth(declinedSeat - 1)
    const link = await sentInvitationLink(browser, await memberIdOf(lastSeat.locator('[data-status="invited"]').first()))

    const phone = await newContext(browser)
    const invitee = await phone.newPage()
    const inviteeErrors = watchErrors(invitee)
    await invitee.goto(link)
    await expect.poll(() => invitee.getByRole('heading', { level: 1 }).textContent()).toBe('议事会邀请')
    await invitee.getByLabel('婉拒理由（可不填）').fill('那周要出差')
    await invitee.getByRole('button', { name: '婉拒' }).click()
    await expect.poll(() => invitee.getByTestId('invite-answer').textContent()).toContain('已收到您的回复')
    inviteeErrors()
    await phone.close()

    await page.reload()
    const cards = page.locator(`[data-testid="seat-${declinedSeat}"] [data-status]`)
    await expect.poll(() => cards.count()).toBe(2)
    expect(await cards.nth(0).getAttribute('data-status')).toBe('replaced')
    expect(await cards.nth(0).textContent()).toContain('那周要出差')
    expect(await cards.nth(1).getAttribute('data-status')).toBe('invited')
    expect(await cards.nth(1).textContent()).toContain('替补')
    expect(await page.getByTestId('panel-counts').textContent()).toContain('候补等待 7')
    noErrors()
    await worker.close()
  })

  it('the alternate accepts from the link, and that phone is logged in as them', async () => {
    const worker = await newContext(browser)
    const page = await worker.newPage()
    await login(page, 'worker1')
    await page.goto(panelUrl)
    const card = page.locator(`[data-testid="seat-${declinedSeat}"] [data-status="invited"]`)
    await expect.poll(() => card.getByTestId('invite-delivery').getAttribute('data-delivery')).toBe('sent')
    const link = await sentInvitationLink(browser, await memberIdOf(card))
    await worker.close()

    const phone = await newContext(browser)
    const invitee = await phone.newPage()
    const noErrors = watchErrors(invitee)
    await invitee.goto(link)
    await invitee.getByRole('button', { name: '接受邀请' }).click()
    await expect.poll(() => invitee.getByTestId('invite-answer').textContent()).toContain('感谢您接受邀请')
    const res = await invitee.goto('/me')
    expect(res?.status()).toBe(200)
    await expect.poll(() => invitee.getByRole('heading', { level: 1 }).textContent()).toMatch(/欢迎/)
    noErrors()
    await phone.close()
  })

  it('a resident joins the pool from /me with consent and leaves again; the worker sees the pool', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page, [400])
    await login(page, 'resident1')
    // The demo resident is in the pool already (she sits on the demo's upcoming panel): she leaves it first, then joins again.
    await Promise.all([page.waitForURL('**/join'), page.getByRole('link', { name: '我的议事员资料' }).click()])
    await Promise.all([page.waitForURL('**/join?left=1'), page.getByRole('button', { name: '退出议事员库' }).click()])
    await page.goto('/me')
    await Promise.all([page.waitForURL('**/join'), page.getByRole('link', { name: '加入议事员库' }).click()])
    await page.getByLabel('交通运输').check()
    await page.getByLabel('方便参加的时间').fill('周末')
    await page.getByRole('button', { name: '加入议事员库' }).click()
    // Without the consent box nothing is stored, and the page says why in its own language.
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '请勾选同意后再加入' }).count()).toBe(1)
    expect(await page.getByLabel('我已阅读并同意上面的说明').getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByLabel('方便参加的时间').inputValue()).toBe('周末')
    expect(new URL(page.url()).search).toBe('')
    await page.getByLabel('我已阅读并同意上面的说明').check()
    await Promise.all([page.waitForURL('**/join?joined=1'), page.getByRole('button', { name: '加入议事员库' }).click()])
    await expect.poll(() => page.getByRole('status').filter({ hasText: '您已加入议事员库' }).count()).toBe(1)
    await page.goto('/me')
    await Promise.all([page.waitForURL('**/join'), page.getByRole('link', { name: '我的议事员资料' }).click()])
    await Promise.all([page.waitForURL('**/join?left=1'), page.getByRole('button', { name: '退出议事员库' }).click()])
    await expect.poll(() => page.getByRole('status').filter({ hasText: '资料已删除' }).count()).toBe(1)
    noErrors()
    await context.close()

    const worker = await newContext(browser)
    const wpage = await worker.newPage()
    const workerErrors = watchErrors(wpage)
    await login(wpage, 'worker1')
    await wpage.goto('/pool')
    await expect.poll(() => wpage.getByRole('heading', { level: 1 }).textContent()).toBe('议事员库')
    expect(await wpage.locator('tbody tr').count()).toBeGreaterThan(10)
    await wpage.getByRole('link', { name: '添加议事员' }).click()
    await wpage.getByLabel('姓名').waitFor()
    await wpage.goto('/pool/import')
    await wpage.getByLabel('文件（CSV / XLSX）').waitFor()
    workerErrors()
    await worker.close()
  })
})
