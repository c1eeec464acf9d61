import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { makeT, type Locale } from '#app/i18n/index'
import DecisionPage, * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import * as decisionNew from '#app/routes/_outcomes+/decisions.new'
import OrderPage, * as orderPage from '#app/routes/_outcomes+/orders.$id'
import Rate, * as rate from '#app/routes/_outcomes+/rate.$token'
import Supervise, * as supervise from '#app/routes/_outcomes+/supervise'
import { formErrorText } from '#app/utils/form-errors'
import { recordDecision } from '#db/queries/decisions'
import { createWorkOrders, transitionWorkOrder } from '#db/queries/work-orders'
import { decisionTargets, satisfactionRatings, workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { describedBy, occurrences, renderPage } from '#tests/render-page'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

let s: Scenario
let orderId: number
beforeEach(async () => {
  s = await outcomeScenario()
  const { decision } = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2, targets: [] }, asUser(s.users.worker))
  const [o] = createWorkOrders(
    s.db,
    {
      decisionId: decision.id,
      departmentIds: [s.units.traffic.id],
      title: '施划临时停车位',
      problem: '路口拥堵',
      place: '小河小学路口',
      dueAt: new Date(Date.now() + 10 * 86400_000),
      dispatch: true,
    },
    asUser(s.users.street),
  ).orders
  orderId = o!.id
})

type Refused = { result: { error: Record<string, string[]> } }
/** Each refused field with what it says to the reader, in one language. */
const said = (body: Refused, locale: Locale) => Object.fromEntries(Object.entries(body.result.error).map(([f, m]) => [f, formErrorText(makeT(locale), m[0]!)]))

function awaitVerification() {
  for (const to of ['accepted', 'in_progress', 'awaiting_verification']) {
    const v = s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.version
    transitionWorkOrder(s.db, { workOrderId: orderId, to, expectedVersion: v }, asUser(s.users.dept))
  }
  return s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.version
}

describe('outcome forms name the limit a text went over', () => {
  it('a rating’s comment: at most 1000 characters, beside the comment, once, keeping what was typed', async () => {
    const version = awaitVerification()
    transitionWorkOrder(s.db, { workOrderId: orderId, to: 'verified', expectedVersion: version }, asUser(s.users.supervisor))
    const token = s.db.select().from(satisfactionRatings).all()[0]!.token
    const comment = '好'.repeat(1001)
    const res = await callRoute(rate.action, makeRequest(`/rate/${token}`, { form: { rating: '4', comment } }), { token })
    expect(res.status).toBe(400)
    const body = (await res.json()) as Refused
    expect(said(body, 'zh')).toEqual({ comment: '太长了：最多 1000 个字。' })
    expect(said(body, 'en')).toEqual({ comment: 'Too long: at most 1000 characters.' })
    const loaderData = await (await callRoute(rate.loader, makeRequest(`/rate/${token}`), { token })).json()
    const html = await renderPage(Rate, { path: `/rate/${token}`, locale: 'zh', loaderData, actionData: body })
    expect(describedBy(html, 'comment')).toEqual(['太长了：最多 1000 个字。'])
    expect(occurrences(html, '太长了：最多 1000 个字。')).toBe(1)
    expect(html).toContain(comment)
  })

  it('a supervisor’s note: at most 2000 characters, beside that order’s note', async () => {
    const version = awaitVerification()
    const res = await callRoute(
      supervise.action,
      makeRequest('/supervise', {
        cookie: s.users.supervisor.cookie,
        form: { workOrderId: String(orderId), version: String(version), to: 'in_progress', note: '改'.repeat(2001) },
      }),
    )
    expect(res.status).toBe(400)
    const body = (await res.json()) as Refused
    expect(said(body, 'zh')).toEqual({ note: '太长了：最多 2000 个字。' })
    expect(said(body, 'en')).toEqual({ note: 'Too long: at most 2000 characters.' })
    const loaderData = await (await callRoute(supervise.loader, makeRequest('/supervise', { cookie: s.users.supervisor.cookie }))).json()
    const html = await renderPage(Supervise, { path: '/supervise', locale: 'en', loaderData, actionData: body })
    expect(describedBy(html, 'note')).toEqual(['Too long: at most 2000 characters.'])
    expect(occurrences(html, 'Too long: at most 2000 characters.')).toBe(1)
  })

  it('a department’s progress note: at most 2000 characters', async () => {
    const res = await callRoute(
      orderPage.action,
      makeRequest(`/orders/${orderId}`, { cookie: s.users.dept.cookie, form: { intent: 'update', note: '进'.repeat(2001) } }),
      { id: String(orderId) },
    )
    expect(res.status).toBe(400)
    expect(said((await res.json()) as Refused, 'zh')).toEqual({ note: '太长了：最多 2000 个字。' })
  })

  it('a new decision’s description and a target’s metric and unit', async () => {
    const res = await callRoute(
      decisionNew.action,
      makeRequest('/decisions/new', {
        cookie: s.users.worker.cookie,
        form: {
          meetingId: String(s.meeting.id),
          title: '高峰错峰放学',
          description: '述'.repeat(5001),
          'targets[0].metric': '标'.repeat(101),
          'targets[0].unit': '位'.repeat(21),
          'targets[0].baseline': '20',
          'targets[0].target': '10',
        },
      }),
    )
    expect(res.status).toBe(400)
    const body = (await res.json()) as Refused
    expect(said(body, 'zh')).toEqual({
      description: '太长了：最多 5000 个字。',
      'targets[0].metric': '太长了：最多 100 个字。',
      'targets[0].unit': '太长了：最多 20 个字。',
    })
    expect(said(body, 'en')['targets[0].unit']).toBe('Too long: at most 20 characters.')
  })
})

