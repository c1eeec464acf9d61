import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, login, watchErrors } from './browser'

// On a 390 px phone, in both languages and in Chinese large text, what a
// resident reads in a form field is whole: an example in a placeholder, the
// chosen option of a list. In English large text the examples are whole too;
// a list of long English names (Changzhengqiao Community) is wider than a
// phone there, and a list cannot wrap.

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** Fields whose placeholder is wider than the field, and (unless `lists` is false) lists narrower than their longest option. */
function cutOff(page: Page, { lists = true } = {}) {
  return page.evaluate(lists => {
    const canvas = document.createElement('canvas').getContext('2d')!
    const widthOf = (text: string, el: Element) => {
      const s = getComputedStyle(el)
      canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`
      return canvas.measureText(text).width
    }
    const room = (el: HTMLElement) => {
      const s = getComputedStyle(el)
      return el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)
    }
    const cut: string[] = []
    for (const el of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[placeholder], textarea[placeholder]')) {
      if (el.offsetParent && widthOf(el.placeholder, el) > room(el)) cut.push(`placeholder of ${el.name}: ${el.placeholder}`)
    }
    // A list is as wide as its longest option unless the page squeezes it.
    for (const el of lists ? document.querySelectorAll<HTMLSelectElement>('select') : []) {
      if (!el.offsetParent) continue
      const shown = el.getBoundingClientRect().width
      const before = el.style.cssText
      el.style.cssText += ';width:max-content !important;max-width:none !important'
      const wanted = el.getBoundingClientRect().width
      el.style.cssText = before
      if (wanted > shown + 0.5) cut.push(`options of ${el.name}: ${Math.round(wanted)} px in ${Math.round(shown)}`)
    }
    return cut
  }, lists)
}

/** What is cut off on each resident form, signed out and signed in. */
async function walkForms(page: Page, opts?: { lists: boolean }) {
  const found: Record<string, string[]> = {}
  for (const path of ['/answers', '/complaints/new', '/track', '/login']) {
    await page.goto(path)
    found[path] = await cutOff(page, opts)
  }
  await login(page, 'resident1')
  for (const path of ['/complaints/new', '/answers']) {
    await page.goto(path)
    found[`${path} (signed in)`] = await cutOff(page, opts)
  }
  return found
}

describe('form fields on a 390 px phone', () => {
  // In English large text only the examples are checked: a list of long English names cannot wrap.
  for (const { locale, large, lists } of [
    { locale: 'zh-CN', large: false, lists: true },
    { locale: 'en-US', large: false, lists: true },
    { locale: 'zh-CN', large: true, lists: true },
    { locale: 'en-US', large: true, lists: false },
  ]) {
    it(`show their examples${lists ? ' and choices' : ''} whole (${locale}${large ? ', large text' : ''})`, async () => {
      const context = await browser.newContext({ baseURL: BASE_URL, locale, viewport: { width: 390, height: 844 } })
      const page = await context.newPage()
      const noErrors = watchErrors(page)
      if (large) {
        await page.goto('/')
        await page.getByRole('button', { name: /^(大字体|Large text)$/ }).click()
        await expect.poll(() => page.locator('html.large-text').count()).toBe(1)
      }
      const found = await walkForms(page, { lists })
      expect(found).toEqual(Object.fromEntries(Object.keys(found).map(k => [k, []])))
      noErrors()
      await context.close()
    })
  }
})
