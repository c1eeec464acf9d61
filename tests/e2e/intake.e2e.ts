import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GOOD_ROWS, MIXED_ROWS, toCsv, BOARD_HEADER } from '../fixtures/intake/files'
import { BASE_URL, DEMO_PASSWORD, launchBrowser, login, newContext, watchErrors } from './browser'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('intake in a real browser', () => {
  it('a resident on a phone sees similar complaints while typing, then gets a tracking code', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await page.goto('/complaints/new')
    await page.getByLabel('所在社区').selectOption({ label: '长征桥社区' })
    await page.getByLabel('问题发生的地点').fill('小河小学路口')
    await page.getByLabel('标题').fill('小河小学路口接送车辆拥堵')
    // The seeded district has letters about this crossing: they are offered while typing.
    await expect.poll(() => page.getByText('社区里已有相似的反映').count(), { timeout: 15_000 }).toBe(1)
    expect(await page.getByRole('button', { name: '我也遇到了' }).count()).toBeGreaterThan(0)
    await page.getByLabel('具体情况').fill('早上七点半学校门口车辆太多，孩子过马路很危险，<b>希望</b>增加交警疏导。')
    await Promise.all([page.waitForURL(/\/track\/TH-/), page.getByRole('button', { name: '提交反映' }).click()])
    const code = await page.getByTestId('tracking-code').textContent()
    expect(code).toMatch(/TH-[A-Z2-9]{5}-[A-Z2-9]{5}/)
    // Text is shown as written, never as markup.
    expect(await page.getByText('<b>希望</b>', { exact: false }).count()).toBe(1)
    noErrors()
    await context.close()
  })

  it('without JavaScript, a rejected form names the broken field and keeps what the resident typed', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto('/complaints/new')
    await page.getByLabel('问题发生的地点').fill('小河小学路口')
    await page.getByLabel('标题').fill('堵')
    await page.getByLabel('具体情况').fill('早上七点半学校门口车辆太多，孩子过马路很危险。')
    await page.getByLabel('联系电话').fill('打我电话')
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '提交反映' }).click()])
    await page.getByText('请修改标出的内容后再提交。').waitFor({ timeout: 15_000 })
    const subject = page.getByLabel('标题')
    expect(await subject.getAttribute('aria-invalid')).toBe('true')
    const described = await subject.getAttribute('aria-describedby')
    expect(await page.locator(`#${described}`).textContent()).toBe('标题太短，请至少写 2 个字。')
    expect(await page.getByLabel('联系电话').getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByLabel('具体情况').inputValue()).toBe('早上七点半学校门口车辆太多，孩子过马路很危险。')
    expect(await page.getByLabel('问题发生的地点').inputValue()).toBe('小河小学路口')
    expect(await page.getByLabel('具体情况').getAttribute('aria-invalid')).toBeNull()
    await context.close()
  })

  it('without JavaScript, "me too" while logged out keeps everything the resident typed and says what to do next', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 390, height: 844 }, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto('/complaints/new')
    const typed = {
      place: '小河小学路口',
      subject: '小河小学路口接送车辆拥堵',
      body: '早上七点半学校门口车辆太多，孩子过马路很危险，希望增加交警疏导。',
      name: '王阿姨',
      phone: '13800001234',
      address: '长征桥小区3幢',
    }
    await page.getByLabel('所在社区').selectOption({ label: '长征桥社区' })
    await page.getByLabel('问题发生的地点').fill(typed.place)
    await page.getByLabel('标题').fill(typed.subject)
    await page.getByLabel('具体情况').fill(typed.body)
    await page.getByLabel('您的称呼').fill(typed.name)
    await page.getByLabel('联系电话').fill(typed.phone)
    await page.getByLabel('联系地址').fill(typed.address)
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '查找相似问题' }).click()])
    const meToo = page.getByTestId('similar-row').first().getByRole('button', { name: '我也遇到了' })
    await meToo.waitFor({ timeout: 15_000 })
    // Reading a similar report first opens it beside the form, which stays as typed.
    const [report] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('similar-row').first().getByRole('link').click()])
    await report.waitForURL(/\/track\/TH-/)
    await report.close()
    expect(await page.getByLabel('具体情况').inputValue()).toBe(typed.body)
    await Promise.all([page.waitForLoadState('load'), meToo.click()])
    const notice = page.getByTestId('intake-notice')
    await notice.waitFor({ timeout: 15_000 })
    expect(await page.getByLabel('所在社区').locator('option:checked').textContent()).toBe('长征桥社区')
    expect(await page.getByLabel('问题发生的地点').inputValue()).toBe(typed.place)
    expect(await page.getByLabel('标题').inputValue()).toBe(typed.subject)
    expect(await page.getByLabel('具体情况').inputValue()).toBe(typed.body)
    expect(await page.getByLabel('您的称呼').inputValue()).toBe(typed.name)
    expect(await page.getByLabel('联系电话').inputValue()).toBe(typed.phone)
    expect(await page.getByLabel('联系地址').inputValue()).toBe(typed.address)
    expect(await notice.textContent()).toContain('您填写的内容都还在')
    // The similar reports stay, so the resident can press "me too" again once logged in.
    expect(await page.getByTestId('similar-row').count()).toBeGreaterThan(0)
    // Filing it as their own report needs nothing retyped.
    await Promise.all([page.waitForURL(/\/track\/TH-/), page.getByRole('button', { name: '提交反映' }).click()])
    expect(await page.getByTestId('tracking-code').textContent()).toMatch(/TH-[A-Z2-9]{5}-[A-Z2-9]{5}/)
    await context.close()
  })

  it('without JavaScript, switching language or text size mid-form keeps the draft, and "me too" explains itself in English', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 390, height: 844 }, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto('/complaints/new')
    const subject = '小河小学路口放学时段拥堵'
    const body = '下午四点放学时路口停满接孩子的车，公交车都过不去。'
    await page.getByLabel('所在社区').selectOption({ label: '长征桥社区' })
    await page.getByLabel('问题发生的地点').fill('小河小学路口')
    await page.getByLabel('标题').fill(subject)
    await page.getByLabel('具体情况').fill(body)
    await page.getByLabel('联系电话').fill('13800005678')
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'English' }).click()])
    await page.getByLabel('Subject').waitFor({ timeout: 15_000 })
    expect(await page.getByLabel('Subject').inputValue()).toBe(subject)
    expect(await page.getByLabel('What happened').inputValue()).toBe(body)
    expect(await page.getByLabel('Where is the problem?').inputValue()).toBe('小河小学路口')
    expect(await page.getByLabel('Phone').inputValue()).toBe('13800005678')
    expect(await page.getByLabel('Community').locator('option:checked').textContent()).toBe('Changzhengqiao Community')

    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Large text' }).click()])
    expect(await page.locator('html').getAttribute('class')).toContain('large-text')
    expect(await page.getByLabel('What happened').inputValue()).toBe(body)

    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Look for similar issues' }).click()])
    const meToo = page.getByTestId('similar-row').first().getByRole('button', { name: 'Me too' })
    await meToo.waitFor({ timeout: 15_000 })
    await Promise.all([page.waitForLoadState('load'), meToo.click()])
    expect(await page.getByTestId('intake-notice').textContent()).toContain('Everything you typed is still below')
    expect(await page.getByLabel('What happened').inputValue()).toBe(body)

    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '中文' }).click()])
    expect(await page.getByLabel('标题').inputValue()).toBe(subject)
    expect(await page.getByLabel('具体情况').inputValue()).toBe(body)
    await context.close()
  })

  it('Enter in the subject, with similar reports and the header toggles tied to the form, files the report and nothing else', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 390, height: 844 }, javaScriptEnabled })
      const page = await context.newPage()
      await page.goto('/complaints/new')
      await page.getByLabel('所在社区').selectOption({ label: '长征桥社区' })
      await page.getByLabel('标题').fill('小河小学路口接送车辆拥堵')
      if (!javaScriptEnabled) await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '查找相似问题' }).click()])
      await page.getByTestId('similar-row').first().waitFor({ timeout: 15_000 })
      await Promise.all([page.waitForLoadState('load'), page.getByLabel('标题').press('Enter')])
      // The body is still empty: the form asks for it, in the same language, with nothing supported.
      await page.getByText('请修改标出的内容后再提交。').waitFor({ timeout: 15_000 })
      expect(await page.getByLabel('标题').inputValue()).toBe('小河小学路口接送车辆拥堵')
      expect(await page.getByText('您填写的内容都还在').count()).toBe(0)
      await context.close()
    }
  })

  it('a detour through the header’s login brings the report being written back to the form, until it is filed', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page, [400])
    await page.goto('/complaints/new')
    await page.waitForLoadState('networkidle')
    const subject = '长征桥公园健身器材损坏'
    const body = '公园西侧的漫步机踏板断了一边，老人锻炼时容易摔倒。'
    await page.getByLabel('所在社区').selectOption({ label: '长征桥社区' })
    await page.getByLabel('问题发生的地点').fill('长征桥公园西侧')
    await page.getByLabel('标题').fill(subject)
    await page.getByLabel('具体情况').fill(body)
    await page.getByRole('link', { name: '登录' }).click()
    await page.getByLabel(/用户名/).fill('resident1')
    await page.getByLabel(/密码/).fill(DEMO_PASSWORD)
    await Promise.all([page.waitForURL(url => !url.pathname.startsWith('/login')), page.getByRole('button', { name: /^登录$/ }).click()])
    await page.goto('/complaints/new')
    await expect.poll(() => page.getByLabel('标题').inputValue(), { timeout: 15_000 }).toBe(subject)
    expect(await page.getByLabel('具体情况').inputValue()).toBe(body)
    expect(await page.getByLabel('问题发生的地点').inputValue()).toBe('长征桥公园西侧')
    await Promise.all([page.waitForURL(/\/track\/TH-/), page.getByRole('button', { name: '提交反映' }).click()])
    await page.goto('/complaints/new')
    await page.getByLabel('标题').waitFor()
    // Give a restore the time it would take, then check there was none.
    await page.waitForLoadState('networkidle')
    expect(await page.getByLabel('标题').inputValue()).toBe('')
    noErrors()
    await context.close()
  })

  it('photos over the upload limit are named before anything is sent, instead of the whole post being refused with the text', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await page.goto('/complaints/new')
    await page.waitForLoadState('networkidle')
    await page.getByLabel('标题').fill('长征桥路灯不亮')
    await page.getByLabel('具体情况').fill('长征桥北侧三盏路灯一周没亮，晚上走路看不清。')
    // Five phone photos of 5.5 MB: together over what the server accepts in one post.
    const big = Buffer.alloc(5.5 * 1024 * 1024, 7)
    await page.getByLabel(/照片/).setInputFiles([1, 2, 3, 4, 5].map(i => ({ name: `photo-${i}.jpg`, mimeType: 'image/jpeg', buffer: big })))
    const sent = page
      .waitForRequest(r => r.method() === 'POST', { timeout: 5_000 })
      .then(
        () => 'sent',
        () => 'not sent',
      )
    await page.getByRole('button', { name: '提交反映' }).click()
    const problems = page.getByTestId('photo-problems')
    await problems.waitFor({ timeout: 15_000 })
    expect(await sent).toBe('not sent')
    expect(await problems.textContent()).toContain('“photo-1.jpg”超过 5 MB。')
    expect(new URL(page.url()).pathname).toBe('/complaints/new')
    expect(await page.getByLabel('具体情况').inputValue()).toBe('长征桥北侧三盏路灯一周没亮，晚上走路看不清。')
    noErrors()
    await context.close()
  })

  it('a worker’s inbox shows a new complaint live, without a reload', async () => {
    const workerCtx = await newContext(browser)
    const worker = await workerCtx.newPage()
    const noErrors = watchErrors(worker)
    await login(worker, 'worker1')
    // Wait until the page has hydrated and its Socket.IO connection is up (websocket or polling).
    await worker.goto('/inbox')
    await worker.waitForSelector('html[data-live="connected"]', { state: 'attached', timeout: 20_000 })
    const marker = `长征桥公园路灯不亮${Date.now() % 100000}`
    const residentCtx = await newContext(browser)
    const resident = await residentCtx.newPage()
    await resident.goto('/complaints/new')
    await resident.getByLabel('所在社区').selectOption({ label: '长征桥社区' })
    await resident.getByLabel('标题').fill(marker)
    await resident.getByLabel('具体情况').fill('长征桥公园东门的路灯一周都没亮了，晚上散步很不安全。')
    await Promise.all([resident.waitForURL(/\/track\/TH-/), resident.getByRole('button', { name: '提交反映' }).click()])
    await expect.poll(() => worker.getByText(marker).count(), { timeout: 15_000 }).toBe(1)
    expect(await worker.getByText(/有 \d+ 条新诉求/).count()).toBe(1)
    noErrors()
    await workerCtx.close()
    await residentCtx.close()
  })

  it('after a status change with a note, the note box is empty again and the note is in the history', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'worker1')
    await page.goto('/inbox?status=classified')
    await page.locator('table a[href^="/complaints/"]').first().click()
    await page.waitForURL(/\/complaints\/\d+$/)
    const note = `已电话回访${Date.now() % 100000}`
    await page.getByLabel('更改状态').selectOption('resolved')
    await page.getByLabel(/^说明/).fill(note)
    await page.getByRole('button', { name: '保存', exact: true }).click()
    await page.getByRole('status').filter({ hasText: '状态已更新' }).waitFor()
    await expect.poll(() => page.getByText(note).count()).toBe(1)
    expect(await page.getByLabel(/^说明/).inputValue()).toBe('')
    noErrors()
    await context.close()
  })

  it('the upload import page shows a summary with rejected rows', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'worker1')
    await page.goto('/import')
    // Leaving the community open says what happens, not "none yet".
    expect(
      await page
        .getByLabel(/^默认社区/)
        .locator('option')
        .first()
        .textContent(),
    ).toBe('不指定（按文件中的社区或地点识别）')
    const rows = [...GOOD_ROWS, ...MIXED_ROWS.slice(1, 2)].map(r => [...r])
    await page
      .getByLabel('文件', { exact: true })
      .setInputFiles({ name: 'board.csv', mimeType: 'text/csv', buffer: Buffer.from(toCsv([BOARD_HEADER, ...rows])) })
    await page.getByRole('button', { name: '开始导入' }).click()
    const summary = page.getByTestId('import-summary')
    await summary.waitFor({ timeout: 30_000 })
    expect(await summary.textContent()).toContain('新增 3 条，重复 0 条，有问题 1 条')
    expect(await page.getByRole('link', { name: /下载问题行文件/ }).count()).toBe(1)
    noErrors()
    await context.close()
  })
})
