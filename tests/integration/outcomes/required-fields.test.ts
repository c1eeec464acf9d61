import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Locale } from '#app/i18n/index'
import * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import * as newDecision from '#app/routes/_outcomes+/decisions.new'
import * as orderPage from '#app/routes/_outcomes+/orders.$id'
import * as supervisePage from '#app/routes/_outcomes+/supervise'
import { addDecisionTarget, recordDecision } from '#db/queries/decisions'
import { createWorkOrders, transitionWorkOrder } from '#db/queries/work-orders'
import { workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { describedBy, renderPage } from '#tests/render-page'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

// The outcome forms with a required field left empty: the browser does not stop
// them with its own message (in the browser's language); the server refuses
// them and the page names the problem beside the field in the reader's
// language, with what was typed kept.

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
      problem: '小河小学路口上下学高峰拥堵',
      dueAt: new Date(Date.now() + 20 * 86400_000),
      dispatch: true,
    },
    asUser(s.users.street),
  ).orders[0]!.id
})

type Route = { default: React.ComponentType; loader: (a: never) => unknown; action: (a: never) => unknown }

/** Post `form` to the page's action, then the page as it comes back in `locale`. */
async function refused(route: Route, path: string, cookie: string, form: Record<string, string>, locale: Locale, params: Record<string, string> = {}) {
  const withLocale = `${cookie}; th_prefs=${locale}.0.0`
  const res = await callRoute(route.action, makeRequest(path, { cookie: withLocale, form }), params)
  const actionData = (await res.json()) as object
  const loaderData = (await (await callRoute(route.loader, makeRequest(path, { cookie: withLocale }), params)).json()) as object
  return { status: res.status, html: await renderPage(route.default, { path, locale, loaderData, actionData }) }
}

/** The form on the page that posts `intent` (the whole page's first form when none is named). */
function formPosting(html: string, intent?: string) {
  const at = intent ? html.indexOf(`name="intent" value="${intent}"`) : html.indexOf('<form')
  expect(at, intent).toBeGreaterThanOrEqual(0)
  const start = html.lastIndexOf('<form', at)
  return html.slice(start, html.indexOf('</form>', at) + '</form>'.length)
}

/** The opening tag of the control named `name` in `form`. */
const controlIn = (form: string, name: string) => new RegExp(`<(input|select|textarea) [^>]*name="${name}"[^>]*>`).exec(form)?.[0] ?? ''

/** The form leaves checking to the app; the control is marked required (unless `optional`), invalid, and points to the message. */
function expectAppMessage(html: string, intent: string | undefined, name: string, message: string, opts: { optional?: boolean } = {}) {
  const form = formPosting(html, intent)
  expect(/<form [^>]*>/.exec(form)?.[0], name).toContain('novalidate')
  const control = controlIn(form, name)
  if (!opts.optional) expect(control, name).toMatch(/required|aria-required="true"/)
  expect(control, name).toContain('aria-invalid="true"')
  const ids = /aria-describedby="([^"]+)"/.exec(control)?.[1]?.split(' ') ?? []
  const texts = ids.map(id => new RegExp(`id="${id}"[^>]*>(.*?)</(ul|p)>`).exec(html)?.[1]?.replace(/<[^>]+>/g, ''))
  expect(texts, name).toContain(message)
}

const M = {
  zh: {
    title: '请填写标题（至少 2 个字）。',
    decision: '请写下决定（至少 2 个字）。',
    problem: '请描述问题。',
    topic: '请选择议题。',
    number: '请输入数字。',
    required: '必填。',
    note: '请填写进展说明。',
    reason: '请写明调整截止日期的原因。',
    sendBack: '退回时请写明原因。',
  },
  en: {
    title: 'Please give a title (at least 2 characters).',
    decision: 'Please write the decision (at least 2 characters).',
    problem: 'Please describe the problem.',
    topic: 'Please choose a topic.',
    number: 'Please enter a number.',
    required: 'Required.',
    note: 'Please describe what was done.',
    reason: 'Please say why the deadline changes.',
    sendBack: 'Please give the reason for sending it back.',
  },
} as const

