import type Database from 'better-sqlite3'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, closeBrowserAndDatabase, login, newContext, openBrowserAndDatabase, watchErrors } from './browser'

// Large text, high contrast, the keyboard alone and a screen reader's view of the resident pages.
let browser: Browser
let db: Database.Database
beforeAll(async () => {
  ;({ browser, db } = await openBrowserAndDatabase())
})
afterAll(() => closeBrowserAndDatabase(browser, db))

type Mode = { large: boolean; contrast: boolean }
const MODES: Mode[] = [
  { large: false, contrast: false },
  { large: true, contrast: false },
  { large: false, contrast: true },
  { large: true, contrast: true },
]
const modeName = (m: Mode) => `${m.large ? 'large' : 'normal'} text, ${m.contrast ? 'high' : 'normal'} contrast`

async function withPrefs(context: BrowserContext, locale: 'zh' | 'en', m: Mode) {
  await context.addCookies([{ name: 'th_prefs', value: `${locale}.${m.large ? 1 : 0}.${m.contrast ? 1 : 0}`, url: BASE_URL }])
}

/** WCAG contrast of two CSS colours (`rgb()`/`rgba()`), the first laid over the second. */
function contrastInPage(page: Page, script: string) {
  return page.evaluate(`(() => {
    const parse = c => { const p = c.match(/rgba?\\(([^)]+)\\)/)[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1] }
    const blend = (fg, bg) => fg.slice(0, 3).map((v, i) => v * fg[3] + bg[i] * (1 - fg[3]))
    const lum = c => c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4) }).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0)
    const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05) }
    const pageBg = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c[3] > 0) return blend(c, [255, 255, 255]) } return [255, 255, 255] }
    ${script}
  })()`)
}

async function activeText(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return 'BODY'
    const labelledBy = el.getAttribute('aria-labelledby')
    const name = labelledBy
      ? labelledBy
          .split(/\s+/)
          .map(id => document.getElementById(id)?.textContent?.trim() ?? '')
          .join(' ')
      : (el.getAttribute('aria-label') ?? el.textContent ?? '')
    return `${el.tagName} ${name.trim()}`
  })
}

async function tabUntil(page: Page, match: (active: string) => boolean, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const active = await activeText(page)
    if (match(active)) return active
  }
  throw new Error(`the keyboard never reached the control (last: ${await activeText(page)})`)
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

