import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import DecisionPage, * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import NewDecision, * as newDecision from '#app/routes/_outcomes+/decisions.new'
import * as orderPage from '#app/routes/_outcomes+/orders.$id'
import { DomainError } from '#db/errors'
import { recordDecision } from '#db/queries/decisions'
import { createWorkOrders } from '#db/queries/work-orders'
import { auditEvents, decisions, workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { describedBy, renderPage } from '#tests/render-page'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

let s: Scenario
let decisionId: number
beforeEach(async () => {
  s = await outcomeScenario()
  decisionId = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker)).decision.id
})

const ORDER = { title: '护学岗值守', problem: '上下学高峰路口无人疏导', place: '小河小学路口' }

const createOrders = (fields: Partial<typeof ORDER>, opts: { dispatch?: boolean; locale?: 'zh' | 'en' } = {}) =>
  callRoute(
    decisionPage.action,
    makeRequest(`/decisions/${decisionId}`, {
      cookie: `${s.users.street.cookie}${opts.locale === 'en' ? '; th_prefs=en.0.0' : ''}`,
      form: {
        intent: 'createOrders',
        departmentIds: [String(s.units.traffic.id)],
        ...ORDER,
        ...fields,
        priority: 'normal',
        dueAt: '2099-01-31',
        ...(opts.dispatch === false ? {} : { dispatch: 'on' }),
      },
    }),
    { id: String(decisionId) },
  )

async function decisionHtml(actionData: object, locale: 'zh' | 'en' = 'zh') {
  const loaderData = await (
    await callRoute(decisionPage.loader, makeRequest(`/decisions/${decisionId}`, { cookie: s.users.street.cookie }), { id: String(decisionId) })
  ).json()
  return renderPage(DecisionPage, { path: `/decisions/${decisionId}`, locale, loaderData, actionData })
}

const orders = () => s.db.select().from(workOrders).all()
const orderAudits = () =>
  s.db
    .select()
    .from(auditEvents)
    .all()
    .filter(a => a.action.startsWith('work_order.'))

