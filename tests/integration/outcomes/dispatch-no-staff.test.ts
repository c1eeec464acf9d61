import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import DecisionPage, * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import * as orderPage from '#app/routes/_outcomes+/orders.$id'
import { DomainError } from '#db/errors'
import { recordDecision } from '#db/queries/decisions'
import { createUnit } from '#db/queries/units'
import { createWorkOrders } from '#db/queries/work-orders'
import { users, workOrders } from '#db/schema/index'
import { callRoute, createLoggedInUser, makeRequest } from '#tests/db-utils'
import { describedBy, renderPage } from '#tests/render-page'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

let s: Scenario
let decisionId: number
let school: { id: number }
let market: { id: number }
beforeEach(async () => {
  s = await outcomeScenario()
  decisionId = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker)).decision.id
  // One department has nobody yet; another only a disabled account.
  school = createUnit(s.db, { kind: 'department', code: 'dept-school', nameZh: '小河小学', nameEn: 'Xiaohe Primary School', parentId: s.units.street.id })
  market = createUnit(s.db, { kind: 'department', code: 'dept-market', nameZh: '市场监管所', nameEn: 'Market regulation', parentId: s.units.street.id })
  const gone = await createLoggedInUser(s.db, 'department_staff', 'dept-market')
  s.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, gone.id)).run()
})

const ordersOf = (departmentId: number) => s.db.select().from(workOrders).where(eq(workOrders.departmentId, departmentId)).all()

const createOrders = (departmentIds: number[], dispatch: boolean) =>
  callRoute(
    decisionPage.action,
    makeRequest(`/decisions/${decisionId}`, {
      cookie: s.users.street.cookie,
      form: {
        intent: 'createOrders',
        departmentIds: departmentIds.map(String),
        title: '护学岗值守',
        problem: '上下学高峰路口无人疏导',
        place: '小河小学路口',
        priority: 'normal',
        dueAt: '2099-01-31',
        ...(dispatch ? { dispatch: 'on' } : {}),
      },
    }),
    { id: String(decisionId) },
  )

async function decisionHtml(actionData?: object) {
  const loaderData = await (
    await callRoute(decisionPage.loader, makeRequest(`/decisions/${decisionId}`, { cookie: s.users.street.cookie }), { id: String(decisionId) })
  ).json()
  return renderPage(DecisionPage, { path: `/decisions/${decisionId}`, locale: 'zh', loaderData, actionData })
}

/** The text of the label around the department checkbox with this value. */
const departmentLabel = (html: string, id: number) =>
  new RegExp(`<label[^>]*><input type="checkbox" name="departmentIds" value="${id}"[^>]*/>(.*?)</label>`)
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim()

describe('dispatching to a department nobody can receive it in', () => {
  it('marks such departments in the form', async () => {
    const html = await decisionHtml()
    expect(departmentLabel(html, school.id)).toBe('小河小学（尚无账号）')
    expect(departmentLabel(html, market.id)).toBe('市场监管所（尚无账号）')
    expect(departmentLabel(html, s.units.traffic.id)).toBe('交警大队')
  })

  it('refuses to dispatch there, beside the departments, saying to ask an administrator, keeping what was typed; a draft is kept', async () => {
    const refused = await createOrders([s.units.traffic.id, school.id], true)
    expect(refused.status).toBe(400)
    expect(ordersOf(s.units.traffic.id)).toEqual([])
    const html = await decisionHtml(await refused.json())
    expect(describedBy(html, 'departmentIds')).toEqual([
      '小河小学还没有能接收工作单的账号，派发过去没有人办理：请联系管理员为其添加部门账号；在此之前可以不勾选“立即派发”，先保存为草稿。',
    ])
    expect(html).toContain('value="护学岗值守"')

    expect((await createOrders([school.id], false)).status).toBe(303)
    expect(ordersOf(school.id).map(o => o.status)).toEqual(['draft'])
  })

  it('refuses to send the draft on until someone there has an account', async () => {
    const draft = createWorkOrders(
      s.db,
      { decisionId, departmentIds: [market.id], title: '公平秤抽检', problem: '电子秤缺斤短两', dueAt: new Date(Date.now() + 10 * 86400_000) },
      asUser(s.users.street),
    ).orders[0]!
    const res = await callRoute(
      orderPage.action,
      makeRequest(`/orders/${draft.id}`, { cookie: s.users.street.cookie, form: { intent: 'transition', to: 'dispatched', version: String(draft.version) } }),
      { id: String(draft.id) },
    )
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: 'outcome.error.dispatchNoStaff', params: { department: '市场监管所' } })
    expect(ordersOf(market.id).map(o => o.status)).toEqual(['draft'])
    expect(() =>
      createWorkOrders(
        s.db,
        { decisionId, departmentIds: [school.id], title: '护学岗值守', problem: '路口无人疏导', dueAt: new Date(Date.now() + 86400_000), dispatch: true },
        asUser(s.users.street),
      ),
    ).toThrow(DomainError)
  })
})