describe('resident pages for large text, high contrast, the keyboard and screen readers', () => {
  it('form fields are outlined at 3:1 against the page in every mode, so a field can be found before it is focused', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    for (const m of MODES) {
      await withPrefs(context, 'zh', m)
      for (const path of ['/complaints/new', '/login', '/track', '/answers']) {
        await page.goto(path)
        const weak = (await contrastInPage(
          page,
          `return [...document.querySelectorAll('main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main select, main textarea')]
            .map(el => { const bg = pageBg(el.parentElement); const r = ratio(blend(parse(getComputedStyle(el).borderTopColor), bg), bg); return r < 3 ? (el.name || el.id) + ' ' + r.toFixed(2) : null })
            .filter(Boolean)`,
        )) as string[]
        expect(weak, `${path}, ${modeName(m)}`).toEqual([])
      }
    }
    await context.close()
  })

  it('a button that cannot be pressed yet still reads at 4.5:1, plain or primary, in both contrast modes', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    for (const m of MODES) {
      await withPrefs(context, 'zh', m)
      await page.goto('/login')
      // The login button is disabled while the form is being sent; the language button stands for a plain one.
      const ratios = (await contrastInPage(
        page,
        `const out = []
         for (const el of [document.querySelector('main button[type=submit].primary'), document.querySelector('.header-tools button')]) {
           el.disabled = true
           const s = getComputedStyle(el)
           const under = pageBg(el.parentElement)
           const own = blend(parse(s.backgroundColor), under)
           // The whole button is drawn at its opacity over what lies under it.
           const o = Number(s.opacity)
           const bg = own.map((v, i) => v * o + under[i] * (1 - o))
           const fg = blend(parse(s.color), own).map((v, i) => v * o + under[i] * (1 - o))
           out.push(ratio(fg, bg))
         }
         return out`,
      )) as number[]
      for (const r of ratios) expect(r, modeName(m)).toBeGreaterThanOrEqual(4.5)
    }
    await context.close()
  })

  it('a back link draws its arrow as an icon, so a screen reader says only where it goes', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto('/answers/1')
    const back = page.locator('main a.tap').first()
    expect(await back.textContent()).not.toMatch(/[←→]/)
    expect(await back.locator('svg[aria-hidden="true"]').count()).toBe(1)
    await context.close()
  })

  it('keyboard only, large text and high contrast: a complaint with a photo is filed and the keyboard lands on the confirmation with its code', async () => {
    const context = await newContext(browser)
    await withPrefs(context, 'zh', { large: true, contrast: true })
    const page = await context.newPage()
    const errors = watchErrors(page)
    await page.goto('/complaints/new')
    // The fields by name, reached with Tab alone.
    const focusByTab = async (name: string) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab')
        if (await page.evaluate(n => (document.activeElement as HTMLInputElement | null)?.name === n, name)) return
      }
      throw new Error(`the keyboard never reached ${name}`)
    }
    await focusByTab('placeText')
    await page.keyboard.type('和睦新村3幢楼下')
    await focusByTab('subject')
    await page.keyboard.type('楼下垃圾桶满了没人清')
    await focusByTab('body')
    await page.keyboard.type('和睦新村3幢楼下的垃圾桶三天没人清运，味道很大，夏天招苍蝇。')
    await focusByTab('photos')
    const chooser = page.waitForEvent('filechooser')
    await page.keyboard.press('Space')
    await (await chooser).setFiles({ name: 'rubbish.png', mimeType: 'image/png', buffer: PNG })
    await tabUntil(page, a => a === 'BUTTON 提交反映')
    await Promise.all([page.waitForURL(/\/track\/TH-.*new=1/), page.keyboard.press('Enter')])
    await expect.poll(() => activeText(page)).toMatch(/提交成功.*TH-/)
    const code = (await page.getByTestId('tracking-code').textContent())!.match(/TH-[A-Z0-9-]+/)![0]
    const row = db.prepare('select count(*) as n from attachments a join complaints c on c.id = a.complaint_id where c.tracking_code = ?').get(code) as {
      n: number
    }
    expect(row.n).toBe(1)
    // The focused notice shows its ring.
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none')
    errors()
    await context.close()
  })

  it('unfollow buttons on /me name what they unfollow, and the keyboard stays in the list after one goes', async () => {
    const user = db.prepare(`select id from users where username = 'resident1'`).get() as { id: number }
    const keys = ['城乡建设', '环境保护']
    for (const key of keys) db.prepare(`insert or ignore into follows (user_id, kind, key) values (?, 'category', ?)`).run(user.id, key)
    const context = await newContext(browser)
    const page = await context.newPage()
    const errors = watchErrors(page)
    await login(page, 'resident1')
    await page.goto('/me')
    const list = page.getByTestId('my-follows')
    for (const key of keys) expect(await list.getByRole('button', { name: new RegExp(`取消关注.*${key}`) }).count()).toBe(1)
    await tabUntil(page, a => /取消关注.*城乡建设/.test(a))
    await page.keyboard.press('Enter')
    await expect.poll(() => list.getByRole('button', { name: /城乡建设/ }).count()).toBe(0)
    await expect.poll(() => activeText(page)).toMatch(/BUTTON 取消关注|H2 我的关注/)
    db.prepare(`delete from follows where user_id = ? and kind = 'category' and key in (?, ?)`).run(user.id, ...keys)
    errors()
    await context.close()
  })

  it('with large text on a 390 px phone, no resident page scrolls sideways, in Chinese or English', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    for (const locale of ['zh', 'en'] as const) {
      await withPrefs(context, locale, { large: true, contrast: true })
      for (const path of ['/', '/complaints/new', '/track', '/answers', '/answers/1', '/public', '/public/gs-czq', '/public/topics/1', '/login']) {
        await page.goto(path)
        // What sticks out past the screen's edge, named, so a failure says where to look.
        const wide = await page.evaluate(() => {
          const edge = document.documentElement.clientWidth
          if (document.documentElement.scrollWidth <= edge) return []
          return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > edge + 0.5)
            .map(e => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''} ${(e.textContent ?? '').trim().slice(0, 30)}`)
        })
        expect(wide, `${path} ${locale}`).toEqual([])
      }
    }
    await context.close()
  })
})