describe('personal data typed into a work order', () => {
  it('is refused on dispatch beside the field, naming what was found as typed, keeping everything typed; nothing reaches the department', async () => {
    const problem = '路口拥堵，联系人王阿姨13900001111'
    const refused = await createOrders({ problem })
    expect(refused.status).toBe(400)
    expect(orders()).toEqual([])
    expect(orderAudits()).toEqual([])
    const html = await decisionHtml(await refused.json())
    expect(describedBy(html, 'problem')).toEqual(['工作单不能含个人信息：发现电话号码「13900001111」、姓名「王阿姨」，请删去。'])
    expect(html).toContain(`>${problem}</textarea>`)
    expect(html).toContain('value="护学岗值守"')
    expect(html).toContain('value="小河小学路口"')
    expect(html).not.toContain('13900001111</li>')
  })

  it('names a home address by the words typed, so the writer knows what to delete; what was typed is nowhere stored', async () => {
    const problem = '反映人王阿姨，电话13812345678，住长征桥小区3幢2单元501'
    const refused = await createOrders({ problem })
    expect(refused.status).toBe(400)
    const html = await decisionHtml(await refused.json())
    expect(describedBy(html, 'problem')).toEqual(['工作单不能含个人信息：发现电话号码「13812345678」、住址「3幢2单元501」、姓名「王阿姨」，请删去。'])
    expect(orders()).toEqual([])
    const stored = JSON.stringify(s.db.select().from(auditEvents).all())
    for (const secret of ['13812345678', '2单元501', '王阿姨']) expect(stored).not.toContain(secret)
  })

  it('lets an office landline through when the text says whose it is; a bare landline is refused with a way out', async () => {
    const refused = await createOrders({ problem: '路口拥堵，可打0571-88881234询问' })
    expect(refused.status).toBe(400)
    expect(describedBy(await decisionHtml(await refused.json()), 'problem')).toEqual([
      '工作单不能含个人信息：发现电话号码「0571-88881234」，请删去。如果这是单位的办公电话，请在号码前写明是哪个办公室的电话（如“社区办公室电话”“值班电话”），或改写为办公室名称。',
    ])
    const mobile = await createOrders({ problem: '路口拥堵，可打办公室电话13812345678询问' })
    expect(mobile.status).toBe(400)
    const sent = await createOrders({ problem: '路口拥堵，可打交警中队值班电话0571-88881234询问' })
    expect(sent.status).toBe(303)
    expect(orders().map(o => o.problem)).toEqual(['路口拥堵，可打交警中队值班电话0571-88881234询问'])
  })

  it('is named in English on English pages', async () => {
    const refused = await createOrders({ title: '联系 wang@example.com 协调' }, { locale: 'en' })
    expect(refused.status).toBe(400)
    const html = await decisionHtml(await refused.json(), 'en')
    expect(describedBy(html, 'title')).toEqual(['A work order may not carry personal data: found e-mail address “wang@example.com”. Please remove it.'])
  })

  it('is refused in every text field, as a draft too (the department can open drafts), and in the place', async () => {
    for (const fields of [{ title: '身份证330105199001011234 的车位' }, { place: '长征桥小区3幢2单元501室' }, { problem: '车牌浙A12345 长期占道' }]) {
      const refused = await createOrders(fields, { dispatch: false })
      expect(refused.status).toBe(400)
      const [field] = Object.keys(fields)
      const body = (await refused.json()) as { result: { error: Record<string, string[]> } }
      expect(Object.keys(body.result.error)).toEqual([field])
    }
    expect(orders()).toEqual([])
  })

  it('lets the same order through once the personal data is taken out, word for word as written', async () => {
    const res = await createOrders({ problem: '路口拥堵，请派人疏导' })
    expect(res.status).toBe(303)
    expect(orders().map(o => [o.problem, o.status])).toEqual([['路口拥堵，请派人疏导', 'dispatched']])
  })

  it('is refused by the data layer whoever calls it, and a draft holding it is not sent on', () => {
    const input = { decisionId, departmentIds: [s.units.traffic.id], title: '护学岗值守', dueAt: new Date(Date.now() + 10 * 86400_000) }
    expect(() => createWorkOrders(s.db, { ...input, problem: '请联系李女士，手机13811112222' }, asUser(s.users.street))).toThrow(DomainError)
    expect(orders()).toEqual([])
    // A draft written before orders were checked.
    const draft = createWorkOrders(s.db, { ...input, problem: '路口拥堵' }, asUser(s.users.street)).orders[0]!
    s.db.update(workOrders).set({ problem: '路口拥堵，反映人电话13811112222' }).where(eq(workOrders.id, draft.id)).run()
    return callRoute(
      orderPage.action,
      makeRequest(`/orders/${draft.id}`, { cookie: s.users.street.cookie, form: { intent: 'transition', to: 'dispatched', version: String(draft.version) } }),
      { id: String(draft.id) },
    ).then(async res => {
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ error: 'outcome.error.personalData', params: { found: '138****2222' } })
      expect(orders().map(o => o.status)).toEqual(['draft'])
    })
  })
})

describe('personal data in a decision, which is public and is filled into its work orders', () => {
  const record = (fields: { title: string; description: string }) =>
    callRoute(
      newDecision.action,
      makeRequest('/decisions/new', { cookie: s.users.street.cookie, form: { meetingId: String(s.meeting.id), voteSeq: '2', ...fields } }),
    )

  it('is refused beside the field, naming what was found, keeping what was typed', async () => {
    const description = '由张伟明（13811112222）牵头联系家长'
    const refused = await record({ title: '设立护学岗', description })
    expect(refused.status).toBe(400)
    expect(
      s.db
        .select()
        .from(decisions)
        .all()
        .map(d => d.title),
    ).toEqual(['增设 19 个临时停车位'])
    const loaderData = await (
      await callRoute(newDecision.loader, makeRequest(`/decisions/new?meetingId=${s.meeting.id}`, { cookie: s.users.street.cookie }))
    ).json()
    const html = await renderPage(NewDecision, { path: '/decisions/new', locale: 'zh', loaderData, actionData: await refused.json() })
    expect(describedBy(html, 'description')).toEqual(['决定会公开，也会写进工作单，不能含个人信息：发现电话号码「13811112222」、姓名「张伟明」，请删去。'])
    expect(html).toContain(`>${description}</textarea>`)
    expect(html).toContain('value="设立护学岗"')
  })

  it('is refused by the data layer too', () => {
    expect(() => recordDecision(s.db, { meetingId: s.meeting.id, title: '联系人王阿姨负责', voteSeq: 2 }, asUser(s.users.worker))).toThrow(DomainError)
  })
})
