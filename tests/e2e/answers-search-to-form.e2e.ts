import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BASE_URL, launchBrowser, watchErrors } from './browser'

// A resident who looked for an answer first and goes on to file: the question
// typed into the search is the report's subject, on a phone, with or without JavaScript.
// Before searching, the street's standard answers to frequent questions stand above the replies.

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

async function phone(javaScriptEnabled: boolean) {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 390, height: 844 }, javaScriptEnabled })
  return { context, page: await context.newPage() }
}

describe('from the answers search to the resident form', () => {
  it('with JavaScript, the searched question is the subject and the answer found stays beside it', async () => {
    const { context, page } = await phone(true)
    const noErrors = watchErrors(page)
    await page.goto('/answers')
    await page.getByRole('searchbox', { name: '搜索问题' }).fill('垃圾分类几点收')
    await Promise.all([page.waitForURL(/[?&]q=/), page.getByRole('button', { name: '搜索' }).click()])
    await expect.poll(() => page.getByRole('heading', { level: 2, name: /垃圾分类投放点几点开放/ }).count()).toBe(1)
    await Promise.all([page.waitForURL(/\/complaints\/new/), page.getByRole('link', { name: '没有找到答案？提交诉求' }).click()])
    expect(await page.getByLabel('标题').inputValue()).toBe('垃圾分类几点收')
    await expect.poll(() => page.getByTestId('answer-suggestions').getByText('垃圾分类投放点几点开放？错过时间的垃圾怎么办？').count()).toBe(1)
    noErrors()
    await context.close()
  })

  it('without JavaScript, a search that found nothing goes on to a form that files the question as typed', async () => {
    const { context, page } = await phone(false)
    await page.goto('/answers')
    await page.getByRole('searchbox', { name: '搜索问题' }).fill('社区什么时候打流感疫苗')
    await Promise.all([page.waitForURL(/[?&]q=/), page.getByRole('button', { name: '搜索' }).click()])
    expect(await page.getByText('没有找到相关答复').count()).toBe(1)
    await Promise.all([page.waitForURL(/\/complaints\/new/), page.getByRole('link', { name: '没有找到答案？提交诉求' }).click()])
    expect(await page.getByLabel('标题').inputValue()).toBe('社区什么时候打流感疫苗')
    await page.getByLabel('所在社区').selectOption({ label: '长征桥社区' })
    await page.getByLabel('具体情况').fill('家里老人想打流感疫苗，请问社区卫生服务站什么时候开始打？')
    await Promise.all([page.waitForURL(/\/track\/TH-/), page.getByRole('button', { name: '提交反映' }).click()])
    expect(await page.getByRole('heading', { level: 2, name: '社区什么时候打流感疫苗' }).count()).toBe(1)
    await context.close()
  })
})

describe('the frequent questions on /answers', () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`${javaScriptEnabled ? 'with' : 'without'} JavaScript, a resident sees the standard answers above the replies and opens one`, async () => {
      const { context, page } = await phone(javaScriptEnabled)
      const noErrors = watchErrors(page)
      await page.goto('/answers')
      const section = page.getByRole('region', { name: '常见问题' })
      const entries = section.getByRole('list').getByRole('listitem')
      expect(await entries.count()).toBeGreaterThanOrEqual(7)
      const entry = entries.filter({ has: page.getByRole('link', { name: '电动自行车能不能在楼道里充电？小区哪里可以充？' }) })
      // The answer in brief, under its question.
      expect(await entry.textContent()).toContain('严禁给电动自行车充电')
      // Not listed again among the replies below.
      expect(await page.getByRole('link', { name: '电动自行车能不能在楼道里充电？小区哪里可以充？' }).count()).toBe(1)
      // The section fits the phone's screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      await Promise.all([page.waitForURL(/\/answers\/\d+$/), entry.getByRole('link').click()])
      // With JavaScript the address changes before the answer's page has rendered.
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('电动自行车能不能在楼道里充电？小区哪里可以充？')
      noErrors()
      await context.close()
    })
  }

  it('once a question is searched, the frequent questions are ranked among the results, not set apart', async () => {
    const { context, page } = await phone(false)
    await page.goto(`/answers?q=${encodeURIComponent('电动自行车楼道充电')}`)
    expect(await page.getByRole('region', { name: '常见问题' }).count()).toBe(0)
    expect(await page.getByRole('heading', { level: 2, name: /电动自行车能不能在楼道里充电/ }).count()).toBe(1)
    await context.close()
  })
})
