import { eq } from 'drizzle-orm'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { createComplaint } from '#db/queries/complaints'
import { recordDecision } from '#db/queries/decisions'
import { createWorkOrders, transitionWorkOrder } from '#db/queries/work-orders'
import { deliberators, meetingEvents, meetings, panelMembers, panels, topicFollows, topics, units, workOrders } from '#db/schema/index'
import { createLoggedInUser, createTestDb, insertTopic, seedTestUnits } from '#tests/db-utils'

export const COMPLAINANTS = [
  { name: '张伟明', phone: '13811112222', address: '长征桥小区3幢' },
  { name: '李秀英', phone: '13933334444', address: '长征桥小区8幢' },
  { name: '王建国', phone: '13755556666', address: '长征新苑2幢' },
]

/**
 * A topic about the 小河小学 crossing with three complaints (one from a resident
 * with an account), a follower, a held meeting with a vote, and a panel of two
 * accepted members (one with an account); plus street, department, supervisor users.
 */
export async function outcomeScenario() {
  const db = createTestDb()
  const u = seedTestUnits(db)
  const cityman = db
    .insert(units)
    .values({ kind: 'department', code: 'dept-cityman', nameZh: '小河城管中队', nameEn: 'City management', parentId: u.street.id })
    .returning()
    .get()
  const street = await createLoggedInUser(db, 'street_staff', 'gs-xh')
  const dept = await createLoggedInUser(db, 'department_staff', 'dept-traffic')
  const deptOther = await createLoggedInUser(db, 'department_staff', 'dept-cityman')
  const supervisor = await createLoggedInUser(db, 'supervisor', 'gs-xh')
  const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
  const resident = await createLoggedInUser(db, 'resident', 'gs-czq')
  const follower = await createLoggedInUser(db, 'resident', 'gs-czq')
  const panelist = await createLoggedInUser(db, 'resident', 'gs-czq')

  const complaintIds = COMPLAINANTS.map(
    (c, i) =>
      createComplaint(
        db,
        {
          channel: i === 0 ? 'petition' : 'hotline',
          communityId: u.czq.id,
          placeText: '小河小学路口',
          subject: `小河小学路口上下学高峰拥堵 ${i + 1}`,
          body: '每天早上接送孩子的车辆排成长队，行人过不去。',
          receivedAt: new Date(Date.now() - (20 - i) * 86400_000),
          complainantName: c.name,
          complainantPhone: c.phone,
          complainantAddress: c.address,
          complainantUserId: i === 0 ? resident.id : null,
        },
        SYSTEM,
      ).complaint.id,
  )
  const topic = insertTopic(
    db,
    {
      unitId: u.czq.id,
      status: 'approved',
      title: '小河小学路口上下学拥堵',
      description: '高峰时段接送车辆拥堵',
      category: '交通运输',
      place: '小河小学路口',
      createdAt: new Date(Date.now() - 15 * 86400_000),
      reviewedAt: new Date(Date.now() - 14 * 86400_000),
    },
    complaintIds,
  )
  db.insert(topicFollows).values({ topicId: topic.id, userId: follower.id }).run()
  const meeting = db
    .insert(meetings)
    .values({
      topicId: topic.id,
      title: '小河小学路口议事会',
      mode: 'hybrid',
      startsAt: new Date(Date.now() - 7 * 86400_000),
      place: '长征桥社区会议室',
      status: 'ended',
      checkInToken: 'check-in-token-1',
    })
    .returning()
    .get()
  db.insert(meetingEvents)
    .values({ meetingId: meeting.id, seq: 1, type: 'vote_opened', payload: { title: '增设 19 个临时停车位' } })
    .run()
  db.insert(meetingEvents)
    .values({ meetingId: meeting.id, seq: 2, type: 'vote_closed', payload: { title: '增设 19 个临时停车位', yes: 11, no: 1 } })
    .run()
  const panel = db.insert(panels).values({ topicId: topic.id, seats: 2, seed: 'seed', algorithm: 'leximin', request: {}, probabilities: {} }).returning().get()
  const memberNoAccount = db
    .insert(deliberators)
    .values({ communityId: u.czq.id, name: '赵红梅', phone: '13600001111', consentAt: new Date(), consentText: '同意' })
    .returning()
    .get()
  const memberWithAccount = db
    .insert(deliberators)
    .values({ communityId: u.czq.id, userId: panelist.id, name: '钱国庆', phone: '13600002222', consentAt: new Date(), consentText: '同意' })
    .returning()
    .get()
  db.insert(panelMembers)
    .values({ panelId: panel.id, deliberatorId: memberNoAccount.id, kind: 'member', position: 1, seat: 'resident', status: 'accepted' })
    .run()
  db.insert(panelMembers)
    .values({ panelId: panel.id, deliberatorId: memberWithAccount.id, kind: 'member', position: 2, seat: 'resident', status: 'accepted' })
    .run()
  return { db, units: { ...u, cityman }, users: { street, dept, deptOther, supervisor, worker, resident, follower, panelist }, topic, meeting, complaintIds }
}

export type Scenario = Awaited<ReturnType<typeof outcomeScenario>>

export const asUser = (u: { id: number }) => ({ kind: 'user' as const, id: u.id })

/** The scenario's meeting decides on parking spaces and the street office dispatches one order to the traffic police, due in ten days: its id. */
export function dispatchedOrder(s: Scenario): number {
  const { decision } = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker))
  return createWorkOrders(
    s.db,
    {
      decisionId: decision.id,
      departmentIds: [s.units.traffic.id],
      title: '施划临时停车位',
      problem: '路口拥堵',
      dueAt: new Date(Date.now() + 10 * 86400_000),
      dispatch: true,
    },
    asUser(s.users.street),
  ).orders[0]!.id
}

/**
 * The scenario's meeting decides on parking spaces and the street office dispatches it to the
 * traffic police and city management, due in twenty days: the decision and both orders.
 */
export function decisionWithTwoOrders(s: Scenario) {
  const decisionId = recordDecision(s.db, { meetingId: s.meeting.id, title: '增设 19 个临时停车位', voteSeq: 2 }, asUser(s.users.worker)).decision.id
  const made = createWorkOrders(
    s.db,
    {
      decisionId,
      departmentIds: [s.units.traffic.id, s.units.cityman.id],
      title: '施划临时停车位',
      problem: '小河小学路口上下学高峰拥堵',
      priority: 'normal',
      dueAt: new Date(Date.now() + 20 * 86400_000),
      dispatch: true,
    },
    asUser(s.users.street),
  ).orders
  return { decisionId, traffic: made[0]!.id, cityman: made[1]!.id }
}

/** Move a work order on as `who`, at the version it has now. */
export function moveOrder(s: Scenario, id: number, to: string, who: { id: number }, note?: string) {
  const expectedVersion = s.db.select({ v: workOrders.version }).from(workOrders).where(eq(workOrders.id, id)).get()!.v
  return transitionWorkOrder(s.db, { workOrderId: id, to, expectedVersion, note }, asUser(who))
}

export function topicUnitId(db: Db, topicId: number) {
  return db.select({ unitId: topics.unitId }).from(topics).where(eq(topics.id, topicId)).get()!.unitId
}

/** Every string a PII leak would show: complainants' names and phones (raw and masked-free digits). */
export function piiNeedles() {
  return COMPLAINANTS.flatMap(c => [c.name, c.phone, c.address])
}
