import type Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, closeBrowserAndDatabase, openBrowserAndDatabase, watchErrors } from './browser'

// The numbered list of answers on /answers: on a phone its cards use the screen's width, the numbers still showing.
// The demo's frequent questions stand apart above the list, so replies made up here make it run to two-digit numbers.

let browser: Browser
let db: Database.Database
const added: number[] = []
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
  const insert = db.prepare(
    "insert into answers (kind, reply, replied_at, status, public_question, public_reply, reviewed_at, published_at) values ('reply', ?, ?, 'published', ?, ?, ?, ?) returning id",
  )
  for (let i = 1; i <= 10; i++) {
    const reply = `第${i}号活动室已经修好，可以照常预约使用。`
    const at = Date.now() - i * 60_000
    added.push((insert.get(reply, at, `社区第${i}号活动室什么时候能用`, reply, at, at) as { id: number }).id)
  }
})
afterAll(() => {
  for (const id of added) db.prepare('delete from answers where id = ?').run(id)
  return closeBrowserAndDatabase(browser, db)
})

async function measure(width: number) {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width, height: 844 } })
  const page = await context.newPage()
  const noErrors = watchErrors(page)
  await page.goto('/answers')
  const list = page.locator('main ol.answer-list')
  await expect.poll(() => list.locator('> li').count()).toBeGreaterThan(9)
  const m = await list.evaluate(ol => {
    const items = [...ol.querySelectorAll<HTMLElement>(':scope > li')]
    const main = ol.closest('main')!.getBoundingClientRect()
    return {
      indent: items[0]!.getBoundingClientRect().left - ol.getBoundingClientRect().left,
      mainLeft: main.left,
      cardLeft: items[0]!.getBoundingClientRect().left,
      cardRight: items[0]!.getBoundingClientRect().right,
      listStyle: getComputedStyle(ol).listStyleType,
      pageWidth: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
    }
  })
  noErrors()
  await context.close()
  return m
}

describe('the answers list on a phone', () => {
  it('is indented no more than its numbers need (two digits), not the default 40 px, and nothing passes the screen’s edge', async () => {
    const phone = await measure(390)
    expect(phone.listStyle).toBe('decimal')
    expect(phone.indent).toBeGreaterThanOrEqual(20)
    expect(phone.indent).toBeLessThanOrEqual(28)
    expect(phone.pageWidth).toBeLessThanOrEqual(phone.viewport)
    expect(phone.cardRight).toBeLessThanOrEqual(phone.viewport)
  })

  it('keeps its indent on a wide screen', async () => {
    const wide = await measure(1366)
    expect(wide.indent).toBeGreaterThanOrEqual(32)
  })
})
