import { beforeEach, describe, expect, it } from 'vitest'
import DecisionPage, * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import { recordDecision } from '#db/queries/decisions'
import { createWorkOrders } from '#db/queries/work-orders'
import { callRoute, makeRequest } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'
import { asUser, COMPLAINANTS, moveOrder, outcomeScenario, type Scenario } from './fixtures'

// On a phone each callback is a card headed by its first cell: each says which complainant
// or panel member it is (numbered, the name masked), not the same bare 反映人 on every card.

let s: Scenario
let decisionId: number
beforeEach(async () => {
  s = await outcomeScenario()
  decisionId = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker)).decision.id
  const [order] = createWorkOrders(
    s.db,
    {
      decisionId,
      departmentIds: [s.units.traffic.id],
      title: '施划临时停车位',
      problem: '小河小学路口上下学高峰拥堵',
      priority: 'normal',
      dueAt: new Date(Date.now() + 20 * 86400_000),
      dispatch: true,
    },
    asUser(s.users.street),
  ).orders
  for (const [to, who] of [
    ['accepted', s.users.dept],
    ['in_progress', s.users.dept],
    ['awaiting_verification', s.users.dept],
    ['verified', s.users.supervisor],
  ] as const)
    moveOrder(s, order!.id, to, who, '完成')
})

async function rowHeaders(locale: 'zh' | 'en') {
  const path = `/decisions/${decisionId}`
  const res = await callRoute(decisionPage.loader, makeRequest(path, { cookie: s.users.street.cookie }), { id: String(decisionId) })
  const html = await renderPage(DecisionPage, { path, locale, loaderData: (await res.json()) as object })
  const table = html.slice(html.lastIndexOf('<table'))
  return { html, headers: [...table.matchAll(/<th scope="row"[^>]*>(.*?)<\/th>/gs)].map(m => m[1]!.replace(/<[^>]+>/g, '').trim()) }
}

describe('the callback list', () => {
  for (const [locale, complainant, panel] of [
    ['zh', '反映人', '议事代表'],
    ['en', 'Complainant', 'Panel member'],
  ] as const) {
    it(`heads each callback with who it is, numbered and masked (${locale})`, async () => {
      const { html, headers } = await rowHeaders(locale)
      expect(headers).toEqual([`${complainant} 1 · 张**`, `${complainant} 2 · 李**`, `${complainant} 3 · 王**`, `${panel} 1 · 赵**`, `${panel} 2 · 钱**`])
      // Names stay masked, as everywhere staff read them beside a rating.
      for (const c of COMPLAINANTS) expect(html).not.toContain(c.name)
    })
  }
})
