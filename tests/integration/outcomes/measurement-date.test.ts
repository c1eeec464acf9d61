import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import DecisionPage, * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import { DomainError } from '#db/errors'
import { recordDecision, recordMeasurement } from '#db/queries/decisions'
import { decisionTargets, targetMeasurements } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { control, describedBy, renderPage } from '#tests/render-page'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

const at = (chinaTime: string) => new Date(`${chinaTime}+08:00`)

let s: Scenario
let decisionId: number
let targetId: number
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  // Half past midnight in China: still the evening before in UTC.
  vi.setSystemTime(at('2026-12-02T00:30'))
  s = await outcomeScenario()
  decisionId = recordDecision(
    s.db,
    { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2, targets: [{ metric: '临时停车位', unit: '个', baseline: 0, target: 19 }] },
    asUser(s.users.worker),
  ).decision.id
  targetId = s.db.select({ id: decisionTargets.id }).from(decisionTargets).get()!.id
})
afterEach(() => {
  vi.useRealTimers()
})

const measure = (measuredAt: string) =>
  callRoute(
    decisionPage.action,
    makeRequest(`/decisions/${decisionId}`, {
      cookie: s.users.street.cookie,
      form: { intent: 'measure', targetId: String(targetId), value: '19', measuredAt, note: '现场清点' },
    }),
    { id: String(decisionId) },
  )

describe('a measurement’s date', () => {
  it('refuses a day after today in China time beside the date, keeping what was typed, and takes today', async () => {
    const res = await measure('2026-12-03')
    expect(res.status).toBe(400)
    const actionData = await res.json()
    expect(s.db.select().from(targetMeasurements).all()).toEqual([])
    const loaderData = await (
      await callRoute(decisionPage.loader, makeRequest(`/decisions/${decisionId}`, { cookie: s.users.street.cookie }), { id: String(decisionId) })
    ).json()
    const zh = await renderPage(DecisionPage, { path: `/decisions/${decisionId}`, locale: 'zh', loaderData, actionData })
    expect(describedBy(zh, 'measuredAt')).toEqual(['测量日期不能晚于今天（2026-12-02）：请填写实际测量的那一天。'])
    expect(control(zh, 'measuredAt')).toContain('value="2026-12-03"')
    expect(control(zh, 'value')).toContain('value="19"')
    expect(control(zh, 'note')).toContain('value="现场清点"')
    const en = await renderPage(DecisionPage, { path: `/decisions/${decisionId}`, locale: 'en', loaderData, actionData })
    expect(describedBy(en, 'measuredAt')).toEqual(['The date measured cannot be after today (2026-12-02): give the day it was actually measured.'])

    // Today in China time is accepted, though it is still yesterday in UTC.
    expect((await measure('2026-12-02')).status).toBe(303)
    expect(s.db.select({ value: targetMeasurements.value }).from(targetMeasurements).all()).toEqual([{ value: 19 }])
  })

  it('is refused by the action itself, whichever form sends it', () => {
    expect(() => recordMeasurement(s.db, { targetId, value: 19, measuredAt: at('2026-12-03T12:00') }, asUser(s.users.street))).toThrow(DomainError)
    expect(s.db.select().from(targetMeasurements).all()).toEqual([])
  })
})
