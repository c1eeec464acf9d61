import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as decisionPage from '#app/routes/_outcomes+/decisions.$id'
import * as decisionNew from '#app/routes/_outcomes+/decisions.new'
import * as track from '#app/routes/_public+/track.$code'
import { listMeetingsAwaitingDecision, listUnmeasuredTargetCounts, recordDecision, recordMeasurement } from '#db/queries/decisions'
import { createWorkOrders, transitionWorkOrder } from '#db/queries/work-orders'
import { complaints, meetingEvents, meetings, workOrders } from '#db/schema/index'
import { callRoute, makeRequest } from '#tests/db-utils'
import { asUser, outcomeScenario, type Scenario } from './fixtures'

let s: Scenario
beforeEach(async () => {
  s = await outcomeScenario()
})

type TrackData = {
  topics: {
    id: number
    outcome: {
      meetings: unknown[]
      decisions: { title: string; status: string; progress: number; deliveredAt: string | null; orders: { department: string; statusZh: string }[] }[]
    } | null
  }[]
}

async function trackOf(complaintId: number) {
  const code = s.db.select({ code: complaints.trackingCode }).from(complaints).where(eq(complaints.id, complaintId)).get()!.code
  const res = await callRoute(track.loader, makeRequest(`/track/${code}`), { code })
  expect(res.status).toBe(200)
  return (await res.json()) as TrackData
}

describe('the tracking page follows the report to its delivered result', () => {
  it('shows the decision, the department’s work order and the delivery date once delivered', async () => {
    const before = await trackOf(s.complaintIds[1]!)
    expect(before.topics).toHaveLength(1)
    expect(before.topics[0]!.outcome!.decisions).toEqual([])

    const { decision } = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker))
    const [o] = createWorkOrders(
      s.db,
      {
        decisionId: decision.id,
        departmentIds: [s.units.traffic.id],
        title: '施划临时停车位',
        problem: '高峰拥堵',
        dueAt: new Date(Date.now() + 10 * 86400_000),
        dispatch: true,
      },
      asUser(s.users.street),
    ).orders
    const v = () => s.db.select({ v: workOrders.version }).from(workOrders).where(eq(workOrders.id, o!.id)).get()!.v
    for (const to of ['accepted', 'in_progress', 'awaiting_verification'])
      transitionWorkOrder(s.db, { workOrderId: o!.id, to, expectedVersion: v() }, asUser(s.users.dept))
    transitionWorkOrder(s.db, { workOrderId: o!.id, to: 'verified', expectedVersion: v() }, asUser(s.users.supervisor))

    const after = await trackOf(s.complaintIds[1]!)
    const [d] = after.topics[0]!.outcome!.decisions
    expect(d).toMatchObject({ title: '增设 19 个临时停车位', status: 'delivered', progress: 100 })
    expect(d!.deliveredAt).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(d!.orders).toEqual([expect.objectContaining({ department: '交警大队' })])
    // Still nothing about people on this public page.
    expect(JSON.stringify(after)).not.toMatch(/张伟明|13811112222/)
  })
})

describe('the decision form starts from the meeting’s adopted proposal', () => {
  it('prefills title, text and the vote that carried it', async () => {
    const ev = (seq: number, type: string, payload: Record<string, unknown>) =>
      s.db.insert(meetingEvents).values({ meetingId: s.meeting.id, seq, type, payload }).run()
    ev(3, 'proposal.draft', { title: '高峰时段错峰放学', text: '四至六年级推迟十分钟放学', fromSeqs: [] })
    ev(4, 'vote.open', { question: '是否采纳错峰放学方案', kind: 'single', options: ['同意', '反对'], proposalSeq: 3 })
    ev(5, 'vote.close', { voteSeq: 4 })
    ev(6, 'proposal.decide', { proposalSeq: 3, outcome: 'adopted', voteSeq: 4 })
    const res = await callRoute(decisionNew.loader, makeRequest(`/decisions/new?meetingId=${s.meeting.id}`, { cookie: s.users.worker.cookie }))
    const data = (await res.json()) as { prefill: { title: string; description: string; voteSeq: number | null } | null; votes: { seq: number }[] }
    expect(data.prefill).toEqual({ title: '高峰时段错峰放学', description: '四至六年级推迟十分钟放学', voteSeq: 4, vote: 'carried' })
    expect(data.votes.map(v => v.seq)).toContain(4)
  })

  it('leaves the form empty when the meeting adopted nothing', async () => {
    const res = await callRoute(decisionNew.loader, makeRequest(`/decisions/new?meetingId=${s.meeting.id}`, { cookie: s.users.worker.cookie }))
    expect(((await res.json()) as { prefill: unknown }).prefill).toBeNull()
  })
})

describe('a community worker’s decision page', () => {
  it('says that street staff dispatch the work orders, and who they are', async () => {
    const { decision } = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设停车位', voteSeq: 2 }, asUser(s.users.worker))
    const asWorker = (await (
      await callRoute(decisionPage.loader, makeRequest(`/decisions/${decision.id}`, { cookie: s.users.worker.cookie }), { id: String(decision.id) })
    ).json()) as { canOrder: boolean; dispatchers: string[] }
    expect(asWorker).toMatchObject({ canOrder: false, dispatchers: ['测试street_staff'] })
    const asStreet = (await (
      await callRoute(decisionPage.loader, makeRequest(`/decisions/${decision.id}`, { cookie: s.users.street.cookie }), { id: String(decision.id) })
    ).json()) as { canOrder: boolean; dispatchers: string[] }
    expect(asStreet).toMatchObject({ canOrder: true, dispatchers: [] })
  })
})

describe('meetings awaiting a decision', () => {
  it('include a meeting that already ended even if it started before its planned time', () => {
    s.db
      .update(meetings)
      .set({ startsAt: new Date(Date.now() + 3600_000), status: 'ended' })
      .where(eq(meetings.id, s.meeting.id))
      .run()
    expect(listMeetingsAwaitingDecision(s.db, null).map(m => m.id)).toEqual([s.meeting.id])
    s.db.update(meetings).set({ status: 'scheduled' }).where(eq(meetings.id, s.meeting.id)).run()
    expect(listMeetingsAwaitingDecision(s.db, null)).toEqual([])
  })
})

describe('unmeasured targets', () => {
  it('are counted per decision until a value is recorded', () => {
    const { decision, targets } = recordDecision(
      s.db,
      {
        meetingId: s.meeting.id,
        title: '增设停车位',
        voteSeq: 2,
        targets: [
          { metric: '停车位', unit: '个', baseline: 0, target: 19 },
          { metric: '通行时间', unit: '分钟', baseline: 20, target: 10 },
        ],
      },
      asUser(s.users.worker),
    )
    expect(listUnmeasuredTargetCounts(s.db, [decision.id]).get(decision.id)).toBe(2)
    recordMeasurement(s.db, { targetId: targets[0]!.id, value: 19 }, asUser(s.users.street))
    expect(listUnmeasuredTargetCounts(s.db, [decision.id]).get(decision.id)).toBe(1)
    recordMeasurement(s.db, { targetId: targets[1]!.id, value: 11 }, asUser(s.users.street))
    expect(listUnmeasuredTargetCounts(s.db, [decision.id]).get(decision.id)).toBeUndefined()
  })
})
