import Database from 'better-sqlite3'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertApprovedTopic, launchBrowser, login, newContext, watchErrors } from './browser'

// A short hybrid meeting: the facilitator (促动师) and two participants in
// separate Chromium contexts, from scheduling to published minutes.

const TOPIC = `小河小学路口早高峰拥堵 ${Date.now()}`
let browser: Browser
let meetingId = 0
const contexts: BrowserContext[] = []

async function person(username: string) {
  const context = await newContext(browser)
  contexts.push(context)
  const page = await context.newPage()
  // A phone taken offline on purpose logs its failed reconnection attempts; nothing else may fail.
  const noErrors = watchErrors(page, /ERR_INTERNET_DISCONNECTED/)
  await login(page, username)
  return { page, noErrors, context }
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

describe('a live deliberation meeting in the browser', () => {
  it('runs from scheduling through queue, statements, proposal and vote to approved, published minutes', { timeout: 180_000 }, async () => {
    // --- The facilitator schedules the meeting on the approved topic.
    const fac = await person('facilitator1')
    const f = fac.page
    await f.goto('/meetings/new')
    // The usual order of a deliberation is offered as the agenda.
    expect(await f.getByLabel(/^议程/).inputValue()).toBe('情况通报 | 10\n各方陈述 | 30\n协商方案 | 30\n表决 | 10')
    await f.getByLabel('议题（已立项）').selectOption({ label: TOPIC })
    await f.getByLabel('会议名称').fill('小河小学路口议事会')
    await f.getByLabel('形式').selectOption('hybrid')
    await f.getByLabel('开始时间').fill('2030-11-22T19:00')
    await f.getByLabel('地点').fill('长征桥社区会议室')
    // Validation (checked in a second tab: the browser logs the 400 response as a console error).
    const probe = await fac.context.newPage()
    await probe.goto('/meetings/new')
    await probe.getByLabel('会议名称').fill('小河小学路口议事会')
    await probe.getByLabel(/^议程/).fill('情况通报')
    await probe.getByRole('button', { name: '创建议事会' }).click()
    await poll(() => probe.getByText('议程格式不正确').count()).toBe(1)
    expect(await probe.getByLabel('会议名称').inputValue()).toBe('小河小学路口议事会')
    await probe.close()
    await f.getByLabel(/^议程/).fill('情况通报 | 10\n方案讨论 | 40\n表决 | 10')
    await Promise.all([f.waitForURL(/\/meetings\/\d+\/console$/), f.getByRole('button', { name: '创建议事会' }).click()])
    meetingId = Number(/\/meetings\/(\d+)\/console/.exec(f.url())![1])

    // --- Two participants added by username (works without JavaScript: a plain form).
    for (const username of ['resident1', 'worker1']) {
      await f.getByLabel('用户名', { exact: true }).fill(username)
      await f.getByLabel('角色').selectOption('deliberator')
      await f.getByRole('button', { name: '添加', exact: true }).click()
      await poll(() => f.getByRole('status').filter({ hasText: '已添加' }).count()).toBe(1)
      // The form is ready for the next name.
      await poll(() => f.getByLabel('用户名', { exact: true }).inputValue()).toBe('')
      await f.reload()
    }
    // The invitation and check-in QR codes are rendered.
    expect(await f.getByRole('img', { name: '邀请链接' }).getAttribute('src')).toMatch(/^data:image\/png;base64,/)

    // --- Participants open the invitation link on their phones.
    const a = await person('resident1')
    const b = await person('worker1')
    await a.page.goto(`/meetings/${meetingId}`)
    await b.page.goto(`/meetings/${meetingId}`)
    await poll(() => a.page.getByText('会议尚未开始。').count()).toBe(1)

    // --- Start, first agenda item, timer. The meeting is planned for 2030: starting it now is asked about first.
    const asked: string[] = []
    f.once('dialog', d => (asked.push(d.message()), void d.dismiss()))
    await f.getByRole('button', { name: '开始会议' }).click()
    await poll(async () => asked).toEqual(['这场会议计划于 2030年11月22日 19:00 开始，还没到时间。确定现在就开始吗？'])
    expect(await f.getByRole('button', { name: '开始会议' }).count()).toBe(1)
    f.once('dialog', d => void d.accept())
    await f.getByRole('button', { name: '开始会议' }).click()
    await f.getByRole('button', { name: '进入此议程' }).first().click()
    await f.getByRole('button', { name: '开始计时' }).click()
    await poll(() => a.page.locator('.now-item').textContent()).toContain('1. 情况通报')
    await poll(() => a.page.getByRole('timer', { name: '议程计时' }).count()).toBe(1)

    // --- Speaker queue: raise a hand, the facilitator gives the floor, a visible countdown.
    await a.page.getByRole('button', { name: /举手发言/ }).click()
    await poll(() => a.page.getByText('您在排队中（第 1 位）').count()).toBe(1)
    const queue = f.getByRole('list', { name: '发言排队' })
    await poll(() => queue.textContent()).toContain('王阿姨')
    await queue.getByRole('button', { name: '请发言' }).click()
    await poll(() => b.page.locator('.floor-name').textContent()).toBe('王阿姨')
    await poll(() => b.page.getByRole('timer', { name: '发言剩余时间' }).count()).toBe(1)
    // Balance view: worker1 has not spoken yet.
    await poll(() => f.locator('section[aria-labelledby="balance-h"]').textContent()).toContain('李社工')

    // --- Statements, replies, reactions.
    await a.page.getByLabel('写下您的意见').fill('早高峰家长临时停车堵住路口，建议开放学校对面空地做临时车位。')
    await a.page.getByRole('button', { name: '发送' }).click()
    await poll(() => b.page.getByText('建议开放学校对面空地做临时车位').count()).toBe(1)
    await b.page
      .getByRole('button', { name: /赞同 0/ })
      .first()
      .click()
    await poll(() => a.page.getByRole('button', { name: /^赞同 1$/ }).count()).toBe(1)
    // Replying takes the cursor up to the box the reply is sent from; cancelling leaves an ordinary statement.
    await b.page.getByRole('button', { name: '回复', exact: true }).first().click()
    expect(await b.page.getByLabel('写下您的意见').evaluate(el => el === document.activeElement)).toBe(true)
    await b.page.getByRole('button', { name: '取消回复' }).click()
    await f.getByRole('button', { name: '结束发言' }).click()

    // --- The facilitator drafts a proposal from the statement and puts it to a vote.
    await f.getByRole('checkbox', { name: '采纳入提案' }).first().check()
    await f.getByLabel('提案标题').fill('开放学校对面空地 19 个临时车位')
    await f.getByRole('button', { name: '起草提案' }).click()
    await poll(() => a.page.getByText('开放学校对面空地 19 个临时车位').count()).toBeGreaterThan(0)
    await f.getByLabel('表决方式').selectOption('single')
    await f.getByLabel('选项（每行一个）').fill('同意\n不同意')
    await f.getByLabel('针对提案').selectOption({ label: '开放学校对面空地 19 个临时车位' })
    // A question over the limit is kept whole and refused beside the field, not cut to fit.
    const longQuestion = `是否同意${'开放学校对面空地作为临时车位并安排志愿者疏导，'.repeat(17)}`
    await f.getByLabel('表决问题').fill(longQuestion)
    expect(await f.getByLabel('表决问题').inputValue()).toBe(longQuestion)
    await f.getByRole('button', { name: '发起表决' }).click()
    await poll(() => f.getByText('太长了：最多 300 个字。').count()).toBe(1)
    expect(await f.getByLabel('表决问题').inputValue()).toBe(longQuestion)
    expect(await a.page.getByText(longQuestion.slice(0, 40)).count()).toBe(0)
    await f.getByLabel('表决问题').fill('是否同意开放 19 个临时车位？')
    await f.getByRole('button', { name: '发起表决' }).click()
    // The form is blank again: a next vote is not tied to this proposal by leftover.
    await poll(() => f.getByLabel('表决问题').inputValue()).toBe('')
    expect(await f.getByLabel('针对提案').inputValue()).toBe('')

    // --- Live votes from both phones; a second ballot is not offered.
    for (const [p, choice] of [
      [a.page, '同意'],
      [b.page, '同意'],
    ] as [Page, string][]) {
      await poll(() => p.getByRole('group', { name: '是否同意开放 19 个临时车位？' }).count()).toBe(1)
      await p.getByRole('radio', { name: choice, exact: true }).check()
      // The second phone loses the network just as it votes: it is told the ballot waits, cannot send it twice, and it counts once back online.
      if (p === b.page) await b.context.setOffline(true)
      await p.getByRole('button', { name: '投票', exact: true }).click()
      if (p === b.page) {
        await poll(() => p.getByText('1 项操作等待发送').count()).toBe(1)
        await poll(() => p.getByRole('status').filter({ hasText: '正在提交您的选票' }).count()).toBe(1)
        expect(await p.getByRole('button', { name: '投票', exact: true }).isDisabled()).toBe(true)
        await b.context.setOffline(false)
      }
      await poll(() => p.getByText('您已投票。').count()).toBe(1)
      // The ballot is gone: the keyboard is left on the confirmation, not thrown back to the top of the page.
      await poll(() => p.evaluate(() => document.activeElement?.textContent ?? '')).toBe('您已投票。')
    }
    await poll(() => f.getByText('2 票（线上 2，现场 0）').count()).toBeGreaterThan(0)
    await f.getByRole('button', { name: '结束表决' }).click()
    // Results with a chart.js canvas on every screen once closed.
    await poll(() => a.page.locator('.vote-chart canvas').count()).toBe(1)
    await poll(() => b.page.getByText('领先：同意').count()).toBe(1)

    // --- Adopt the proposal, end the meeting.
    await f.getByRole('button', { name: '通过', exact: true }).click()
    await poll(() => a.page.locator('section[aria-labelledby="pr-h"]').textContent()).toContain('通过')
    f.once('dialog', d => void d.accept())
    await f.getByRole('button', { name: '结束会议' }).click()
    await poll(() => a.page.getByText('会议已结束。').count()).toBe(1)

    // --- Minutes: drafted from the log, edited, approved, published.
    await f.goto(`/meetings/${meetingId}/minutes`)
    const editor = f.getByLabel('编辑纪要（Markdown）')
    const draft = await editor.inputValue()
    expect(draft).toContain('王阿姨')
    expect(draft).toContain('李社工')
    expect(draft).toContain('建议开放学校对面空地做临时车位')
    expect(draft).toContain('通过：开放学校对面空地 19 个临时车位')
    expect(draft).toContain('是否同意开放 19 个临时车位？')
    await editor.fill(`${draft}\n会后由社区联系物业确认场地。\n`)
    await f.getByRole('button', { name: '审定纪要' }).click()
    await poll(() => f.getByRole('status').filter({ hasText: '纪要已审定。' }).count()).toBe(1)
    await f.getByRole('button', { name: '发布纪要' }).click()
    await poll(() => f.getByRole('status').filter({ hasText: '纪要已发布。' }).count()).toBe(1)

    // A participant reads the published minutes and can export them.
    await a.page.goto(`/meetings/${meetingId}/minutes`)
    await poll(() => a.page.getByText('会后由社区联系物业确认场地。').count()).toBe(1)
    const md = await a.page.request.get(`/meetings/${meetingId}/minutes.md`)
    expect(md.status()).toBe(200)
    expect(await md.text()).toContain('通过：开放学校对面空地 19 个临时车位')

    fac.noErrors()
    a.noErrors()
    b.noErrors()
  })

  it('lets anyone watch an open meeting read-only without logging in', async () => {
    const context = await newContext(browser)
    contexts.push(context)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    // The meeting created above is public (the default) and has ended.
    expect(meetingId).toBeGreaterThan(0)
    await page.goto(`/meetings/${meetingId}/observe`)
    await poll(() => page.getByText('您正在只读旁听这场公开会议。').count()).toBe(1)
    await poll(() => page.getByText('会议已结束。').count()).toBe(1)
    expect(await page.getByRole('button', { name: /举手发言/ }).count()).toBe(0)
    expect(await page.getByLabel('写下您的意见').count()).toBe(0)
    noErrors()
  })

  it('tells a visitor when, where and how an upcoming open meeting takes place', async () => {
    const db = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true })
    const upcoming = db
      .prepare(
        "select id, place from meetings where status = 'scheduled' and is_public = 1 and place is not null and mode = 'hybrid' order by starts_at limit 1",
      )
      .get() as { id: number; place: string }
    db.close()
    const context = await newContext(browser)
    contexts.push(context)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await page.goto(`/meetings/${upcoming.id}/observe`)
    expect(await page.getByTestId('meeting-when').textContent()).toMatch(
      new RegExp(`^时间：\\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2} · ${upcoming.place} · 线上线下结合$`),
    )
    noErrors()
  })

  it('shows a long meeting to a newcomer from the snapshot the server sends instead of its whole log', async () => {
    expect(meetingId).toBeGreaterThan(0)
    // 150 more statements in the log (the server sends a snapshot beyond 100 events behind).
    const db = new Database(process.env.E2E_DATABASE_PATH!)
    db.pragma('busy_timeout = 5000')
    try {
      const { last } = db.prepare('select max(seq) as last from meeting_events where meeting_id = ?').get(meetingId) as { last: number }
      const insert = db.prepare('insert into meeting_events (meeting_id, seq, type, actor_id, in_room, payload) values (?, ?, ?, null, 1, ?)')
      db.transaction(() => {
        for (let i = 1; i <= 150; i++)
          insert.run(meetingId, last + i, 'statement.post', JSON.stringify({ key: 'r:王阿姨', name: '王阿姨', text: `长会议的第${i}条意见` }))
      })()
    } finally {
      db.close()
    }
    const context = await newContext(browser)
    contexts.push(context)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await page.goto(`/meetings/${meetingId}/observe`)
    await poll(() => page.getByText('长会议的第150条意见').count()).toBe(1)
    await poll(() => page.getByText('长会议的第1条意见', { exact: true }).count()).toBe(1)
    expect(await page.getByText('王阿姨').count()).toBe(0)
    noErrors()
  })
})
