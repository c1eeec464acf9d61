import Database from 'better-sqlite3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, login, newContext, waitForHydration, watchErrors } from './browser'

// English mode shows no Chinese except proper names and residents' own words,
// which the markup marks with lang="zh-CN" (person, place, estate and organisation
// names; complaint text as written). Everything else on every main page —
// statuses, categories, generated titles, dates — must be English.

let browser: Browser

function firstValue<T>(sql: string, ...params: unknown[]): T {
  const file = process.env.E2E_DATABASE_PATH
  if (!file) throw new Error('E2E_DATABASE_PATH is not set (run through npm run test:e2e)')
  const db = new Database(file, { readonly: true })
  try {
    const row = db.prepare(sql).get(...params) as Record<string, T> | undefined
    if (!row) throw new Error(`no row for: ${sql}`)
    return Object.values(row)[0]!
  } finally {
    db.close()
  }
}

/** The visible text of the page once elements marked as Chinese proper names or resident text are taken out. */
async function englishText(page: Page): Promise<string> {
  await waitForHydration(page)
  return page.evaluate(() => {
    // Removed rather than hidden: an <option> stays in innerText whatever its style.
    for (const el of document.body.querySelectorAll('[lang|="zh"]')) el.remove()
    return document.body.innerText
  })
}

const HAN = /\p{Script=Han}/u

/** Lines with Chinese, by page path, for every page visited in one test (empty when all is English). */
const chineseLines: Record<string, string[]> = {}

async function expectNoChinese(page: Page, path: string) {
  const res = await page.goto(path)
  expect(res?.status(), path).toBeLessThan(400)
  expect(await page.locator('html').getAttribute('lang')).toBe('en')
  const lines = (await englishText(page)).split('\n').filter(line => HAN.test(line))
  if (lines.length > 0) chineseLines[path] = lines
}

/** The distinct links on a page whose path matches, in page order (at least one). */
async function links(page: Page, listPath: string, pattern: RegExp): Promise<string[]> {
  await page.goto(listPath)
  const hrefs = await page.locator('a[href]').evaluateAll(links => links.map(a => (a as HTMLAnchorElement).getAttribute('href') ?? ''))
  const matching = [...new Set(hrefs.filter(h => pattern.test(h)))]
  if (matching.length === 0) throw new Error(`no link matching ${pattern} on ${listPath}`)
  return matching
}

/** A meeting as the meetings list links it: the room, the console, the public view or the minutes, whichever the reader may open. */
const MEETING_PAGE = /^\/meetings\/\d+(\/(console|observe|minutes))?$/

async function firstLink(page: Page, listPath: string, pattern: RegExp): Promise<string> {
  return (await links(page, listPath, pattern))[0]!
}

async function englishPage(username: string | null) {
  const context = await newContext(browser, { locale: 'en-GB' })
  const page = await context.newPage()
  const noErrors = watchErrors(page)
  if (username) await login(page, username)
  return { page, done: async () => (noErrors(), await context.close()) }
}

beforeAll(async () => {
  browser = await launchBrowser()
})
beforeEach(() => {
  for (const path of Object.keys(chineseLines)) delete chineseLines[path]
})
afterEach(() => {
  expect(chineseLines).toEqual({})
})
afterAll(async () => {
  await browser?.close()
})

