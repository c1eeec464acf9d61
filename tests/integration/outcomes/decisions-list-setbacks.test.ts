import { beforeEach, describe, expect, it } from 'vitest'
import { makeT } from '#app/i18n/index'
import DecisionPage, * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import DecisionsList, * as decisionsList from '#app/routes/_outcomes+/decisions._index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'
import { decisionWithTwoOrders, moveOrder, outcomeScenario, type Scenario } from './fixtures'

// The list of decisions says, on a decision's row, how many of its orders were sent back
// for rework (or returned by their department), in the words of the decision's own page.

let s: Scenario
let decisionId: number
let traffic: number
let cityman: number
beforeEach(async () => {
  s = await outcomeScenario()
  ;({ decisionId, traffic, cityman } = decisionWithTwoOrders(s))
})

const move = (id: number, to: string, who: { id: number }, note?: string) => moveOrder(s, id, to, who, note)
const text = (html: string) => html.replace(/<[^>]+>/g, '')

async function listRow(locale: 'zh' | 'en') {
  const res = await callRoute(decisionsList.loader, makeRequest('/decisions', { cookie: s.users.street.cookie }))
  const html = await renderPage(DecisionsList, { path: '/decisions', locale, loaderData: (await res.json()) as object })
  const at = html.indexOf(`href="/decisions/${decisionId}"`)
  expect(at).toBeGreaterThan(-1)
  return text(html.slice(html.lastIndexOf('<tr', at), html.indexOf('</tr>', at)))
}

async function decisionPageText(locale: 'zh' | 'en') {
  const path = `/decisions/${decisionId}`
  const res = await callRoute(decisionPage.loader, makeRequest(path, { cookie: s.users.street.cookie }), { id: String(decisionId) })
  return text(await renderPage(DecisionPage, { path, locale, loaderData: (await res.json()) as object }))
}

describe('the list of decisions names orders that went backwards', () => {
  for (const locale of ['zh', 'en'] as const) {
    const t = makeT(locale)
    it(`an order sent back for rework is counted on the decision’s row, as its page says (${locale})`, async () => {
      move(traffic, 'accepted', s.users.dept)
      move(traffic, 'in_progress', s.users.dept)
      move(traffic, 'awaiting_verification', s.users.dept, '全部施划完成')
      move(traffic, 'in_progress', s.users.supervisor, '标线不清晰，请重新施划')
      const note = t('outcome.decision.reworkCount', { count: 1 })
      expect(await decisionPageText(locale)).toContain(note)
      const row = await listRow(locale)
      expect(row).toContain(note)
      expect(row).not.toContain(t('outcome.decision.returnedCount', { count: 1 }))
    })

    it(`an order returned by its department is counted on the row too (${locale})`, async () => {
      move(cityman, 'returned', s.users.deptOther, '不属于城管职责')
      const row = await listRow(locale)
      expect(row).toContain(t('outcome.decision.returnedCount', { count: 1 }))
      expect(row).not.toContain(t('outcome.decision.reworkCount', { count: 1 }))
    })

    it(`a decision whose orders only went forward says nothing of setbacks (${locale})`, async () => {
      move(traffic, 'accepted', s.users.dept)
      const row = await listRow(locale)
      expect(row).toContain(t('outcome.decision.open'))
      expect(row).not.toContain(t('outcome.decision.reworkCount', { count: 1 }))
      expect(row).not.toContain(t('outcome.decision.returnedCount', { count: 1 }))
    })
  }
})
