// Messages to residents in a real browser: a worker draws a panel, the system
// sends the invitations (to the development outbox), the worker sees only
// whether each was sent, the admin outbox shows exactly what each member got,
// and the invitation page greets the member by name.
import type Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { login, newContext, watchErrors, openBrowserAndDatabase, closeBrowserAndDatabase } from './browser'

let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(() => closeBrowserAndDatabase(browser, db))

type Member = { rowId: number; name: string; phone: string; community: string; token: string }

describe('SMS invitations through the outbox', () => {
  let panelId = 0
  let members: Member[] = []

  it('the worker draws a panel; invitations are sent by the system, the page shows no link, text or outside phone', async () => {
    const hm = (db.prepare(`select id from units where code = 'gs-hm'`).get() as { id: number }).id
    const topic = db
      .prepare(
        `insert into topics (unit_id, status, title, place, category, reviewed_at) values (?, 'approved', '和睦菜场门口夜间噪音', '和睦菜场', '环境保护', ?) returning id`,
      )
      .get(hm, Date.now()) as { id: number }
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'worker2')
    await page.goto(`/topics/${topic.id}/panel`)
    await page.getByRole('button', { name: '抽签', exact: true }).click()
    await page.getByTestId('panel-result').waitFor()
    await Promise.all([page.waitForURL(/\/panels\/\d+/), page.getByRole('button', { name: '保存并发出邀请' }).click()])
    panelId = Number(new URL(page.url()).pathname.split('/').pop())
    await expect.poll(() => page.locator('[data-testid="invite-delivery"][data-delivery="sent"]').count()).toBe(12)

    members = db
      .prepare(
        `select pm.id as rowId, d.name as name, d.phone as phone, u.code as community, pm.invite_token as token
         from panel_members pm join deliberators d on d.id = pm.deliberator_id join units u on u.id = d.community_id
         where pm.panel_id = ? and pm.kind = 'member' order by pm.position`,
      )
      .all(panelId) as Member[]
    expect(members).toHaveLength(12)
    const html = await page.content()
    expect(html).not.toContain('/invite/')
    for (const m of members) expect(html).not.toContain(m.token)
    for (const m of members.filter(m => m.community !== 'gs-hm')) {
      expect(html).not.toContain(m.phone)
      expect(await page.getByTestId(`panel-member-${m.rowId}`).textContent()).not.toContain(m.name)
    }
    // The selection method and seats in plain words.
    expect(await page.locator('body').textContent()).not.toMatch(/leximin|shop_owner/)

    // The admin outbox is for admins only.
    const res = await page.goto('/admin/outbox')
    expect(res?.status()).toBe(403)
    noErrors()
    await context.close()
  })

  it('the admin outbox shows each member the message they got, by their real name and phone', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.setViewportSize({ width: 1366, height: 900 })
    const noErrors = watchErrors(page)
    await login(page, 'admin')
    await page.goto('/admin')
    await page.getByRole('link', { name: '短信发件箱' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('短信发件箱')
    for (const m of members) {
      const row = page.locator(`[data-subject="panel_member:${m.rowId}"]`)
      expect(await row.getAttribute('data-status')).toBe('sent')
      expect(await row.getByTestId('outbox-to').textContent()).toBe(m.name)
      expect(await row.getByTestId('outbox-phone').textContent()).toBe(m.phone)
      const body = (await row.getByTestId('outbox-body').textContent())!
      expect(body.startsWith(`【小河街道】${m.name}您好！您被抽选为「和睦菜场门口夜间噪音」议事会议事员`)).toBe(true)
      expect(body).toContain(`/invite/${m.token}`)
    }
    noErrors()
    await context.close()
  })

  it('the member opens the link from the SMS and is greeted by name', async () => {
    const m = members[0]
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await page.goto(`/invite/${m.token}`)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('议事会邀请')
    expect(await page.locator('main').textContent()).toContain(`${m.name}，您好`)
    expect(await page.locator('main').textContent()).not.toContain('*')
    noErrors()
    await context.close()
  })
})