for (const locale of ['zh', 'en'] as const) {
  const m = M[locale]
  describe(`outcome forms with a required field left empty (${locale})`, () => {
    it('recording a decision: a missing title, then a missing topic, each beside its field, the rest kept', async () => {
      const noTitle = await refused(newDecision, '/decisions/new', s.users.street.cookie, { topicId: '', title: ' ', description: '在路口东侧施划' }, locale)
      expect(noTitle.status).toBe(400)
      expectAppMessage(noTitle.html, undefined, 'title', m.decision)
      expect(noTitle.html).toContain('>在路口东侧施划</textarea>')
      const noTopic = await refused(newDecision, '/decisions/new', s.users.street.cookie, { topicId: '', title: '增设停车位' }, locale)
      expect(noTopic.status).toBe(400)
      expectAppMessage(noTopic.html, undefined, 'topicId', m.topic)
      expect(controlIn(formPosting(noTopic.html), 'title')).toContain('value="增设停车位"')
    })

    it('the decision page: a measurement without a value, a target without a metric, orders without title and problem', async () => {
      const target = addDecisionTarget(s.db, decisionId, { metric: '临时停车位', unit: '个', baseline: 0, target: 19 }, asUser(s.users.street))
      const path = `/decisions/${decisionId}`
      const params = { id: String(decisionId) }
      const measure = await refused(
        decisionPage,
        path,
        s.users.street.cookie,
        { intent: 'measure', targetId: String(target.id), value: '', measuredAt: '2026-01-05', note: '现场清点' },
        locale,
        params,
      )
      expect(measure.status).toBe(400)
      expectAppMessage(measure.html, 'measure', 'value', m.number)
      expect(controlIn(formPosting(measure.html, 'measure'), 'note')).toContain('value="现场清点"')

      const addTarget = await refused(
        decisionPage,
        path,
        s.users.street.cookie,
        { intent: 'addTarget', metric: '', unit: '个', baseline: '0', target: '10' },
        locale,
        params,
      )
      expect(addTarget.status).toBe(400)
      expectAppMessage(addTarget.html, 'addTarget', 'metric', m.required)
      expect(controlIn(formPosting(addTarget.html, 'addTarget'), 'unit')).toContain('value="个"')

      const orders = await refused(
        decisionPage,
        path,
        s.users.street.cookie,
        {
          intent: 'createOrders',
          departmentIds: String(s.units.cityman.id),
          title: '',
          problem: ' ',
          place: '小河小学东门',
          priority: 'normal',
          dueAt: '2099-01-31',
        },
        locale,
        params,
      )
      expect(orders.status).toBe(400)
      expectAppMessage(orders.html, 'createOrders', 'title', m.title)
      expectAppMessage(orders.html, 'createOrders', 'problem', m.problem)
      expect(controlIn(formPosting(orders.html, 'createOrders'), 'place')).toContain('value="小河小学东门"')
    })

    it('the work order page: an update without a note, a deadline without a reason, an edit without a title', async () => {
      const path = `/orders/${orderId}`
      const params = { id: String(orderId) }
      const version = () => String(s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!.version)
      const update = await refused(orderPage, path, s.users.dept.cookie, { intent: 'update', note: '', progress: '40' }, locale, params)
      expect(update.status).toBe(400)
      expectAppMessage(update.html, 'update', 'note', m.note)
      expect(controlIn(formPosting(update.html, 'update'), 'progress')).toContain('value="40"')

      const deadline = await refused(
        orderPage,
        path,
        s.users.street.cookie,
        { intent: 'deadline', version: version(), dueAt: '2099-02-01', reason: '' },
        locale,
        params,
      )
      expect(deadline.status).toBe(400)
      expectAppMessage(deadline.html, 'deadline', 'reason', m.reason)
      expect(controlIn(formPosting(deadline.html, 'deadline'), 'dueAt')).toContain('value="2099-02-01"')

      const edit = await refused(
        orderPage,
        path,
        s.users.street.cookie,
        { intent: 'edit', version: version(), title: '', problem: '路口东侧拥堵', place: '' },
        locale,
        params,
      )
      expect(edit.status).toBe(400)
      expectAppMessage(edit.html, 'edit', 'title', m.title)
      expect(formPosting(edit.html, 'edit')).toContain('>路口东侧拥堵</textarea>')
    })

    it('the order page’s status form leaves checking to the app too', async () => {
      const res = await callRoute(orderPage.loader, makeRequest(`/orders/${orderId}`, { cookie: s.users.dept.cookie }), { id: String(orderId) })
      const html = await renderPage(orderPage.default, { path: `/orders/${orderId}`, locale, loaderData: (await res.json()) as object })
      expect(/<form [^>]*>/.exec(formPosting(html, 'transition'))?.[0]).toContain('novalidate')
    })

    it('verifying: sending work back without a reason is refused beside the note of that order', async () => {
      for (const to of ['accepted', 'in_progress', 'awaiting_verification']) {
        const o = s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!
        transitionWorkOrder(s.db, { workOrderId: orderId, to, expectedVersion: o.version }, asUser(s.users.dept))
      }
      const o = s.db.select().from(workOrders).where(eq(workOrders.id, orderId)).get()!
      const { status, html } = await refused(
        supervisePage,
        '/supervise',
        s.users.supervisor.cookie,
        { workOrderId: String(orderId), version: String(o.version), to: 'in_progress', note: '' },
        locale,
      )
      expect(status).toBe(400)
      // Needed only when sending back, so not marked required.
      expectAppMessage(html, undefined, 'note', m.sendBack, { optional: true })
      expect(describedBy(html, 'note')).toEqual([m.sendBack])
    })
  })
}
