import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, login, newContext, waitForHydration, watchErrors } from './browser'

// A signed-in resident asks on the report form whether an e-bike may be charged
// in the stairwell, and the demo library's answer is suggested beside the text.
// Kept in the tab, the text comes back when the form is opened again: unless the
// resident said the answer answered the question.
const SUBJECT = '电动车在楼道里充电可以吗'
const BODY = '楼下没有充电桩，想在楼道里给电动车充电。'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

async function askOnTheForm(page: Page) {
  await page.goto('/complaints/new')
  await waitForHydration(page)
  await page.getByLabel('标题').fill(SUBJECT)
  await page.getByLabel('具体情况').fill(BODY)
  const panel = page.getByTestId('answer-suggestions')
  await panel.waitFor({ timeout: 15_000 })
  return panel
}

/** The form opened again in the same tab, once the page is alive and any kept text is back. */
async function openFormAgain(page: Page) {
  await page.goto('/complaints/new')
  await waitForHydration(page)
  // The form keeps what it holds in the tab as soon as it is alive, after bringing any kept text back.
  await page.waitForFunction(() => sessionStorage.getItem('teahouse:complaint-draft') !== null)
  return { subject: await page.getByLabel('标题').inputValue(), body: await page.getByLabel('具体情况').inputValue() }
}

describe('the report form’s kept text after the suggested answers', () => {
  it('is forgotten once the resident says an answer answered the question', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'resident1')
    const panel = await askOnTheForm(page)
    await panel.getByRole('button', { name: '这解答了我的问题' }).first().click()
    await expect.poll(() => page.getByText('很高兴已经找到答案，无需再提交。').count()).toBe(1)
    // The answered form still shows what was asked, beside the answer.
    expect(await page.getByLabel('标题').inputValue()).toBe(SUBJECT)
    expect(await openFormAgain(page)).toEqual({ subject: '', body: '' })
    noErrors()
    await context.close()
  })

  it('is kept when the resident says the answers do not answer it', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const noErrors = watchErrors(page)
    await login(page, 'resident1')
    const panel = await askOnTheForm(page)
    await panel.getByRole('link', { name: '没有解答，继续填写' }).click()
    await expect.poll(() => page.getByTestId('answer-suggestions').count()).toBe(0)
    expect(await openFormAgain(page)).toEqual({ subject: SUBJECT, body: BODY })
    noErrors()
    await context.close()
  })
})
