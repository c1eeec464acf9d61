import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, login, newContext, watchErrors } from './browser'

// A worker on a phone grows the pool and draws a panel with quotas: a person already in the pool is
// not added twice, the draw says how each role seat and quota came out, and why each member was
// drawn is read on the card, not past the screen's edge.

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** Regions of the page that scroll sideways (a table too wide for the phone). */
const sideways = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main .table-wrap')].filter(w => w.scrollWidth > w.clientWidth).map(w => w.textContent?.slice(0, 30)),
  )

describe('panel quotas and the pool, on a phone', () => {
  it('refuses to add by hand a person the community already has, under the phone field', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page, [409])
    await login(page, 'worker1')
    const add = async (phone: string) => {
      await page.goto('/pool/new')
      await page.getByLabel('姓名').fill('钟秀梅')
      await page.getByLabel('手机号').fill(phone)
      await page.getByLabel('所在社区').selectOption({ label: '长征桥社区' })
      await page.getByLabel(/已取得本人同意/).check()
      await page.getByRole('button', { name: '保存' }).click()
    }
    await add('13955501234')
    await page.waitForURL(/\/pool\/\d+\?saved=1/)
    await add('139 5550 1234')
    await expect.poll(() => page.locator('#field-phone-error').textContent()).toContain('已经有此人')
    expect(await page.getByLabel('手机号').getAttribute('aria-invalid')).toBe('true')
    expect(page.url()).toMatch(/\/pool\/new$/)
    await page.goto('/pool?q=钟秀梅')
    expect(await page.locator('main tbody tr').count()).toBe(1)
    noErrors()
    await context.close()
  })

  for (const locale of ['zh', 'en'] as const) {
    it(`shows how each quota came out and why each member was drawn, without scrolling sideways (${locale})`, async () => {
      const context = await newContext(browser, { locale: locale === 'zh' ? 'zh-CN' : 'en-US' })
      const page = await context.newPage()
      const noErrors = watchErrors(page)
      await login(page, 'worker1')
      await page.goto('/topics?status=approved')
      const item = page.locator('[data-testid="topic-list"] li', { hasText: '长征桥公园夜间照明不足' }).first()
      await page.goto(`/topics/${await item.getAttribute('data-topic-id')}/panel`)
      await page.locator('input[name="quota.gender.女.min"]').fill('6')
      await page.locator('input[name="quota.ageBand.60+.min"]').fill('3')
      await page.locator('input[name="role.police"]').fill('1')
      await page.getByRole('button', { name: locale === 'zh' ? '抽签' : 'Draw', exact: true }).click()
      await page.getByTestId('panel-result').waitFor()

      const lines = page.locator('[data-testid="panel-composition"] tbody tr')
      const text = await page.getByTestId('panel-composition').innerText()
      if (locale === 'zh') {
        expect(text).toContain('民警席位')
        expect(text).toContain('性别: 女')
        expect(text).toContain('至少 6 人')
        expect(text).toContain('年龄段: 60 岁及以上')
        expect(text).toContain('受影响社区居民')
      } else {
        expect(text).toContain('Police officer seat')
        expect(text).toContain('at least 6')
        expect(text).not.toMatch(/[\u4e00-\u9fff]{2}/)
      }
      // Police, the affected community, 60+ and women: four lines, each met.
      expect(await lines.count()).toBe(4)
      expect(await page.locator('[data-testid="panel-composition"] tbody tr[data-met="yes"]').count()).toBe(4)

      // Each member's reasons and chance are on their card, on screen.
      expect(await sideways(page)).toEqual([])
      const first = page.locator('[data-testid="panel-members"] tbody tr').first()
      const box = (await first.boundingBox())!
      expect(box.x + box.width).toBeLessThanOrEqual(390)
      expect(await first.innerText()).toMatch(locale === 'zh' ? /入选理由[\s\S]*席位/ : /Why selected[\s\S]*seat/)
      noErrors()
      await context.close()
    })
  }
})
