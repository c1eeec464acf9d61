import type Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, login, newContext, watchErrors, openBrowserAndDatabase, closeBrowserAndDatabase } from './browser'

// The reply library end to end: a resident's question with a name, a phone and
// an address, the worker's official reply, review and publication, the public
// pages, "ask before you file" and an FAQ entry. All text is made up here.
const NAME = '欧阳翠花'
const PHONE = '13655554444'
const ROOM = '12栋301室'

let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(() => closeBrowserAndDatabase(browser, db))

let answerId = 0

/** A resident's inquiry in the community's inbox, open on worker1's screen. */
async function workerOnInquiry(trackingCode: string, subject: string, body: string) {
  const { id: complaintId } = db
    .prepare(
      "insert into complaints (tracking_code, channel, community_id, unit_id, subject, body, received_at, status, content_hash) values (?, 'web', (select id from units where code = 'gs-czq'), (select id from units where code = 'gs-czq'), ?, ?, ?, 'received', ?) returning id",
    )
    .get(trackingCode, subject, body, Date.now(), `e2e-${trackingCode}`) as { id: number }
  const context = await newContext(browser)
  const page = await context.newPage()
  const noErrors = watchErrors(page)
  await login(page, 'worker1')
  await page.goto(`/complaints/${complaintId}`)
  return { page, noErrors, context, complaintId }
}

