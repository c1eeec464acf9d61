import { eq } from 'drizzle-orm'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { WorkOrderStatus } from '#app/components/outcomes-ui'
import { LocaleContext, type Locale } from '#app/i18n/index'
import * as orderPage from '#app/routes/_outcomes+/orders.$id'
import * as ordersIndex from '#app/routes/_outcomes+/orders._index'
import { recordDecision } from '#db/queries/decisions'
import { createWorkOrders, flagOverdueWorkOrders, transitionWorkOrder } from '#db/queries/work-orders'
import { workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

const at = (chinaTime: string) => new Date(`${chinaTime}+08:00`)
type StatusName = { code: string; nameZh: string; nameEn: string }

let s: Scenario
let ids: Record<string, number>
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  // All orders were due on 1 December; it is now the next morning.
  vi.setSystemTime(at('2026-12-02T09:00'))
  s = await outcomeScenario()
  const decisionId = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker)).decision.id
  const make = (title: string) =>
    createWorkOrders(
      s.db,
      { decisionId, departmentIds: [s.units.traffic.id], title, problem: '小河小学路口拥堵', dueAt: at('2026-12-01T23:59:59.999'), dispatch: true },
      asUser(s.users.street),
    ).orders[0]!.id
  const move = (id: number, path: string[], who: { id: number }) => {
    for (const to of path) {
      const version = s.db.select({ v: workOrders.version }).from(workOrders).where(eq(workOrders.id, id)).get()!.v
      transitionWorkOrder(s.db, { workOrderId: id, to, expectedVersion: version, note: '说明' }, asUser(who))
    }
  }
  ids = { overdue: make('已被标为超期'), escalated: make('已升级督办') }
  flagOverdueWorkOrders(s.db, new Date())
  move(ids.escalated!, ['escalated'], s.users.street)
  ids = {
    ...ids,
    dispatched: make('已派发未接单'),
    inProgress: make('办理中'),
    awaiting: make('待核验'),
    verified: make('已核验'),
    returned: make('已退回'),
  }
  move(ids.inProgress!, ['accepted', 'in_progress'], s.users.dept)
  move(ids.awaiting!, ['accepted', 'in_progress', 'awaiting_verification'], s.users.dept)
  move(ids.verified!, ['accepted', 'in_progress', 'awaiting_verification'], s.users.dept)
  move(ids.verified!, ['verified'], s.users.supervisor)
  move(ids.returned!, ['returned'], s.users.dept)
})
afterEach(() => {
  vi.useRealTimers()
})

/** What the status cell reads, as text. */
function statusText(locale: Locale, order: { status: string; overdue: boolean }, statuses: StatusName[]) {
  const html = renderToStaticMarkup(
    createElement(LocaleContext.Provider, { value: locale }, createElement(WorkOrderStatus, { code: order.status, overdue: order.overdue, statuses })),
  )
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

const EXPECTED_ZH = {
  dispatched: '已派发 已超期',
  inProgress: '办理中 已超期',
  overdue: '已超期',
  escalated: '已升级督办 已超期',
  awaiting: '待核验',
  verified: '已核验',
  returned: '已退回',
}

describe('a department’s view of its orders past their deadline', () => {
  it('the list shows one status badge per order, and the overdue marker only while the department still owes the work', async () => {
    const data = (await (await callRoute(ordersIndex.loader, makeRequest('/orders', { cookie: s.users.dept.cookie }))).json()) as {
      rows: { id: number; status: string; overdue: boolean }[]
      statuses: StatusName[]
    }
    const byName = (locale: Locale) =>
      Object.fromEntries(
        Object.entries(ids).map(([name, id]) => [
          name,
          statusText(
            locale,
            data.rows.find(r => r.id === id)!,
            data.statuses,
          ),
        ]),
      )
    expect(byName('zh')).toEqual(EXPECTED_ZH)
    expect(byName('en')).toMatchObject({ overdue: 'Overdue', inProgress: 'In progress Overdue', awaiting: 'Awaiting verification' })
  })

  it('the order page reads the same', async () => {
    for (const [name, id] of Object.entries(ids)) {
      const data = (await (await callRoute(orderPage.loader, makeRequest(`/orders/${id}`, { cookie: s.users.dept.cookie }), { id: String(id) })).json()) as {
        order: { status: string }
        overdue: boolean
        statuses: StatusName[]
      }
      expect([name, statusText('zh', { status: data.order.status, overdue: data.overdue }, data.statuses)]).toEqual([
        name,
        EXPECTED_ZH[name as keyof typeof EXPECTED_ZH],
      ])
    }
  })
})