describe('English mode', () => {
  it('shows no Chinese on the public pages', { timeout: 120_000 }, async () => {
    const { page, done } = await englishPage(null)
    await expectNoChinese(page, '/')
    await expectNoChinese(page, '/public')
    // A community's public page is its timeline; every community and every public topic of the first.
    const communities = await links(page, '/public', /^\/public\/[a-z][\w-]*$/)
    for (const community of communities) await expectNoChinese(page, community)
    for (const topic of await links(page, communities[0]!, /^\/public\/topics\/\d+$/)) await expectNoChinese(page, topic)
    await expectNoChinese(page, await firstLink(page, '/', /^\/meetings\/\d+\/observe$/))
    const code = firstValue<string>('select tracking_code from complaints order by id limit 1')
    await expectNoChinese(page, `/track/${code}`)
    // The answers library: published questions and replies are residents' and officials' words.
    await expectNoChinese(page, '/answers')
    for (const answer of await links(page, '/answers', /^\/answers\/\d+$/)) await expectNoChinese(page, answer)
    await done()
  })

  it('shows no Chinese in the header on a wide screen, where the resident’s name is shown', async () => {
    const { page, done } = await englishPage('resident1')
    await page.setViewportSize({ width: 1366, height: 900 })
    await expectNoChinese(page, '/me')
    await done()
  })

  it('shows no Chinese to a resident', { timeout: 120_000 }, async () => {
    const { page, done } = await englishPage('resident1')
    await expectNoChinese(page, '/me')
    await expectNoChinese(page, '/notifications')
    const mine = firstValue<number>(
      "select c.id from complaints c join users u on u.id = c.complainant_user_id where u.username = 'resident1' order by c.id limit 1",
    )
    await expectNoChinese(page, `/complaints/${mine}`)
    await done()
  })

  it('shows no Chinese to a community worker', { timeout: 180_000 }, async () => {
    const { page, done } = await englishPage('worker1')
    await expectNoChinese(page, '/inbox')
    await expectNoChinese(page, await firstLink(page, '/inbox', /^\/complaints\/\d+$/))
    await expectNoChinese(page, '/topics')
    await expectNoChinese(page, await firstLink(page, '/topics', /^\/topics\/\d+$/))
    await expectNoChinese(page, '/topics?status=approved')
    await expectNoChinese(page, await firstLink(page, '/topics?status=approved', /^\/topics\/\d+$/))
    await expectNoChinese(page, '/dashboard')
    await expectNoChinese(page, '/decisions')
    await expectNoChinese(page, await firstLink(page, '/decisions', /^\/decisions\/\d+$/))
    await expectNoChinese(page, '/meetings')
    await expectNoChinese(page, await firstLink(page, '/meetings', MEETING_PAGE))
    await expectNoChinese(page, '/notifications')
    await done()
  })

  it('shows no Chinese to a worker of another community', { timeout: 120_000 }, async () => {
    const { page, done } = await englishPage('worker2')
    for (const path of ['/inbox', '/topics', '/dashboard', '/decisions', '/meetings', '/notifications']) await expectNoChinese(page, path)
    await expectNoChinese(page, await firstLink(page, '/inbox', /^\/complaints\/\d+$/))
    await expectNoChinese(page, await firstLink(page, '/topics', /^\/topics\/\d+$/))
    await done()
  })

  it('shows no Chinese to street, department, facilitator, supervisor and admin staff', { timeout: 180_000 }, async () => {
    const street = await englishPage('street1')
    for (const path of ['/street', '/reports', '/reports/monthly', '/dashboard', '/notifications', '/decisions', '/orders'])
      await expectNoChinese(street.page, path)
    // The street sees the dispatch form on a decision.
    await expectNoChinese(street.page, await firstLink(street.page, '/decisions', /^\/decisions\/\d+$/))
    await expectNoChinese(street.page, await firstLink(street.page, '/orders', /^\/orders\/\d+$/))
    await street.done()

    const dept = await englishPage('dept1')
    await expectNoChinese(dept.page, '/orders')
    await expectNoChinese(dept.page, await firstLink(dept.page, '/orders', /^\/orders\/\d+$/))
    await dept.done()

    const facilitator = await englishPage('facilitator1')
    await expectNoChinese(facilitator.page, '/meetings')
    await expectNoChinese(facilitator.page, await firstLink(facilitator.page, '/meetings', MEETING_PAGE))
    await facilitator.done()

    const supervisor = await englishPage('supervisor1')
    await expectNoChinese(supervisor.page, '/supervise')
    await supervisor.done()

    const admin = await englishPage('admin')
    await expectNoChinese(admin.page, '/admin')
    await expectNoChinese(admin.page, '/notifications')
    await admin.done()
  })

  it('fits every column of the street overview on a laptop screen, where English headers are longer', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'en-GB', viewport: { width: 1366, height: 900 } })
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'street1')
    await page.goto('/street')
    const table = page.locator('.table-wrap', { has: page.locator('table.street-table') })
    expect(await table.getByRole('columnheader', { name: 'Approved topics' }).count()).toBe(1)
    const { scrollWidth, clientWidth } = await table.evaluate(e => ({ scrollWidth: e.scrollWidth, clientWidth: e.clientWidth }))
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth)
    noErrors()
    await context.close()
  })
})
