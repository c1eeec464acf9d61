import Database from 'better-sqlite3'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { expect } from 'vitest'

export const BASE_URL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000'
export const DEMO_PASSWORD = 'teahouse-demo'

/** Debian's Chromium with the flags this machine needs (no sandbox as root, no background network). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

/** A browser and the running server's database (written to prepare cases), for one test file. */
export async function openBrowserAndDatabase(): Promise<{ browser: Browser; db: Database.Database }> {
  const browser = await launchBrowser()
  const db = new Database(process.env.E2E_DATABASE_PATH!)
  // The server writes to the same file at the same time.
  db.pragma('busy_timeout = 5000')
  return { browser, db }
}

/**
 * An approved topic of a community, written straight into the running server's
 * database (topic review has its own tests), through `db` or a connection of its own.
 */
export function insertApprovedTopic(title: string, opts: { community?: string; db?: Database.Database } = {}): number {
  const db = opts.db ?? new Database(process.env.E2E_DATABASE_PATH!)
  if (!opts.db) db.pragma('busy_timeout = 5000')
  try {
    const unit = db.prepare('select id from units where code = ?').get(opts.community ?? 'gs-czq') as { id: number }
    return Number(db.prepare("insert into topics (unit_id, status, title) values (?, 'approved', ?)").run(unit.id, title).lastInsertRowid)
  } finally {
    if (!opts.db) db.close()
  }
}

export async function closeBrowserAndDatabase(browser: Browser | undefined, db: Database.Database | undefined) {
  db?.close()
  await browser?.close()
}

export async function newContext(browser: Browser, opts: { locale?: string } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: opts.locale ?? 'zh-CN', viewport: { width: 390, height: 844 } })
  return context
}

/**
 * Fail on page errors: an unexpected console error is a defect. `expected` is what
 * the test provokes on purpose: further statuses (400 for a refused form) or a
 * pattern of console errors (a network cut).
 */
export function watchErrors(page: Page, expected: number[] | RegExp = []) {
  const errors: string[] = []
  const allowed = [403, 404, ...(Array.isArray(expected) ? expected : [])]
  const pattern = expected instanceof RegExp ? expected : undefined
  // Each error names the page it came from, so a failure says where to look.
  page.on('pageerror', e => errors.push(`${page.url()}: ${String(e)}`))
  page.on('console', m => {
    const status = /status of (\d{3})/.exec(m.text())?.[1]
    if (m.type() === 'error' && !(status && allowed.includes(Number(status))) && !pattern?.test(m.text())) errors.push(`${page.url()}: ${m.text()}`)
  })
  return () => expect(errors).toEqual([])
}

/**
 * Wait until React has hydrated the whole document. The load event comes before hydration
 * ends, and a test that changes the page's DOM in between makes hydration fail (React #418).
 * Hydration claims the <html> element last, tagging it with React's fiber key.
 */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => Object.keys(document.documentElement).some(key => key.startsWith('__reactFiber$')))
}

/** Log in through the real form, as a person would. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.getByLabel(/用户名|Username/).fill(username)
  await page.getByLabel(/密码|Password/).fill(password)
  await Promise.all([page.waitForURL(url => !url.pathname.startsWith('/login')), page.getByRole('button', { name: /^(登录|Log in)$/ }).click()])
}
