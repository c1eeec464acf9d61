import { beforeEach, describe, expect, it } from 'vitest'
import DecisionPage, * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import { recordDecision } from '#db/queries/decisions'
import { callRoute, makeRequest } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

let s: Scenario
let decisionId: number
beforeEach(async () => {
  s = await outcomeScenario()
  decisionId = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker)).decision.id
})

/** The message the decision page shows once work orders were created from it. */
async function ordersMadeMessage(locale: 'zh' | 'en') {
  const path = `/decisions/${decisionId}?done=orders`
  const loaderData = await (await callRoute(decisionPage.loader, makeRequest(path, { cookie: s.users.street.cookie }), { id: String(decisionId) })).json()
  const html = await renderPage(DecisionPage, { path, locale, loaderData })
  const status = /<p role="status"[^>]*>(.*?)<\/p>/.exec(html)
  // The message opens the page: the list of orders comes after it.
  expect(html.indexOf(status![0])).toBeLessThan(html.indexOf('<h2>'))
  return status![1]!
}

describe('after work orders are created from a decision', () => {
  it('points to the list of orders below the message, where it is', async () => {
    const zh = await ordersMadeMessage('zh')
    expect(zh).toContain('下方')
    expect(zh).not.toContain('上方')
    const en = await ordersMadeMessage('en')
    expect(en).toContain('below')
    expect(en).not.toContain('above')
  })
})
