import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, login, newContext, watchErrors } from './browser'

// On a phone (390 px) every link that stands on its own (a title in a list, a back link, a login
// prompt) is at least 24 × 24 CSS px, so a thumb finds it (WCAG 2.5.8).

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** Links matching `selector` whose box is under 24 px either way, as "text (width × height)". */
function smallTargets(page: Page, selector = 'main a') {
  return page.evaluate(sel => {
    const small: string[] = []
    for (const a of document.querySelectorAll<HTMLElement>(sel)) {
      if (!a.offsetParent) continue
      const r = a.getBoundingClientRect()
      if (r.height < 24 || r.width < 24) small.push(`${a.textContent?.trim().slice(0, 30)} (${Math.round(r.width)} × ${Math.round(r.height)})`)
    }
    return small
  }, selector)
}

/** The back links on `path` (an arrow icon, then "Admin"), each as "text (width × height)" with whether a thumb can hit it. */
async function backLinks(page: Page, path: string) {
  await page.goto(path)
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main a')]
      .filter(a => a.offsetParent && a.firstElementChild?.matches('svg.icon') && !a.firstChild?.textContent?.trim())
      .map(a => {
        const r = a.getBoundingClientRect()
        return `${a.textContent?.trim()} (${Math.round(r.width)} × ${Math.round(r.height)})${r.height < 24 || r.width < 24 ? ' small' : ''}`
      }),
  )
}

async function expectFingerSized(page: Page, path: string, selector?: string) {
  await page.goto(path)
  const links = await page.locator(selector ?? 'main a').count()
  expect(links, `links on ${path}`).toBeGreaterThan(0)
  expect(await smallTargets(page, selector), path).toEqual([])
}

describe('standalone links on a phone', () => {
  it('on the public record: the communities, a community’s timeline with its topic titles, and a topic', async () => {
    for (const locale of ['zh-CN', 'en']) {
      const context = await newContext(browser, { locale })
      await context.addCookies([{ name: 'th_prefs', value: `${locale === 'en' ? 'en' : 'zh'}.0.0`, url: process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000' }])
      const page = await context.newPage()
      const noErrors = watchErrors(page)
      await expectFingerSized(page, '/public')
      await expectFingerSized(page, '/public/gs-czq')
      expect(await page.locator('ol.timeline .hint a').count()).toBeGreaterThan(0)
      const topic = await page.locator('ol.timeline .hint a').first().getAttribute('href')
      await expectFingerSized(page, topic!)
      noErrors()
      await context.close()
    }
  })

  it('for a visitor: the landing page’s lists and its login prompt, and the prompt to log in to follow', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await expectFingerSized(page, '/')
    expect(await page.locator('main a[href="/login"]').count()).toBe(1)
    await expectFingerSized(page, `/answers?category=${encodeURIComponent('城乡建设')}`, 'main a.follow-login')
    noErrors()
    await context.close()
  })

  it('in the answers library: the list, an answer with its back link and follow prompts, in either language', async () => {
    for (const locale of ['zh-CN', 'en']) {
      const context = await newContext(browser, { locale })
      await context.addCookies([{ name: 'th_prefs', value: `${locale === 'en' ? 'en' : 'zh'}.0.0`, url: process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000' }])
      const page = await context.newPage()
      const noErrors = watchErrors(page)
      await expectFingerSized(page, '/answers')
      expect(await page.locator('main a[href="/complaints/new"]').count()).toBe(1)
      // An answer of the demo's, filed under a category: the newest may be one another test published without one,
      // and the frequent questions that hold everywhere (no category named under them) come first.
      await page.goto(`/answers?category=${encodeURIComponent('卫生计生')}`)
      const answer = (await page.locator('main li:has(p.hint) :is(h2, h3) a[href^="/answers/"]').first().getAttribute('href'))!
      await expectFingerSized(page, answer)
      expect(await page.locator('main a[href="/answers"]').count()).toBe(1)
      expect(await page.locator('main a.follow-login').count()).toBeGreaterThan(0)
      noErrors()
      await context.close()
    }
  })

  it('in “ask before you file”: the link to an answer and “not answered”', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await page.goto('/complaints/new')
    await page.getByLabel('具体情况').fill('电动车能不能在楼道里充电，楼下没地方充电')
    const panel = page.getByTestId('answer-suggestions')
    await panel.waitFor({ timeout: 15_000 })
    expect(await panel.locator('a').count()).toBeGreaterThan(1)
    expect(await smallTargets(page, '[data-testid="answer-suggestions"] a')).toEqual([])
    noErrors()
    await context.close()
  })

  it('for staff: the back link atop a report, a decision, a work order, a topic, the monthly report, the deliberator pool and the admin pages', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'admin')
    const first = async (list: string, selector: string) => {
      await page.goto(list)
      return (await page.locator(selector).first().getAttribute('href'))!
    }
    const pages = [
      await first('/inbox', 'main a[href^="/complaints/"]'),
      await first('/decisions', 'main a[href^="/decisions/"]:not([href^="/decisions/new"])'),
      await first('/orders', 'main a[href^="/orders/"]'),
      '/reports/monthly',
      '/admin/units',
      '/admin/users',
      '/admin/outbox',
      await first('/topics', 'main a[href^="/topics/"]'),
      await first('/pool', 'main a[href^="/pool/"]:not([href="/pool/new"]):not([href="/pool/import"])'),
      '/pool/new',
      '/pool/import',
    ]
    const small: string[] = []
    for (const path of pages) {
      const links = await backLinks(page, path)
      expect(links, path).toHaveLength(1)
      small.push(...links.filter(l => l.endsWith(' small')).map(l => `${path}: ${l}`))
    }
    expect(small).toEqual([])
    noErrors()
    await context.close()
  })

  it('for a resident: their reports and followed topics on their own page, and the pages it leads to', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'resident1')
    await page.goto('/public/gs-czq')
    // A followed topic is listed on their page too (followed here if it was not, and left as it was after).
    const topic = (await page.locator('ol.timeline .hint a').first().getAttribute('href'))!
    await page.goto(topic)
    const follow = page.getByRole('button', { name: /^(关注此议题|已关注此议题 · 取消关注)$/ })
    const wasFollowing = (await follow.getAttribute('aria-pressed')) === 'true'
    if (!wasFollowing) {
      await follow.click()
      await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true')
    }
    await expectFingerSized(page, '/me')
    expect(await page.locator('main a[href^="/track/"]').count()).toBeGreaterThan(0)
    expect(await page.getByTestId('my-follows').locator('a[href^="/public/topics/"]').count()).toBeGreaterThan(0)
    await expectFingerSized(page, '/join')
    await expectFingerSized(page, '/')
    if (!wasFollowing) {
      await page.goto(topic)
      await follow.click()
      await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('false')
    }
    noErrors()
    await context.close()
  })
})