describe('answers in a real browser', () => {
  it('a worker’s reply to a resident’s question is published without personal data', async () => {
    const residentCtx = await newContext(browser)
    const resident = await residentCtx.newPage()
    await resident.goto('/complaints/new')
    await resident.getByLabel('所在社区').selectOption({ label: '长征桥社区' })
    await resident.getByLabel('标题').fill('咨询老旧小区加装电梯有没有补贴')
    await resident.getByLabel('具体情况').fill(`我叫${NAME}，住长征桥小区${ROOM}，电话${PHONE}，想问老小区加装电梯政府有没有补贴，要准备什么材料。`)
    await resident.getByLabel('您的称呼（选填）').fill(NAME)
    await resident.getByLabel('联系电话（选填，仅工作人员可见）').fill(PHONE)
    await Promise.all([resident.waitForURL(/\/track\/TH-/), resident.getByRole('button', { name: '提交反映' }).click()])
    const code = decodeURIComponent(new URL(resident.url()).pathname.split('/').pop()!)
    await residentCtx.close()
    const complaint = db.prepare('select id from complaints where tracking_code = ?').get(code) as { id: number }

    const workerCtx = await newContext(browser)
    const worker = await workerCtx.newPage()
    const noErrors = watchErrors(worker)
    await login(worker, 'worker1')
    await worker.goto(`/complaints/${complaint.id}`)
    await worker
      .getByRole('textbox', { name: '答复内容' })
      .fill(`${NAME}您好！老旧小区加装电梯可申请政府补贴，每台补助二十万元。需提交业主同意书、设计方案和施工合同，到街道办理。如有疑问请致电${PHONE}。`)
    await worker.getByRole('button', { name: '保存答复' }).click()
    await expect.poll(() => worker.getByText('答复已保存，等待审核后公开。').count()).toBe(1)

    await worker.goto('/answers/review')
    const card = worker.getByRole('form', { name: '咨询老旧小区加装电梯有没有补贴' })
    expect(await card.getByRole('textbox', { name: '官方答复' }).inputValue()).not.toContain(NAME)
    await card.getByRole('button', { name: '审核通过并发布' }).click()
    await expect.poll(() => worker.getByText('已发布。').count()).toBe(1)
    const row = db.prepare("select id from answers where complaint_id = ? and status = 'published'").get(complaint.id) as { id: number }
    answerId = row.id
    noErrors()
    await workerCtx.close()

    // Every public page that shows the answer is free of the resident's data.
    const anonCtx = await newContext(browser)
    const anon = await anonCtx.newPage()
    for (const path of [`/answers/${answerId}`, '/answers?q=加装电梯补贴', '/answers']) {
      const res = await anon.goto(path)
      expect(res?.status()).toBe(200)
      const html = await anon.content()
      const text = await anon.locator('body').innerText()
      expect(text).toContain('加装电梯')
      for (const secret of [NAME, PHONE]) expect(html).not.toContain(secret)
      expect(text).not.toContain(ROOM)
    }
    expect(await anon.goto(`/answers/${answerId}`).then(() => anon.locator('svg').count())).toBeGreaterThan(0)
    await anonCtx.close()
  })

  it('a resident typing a question sees the published answer and says it answered it', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await page.goto('/complaints/new')
    await page.getByLabel('标题').fill('老小区装电梯政府给补贴吗')
    await page.getByLabel('具体情况').fill('我们楼想加装电梯，请问有没有补贴，要什么材料？')
    const panel = page.getByTestId('answer-suggestions')
    await expect.poll(() => panel.getByText('咨询老旧小区加装电梯有没有补贴').count(), { timeout: 15_000 }).toBe(1)
    expect(await panel.textContent()).not.toContain(PHONE)
    const before = (db.prepare('select inquiries_avoided as n from answers where id = ?').get(answerId) as { n: number }).n
    await panel.getByRole('button', { name: '这解答了我的问题' }).click()
    await expect.poll(() => page.getByText('很高兴已经找到答案，无需再提交。').count()).toBe(1)
    expect((db.prepare('select inquiries_avoided as n from answers where id = ?').get(answerId) as { n: number }).n).toBe(before + 1)
    // The answer now says it was counted: the button is not offered for it again.
    const counted = panel.getByRole('listitem').filter({ hasText: '咨询老旧小区加装电梯有没有补贴' })
    expect(await counted.getByTestId('answer-counted').textContent()).toBe('已记下：这条答复解答了您的问题')
    expect(await counted.getByRole('button', { name: '这解答了我的问题' }).count()).toBe(0)
    noErrors()
    await context.close()
  })

  it('without JavaScript, checking the question shows the answer and keeps the text', async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, javaScriptEnabled: false, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto('/complaints/new')
    await page.getByLabel('标题').fill('加装电梯的补贴怎么申请')
    await page.getByLabel('具体情况').fill('老旧小区加装电梯有补贴吗，需要准备哪些材料')
    await page.getByRole('button', { name: '查找相似问题' }).click()
    await expect.poll(() => page.getByTestId('answer-suggestions').getByText('咨询老旧小区加装电梯有没有补贴').count()).toBe(1)
    expect(await page.getByLabel('标题').inputValue()).toBe('加装电梯的补贴怎么申请')
    await context.close()
  })

  it('staff publish an FAQ entry from a search with the replies it relies on', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'worker1')
    await page.goto('/answers/review')
    await page.getByLabel('要找的问题（关键词或一句话）').fill('加装电梯补贴')
    await page.getByRole('button', { name: '查找', exact: true }).click()
    await page
      .getByRole('checkbox', { name: /加装电梯/ })
      .first()
      .check()
    await page.getByRole('button', { name: '生成草稿' }).click()
    const form = page.getByRole('form', { name: '编写常见问题' })
    await form.getByLabel('常见问题').fill('老旧小区加装电梯有补贴吗？')
    expect(await form.getByRole('textbox', { name: '答复', exact: true }).inputValue()).toContain('每台补助二十万元')
    // The reply it relies on is listed by its question, linked.
    const sources = form.getByRole('list', { name: '依据的答复' }).getByRole('link')
    expect(await sources.count()).toBe(1)
    expect(await sources.getAttribute('href')).toBe(`/answers/${answerId}`)
    await form.getByRole('button', { name: '发布常见问题' }).click()
    await expect.poll(() => page.getByText('常见问题已发布。').count()).toBe(1)
    // The draft leaves the page with the publishing: nothing is left to send twice.
    expect(await page.getByRole('form', { name: '编写常见问题' }).count()).toBe(0)
    const faq = db.prepare("select id, source_ids from answers where kind = 'faq' and status = 'published' order by id desc").get() as {
      id: number
      source_ids: string
    }
    expect(JSON.parse(faq.source_ids)).toContain(answerId)
    await page.goto(`/answers/${faq.id}`)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('老旧小区加装电梯有补贴吗？')
    noErrors()
    await context.close()
  })

  it('shows an answer’s QR code inside its box, clear of the permanent link below it', async () => {
    const faq = db.prepare("select id from answers where kind = 'faq' and status = 'published' order by id limit 1").get() as { id: number }
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 1366, height: 900 } })
    const page = await context.newPage()
    await page.goto(`/answers/${faq.id}`)
    const qr = (await page.getByRole('img', { name: '扫码查阅本条答复' }).locator('svg').boundingBox())!
    const box = (await page.getByRole('img', { name: '扫码查阅本条答复' }).boundingBox())!
    const link = (await page.getByRole('link', { name: new RegExp(`/answers/${faq.id}$`) }).boundingBox())!
    expect(qr.height).toBeLessThanOrEqual(box.height)
    expect(qr.y + qr.height).toBeLessThanOrEqual(link.y)
    await context.close()
  })

  it('“not answered” hides the answers and puts the keyboard back in the text, not at the top of the page', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await page.goto('/complaints/new')
    await page.getByLabel('标题').fill('电动车能不能在楼道里充电')
    await page.getByLabel('具体情况').fill('楼下没地方充电，想拉根线到楼道里充。')
    const panel = page.getByTestId('answer-suggestions')
    await panel.waitFor({ timeout: 15_000 })
    await panel.getByRole('link', { name: '没有解答，继续填写' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('answer-suggestions').count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-body')
    expect(await page.getByLabel('具体情况').inputValue()).toBe('楼下没地方充电，想拉根线到楼道里充。')
    noErrors()
    await context.close()
  })

  it('a worker drafts a reply from how a similar question was answered, keeping what was already typed', async () => {
    const { page, noErrors, context } = await workerOnInquiry('TH-E2EDR-AFT01', '老小区加装电梯补贴怎么申请', '我们楼想加装电梯，政府有补贴吗，要什么材料？')
    const box = page.getByRole('textbox', { name: '答复内容' })
    await box.fill('您好，')
    const similar = page.getByTestId('similar-answers')
    await similar.locator('summary').first().click()
    await similar.getByRole('button', { name: '用这条答复起草' }).first().click()
    expect(await box.inputValue()).toMatch(/^您好，\n\n.*补助二十万元/s)
    expect(new URL(page.url()).search).toBe('')
    const note = page.locator('#reply-draft-note')
    expect(await note.textContent()).toContain('另一件诉求的答复')
    // Rewritten and saved, the box holds no draft any more: the note goes though the page is not reloaded.
    await box.fill('您好！老旧小区加装电梯可申请政府补贴，请带业主同意书到街道办理。')
    await page.getByRole('button', { name: '保存答复' }).click()
    await expect.poll(() => page.getByText('答复已保存，等待审核后公开。').count()).toBe(1)
    await expect.poll(() => note.count()).toBe(0)
    noErrors()
    await context.close()
  })

  it('staff publish an FAQ entry from a proposed group of residents asking the same thing, and the group is not proposed again', async () => {
    // Two residents ask how to get a residence permit; a worker answers and publishes each reply.
    const published: number[] = []
    for (const [code, subject, body, reply] of [
      ['TH-E2EGR-OUP01', '请问居住证在哪里办理', '刚搬来租房住，想问居住证在哪里办理。', '您好！居住证在社区服务中心受理，带身份证和租房合同办理。'],
      [
        'TH-E2EGR-OUP02',
        '咨询外地人怎么办理居住证',
        '外地户口在这边上班，居住证怎么办理？',
        '您好！在本地居住满半年的，可带身份证和租房合同到社区服务中心办理居住证。',
      ],
    ] as const) {
      const { page, noErrors, context, complaintId } = await workerOnInquiry(code, subject, body)
      await page.getByRole('textbox', { name: '答复内容' }).fill(reply)
      await page.getByRole('button', { name: '保存答复' }).click()
      await expect.poll(() => page.getByText('答复已保存，等待审核后公开。').count()).toBe(1)
      await page.goto('/answers/review')
      await page.getByRole('form', { name: subject }).getByRole('button', { name: '审核通过并发布' }).click()
      await expect.poll(() => page.getByText('已发布。').count()).toBe(1)
      published.push((db.prepare("select id from answers where complaint_id = ? and status = 'published'").get(complaintId) as { id: number }).id)
      noErrors()
      await context.close()
    }

    // The two inquiries are proposed as one group (beside the demo's own, on primary-school enrolment); following it drafts the entry from both.
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'worker1')
    await page.goto('/answers/review')
    await page
      .getByTestId('faq-groups')
      .getByRole('link', { name: /居住证/ })
      .click()
    const form = page.getByRole('form', { name: '编写常见问题' })
    expect(await form.getByRole('textbox', { name: '答复', exact: true }).inputValue()).toContain('租房合同')
    await form.getByLabel('常见问题').fill('居住证在哪里办？要带什么？')
    await form.getByRole('button', { name: '发布常见问题' }).click()
    await expect.poll(() => page.getByText('常见问题已发布。').count()).toBe(1)
    const faq = db.prepare("select source_ids from answers where kind = 'faq' and public_question = '居住证在哪里办？要带什么？'").get() as {
      source_ids: string
    }
    expect(JSON.parse(faq.source_ids).sort()).toEqual([...published].sort())
    await page.goto('/answers/review')
    expect(
      await page
        .getByTestId('faq-groups')
        .getByRole('link', { name: /居住证/ })
        .count(),
    ).toBe(0)
    noErrors()
    await context.close()
  })
})
