import Database from 'better-sqlite3'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, login, newContext, watchErrors } from './browser'

// A hybrid meeting: the recorder enters a neighbour in the room, a resident
// follows on a phone, and the facilitator puts the projector on the big screen.

const TOPIC = `佳苑北门充电桩选址 ${Date.now()}`
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

/** The mark's box and its person's name's box. */
async function markBeside(page: Page, scope: string, name: string) {
  const row = page.locator(scope).filter({ hasText: name }).first()
  const mark = await row.locator('.mark.room').first().boundingBox()
  const who = await row.getByText(name, { exact: true }).first().boundingBox()
  return { mark: mark!, who: who! }
}

beforeAll(async () => {
  insertApprovedTopic()
  browser = await launchBrowser()
})
afterAll(async () => {
  for (const c of contexts) await c.close()
  await browser?.close()
})

describe('a hybrid meeting', () => {
  it('marks people in the room with a small tag beside their name, and the projector the facilitator opens names nobody', { timeout: 180_000 }, async () => {
    const fac = await person('facilitator1', { width: 1366, height: 900 })
    const f = fac.page
    f.on('dialog', d => void d.accept())
    await f.goto('/meetings/new')
    await f.getByLabel('议题（已立项）').selectOption({ label: TOPIC })
    await f.getByLabel('会议名称').fill('北门充电桩选址议事会')
    await f.getByLabel('形式').selectOption('hybrid')
    await f.getByLabel(/^开始时间/).fill('2030-11-22T19:00')
    await f.getByLabel('地点').fill('小河佳苑社区会议室')
    await Promise.all([f.waitForURL(/\/meetings\/\d+\/console$/), f.getByRole('button', { name: '创建议事会' }).click()])
    const meetingId = Number(/\/meetings\/(\d+)\/console/.exec(f.url())![1])
    for (const [username, role] of [
      ['resident1', 'deliberator'],
      ['worker1', 'recorder'],
    ] as const) {
      await f.getByLabel('用户名', { exact: true }).fill(username)
      await f.getByLabel('角色').selectOption(role)
      await f.getByRole('button', { name: '添加', exact: true }).click()
      await poll(() => f.getByRole('status').filter({ hasText: '已添加' }).count()).toBe(1)
      await poll(() => f.getByLabel('用户名', { exact: true }).inputValue()).toBe('')
    }
    await f.getByRole('button', { name: '开始会议' }).click()
    await poll(() => f.getByRole('button', { name: '结束会议' }).count()).toBe(1)

    // The big screen, opened from the console by the facilitator.
    const screen = await fac.page.context().newPage()
    const screenErrors = watchErrors(screen)
    await screen.goto(`/meetings/${meetingId}/projector`)
    await poll(() => screen.getByText('发言排队').count()).toBe(1)

    const rec = await person('worker1')
    await rec.page.goto(`/meetings/${meetingId}`)
    await rec.page.getByLabel('现场人员姓名').fill('张大爷')
    await rec.page.getByRole('button', { name: '登记到场' }).click()
    await rec.page.getByLabel('这位现场人员的发言').fill('充电桩别装在一号楼窗下，夜里有噪音。')
    await rec.page.getByRole('button', { name: '代为发言' }).click()
    await rec.page.getByRole('button', { name: '代为举手' }).click()

    const res = await person('resident1')
    await res.page.goto(`/meetings/${meetingId}`)
    await res.page.getByRole('button', { name: /举手发言/ }).click()
    await poll(() => f.getByRole('list', { name: '发言排队' }).getByRole('listitem').count()).toBe(2)

    // The tag “现场” sits beside the name, as small as its word, on the console and on the phone.
    for (const [page, width] of [
      [f, 200],
      [res.page, 120],
    ] as const) {
      await poll(() => page.getByText('充电桩别装在一号楼窗下').count()).toBe(1)
      for (const scope of ['.statement', 'section[aria-labelledby="people-h"] li']) {
        const { mark, who } = await markBeside(page, scope, '张大爷')
        expect(mark.width, scope).toBeLessThan(width / 2)
        expect(Math.abs(mark.y + mark.height / 2 - (who.y + who.height / 2)), scope).toBeLessThan(who.height)
      }
    }

    // The projector: the queue by pseudonym, nobody's name.
    await poll(() => screen.locator('ol.list li').count()).toBe(2)
    const shown = await screen.locator('main').innerText()
    expect(shown).toContain('议事员')
    for (const name of ['张大爷', '王阿姨']) expect(shown).not.toContain(name)

    screenErrors()
    fac.noErrors()
    rec.noErrors()
    res.noErrors()
  })
})
