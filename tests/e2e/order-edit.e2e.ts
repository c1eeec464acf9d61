// Editing a work order's text in a real browser: street staff rewrite the
// problem (personal data named beside the field, a change made meanwhile
// named, what was typed kept), and the department reads the new text, when
// and by which unit it was edited, and the text it replaced.
import type Database from 'better-sqlite3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { login, newContext, watchErrors, openBrowserAndDatabase, closeBrowserAndDatabase } from './browser'

let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(() => closeBrowserAndDatabase(browser, db))

/** An approved topic in 和睦社区 with a decision and one dispatched order to the traffic police (prepared in the database). */
function dispatchedOrder(title: string) {
  const unit = (code: string) => (db.prepare('select id from units where code = ?').get(code) as { id: number }).id
  const topic = db
    .prepare(`insert into topics (unit_id, status, title, place, category) values (?, 'approved', ?, '和睦路口', '交通运输') returning id`)
    .get(unit('gs-hm'), `${title}议题`) as { id: number }
  const decision = db.prepare(`insert into decisions (topic_id, title) values (?, ?) returning id`).get(topic.id, `${title}决定`) as { id: number }
  const order = db
    .prepare(
      `insert into work_orders (decision_id, department_id, title, problem, place, priority, due_at, status, progress, version) values (?, ?, ?, '路口拥堵', '和睦路口', 'normal', ?, 'dispatched', 10, 2) returning id`,
    )
    .get(decision.id, unit('dept-traffic'), title, Date.now() + 7 * 86400_000) as { id: number }
  db.prepare(
    `insert into work_order_events (work_order_id, kind, from_status, to_status, progress) values (?, 'transition', null, 'draft', 0), (?, 'transition', 'draft', 'dispatched', 10)`,
  ).run(order.id, order.id)
  return order.id
}

/** The edit form of the order page, opened. */
async function openEditForm(page: Page) {
  const form = page.locator('details').filter({ has: page.locator('input[name="intent"][value="edit"]') })
  await form.locator('summary').click()
  return form
}

describe('editing a work order’s text', () => {
  it('street staff rewrite the problem; the department reads the new text, who edited it and when, and the text it replaced', async () => {
    const orderId = dispatchedOrder('施划临时停车位（编辑）')
    const street = await newContext(browser)
    const a = await street.newPage()
    const noErrors = watchErrors(a, [400, 409])
    await login(a, 'street1')
    await a.goto(`/orders/${orderId}`)
    // A second tab read at the same version, to be saved after the first.
    const b = await street.newPage()
    await b.goto(`/orders/${orderId}`)

    let form = await openEditForm(a)
    // Personal data is named beside the field by the page, not the browser, and what was typed stays.
    await form.getByRole('textbox', { name: '问题' }).fill('路口拥堵，联系人王阿姨13900001111')
    await form.getByRole('textbox', { name: '工作单标题' }).fill('')
    await form.getByRole('button', { name: '保存修改' }).click()
    form = a.locator('details[open]').filter({ has: a.locator('input[name="intent"][value="edit"]') })
    await form.getByText('请填写标题（至少 2 个字）。').waitFor()
    expect(await form.getByRole('textbox', { name: '问题' }).inputValue()).toBe('路口拥堵，联系人王阿姨13900001111')
    await form.getByRole('textbox', { name: '工作单标题' }).fill('施划临时停车位（东侧）')
    await form.getByRole('button', { name: '保存修改' }).click()
    await form.getByText('工作单不能含个人信息：发现电话号码「13900001111」、姓名「王阿姨」，请删去。').waitFor()
    expect(await form.getByRole('textbox', { name: '工作单标题' }).inputValue()).toBe('施划临时停车位（东侧）')
    expect(await form.getByRole('textbox', { name: '问题' }).inputValue()).toBe('路口拥堵，联系人王阿姨13900001111')

    await form.getByRole('textbox', { name: '问题' }).fill('和睦路口东侧上下学高峰拥堵，需施划临时停车位')
    await form.getByRole('button', { name: '保存修改' }).click()
    await a.getByRole('status').filter({ hasText: '工作单内容已保存' }).waitFor()
    expect(await a.getByTestId('order-edited').textContent()).toMatch(/^工作单内容于 .+ 由小河街道修改$/)
    expect(db.prepare('select title, problem, version from work_orders where id = ?').get(orderId)).toEqual({
      title: '施划临时停车位（东侧）',
      problem: '和睦路口东侧上下学高峰拥堵，需施划临时停车位',
      version: 3,
    })

    // The second tab, read before that save, is told and keeps what it typed.
    const stale = await openEditForm(b)
    await stale.getByRole('textbox', { name: '问题' }).fill('和睦路口西侧拥堵')
    await stale.getByRole('button', { name: '保存修改' }).click()
    await b.getByRole('alert').filter({ hasText: '你编辑期间，这张工作单已被改动' }).first().waitFor()
    expect(await b.locator('details[open] textarea[name="problem"]').inputValue()).toBe('和睦路口西侧拥堵')
    expect(db.prepare('select problem from work_orders where id = ?').get(orderId)).toEqual({ problem: '和睦路口东侧上下学高峰拥堵，需施划临时停车位' })
    noErrors()
    await street.close()

    const dept = await newContext(browser)
    const d = await dept.newPage()
    const deptErrors = watchErrors(d)
    await login(d, 'dept1')
    await d.goto(`/orders/${orderId}`)
    await d.getByText('和睦路口东侧上下学高峰拥堵，需施划临时停车位').first().waitFor()
    expect(await d.getByTestId('order-edited').textContent()).toMatch(/由小河街道修改$/)
    // The department cannot rewrite the text it was given.
    expect(await d.locator('input[name="intent"][value="edit"]').count()).toBe(0)
    // The history says who edited it, and keeps the text it replaced.
    await d.getByText('小河街道修改了工作单内容').waitFor()
    await d.locator('summary', { hasText: '修改前' }).click()
    await d.locator('details[open]').filter({ hasText: '修改前' }).getByText('路口拥堵', { exact: true }).waitFor()
    // And the department was told.
    const told = db
      .prepare(
        `select count(*) as n from notifications n join users u on u.id = n.user_id where u.username = 'dept1' and n.message_key = 'outcome.notify.orderEdited' and n.link = ?`,
      )
      .get(`/orders/${orderId}`) as { n: number }
    expect(told.n).toBe(1)
    deptErrors()
    await dept.close()
  })

  it('a community worker cannot open a work order, let alone edit it', async () => {
    const orderId = dispatchedOrder('社工不能编辑的工作单')
    const context = await newContext(browser)
    const page = await context.newPage()
    await login(page, 'worker1')
    const res = await page.goto(`/orders/${orderId}`)
    expect(res?.status()).toBe(403)
    await context.close()
  })
})
