// Outcomes pages in a real browser: the street dashboard's charts with their
// tables and CSV, the printable monthly report, a two-tab edit conflict on a
// work order, pages without JavaScript, the public record in English, and
// who may not open what.
import type Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, login, newContext, watchErrors, openBrowserAndDatabase, closeBrowserAndDatabase } from './browser'

let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(() => closeBrowserAndDatabase(browser, db))

/** The smallest PNG: one transparent pixel. */
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

/** An approved topic in 和睦社区 with a decision and one dispatched order to the traffic police (prepared in the database). */
function dispatchedOrder(title: string) {
  const now = Date.now()
  const unit = (code: string) => (db.prepare('select id from units where code = ?').get(code) as { id: number }).id
  const topic = db
    .prepare(`insert into topics (unit_id, status, title, place, category) values (?, 'approved', ?, '和睦路口', '交通运输') returning id`)
    .get(unit('gs-hm'), `${title}议题`) as { id: number }
  const decision = db.prepare(`insert into decisions (topic_id, title) values (?, ?) returning id`).get(topic.id, `${title}决定`) as { id: number }
  const order = db
    .prepare(
      `insert into work_orders (decision_id, department_id, title, problem, place, priority, due_at, status, progress, version) values (?, ?, ?, '路口拥堵', '和睦路口', 'normal', ?, 'dispatched', 10, 2) returning id`,
    )
    .get(decision.id, unit('dept-traffic'), title, now + 7 * 86400_000) as { id: number }
  db.prepare(
    `insert into work_order_events (work_order_id, kind, from_status, to_status, progress) values (?, 'transition', null, 'draft', 0), (?, 'transition', 'draft', 'dispatched', 10)`,
  ).run(order.id, order.id)
  return { topicId: topic.id, decisionId: decision.id, orderId: order.id }
}

describe('street-office dashboard', () => {
  it('draws every chart with chart.js, each with its data table and a CSV download', async () => {
    const context = await newContext(browser, {})
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'street1')
    await page.goto('/reports')
    await page.getByRole('heading', { level: 1, name: '统计报表' }).waitFor()
    const figures = page.locator('figure.chart')
    expect(await figures.count()).toBe(6)
    // chart.js is loaded in the browser only; wait until every canvas has pixels on it.
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLCanvasElement>('figure.chart canvas')].every(c => {
        const ctx = c.getContext('2d')
        if (!ctx || !c.width || !c.height) return false
        const px = ctx.getImageData(0, 0, c.width, c.height).data
        for (let i = 3; i < px.length; i += 4) if (px[i]) return true
        return false
      }),
    )
    for (let i = 0; i < 6; i++) {
      const fig = figures.nth(i)
      expect(await fig.locator('table caption').count()).toBe(1)
      expect(await fig.locator('th[scope=col]').count()).toBeGreaterThan(1)
      const href = (await fig.getByRole('link', { name: '下载 CSV 数据' }).getAttribute('href'))!
      expect(href.startsWith('data:text/csv;charset=utf-8,')).toBe(true)
      const csv = decodeURIComponent(href.slice('data:text/csv;charset=utf-8,'.length))
      expect(csv.split('\r\n').length).toBeGreaterThan(2)
    }
    // The per-community chart has one row per community of the street, with the seeded complaints counted.
    const rows = figures.nth(0).locator('tbody tr')
    expect(await rows.count()).toBe(4)
    expect(await figures.nth(0).locator('tbody').textContent()).toContain('长征桥社区')
    for (const kpi of ['onTime', 'callback', 'satisfaction', 'toMeeting', 'toDelivery', 'overdue'])
      expect(await page.locator(`[data-kpi="${kpi}"]`).count()).toBe(1)
    noErrors()
    await context.close()
  })

  it('prints a monthly report with a total row', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'street1')
    await page.goto('/reports')
    await page.getByRole('link', { name: '月度报告' }).click()
    await page.waitForURL(/\/reports\/monthly\?month=\d{4}-\d{2}/)
    // Fourteen figures a community: two tables, intake and deliberation, then delivery and satisfaction.
    for (const name of ['分社区统计：收件与议事', '分社区统计：办理与满意度']) {
      const table = page.getByRole('table', { name, exact: true })
      await table.waitFor()
      expect(await table.locator('tbody tr').count()).toBe(5)
      expect(await table.locator('tbody tr').last().textContent()).toContain('合计')
    }
    // A laptop reads every column without scrolling inside the table, in Chinese and in English.
    const tablesScrolling = () => page.locator('main .table-wrap').evaluateAll(ws => ws.filter(w => w.scrollWidth > w.clientWidth).length)
    await page.setViewportSize({ width: 1366, height: 900 })
    expect(await tablesScrolling()).toBe(0)
    await page.getByRole('button', { name: '打印' }).waitFor()
    // Printing hides the site header and the controls.
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.site-header').isVisible()).toBe(false)
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false)
    noErrors()
    await context.close()
    const english = await newContext(browser, { locale: 'en-US' })
    const enPage = await english.newPage()
    await enPage.setViewportSize({ width: 1366, height: 900 })
    await login(enPage, 'street1')
    await enPage.goto('/reports/monthly')
    await enPage.getByRole('table', { name: 'By community: intake and deliberation', exact: true }).waitFor()
    expect(await enPage.locator('main .table-wrap').evaluateAll(ws => ws.filter(w => w.scrollWidth > w.clientWidth).length)).toBe(0)
    await english.close()
  })

  it('without JavaScript the dashboard still shows its data tables', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, javaScriptEnabled: false, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto('/login')
    await page.getByLabel('用户名').fill('street1')
    await page.getByLabel('密码').fill('teahouse-demo')
    await Promise.all([page.waitForURL('**/street'), page.getByRole('button', { name: '登录' }).click()])
    await page.goto('/reports')
    expect(await page.locator('figure.chart table').count()).toBe(6)
    expect(await page.locator('figure.chart table').first().isVisible()).toBe(true)
    await context.close()
  })
})

