import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, login, newContext, watchErrors } from './browser'

let browser: Browser
let db: Database.Database
beforeAll(async () => {
  browser = await launchBrowser()
  db = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true })
})
afterAll(async () => {
  db?.close()
  await browser?.close()
})

const RUN = Date.now()
const ASK = '希望快递公司送货上门，丢件要赔偿。'
// Residents who name the courier, and one who writes about a pupil's textbooks (the taxonomy reads 教育文体).
const PARCELS = ['快递员把包裹随便放在楼下经常丢件', '快递包裹放在楼下丢了没人管', '快递经常丢件快递员不送上门', '快递员不送货上门包裹丢失']
const MISFILED = '学生的教材包裹丢了没人管'

/** Board letters through the real import CLI, into the running server's database. */
function importLetters() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-correction-'))
  const file = path.join(dir, 'letters.jsonl')
  const letters = [...PARCELS.map(s => ({ s, b: `${s}。${ASK}` })), { s: MISFILED, b: '教材包裹丢了没人管，希望送货上门。' }]
  const rows = letters.map(({ s, b }, i) =>
    JSON.stringify({
      留言编号: `corr-${RUN}-${i}`,
      留言用户: `corr-user-${RUN}-${i}`,
      留言主题: s,
      留言时间: new Date(RUN - (6 - i) * 3600_000).toISOString(),
      留言详情: b,
      点赞数: 2,
    }),
  )
  fs.writeFileSync(file, rows.join('\n') + '\n')
  execFileSync(process.execPath, ['--import', 'tsx', 'app/cli/import.ts', file, '--channel', 'online', '--community', 'gs-czq', '--json'], {
    env: { ...process.env, DATABASE_PATH: process.env.E2E_DATABASE_PATH! },
    encoding: 'utf8',
  })
  fs.rmSync(dir, { recursive: true, force: true })
}

const complaintId = (i: number) => (db.prepare('select id from complaints where external_id = ?').get(`corr-${RUN}-${i}`) as { id: number } | undefined)?.id
const topicsOf = (id: number) =>
  (
    db.prepare(`select t.id from topic_complaints tc join topics t on t.id = tc.topic_id where tc.complaint_id = ? and t.status = 'suggested'`).all(id) as {
      id: number
    }[]
  ).map(r => r.id)

describe('a worker corrects a complaint’s category in a real browser', () => {
  let corrected = 0
  let joined = 0
  it('the complaint moves into the suggestion of its corrected category, linked from its page', async () => {
    importLetters()
    // The server's NLP job classifies and clusters the letters.
    await expect.poll(() => (complaintId(0) ? topicsOf(complaintId(0)!).length : 0), { timeout: 30_000, interval: 500 }).toBe(1)
    const misfiled = complaintId(4)!
    const parcelTopic = topicsOf(complaintId(0)!)[0]!
    // Filed under 教育文体, it is not with the other parcel letters.
    const before = topicsOf(misfiled)
    expect(before).not.toContain(parcelTopic)

    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'worker1')
    await page.goto(`/complaints/${misfiled}`)
    await expect.poll(() => page.getByTestId('complaint-category').textContent()).toMatch(/^教育文体/)
    expect(await page.locator(`[data-testid="complaint-topics"] a[href="/topics/${parcelTopic}"]`).count()).toBe(0)
    expect(await page.getByTestId('complaint-topics').getByRole('link').count()).toBe(before.length)

    await page.getByLabel('更正分类').selectOption({ label: '\u3000邮政与快递' })
    await page.getByRole('button', { name: '保存分类' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: '分类已更正' }).count(), { timeout: 15_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('complaint-category').textContent()).toBe('交通运输 / 邮政与快递')
    // The status history says who changed it and how.
    expect(await page.getByText('教育文体 / 学校与教学管理 → 交通运输 / 邮政与快递').count()).toBe(1)

    const link = page.getByTestId('complaint-topics').getByRole('link')
    await expect.poll(() => link.count()).toBe(1)
    expect(await link.getAttribute('href')).toBe(`/topics/${parcelTopic}`)
    expect(topicsOf(misfiled)).toEqual([parcelTopic])
    await Promise.all([page.waitForURL(`**/topics/${parcelTopic}`), link.click()])
    await page.locator('[data-testid="topic-complaints"] li', { hasText: MISFILED }).waitFor()
    corrected = misfiled
    joined = parcelTopic
    noErrors()
    await context.close()
  })

  it('on a desktop screen the page shows the new category and the topic link', async () => {
    expect(corrected).toBeGreaterThan(0)
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 1366, height: 900 } })
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'worker1')
    await page.goto(`/complaints/${corrected}`)
    expect(await page.getByTestId('complaint-category').textContent()).toBe('交通运输 / 邮政与快递')
    expect(await page.getByLabel('更正分类').inputValue()).toBe('transport.postal')
    const link = page.getByTestId('complaint-topics').getByRole('link')
    expect(await link.getAttribute('href')).toBe(`/topics/${joined}`)
    expect(await link.isVisible()).toBe(true)
    noErrors()
    await context.close()
  })
})
