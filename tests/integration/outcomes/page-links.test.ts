import { beforeEach, describe, expect, it } from 'vitest'
import * as meetingRoom from '#app/routes/_meetings+/meetings.$id._index'
import * as minutesPage from '#app/routes/_meetings+/meetings.$id.minutes'
import * as observePage from '#app/routes/_meetings+/meetings.$id.observe'
import DecisionPage, * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import * as decisionsIndex from '#app/routes/_outcomes+/decisions._index'
import OrderPage, * as orderPage from '#app/routes/_outcomes+/orders.$id'
import * as ordersIndex from '#app/routes/_outcomes+/orders._index'
import * as supervise from '#app/routes/_outcomes+/supervise'
import * as publicTopic from '#app/routes/_public+/public.topics.$id'
import * as topicPage from '#app/routes/_topics+/topics.$id'
import { recordDecision } from '#db/queries/decisions'
import { createWorkOrders } from '#db/queries/work-orders'
import { topics } from '#db/schema/index'
import { callRoute, createLoggedInUser, makeRequest } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

type Loader = (args: never) => unknown
/** The pages a decision or work order may link to, by address. */
const PAGES: [RegExp, Loader][] = [
  [/^\/decisions$/, decisionsIndex.loader],
  [/^\/decisions\/(?<id>\d+)$/, decisionPage.loader],
  [/^\/orders$/, ordersIndex.loader],
  [/^\/orders\/(?<id>\d+)$/, orderPage.loader],
  [/^\/supervise$/, supervise.loader],
  [/^\/public\/topics\/(?<id>\d+)$/, publicTopic.loader],
  [/^\/topics\/(?<id>\d+)$/, topicPage.loader],
  [/^\/meetings\/(?<id>\d+)$/, meetingRoom.loader],
  [/^\/meetings\/(?<id>\d+)\/minutes$/, minutesPage.loader],
  [/^\/meetings\/(?<id>\d+)\/observe$/, observePage.loader],
]

/** What opening `href` answers its holder of `cookie` (a link to a page this test does not know fails). */
async function opens(href: string, cookie: string) {
  const url = new URL(href, 'http://localhost')
  const page = PAGES.find(([re]) => re.test(url.pathname))
  expect(page, `a page for ${href}`).toBeDefined()
  const [re, loader] = page!
  const params = { ...re.exec(url.pathname)!.groups }
  return (await callRoute(loader, makeRequest(href, { cookie }), params)).status
}

const hrefs = (html: string) => [...new Set([...html.matchAll(/href="(\/[^"]*)"/g)].map(m => m[1]!.replaceAll('&amp;', '&')))]

let s: Scenario
let decisionId: number
let orderId: number
beforeEach(async () => {
  s = await outcomeScenario()
  decisionId = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker)).decision.id
  orderId = createWorkOrders(
    s.db,
    {
      decisionId,
      departmentIds: [s.units.traffic.id],
      title: '施划临时停车位',
      problem: '路口拥堵',
      dueAt: new Date(Date.now() + 10 * 86400_000),
      dispatch: true,
    },
    asUser(s.users.street),
  ).orders[0]!.id
})

async function decisionLinks(cookie: string) {
  const res = await callRoute(decisionPage.loader, makeRequest(`/decisions/${decisionId}`, { cookie }), { id: String(decisionId) })
  expect(res.status).toBe(200)
  const html = await renderPage(DecisionPage, { path: `/decisions/${decisionId}`, locale: 'zh', loaderData: await res.json() })
  return { html, links: hrefs(html) }
}

async function orderLinks(cookie: string) {
  const res = await callRoute(orderPage.loader, makeRequest(`/orders/${orderId}`, { cookie }), { id: String(orderId) })
  expect(res.status).toBe(200)
  return hrefs(await renderPage(OrderPage, { path: `/orders/${orderId}`, locale: 'zh', loaderData: await res.json() }))
}

describe('the decision page links only to pages its reader may open', () => {
  it('every link opens for each role that reads decisions', async () => {
    const facilitator = await createLoggedInUser(s.db, 'facilitator', 'gs-xh')
    for (const [role, user] of [
      ['street', s.users.street],
      ['supervisor', s.users.supervisor],
      ['worker', s.users.worker],
      ['facilitator', facilitator],
    ] as const) {
      const { links } = await decisionLinks(user.cookie)
      for (const href of links) expect([role, href, await opens(href, user.cookie)]).toEqual([role, href, 200])
    }
  })

  it('names a work order as plain text to those who may not open it, and links it for those who may', async () => {
    const facilitator = await createLoggedInUser(s.db, 'facilitator', 'gs-xh')
    for (const user of [facilitator, s.users.worker]) {
      expect(await opens(`/orders/${orderId}`, user.cookie)).toBe(403)
      const { html, links } = await decisionLinks(user.cookie)
      expect(html).toContain('施划临时停车位')
      expect(links.filter(h => h.startsWith('/orders'))).toEqual([])
    }
    for (const user of [s.users.street, s.users.supervisor]) expect((await decisionLinks(user.cookie)).links).toContain(`/orders/${orderId}`)
  })

  it('leads to the staff topic page when the topic is not public, for those who review topics', async () => {
    s.db.update(topics).set({ isPublic: false }).run()
    const { links } = await decisionLinks(s.users.street.cookie)
    expect(links).toContain(`/topics/${s.topic.id}`)
    expect(links.filter(h => h.startsWith('/public/'))).toEqual([])
  })
})

describe('the work-order page links only to pages its reader may open', () => {
  it('every link opens for the department, street staff and the supervisor', async () => {
    for (const [role, user] of [
      ['dept', s.users.dept],
      ['street', s.users.street],
      ['supervisor', s.users.supervisor],
    ] as const) {
      for (const href of await orderLinks(user.cookie)) expect([role, href, await opens(href, user.cookie)]).toEqual([role, href, 200])
    }
  })

  it('sends a supervisor back to their verification list, and lets them open the decision', async () => {
    const links = await orderLinks(s.users.supervisor.cookie)
    expect(links).not.toContain('/orders')
    expect(links).toContain('/supervise')
    expect(links).toContain(`/decisions/${decisionId}`)
    expect(await orderLinks(s.users.dept.cookie)).toContain('/orders')
  })
})
