import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertApprovedTopic, launchBrowser, login, newContext, watchErrors } from './browser'

// A resident on a phone types a statement and the page reloads before it is sent.

const TOPIC = `佳苑北门电动车充电难 ${Date.now()}`
let browser: Browser
const contexts: BrowserContext[] = []

async function person(username: string) {
  const context = await newContext(browser)
  contexts.push(context)
  const page = await context.newPage()
  const noErrors = watchErrors(page)
  await login(page, username)
  return { page, noErrors }
}

const poll = (fn: () => Promise<unknown>) => expect.poll(fn, { timeout: 15_000 })

beforeAll(async () => {
  insertApprovedTopic(TOPIC)
  browser = await launchBrowser()
})
afterAll(async () => {
  for (const c of contexts) await c.close()
  await browser?.close()
})

describe('a statement being typed in the live room', () => {
  it('is still in the box after the page reloads, and gone once sent', { timeout: 120_000 }, async () => {
    const fac = await person('facilitator1')
    const f = fac.page
    await f.goto('/meetings/new')
    await f.getByLabel('议题（已立项）').selectOption({ label: TOPIC })
    await f.getByLabel('会议名称').fill('佳苑北门充电议事会')
    await f.getByLabel('开始时间').fill('2030-11-22T19:00')
    await f.getByLabel('地点').fill('小河佳苑社区会议室')
    await Promise.all([f.waitForURL(/\/meetings\/\d+\/console$/), f.getByRole('button', { name: '创建议事会' }).click()])
    const meetingId = Number(/\/meetings\/(\d+)\/console/.exec(f.url())![1])
    await f.getByLabel('用户名', { exact: true }).fill('resident1')
    await f.getByRole('button', { name: '添加', exact: true }).click()
    await poll(() => f.getByRole('status').filter({ hasText: '已添加' }).count()).toBe(1)
    f.once('dialog', d => void d.accept())
    await f.getByRole('button', { name: '开始会议' }).click()

    const a = await person('resident1')
    await a.page.goto(`/meetings/${meetingId}`)
    const box = a.page.getByLabel('写下您的意见')
    const said = '楼道里充电太危险了，建议在北门空地装充电桩，'
    await box.fill(said)
    await a.page.reload()
    await poll(() => box.inputValue()).toBe(said)
    await box.fill(`${said}晚上十点后断电。`)
    await a.page.getByRole('button', { name: '发送' }).click()
    await poll(() => f.getByText('晚上十点后断电。').count()).toBe(1)
    expect(await box.inputValue()).toBe('')
    await a.page.reload()
    await poll(() => a.page.getByText('晚上十点后断电。').count()).toBe(1)
    expect(await box.inputValue()).toBe('')
    a.noErrors()
    fac.noErrors()
  })
})
