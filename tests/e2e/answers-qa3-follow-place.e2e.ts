// A place an answer names, offered to follow on the answer's page: the name and what
// the button does read as one phrase, a spaced dot between them, for a visitor and
// for a resident, at a phone's width and in large text.
import type Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowserAndDatabase, login, newContext, openBrowserAndDatabase, watchErrors } from './browser'

let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(() => closeBrowserAndDatabase(browser, db))

const answerNaming = (place: string) =>
  (db.prepare("select id from answers where status = 'published' and public_question like ? order by id limit 1").get(`%${place}%`) as { id: number }).id

describe('following a place named in an answer', () => {
  it('reads “place · Log in to follow this place” for a visitor', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await page.goto(`/answers/${answerNaming('登云路')}`)
    const link = page.getByTestId('follow-answer').getByRole('link', { name: '登云路 · 登录后关注此地点' })
    expect(await link.innerText()).toBe('登云路 · 登录后关注此地点')
    noErrors()
    await context.close()
  })

  it('reads “place · Follow this place”, then “place · Following”, on one line for a resident', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'resident1')
    await page.goto(`/answers/${answerNaming('和睦公园')}`)
    const area = page.getByTestId('follow-answer')
    const offered = area.getByRole('button', { name: '和睦公园 · 关注此地点', exact: true })
    expect(await offered.innerText()).toBe('和睦公园 · 关注此地点')
    await offered.click()
    const following = area.getByRole('button', { name: '和睦公园 · 已关注此地点 · 取消关注' })
    await expect.poll(() => following.count()).toBe(1)
    expect(await following.innerText()).toBe('和睦公园 · 已关注此地点 · 取消关注')
    // Back as it was, for the other tests of this run.
    await following.click()
    await expect.poll(() => offered.count()).toBe(1)
    noErrors()
    await context.close()
  })
})
