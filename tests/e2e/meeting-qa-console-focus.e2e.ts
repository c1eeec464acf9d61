import Database from 'better-sqlite3'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, login, newContext, watchErrors } from './browser'

// The facilitator runs the console from the keyboard: each button that goes
// away once pressed hands the focus on to what took its place, never to the
// page itself.

const TOPIC = `和平里菜场早市占道 ${Date.now()}`
let browser: Browser
const contexts: BrowserContext[] = []

function insertApprovedTopic() {
  const db = new Database(process.env.E2E_DATABASE_PATH!)
  db.pragma('busy_timeout = 5000')
  try {
    const unit = db.prepare('select id from units where code = ?').get('gs-czq') as { id: number }
    db.prepare("insert into topics (unit_id, status, title) values (?, 'approved', ?)").run(unit.id, TOPIC)
  } finally {
    db.close()
  }
}

async function person(username: string, viewport = { width: 390, height: 844 }) {
  const context = await newContext(browser)
  contexts.push(context)
  const page = await context.newPage()
  await page.setViewportSize(viewport)
  const noErrors = watchErrors(page)
  await login(page, username)
  return { page, noErrors }
}

const poll = (fn: () => Promise<unknown>) => expect.poll(fn, { timeout: 15_000 })

/** What has the keyboard focus: its tag, its accessible label or text, never the page body. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return 'BODY'
    return `${el.tagName}: ${(el.getAttribute('aria-label') ?? (el as HTMLElement).innerText).replace(/\s+/g, ' ').trim()}`
  })

/** Press a button from the keyboard, as someone without a mouse would. */
async function press(page: Page, name: string | RegExp) {
  const button = page.getByRole('button', { name, exact: typeof name === 'string' }).first()
  await button.focus()
  await page.keyboard.press('Enter')
}

beforeAll(async () => {
  insertApprovedTopic()
  browser = await launchBrowser()
})
afterAll(async () => {
  for (const c of contexts) await c.close()
  await browser?.close()
})

describe('the console from the keyboard', () => {
  it('keeps the focus on what replaced each pressed button', { timeout: 180_000 }, async () => {
    const fac = await person('facilitator1', { width: 1366, height: 900 })
    const f = fac.page
    f.on('dialog', d => void d.accept())
    await f.goto('/meetings/new')
    await f.getByLabel('议题（已立项）').selectOption({ label: TOPIC })
    await f.getByLabel('会议名称').fill('菜场早市占道议事会')
    await f.getByLabel('形式').selectOption('hybrid')
    await f.getByLabel(/^开始时间/).fill('2030-11-22T19:00')
    await f.getByLabel('地点').fill('和平里社区会议室')
    await Promise.all([f.waitForURL(/\/meetings\/\d+\/console$/), f.getByRole('button', { name: '创建议事会' }).click()])
    const meetingId = Number(/\/meetings\/(\d+)\/console/.exec(f.url())![1])
    await f.getByLabel('用户名', { exact: true }).fill('worker1')
    await f.getByLabel('角色').selectOption('recorder')
    await f.getByRole('button', { name: '添加', exact: true }).click()
    await poll(() => f.getByRole('status').filter({ hasText: '已添加' }).count()).toBe(1)
    // The console afresh, as the facilitator opens it when the meeting begins.
    await f.goto(`/meetings/${meetingId}/console`)
    await poll(() => f.getByRole('button', { name: '开始会议' }).count()).toBe(1)

    // 开始会议 → the first agenda item to go to.
    await press(f, '开始会议')
    await poll(() => focused(f)).toMatch(/^BUTTON: 进入此议程/)

    // 进入此议程 → the item now under way.
    const first = /（(.+)）/.exec(await focused(f))![1]!
    await f.keyboard.press('Enter')
    await poll(() => focused(f)).toMatch(new RegExp(`^P: 1\\. ${first}`))

    // Two neighbours in the room raise their hands through the recorder.
    const rec = await person('worker1')
    await rec.page.goto(`/meetings/${meetingId}`)
    for (const name of ['刘大姐', '孙师傅']) {
      await rec.page.getByLabel('现场人员姓名').fill(name)
      await rec.page.getByRole('button', { name: '登记到场' }).click()
      await poll(() => rec.page.getByRole('button', { name: '代为举手' }).isEnabled()).toBe(true)
      await rec.page.getByRole('button', { name: '代为举手' }).click()
      await poll(() => f.getByRole('list', { name: '发言排队' }).getByText(name).count()).toBe(1)
    }

    // 请发言 → the speaker who now has the floor.
    await press(f, /^请发言.*刘大姐/)
    await poll(() => focused(f)).toMatch(/^P: 刘大姐/)

    // 结束发言 → the next hand waiting to be given the floor.
    await press(f, '结束发言')
    await poll(() => focused(f)).toMatch(/^BUTTON: 请发言.*孙师傅/)

    // 移出队列 → the queue, now empty.
    await press(f, /^移出队列.*孙师傅/)
    await poll(() => f.getByRole('list', { name: '发言排队' }).count()).toBe(0)
    await poll(() => focused(f)).toMatch(/发言排队/)

    fac.noErrors()
    rec.noErrors()
  })
})