describe('work orders', () => {
  it('a stale second tab gets a clear conflict instead of overwriting', async () => {
    const { orderId } = dispatchedOrder('两个窗口的工作单')
    const context = await newContext(browser)
    const a = await context.newPage()
    const noErrors = watchErrors(a)
    await login(a, 'dept1')
    const b = await context.newPage()
    await a.goto(`/orders/${orderId}`)
    await b.goto(`/orders/${orderId}`)
    await a.getByRole('button', { name: '转为“已接单”' }).click()
    await a.getByRole('button', { name: '转为“办理中”' }).waitFor()
    await b.getByLabel(/备注/).fill('不属于我们')
    await b.getByRole('button', { name: '转为“已退回”' }).click()
    await b.getByRole('alert').filter({ hasText: '这条记录刚被别人修改过' }).waitFor()
    expect(db.prepare('select status from work_orders where id = ?').get(orderId)).toEqual({ status: 'accepted' })
    noErrors()
    await context.close()
  })

  it('after dispatching from a decision the form closes and empties, so the same order is not sent twice', async () => {
    const { decisionId } = dispatchedOrder('派发后表单')
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'street1')
    await page.goto(`/decisions/${decisionId}`)
    await page.locator('summary', { hasText: '派发工作单' }).click()
    await page.getByLabel('小河城管中队').check()
    await page.getByLabel('工作单标题').fill('补充施划禁停标线')
    await page.getByRole('button', { name: '派发工作单' }).click()
    await page.getByRole('status').filter({ hasText: '工作单已建立' }).waitFor()
    expect(await page.getByRole('link', { name: '补充施划禁停标线' }).count()).toBe(1)
    expect(await page.locator('details', { has: page.locator('summary', { hasText: '派发工作单' }) }).evaluate(d => (d as HTMLDetailsElement).open)).toBe(false)
    await page.locator('summary', { hasText: '派发工作单' }).click()
    expect(await page.getByLabel('小河城管中队').isChecked()).toBe(false)
    expect(await page.getByLabel('工作单标题').inputValue()).toBe('派发后表单决定')
    const count = db.prepare('select count(*) as n from work_orders where decision_id = ?').get(decisionId) as { n: number }
    expect(count.n).toBe(2)
    noErrors()
    await context.close()
  })

  it('reads each fact of an order on its label’s line, and shows an update’s photos without bullet or indent, on a phone and a desktop', async () => {
    const { orderId } = dispatchedOrder('版式检查工作单')
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'dept1')
    await page.goto(`/orders/${orderId}`)
    const form = page.locator('form[enctype="multipart/form-data"]')
    await form.locator('textarea[name="note"]').fill('标线已施划，附现场照片')
    await form.locator('input[name="photos"]').setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1PX, 'base64') })
    await form.getByRole('button', { name: '提交进展' }).click()
    const photo = page.getByRole('img', { name: '现场照片：site.png' })
    await photo.waitFor()
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: 900 })
      const facts = await page.locator('dl', { has: page.locator('dt', { hasText: '承办部门' }) }).evaluate(dl =>
        [...dl.querySelectorAll('dt')].map(dt => {
          const term = dt.getBoundingClientRect()
          const value = dt.nextElementSibling!.getBoundingClientRect()
          return {
            label: dt.textContent,
            sameLine: Math.abs(term.top - value.top) < 2,
            afterLabel: value.left >= term.right,
            valueLeft: Math.round(value.left),
            labelLeft: Math.round(term.left),
          }
        }),
      )
      expect(facts.map(f => f.label)).toEqual(['承办部门', '优先级', '截止日期', '地点'])
      for (const f of facts) expect([width, f.label, f.sameLine, f.afterLabel]).toEqual([width, f.label, true, true])
      // Values line up in as many columns as their labels do.
      expect(new Set(facts.map(f => f.valueLeft)).size).toBe(new Set(facts.map(f => f.labelLeft)).size)
      const item = photo.locator('xpath=ancestor::li[1]')
      expect(await item.evaluate(li => getComputedStyle(li).display !== 'list-item' || getComputedStyle(li).listStyleType === 'none')).toBe(true)
      const note = page.getByText('标线已施划，附现场照片')
      expect(Math.round((await photo.boundingBox())!.x)).toBe(Math.round((await note.boundingBox())!.x))
    }
    noErrors()
    await context.close()
  })

  it('a department sees neither decisions nor reports; a resident cannot open work orders', async () => {
    const { decisionId, orderId } = dispatchedOrder('权限检查工作单')
    for (const [user, path] of [
      ['dept1', `/decisions/${decisionId}`],
      ['dept1', '/reports'],
      ['resident1', `/orders/${orderId}`],
      ['worker1', '/reports'],
    ] as const) {
      const context = await newContext(browser)
      const page = await context.newPage()
      await login(page, user)
      const res = await page.goto(path)
      expect(res?.status(), `${user} ${path}`).toBe(403)
      await context.close()
    }
  })
})