describe('the decision page’s forms say what is wrong, beside the field', () => {
  let decisionId: number
  beforeEach(() => {
    decisionId = recordDecision(
      s.db,
      { meetingId: s.meeting.id, title: '高峰错峰放学', targets: [{ metric: '高峰通行时间', unit: '分钟', baseline: 20, target: 10 }] },
      asUser(s.users.worker),
    ).decision.id
  })
  const post = async (form: Record<string, string>) => {
    const res = await callRoute(decisionPage.action, makeRequest(`/decisions/${decisionId}`, { cookie: s.users.street.cookie, form }), {
      id: String(decisionId),
    })
    expect(res.status).toBe(400)
    return (await res.json()) as Refused
  }
  const page = async (actionData: Refused, locale: Locale = 'zh') => {
    const loaderData = await (
      await callRoute(decisionPage.loader, makeRequest(`/decisions/${decisionId}`, { cookie: s.users.street.cookie }), { id: String(decisionId) })
    ).json()
    return renderPage(DecisionPage, { path: `/decisions/${decisionId}`, locale, loaderData, actionData })
  }

  it('a new target’s metric and unit name their limits', async () => {
    const body = await post({ intent: 'addTarget', metric: '标'.repeat(101), unit: '位'.repeat(21), baseline: '0', target: '19' })
    expect(said(body, 'zh')).toEqual({ metric: '太长了：最多 100 个字。', unit: '太长了：最多 20 个字。' })
    const html = await page(body)
    expect(describedBy(html, 'unit')).toEqual(['太长了：最多 20 个字。'])
  })

  it('a measurement’s note names its limit; a target not of this decision is named as such', async () => {
    const targetId = s.db.select({ id: decisionTargets.id }).from(decisionTargets).where(eq(decisionTargets.decisionId, decisionId)).get()!.id
    const long = await post({ intent: 'measure', targetId: String(targetId), value: '12', measuredAt: '2025-11-01', note: '注'.repeat(501) })
    expect(said(long, 'zh')).toEqual({ note: '太长了：最多 500 个字。' })
    expect(describedBy(await page(long), 'note')).toEqual(['太长了：最多 500 个字。'])
    const elsewhere = await post({ intent: 'measure', targetId: String(targetId + 100), value: '12', measuredAt: '2025-11-01', note: '' })
    expect(said(elsewhere, 'zh')).toEqual({ targetId: '请从列表中选择这项决定的目标。' })
    expect(said(elsewhere, 'en')).toEqual({ targetId: 'Please choose one of this decision’s targets from the list.' })
  })

  it('a work order’s title, problem and place name their limits', async () => {
    const body = await post({
      intent: 'createOrders',
      departmentIds: String(s.units.traffic.id),
      title: '题'.repeat(201),
      problem: '述'.repeat(5001),
      place: '址'.repeat(201),
      priority: 'normal',
      dueAt: '2099-01-31',
    })
    expect(said(body, 'zh')).toEqual({ title: '太长了：最多 200 个字。', problem: '太长了：最多 5000 个字。', place: '太长了：最多 200 个字。' })
    const html = await page(body, 'en')
    expect(describedBy(html, 'place')).toEqual(['Too long: at most 200 characters.'])
  })
})

describe('the work-order page, sent a form it no longer matches', () => {
  it('says the form is out of date instead of “something is wrong”', async () => {
    const res = await callRoute(
      orderPage.action,
      makeRequest(`/orders/${orderId}`, { cookie: s.users.dept.cookie, form: { intent: 'transition', to: 'accepted', version: '' } }),
      { id: String(orderId) },
    )
    expect(res.status).toBe(400)
    const loaderData = await (
      await callRoute(orderPage.loader, makeRequest(`/orders/${orderId}`, { cookie: s.users.dept.cookie }), { id: String(orderId) })
    ).json()
    const html = await renderPage(OrderPage, { path: `/orders/${orderId}`, locale: 'zh', loaderData, actionData: await res.json() })
    expect(/<p class="error" role="alert">(.*?)<\/p>/.exec(html)?.[1]).toBe('这个表单已过期或不完整（工作单可能刚被更新），请刷新页面后重试。')
  })
})
