import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { translate } from '#app/i18n/index'
import * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import { recordDecision } from '#db/queries/decisions'
import { auditEvents, workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

// Half past midnight on 1 December in China, still 30 November in UTC.
const EARLY_ON_DEC_1 = new Date('2026-12-01T00:30:00+08:00')

let s: Scenario
let decisionId: number
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(EARLY_ON_DEC_1)
  s = await outcomeScenario()
  decisionId = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker)).decision.id
})
afterEach(() => {
  vi.useRealTimers()
})

const orderForm = (dueAt: string) => ({
  intent: 'createOrders',
  departmentIds: [String(s.units.traffic.id)],
  title: '施划临时停车位',
  problem: '小河小学路口上下学高峰拥堵',
  place: '小河小学路口',
  priority: 'high',
  dueAt,
  dispatch: 'on',
})

function dispatch(dueAt: string) {
  return callRoute(decisionPage.action, makeRequest(`/decisions/${decisionId}`, { cookie: s.users.street.cookie, form: orderForm(dueAt) }), {
    id: String(decisionId),
  })
}

describe('a work order’s deadline when it is dispatched', () => {
  it('refuses a day before today (China time) under the field, keeps what was typed, and creates nothing', async () => {
    for (const dueAt of ['2020-01-01', '2026-11-30']) {
      const res = await dispatch(dueAt)
      expect(res.status).toBe(400)
      const data = (await res.json()) as { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }
      expect(data.result.error).toEqual({ dueAt: ['outcome.error.dueBeforeToday'] })
      // One department ticked comes back as a single value.
      expect(data.result.initialValue).toEqual({ ...orderForm(dueAt), departmentIds: String(s.units.traffic.id), csrf: expect.any(String) })
    }
    expect(s.db.select().from(workOrders).all()).toEqual([])
    expect(s.db.select().from(auditEvents).where(eq(auditEvents.action, 'work_order.create')).all()).toEqual([])
  })

  it('says why in Chinese and in English', () => {
    expect(translate('zh', 'outcome.error.dueBeforeToday')).toContain('截止日期')
    expect(translate('en', 'outcome.error.dueBeforeToday')).toContain('deadline')
  })

  it('accepts today, which lasts until midnight China time', async () => {
    const res = await dispatch('2026-12-01')
    expect(res.status).toBe(303)
    const order = s.db.select().from(workOrders).get()!
    expect(order.status).toBe('dispatched')
    expect(order.dueAt.toISOString()).toBe('2026-12-01T15:59:59.999Z')
    expect(s.db.select().from(auditEvents).where(eq(auditEvents.action, 'work_order.create')).all()).toHaveLength(1)
  })
})