describe('public record', () => {
  it('is open to anyone, in English too, with the open-data API and feed linked', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await page.goto('/public')
    await page.getByRole('button', { name: 'English' }).click()
    await page.getByRole('heading', { level: 1, name: 'Public record' }).waitFor()
    await page.getByRole('link', { name: 'Hemu Community' }).click()
    await page.waitForURL('**/public/gs-hm')
    await page.getByRole('heading', { level: 1, name: 'Hemu Community: public timeline' }).waitFor()
    const feed = await page.getByRole('link', { name: 'RSS feed of this community' }).getAttribute('href')
    const res = await fetch(`${BASE_URL}${feed}`)
    expect(res.headers.get('content-type')).toContain('application/atom+xml')
    const api = (await (await fetch(`${BASE_URL}/api/v1/public/communities/gs-hm/timeline?lang=en`)).json()) as { lang: string; entries: { title: string }[] }
    expect(api.lang).toBe('en')
    noErrors()
    await context.close()
  })
})

describe('the public record and the rating page in the reader’s punctuation', () => {
  it('labels a decision and a topic with a Chinese colon in Chinese and an English one in English', async () => {
    const { topicId, decisionId } = dispatchedOrder(`标点${Date.now()}`)
    const token = `punctuation-${Date.now()}`
    db.prepare(`insert into satisfaction_ratings (decision_id, token, created_at) values (?, ?, ?)`).run(decisionId, token, Date.now())
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await page.goto(`/public/topics/${topicId}`)
    expect(await page.locator(`#decision-${decisionId}`).textContent()).toMatch(/^决定：标点\d+决定$/)
    await page.goto(`/rate/${token}`)
    expect(await page.locator('main .card').first().locator('.hint').textContent()).toMatch(/^议题：标点\d+议题 · 和睦路口$/)
    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.locator('main .card').first().locator('.hint').textContent()).toMatch(/^Topic: 标点\d+议题 · 和睦路口$/)
    noErrors()
    await context.close()
  })
})

describe('a decision on a phone', () => {
  it('shows its targets and work orders to the last column without scrolling sideways', async () => {
    const topic = db
      .prepare(
        `select d.topic_id as id from decisions d join topics t on t.id = d.topic_id
         where t.is_public = 1 and exists (select 1 from decision_targets x where x.decision_id = d.id) and exists (select 1 from work_orders w where w.decision_id = d.id)
         order by d.id limit 1`,
      )
      .get() as { id: number }
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto(`/public/topics/${topic.id}`)
    for (const caption of ['可量化目标', '工作单']) {
      const wrap = page.locator('.table-wrap', { has: page.locator('caption', { hasText: new RegExp(`^${caption}$`) }) }).first()
      const [scroll, client] = await wrap.evaluate(e => [e.scrollWidth, e.clientWidth])
      expect({ caption, scroll }).toEqual({ caption, scroll: client })
    }
    await context.close()
  })
})
