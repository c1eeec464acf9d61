// Outcomes: decisions → work orders → supervision → satisfaction → disclosure.
// One exported function per civic action, each in a transaction with an audit
// row. Work-order statuses and who may move between them are data
// (work_order_statuses / work_order_transitions); this file only interprets them.
import crypto from 'node:crypto'
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, notExists, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { WORK_ORDER_ROLES } from '../enums'
import {
  attachments,
  complaints,
  decisionTargets,
  decisions,
  deliberators,
  meetingEvents,
  meetings,
  minutes,
  notifications,
  panelMembers,
  panels,
  roleAssignments,
  satisfactionRatings,
  targetMeasurements,
  topicComplaints,
  topicFollows,
  topics,
  units,
  workOrderEvents,
  workOrderStatuses,
  workOrderTransitions,
  workOrders,
} from '../schema/index'
import type { NotificationPayload } from './notifications'
import { writeAudit, type Actor } from './audit'
import { listGrants } from './auth'
import { createNotification } from './notifications'
export * from './kpi'
export * from './outcomes-report'
import { unitCovers } from './units'
import { DAY_MS } from '../dates'

export type DecisionRow = typeof decisions.$inferSelect
export type WorkOrderRow = typeof workOrders.$inferSelect
export type WorkOrderEventRow = typeof workOrderEvents.$inferSelect
export type SatisfactionRow = typeof satisfactionRatings.$inferSelect
export type NotificationRow = typeof notifications.$inferSelect

/** Something that can push a stored notification to a connected user (realtime Notifier fits). */
export type Pusher = { toUser(userId: number, event: 'notification:new', payload: NotificationPayload): void }

/** Expected failures of a civic action; routes map `code` to an HTTP status. */
export class OutcomeError extends Error {
  constructor(
    readonly code: 'not-found' | 'forbidden' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message)
    this.name = 'OutcomeError'
  }
}

export const WORK_ORDER_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type WorkOrderPriority = (typeof WORK_ORDER_PRIORITIES)[number]
/** Statuses in which an order counts as delivered. */
export const FINISHED_ORDER_STATUSES = ['verified', 'closed'] as const
/** Statuses the overdue job watches: work the department still owes. */
export const OPEN_ORDER_STATUSES = ['dispatched', 'accepted', 'in_progress'] as const
/** Statuses that are off the main line (their progress share is not a step forward). */
const SIDE_STATUSES = new Set(['returned', 'overdue', 'escalated'])

// ---------------------------------------------------------------------------
// Notifications

export function toNotificationPayload(n: NotificationRow): NotificationPayload {
  return { id: n.id, kind: n.kind, messageKey: n.messageKey, params: n.params, link: n.link, createdAt: new Date(n.createdAt).toISOString() }
}

/** Push stored notifications live. Call after the transaction that created them has committed. */
export function pushNotifications(notify: Pusher | undefined | null, rows: NotificationRow[]) {
  if (!notify) return
  for (const n of rows) notify.toUser(n.userId, 'notification:new', toNotificationPayload(n))
}

/** Residents to tell about a topic: those who complained about it (with an account) and its followers. */
export function listTopicAudience(db: DbOrTx, topicId: number): number[] {
  const complainants = db
    .selectDistinct({ userId: complaints.complainantUserId })
    .from(topicComplaints)
    .innerJoin(complaints, eq(complaints.id, topicComplaints.complaintId))
    .where(and(eq(topicComplaints.topicId, topicId), isNotNull(complaints.complainantUserId)))
    .all()
  const followers = db.select({ userId: topicFollows.userId }).from(topicFollows).where(eq(topicFollows.topicId, topicId)).all()
  return [...new Set([...complainants, ...followers].map(r => r.userId!).filter(Boolean))].sort((a, b) => a - b)
}

/**
 * Tell residents who complained about or follow a topic that a step happened
 * (message `messageKey` rendered in each reader's language; `{topic}` is filled
 * with the topic title when not given). Creates the rows; pushes them live when
 * `notify` is given, so call it after your transaction commits, or pass no
 * notifier inside a transaction and `pushNotifications` the result afterwards.
 */
export function notifyTopicFollowers(
  db: DbOrTx,
  topicId: number,
  messageKey: string,
  params: Record<string, string | number> = {},
  notify?: Pusher | null,
): NotificationRow[] {
  const topic = db.select({ id: topics.id, title: topics.title }).from(topics).where(eq(topics.id, topicId)).get()
  if (!topic) return []
  const rows = listTopicAudience(db, topicId).map(userId =>
    createNotification(db, { userId, kind: 'topic', messageKey, params: { topic: topic.title, ...params }, link: `/public/topics/${topicId}` }),
  )
  pushNotifications(notify, rows)
  return rows
}

/** Street staff whose scope covers a unit (they are escalated to and told of reopenings). */
export function listStreetStaffFor(db: DbOrTx, unitId: number): number[] {
  const grants = db.select({ userId: roleAssignments.userId, unitId: roleAssignments.unitId }).from(roleAssignments).where(eq(roleAssignments.role, 'street_staff')).all()
  return [...new Set(grants.filter(g => g.unitId != null && unitCovers(db, g.unitId, unitId)).map(g => g.userId))]
}

/** Staff of a department (they receive its work orders). */
export function listDepartmentStaff(db: DbOrTx, departmentId: number): number[] {
  const grants = db.select({ userId: roleAssignments.userId, unitId: roleAssignments.unitId }).from(roleAssignments).where(eq(roleAssignments.role, 'department_staff')).all()
  return [...new Set(grants.filter(g => g.unitId != null && unitCovers(db, g.unitId, departmentId)).map(g => g.userId))]
}

function notifyUsers(db: DbOrTx, userIds: number[], kind: string, messageKey: string, params: Record<string, string | number>, link: string) {
  return [...new Set(userIds)].map(userId => createNotification(db, { userId, kind, messageKey, params, link }))
}

// ---------------------------------------------------------------------------
// Roles of an actor on a work order

/**
 * The transition roles an actor holds for one work order: department staff of
 * its department; street staff and supervisors whose scope covers the
 * department or the topic's community; admins hold all human roles; the system
 * actor is `system`.
 */
export function workOrderRolesOf(db: DbOrTx, actor: Actor, order: { departmentId: number; topicUnitId: number | null }): string[] {
  if (actor.kind === 'system') return ['system']
  if (actor.kind !== 'user') return []
  const roles = new Set<string>()
  for (const g of listGrants(db, actor.id)) {
    if (g.role === 'admin') {
      for (const r of WORK_ORDER_ROLES) roles.add(r)
    } else if (g.role === 'department_staff') {
      if (unitCovers(db, g.unitId, order.departmentId)) roles.add(g.role)
    } else if (g.role === 'street_staff' || g.role === 'supervisor') {
      if (unitCovers(db, g.unitId, order.departmentId) || unitCovers(db, g.unitId, order.topicUnitId)) roles.add(g.role)
    }
  }
  return [...roles]
}

export function listWorkOrderStatuses(db: DbOrTx) {
  return db.select().from(workOrderStatuses).orderBy(asc(workOrderStatuses.position)).all()
}

/** Transitions out of `from` open to any of `roles` (distinct targets, in status order). */
export function listAllowedTransitions(db: DbOrTx, from: string, roles: string[]) {
  if (!roles.length) return []
  return db
    .selectDistinct({ to: workOrderTransitions.toCode, nameZh: workOrderStatuses.nameZh, nameEn: workOrderStatuses.nameEn, position: workOrderStatuses.position })
    .from(workOrderTransitions)
    .innerJoin(workOrderStatuses, eq(workOrderStatuses.code, workOrderTransitions.toCode))
    .where(and(eq(workOrderTransitions.fromCode, from), inArray(workOrderTransitions.role, roles)))
    .orderBy(asc(workOrderStatuses.position))
    .all()
}

function orderContext(db: DbOrTx, workOrderId: number) {
  return db
    .select({ order: workOrders, topicId: decisions.topicId, topicUnitId: topics.unitId, decisionTitle: decisions.title })
    .from(workOrders)
    .innerJoin(decisions, eq(decisions.id, workOrders.decisionId))
    .innerJoin(topics, eq(topics.id, decisions.topicId))
    .where(eq(workOrders.id, workOrderId))
    .get()
}

// ---------------------------------------------------------------------------
// Decisions and targets

export type TargetInput = { metric: string; unit?: string; baseline: number; target: number }
export type RecordDecisionInput = {
  topicId?: number
  meetingId?: number | null
  title: string
  description?: string
  voteSeq?: number | null
  targets?: TargetInput[]
}

/**
 * Record a decision taken by a meeting (or, without a meeting, on a topic),
 * with its measurable targets. Tells the topic's residents.
 */
export function recordDecision(db: DbOrTx, input: RecordDecisionInput, actor: Actor, notify?: Pusher | null) {
  const out = db.transaction(tx => {
    let topicId = input.topicId
    if (input.meetingId != null) {
      const meeting = tx.select({ id: meetings.id, topicId: meetings.topicId }).from(meetings).where(eq(meetings.id, input.meetingId)).get()
      if (!meeting) throw new OutcomeError('not-found', 'meeting not found')
      if (topicId != null && topicId !== meeting.topicId) throw new OutcomeError('invalid', 'meeting belongs to another topic')
      topicId = meeting.topicId
      if (input.voteSeq != null) {
        const vote = tx.select({ id: meetingEvents.id }).from(meetingEvents).where(and(eq(meetingEvents.meetingId, meeting.id), eq(meetingEvents.seq, input.voteSeq))).get()
        if (!vote) throw new OutcomeError('invalid', 'no such vote in this meeting')
      }
    }
    if (topicId == null) throw new OutcomeError('invalid', 'a decision needs a topic or a meeting')
    const topic = tx.select({ id: topics.id }).from(topics).where(eq(topics.id, topicId)).get()
    if (!topic) throw new OutcomeError('not-found', 'topic not found')
    const decision = tx
      .insert(decisions)
      .values({
        topicId,
        meetingId: input.meetingId ?? null,
        title: input.title,
        description: input.description ?? '',
        voteSeq: input.meetingId != null ? (input.voteSeq ?? null) : null,
        createdBy: actor.kind === 'user' ? actor.id : null,
      })
      .returning()
      .get()
    const targets = (input.targets ?? []).map(t =>
      tx.insert(decisionTargets).values({ decisionId: decision.id, metric: t.metric, unit: t.unit ?? '', baseline: t.baseline, target: t.target }).returning().get(),
    )
    writeAudit(tx, actor, 'decision.record', { type: 'decision', id: decision.id }, { after: { ...decision, targets } })
    const sent = notifyTopicFollowers(tx, topicId, 'outcome.notify.decision', { decision: decision.title })
    return { decision, targets, sent }
  })
  pushNotifications(notify, out.sent)
  return out
}

export function addDecisionTarget(db: DbOrTx, decisionId: number, t: TargetInput, actor: Actor) {
  return db.transaction(tx => {
    const d = tx.select({ id: decisions.id }).from(decisions).where(eq(decisions.id, decisionId)).get()
    if (!d) throw new OutcomeError('not-found', 'decision not found')
    const row = tx.insert(decisionTargets).values({ decisionId, metric: t.metric, unit: t.unit ?? '', baseline: t.baseline, target: t.target }).returning().get()
    writeAudit(tx, actor, 'decision.target.add', { type: 'decision', id: decisionId }, { after: row })
    return row
  })
}

/** Record a measured value of a target (e.g. parking spaces 0 → 12 → 19). */
export function recordMeasurement(db: DbOrTx, input: { targetId: number; value: number; measuredAt?: Date; note?: string | null }, actor: Actor) {
  return db.transaction(tx => {
    const target = tx.select().from(decisionTargets).where(eq(decisionTargets.id, input.targetId)).get()
    if (!target) throw new OutcomeError('not-found', 'target not found')
    const row = tx
      .insert(targetMeasurements)
      .values({ targetId: target.id, value: input.value, measuredAt: input.measuredAt ?? new Date(), note: input.note ?? null, actorId: actor.kind === 'user' ? actor.id : null })
      .returning()
      .get()
    writeAudit(tx, actor, 'decision.target.measure', { type: 'decision', id: target.decisionId }, { after: row })
    return row
  })
}

/** Share of the way from baseline to target reached by `value` (0–100, clamped); null without a distance. */
export function targetAttainment(t: { baseline: number; target: number }, value: number | null | undefined): number | null {
  if (value == null || t.target === t.baseline) return null
  return Math.max(0, Math.min(100, Math.round(((value - t.baseline) / (t.target - t.baseline)) * 100)))
}

// ---------------------------------------------------------------------------
// Work orders

export type CreateWorkOrdersInput = {
  decisionId: number
  departmentIds: number[]
  title: string
  problem: string
  place?: string | null
  priority?: WorkOrderPriority
  dueAt: Date
  /** Dispatch at once (draft → dispatched), else leave as drafts. */
  dispatch?: boolean
}

/**
 * Create one work order per department for a decision. Orders carry the
 * problem, the place and the decision only: never who complained (信访工作条例 art. 46).
 */
export function createWorkOrders(db: DbOrTx, input: CreateWorkOrdersInput, actor: Actor, notify?: Pusher | null) {
  const out = db.transaction(tx => {
    const decision = tx.select({ id: decisions.id, topicId: decisions.topicId, title: decisions.title, unitId: topics.unitId }).from(decisions).innerJoin(topics, eq(topics.id, decisions.topicId)).where(eq(decisions.id, input.decisionId)).get()
    if (!decision) throw new OutcomeError('not-found', 'decision not found')
    const deptIds = [...new Set(input.departmentIds)]
    if (!deptIds.length) throw new OutcomeError('invalid', 'choose at least one department')
    const depts = tx.select({ id: units.id, kind: units.kind }).from(units).where(inArray(units.id, deptIds)).all()
    if (depts.length !== deptIds.length || depts.some(d => d.kind !== 'department')) throw new OutcomeError('invalid', 'unknown department')
    const orders: WorkOrderRow[] = []
    const sent: NotificationRow[] = []
    for (const departmentId of deptIds) {
      if (!workOrderRolesOf(tx, actor, { departmentId, topicUnitId: decision.unitId }).includes('street_staff')) throw new OutcomeError('forbidden', 'only street staff create work orders')
      const order = tx
        .insert(workOrders)
        .values({
          decisionId: decision.id,
          departmentId,
          title: input.title,
          problem: input.problem,
          place: input.place ?? null,
          priority: input.priority ?? 'normal',
          dueAt: input.dueAt,
          status: 'draft',
          createdBy: actor.kind === 'user' ? actor.id : null,
        })
        .returning()
        .get()
      tx.insert(workOrderEvents).values({ workOrderId: order.id, kind: 'transition', fromStatus: null, toStatus: 'draft', progress: 0, actorId: actor.kind === 'user' ? actor.id : null }).run()
      writeAudit(tx, actor, 'work_order.create', { type: 'work_order', id: order.id }, { after: order })
      if (input.dispatch) {
        const r = applyTransition(tx, order.id, 'dispatched', order.version, null, actor, null)
        orders.push(r.order)
        sent.push(...r.sent)
      } else orders.push(order)
    }
    const rolled = rollUpDecision(tx, decision.id, actor)
    sent.push(...rolled.sent)
    return { orders, sent }
  })
  pushNotifications(notify, out.sent)
  return out
}

export type TransitionInput = { workOrderId: number; to: string; expectedVersion: number; note?: string | null }

/**
 * Move a work order to another status if workOrderTransitions allows it for
 * one of the actor's roles. `expectedVersion` is the optimistic lock: a stale
 * version is a `conflict` (someone else moved the order first). Writes the
 * history event and audit row, rolls progress up to the decision and marks it
 * delivered once all its orders are verified or closed.
 */
export function transitionWorkOrder(db: DbOrTx, input: TransitionInput, actor: Actor, notify?: Pusher | null) {
  const out = db.transaction(tx => applyTransition(tx, input.workOrderId, input.to, input.expectedVersion, input.note ?? null, actor, null))
  pushNotifications(notify, out.sent)
  return out
}

function applyTransition(tx: DbOrTx, workOrderId: number, to: string, expectedVersion: number, note: string | null, actor: Actor, asRole: string | null) {
  const ctx = orderContext(tx, workOrderId)
  if (!ctx) throw new OutcomeError('not-found', 'work order not found')
  const { order } = ctx
  if (order.version !== expectedVersion) throw new OutcomeError('conflict', `work order ${order.id} changed meanwhile (version ${order.version}, you had ${expectedVersion})`)
  const roles = asRole ? [asRole] : workOrderRolesOf(tx, actor, { departmentId: order.departmentId, topicUnitId: ctx.topicUnitId })
  if (!roles.length) throw new OutcomeError('forbidden', 'not your work order')
  const allowed = tx
    .select({ role: workOrderTransitions.role })
    .from(workOrderTransitions)
    .where(and(eq(workOrderTransitions.fromCode, order.status), eq(workOrderTransitions.toCode, to), inArray(workOrderTransitions.role, roles)))
    .get()
  if (!allowed) throw new OutcomeError('forbidden', `transition ${order.status} → ${to} is not open to ${roles.join('/')}`)
  const statuses = new Map(tx.select().from(workOrderStatuses).all().map(s => [s.code, s]))
  const fromS = statuses.get(order.status)!
  const toS = statuses.get(to)!
  let progress: number
  if (SIDE_STATUSES.has(to)) progress = order.progress
  else if (SIDE_STATUSES.has(order.status) || toS.position > fromS.position) progress = Math.max(order.progress, toS.progress)
  else progress = toS.progress // sent back or reopened: the work is not done
  const now = new Date()
  const updated = tx
    .update(workOrders)
    .set({ status: to, progress, version: order.version + 1, closedAt: toS.isTerminal ? now : null })
    .where(and(eq(workOrders.id, order.id), eq(workOrders.version, expectedVersion)))
    .returning()
    .get()
  if (!updated) throw new OutcomeError('conflict', `work order ${order.id} changed meanwhile`)
  const event = tx
    .insert(workOrderEvents)
    .values({ workOrderId: order.id, kind: 'transition', fromStatus: order.status, toStatus: to, progress, note, actorId: actor.kind === 'user' ? actor.id : null })
    .returning()
    .get()
  writeAudit(tx, actor, 'work_order.transition', { type: 'work_order', id: order.id }, { before: { status: order.status, progress: order.progress, version: order.version }, after: { status: to, progress, version: updated.version, role: allowed.role, note } })

  const sent: NotificationRow[] = []
  const params = { order: order.title, department: departmentName(tx, order.departmentId), status: toS.nameZh }
  const link = `/orders/${order.id}`
  if (to === 'dispatched') sent.push(...notifyUsers(tx, listDepartmentStaff(tx, order.departmentId), 'work_order', 'outcome.notify.dispatched', params, link))
  if (to === 'awaiting_verification') sent.push(...notifyUsers(tx, supervisorsFor(tx, order.departmentId, ctx.topicUnitId), 'work_order', 'outcome.notify.awaitingVerification', params, link))
  if (to === 'returned' || to === 'escalated') sent.push(...notifyUsers(tx, listStreetStaffFor(tx, order.departmentId), 'work_order', to === 'returned' ? 'outcome.notify.returned' : 'outcome.notify.escalated', params, link))
  if (to === 'overdue') sent.push(...notifyUsers(tx, [...listStreetStaffFor(tx, order.departmentId), ...listDepartmentStaff(tx, order.departmentId)], 'work_order', 'outcome.notify.overdue', params, link))
  // Residents hear of the steps that change something for them.
  if (['dispatched', 'in_progress', 'verified'].includes(to)) sent.push(...notifyTopicFollowers(tx, ctx.topicId, 'outcome.notify.orderStep', params))
  const rolled = rollUpDecision(tx, order.decisionId, actor)
  sent.push(...rolled.sent)
  return { order: updated, event, decision: rolled.decision, sent }
}

function departmentName(db: DbOrTx, id: number) {
  return db.select({ nameZh: units.nameZh }).from(units).where(eq(units.id, id)).get()?.nameZh ?? ''
}

function supervisorsFor(db: DbOrTx, departmentId: number, topicUnitId: number | null) {
  const grants = db.select({ userId: roleAssignments.userId, unitId: roleAssignments.unitId }).from(roleAssignments).where(eq(roleAssignments.role, 'supervisor')).all()
  return grants.filter(g => g.unitId != null && (unitCovers(db, g.unitId, departmentId) || unitCovers(db, g.unitId, topicUnitId))).map(g => g.userId)
}

/**
 * Recompute a decision's progress (mean of its orders, equal weights) and its
 * delivery: delivered when every order is verified or closed, which asks for
 * satisfaction ratings; back to open when an order is reopened.
 */
export function rollUpDecision(tx: DbOrTx, decisionId: number, actor: Actor) {
  const decision = tx.select().from(decisions).where(eq(decisions.id, decisionId)).get()
  if (!decision) throw new OutcomeError('not-found', 'decision not found')
  const orders = tx.select({ status: workOrders.status, progress: workOrders.progress }).from(workOrders).where(eq(workOrders.decisionId, decisionId)).all()
  const progress = orders.length ? Math.round(orders.reduce((s, o) => s + o.progress, 0) / orders.length) : 0
  const delivered = orders.length > 0 && orders.every(o => (FINISHED_ORDER_STATUSES as readonly string[]).includes(o.status))
  const sent: NotificationRow[] = []
  let status = decision.status
  let deliveredAt = decision.deliveredAt
  if (delivered && decision.status !== 'delivered') {
    status = 'delivered'
    deliveredAt = new Date()
  } else if (!delivered && decision.status === 'delivered') {
    status = 'open'
    deliveredAt = null
  }
  if (progress === decision.progress && status === decision.status) return { decision, sent }
  const updated = tx.update(decisions).set({ progress, status, deliveredAt }).where(eq(decisions.id, decisionId)).returning().get()
  if (status !== decision.status) {
    writeAudit(tx, actor, status === 'delivered' ? 'decision.deliver' : 'decision.reopen', { type: 'decision', id: decisionId }, { before: { status: decision.status, progress: decision.progress }, after: { status, progress } })
    if (status === 'delivered') {
      sent.push(...notifyTopicFollowers(tx, decision.topicId, 'outcome.notify.delivered', { decision: decision.title }))
      sent.push(...requestSatisfaction(tx, updated, actor))
    } else {
      sent.push(...notifyTopicFollowers(tx, decision.topicId, 'outcome.notify.reopened', { decision: decision.title }))
    }
  }
  return { decision: updated, sent }
}

export type ProgressUpdateInput = {
  workOrderId: number
  note: string
  progress?: number | null
  photos?: { storagePath: string; mimeType: string; sizeBytes: number; originalName: string }[]
}

/** Post a progress update (text, optional percentage, photos) to an open work order. */
export function postWorkOrderUpdate(db: DbOrTx, input: ProgressUpdateInput, actor: Actor, notify?: Pusher | null) {
  const out = db.transaction(tx => {
    const ctx = orderContext(tx, input.workOrderId)
    if (!ctx) throw new OutcomeError('not-found', 'work order not found')
    const { order } = ctx
    const roles = workOrderRolesOf(tx, actor, { departmentId: order.departmentId, topicUnitId: ctx.topicUnitId })
    if (!roles.includes('department_staff') && !roles.includes('street_staff')) throw new OutcomeError('forbidden', 'not your work order')
    if (['draft', 'verified', 'closed'].includes(order.status)) throw new OutcomeError('invalid', `no updates while ${order.status}`)
    // Completion is only ever set by verification, so a self-reported figure stops at 95.
    const progress = input.progress == null ? order.progress : Math.max(0, Math.min(95, Math.round(input.progress)))
    const event = tx
      .insert(workOrderEvents)
      .values({ workOrderId: order.id, kind: 'progress', fromStatus: order.status, toStatus: order.status, progress, note: input.note, actorId: actor.kind === 'user' ? actor.id : null })
      .returning()
      .get()
    const photos = (input.photos ?? []).map(p => tx.insert(attachments).values({ ...p, workOrderUpdateId: event.id }).returning({ id: attachments.id }).get())
    const updated = tx.update(workOrders).set({ progress, version: order.version + 1 }).where(eq(workOrders.id, order.id)).returning().get()
    writeAudit(tx, actor, 'work_order.progress', { type: 'work_order', id: order.id }, { before: { progress: order.progress }, after: { progress, note: input.note, photos: photos.map(p => p.id) } })
    const rolled = rollUpDecision(tx, order.decisionId, actor)
    const sent = [...rolled.sent, ...notifyTopicFollowers(tx, ctx.topicId, 'outcome.notify.progress', { order: order.title, progress })]
    return { order: updated, event, photos, sent }
  })
  pushNotifications(notify, out.sent)
  return out
}

/**
 * The overdue job (system actor): open orders past their due date move to
 * `overdue` (once per order); orders overdue for longer than `escalateAfterMs`
 * past due move on to `escalated`. Street staff and the department are told.
 */
export function flagOverdueWorkOrders(db: DbOrTx, now: Date, notify?: Pusher | null, opts: { escalateAfterMs?: number } = {}) {
  const escalateAfterMs = opts.escalateAfterMs ?? 2 * DAY_MS
  const system: Actor = { kind: 'system' }
  const alreadyFlagged = db
    .select({ one: sql`1` })
    .from(workOrderEvents)
    .where(and(eq(workOrderEvents.workOrderId, workOrders.id), eq(workOrderEvents.toStatus, 'overdue')))
  const late = db
    .select({ id: workOrders.id, version: workOrders.version })
    .from(workOrders)
    .where(and(inArray(workOrders.status, [...OPEN_ORDER_STATUSES]), lt(workOrders.dueAt, now), notExists(alreadyFlagged)))
    .all()
  const sent: NotificationRow[] = []
  let overdue = 0
  let escalated = 0
  for (const o of late) {
    try {
      sent.push(...db.transaction(tx => applyTransition(tx, o.id, 'overdue', o.version, null, system, null)).sent)
      overdue++
    } catch (e) {
      if (!(e instanceof OutcomeError && e.code === 'conflict')) throw e // someone moved it meanwhile: next run
    }
  }
  const stale = db
    .select({ id: workOrders.id, version: workOrders.version })
    .from(workOrders)
    .where(and(eq(workOrders.status, 'overdue'), lt(workOrders.dueAt, new Date(now.getTime() - escalateAfterMs))))
    .all()
  for (const o of stale) {
    try {
      sent.push(...db.transaction(tx => applyTransition(tx, o.id, 'escalated', o.version, null, system, null)).sent)
      escalated++
    } catch (e) {
      if (!(e instanceof OutcomeError && e.code === 'conflict')) throw e
    }
  }
  pushNotifications(notify, sent)
  return { overdue, escalated }
}

// ---------------------------------------------------------------------------
// Satisfaction (好差评)

const newToken = () => crypto.randomBytes(18).toString('base64url')

/**
 * Ask for ratings once a decision is delivered: each reachable complainant
 * behind the topic (one per person) and each panel member. Residents with an
 * account get a notification; others get a token link (SMS text on the
 * decision page). People with an unanswered request are not asked twice.
 */
function requestSatisfaction(tx: DbOrTx, decision: DecisionRow, actor: Actor): NotificationRow[] {
  const existing = tx.select().from(satisfactionRatings).where(and(eq(satisfactionRatings.decisionId, decision.id), isNull(satisfactionRatings.answeredAt))).all()
  const pending = new Set(existing.map(r => (r.userId != null ? `u${r.userId}` : r.panelMemberId != null ? `m${r.panelMemberId}` : `c${r.complaintId}`)))
  const asked: { audience: 'complainant' | 'panel'; complaintId: number | null; userId: number | null; panelMemberId: number | null }[] = []
  const seen = new Set<string>()
  const cs = tx
    .select({ id: complaints.id, userId: complaints.complainantUserId, phone: complaints.complainantPhone })
    .from(topicComplaints)
    .innerJoin(complaints, eq(complaints.id, topicComplaints.complaintId))
    .where(eq(topicComplaints.topicId, decision.topicId))
    .orderBy(asc(complaints.id))
    .all()
  for (const c of cs) {
    if (c.userId == null && !c.phone) continue // nobody to ask
    const person = c.userId != null ? `u${c.userId}` : `p${c.phone!.replace(/\D/g, '')}`
    if (seen.has(person)) continue
    seen.add(person)
    if (pending.has(c.userId != null ? `u${c.userId}` : `c${c.id}`)) continue
    asked.push({ audience: 'complainant', complaintId: c.id, userId: c.userId, panelMemberId: null })
  }
  const members = tx
    .select({ id: panelMembers.id, userId: deliberators.userId, phone: deliberators.phone })
    .from(panelMembers)
    .innerJoin(panels, eq(panels.id, panelMembers.panelId))
    .innerJoin(deliberators, eq(deliberators.id, panelMembers.deliberatorId))
    .where(and(eq(panels.topicId, decision.topicId), eq(panelMembers.kind, 'member'), or(eq(panelMembers.status, 'accepted'), eq(panelMembers.attended, true))))
    .orderBy(asc(panelMembers.id))
    .all()
  for (const m of members) {
    if (m.userId == null && !m.phone) continue
    const person = m.userId != null ? `u${m.userId}` : `p${m.phone!.replace(/\D/g, '')}`
    if (seen.has(person)) continue
    seen.add(person)
    if (pending.has(m.userId != null ? `u${m.userId}` : `m${m.id}`)) continue
    asked.push({ audience: 'panel', complaintId: null, userId: m.userId, panelMemberId: m.id })
  }
  const sent: NotificationRow[] = []
  for (const a of asked) {
    const row = tx.insert(satisfactionRatings).values({ decisionId: decision.id, ...a, token: newToken() }).returning().get()
    if (row.userId != null) sent.push(createNotification(tx, { userId: row.userId, kind: 'satisfaction', messageKey: 'outcome.notify.rate', params: { decision: decision.title }, link: `/rate/${row.token}` }))
  }
  writeAudit(tx, actor, 'satisfaction.request', { type: 'decision', id: decision.id }, { after: { asked: asked.length, complainants: asked.filter(a => a.audience === 'complainant').length, panel: asked.filter(a => a.audience === 'panel').length } })
  return sent
}

/** What the public rating page shows for a token: the decision and topic, nothing about people. */
export function getRatingRequest(db: DbOrTx, token: string) {
  return db
    .select({
      id: satisfactionRatings.id,
      audience: satisfactionRatings.audience,
      rating: satisfactionRatings.rating,
      comment: satisfactionRatings.comment,
      answeredAt: satisfactionRatings.answeredAt,
      decisionId: decisions.id,
      decisionTitle: decisions.title,
      decisionDescription: decisions.description,
      decisionStatus: decisions.status,
      topicId: topics.id,
      topicTitle: topics.title,
      place: topics.place,
    })
    .from(satisfactionRatings)
    .innerJoin(decisions, eq(decisions.id, satisfactionRatings.decisionId))
    .innerJoin(topics, eq(topics.id, decisions.topicId))
    .where(eq(satisfactionRatings.token, token))
    .get()
}

/**
 * Answer a satisfaction request (1–5 and a comment). A rating of 2 or less
 * with `reopen` reopens the decision's delivered work orders (system
 * transition, audited against the rater) and tells street staff and departments.
 */
export function answerSatisfaction(db: DbOrTx, input: { token: string; rating: number; comment?: string | null; reopen?: boolean }, actor: Actor, notify?: Pusher | null) {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw new OutcomeError('invalid', 'rating must be 1–5')
  const out = db.transaction(tx => {
    const req = tx.select().from(satisfactionRatings).where(eq(satisfactionRatings.token, input.token)).get()
    if (!req) throw new OutcomeError('not-found', 'unknown rating link')
    if (req.answeredAt) throw new OutcomeError('conflict', 'already answered')
    const reopenRequested = !!input.reopen && input.rating <= 2
    const orders = reopenRequested
      ? tx.select().from(workOrders).where(and(eq(workOrders.decisionId, req.decisionId), inArray(workOrders.status, [...FINISHED_ORDER_STATUSES]))).orderBy(asc(workOrders.id)).all()
      : []
    const sent: NotificationRow[] = []
    const reopened: number[] = []
    for (const o of orders) {
      const r = applyTransition(tx, o.id, 'in_progress', o.version, `satisfaction #${req.id}: ${input.rating}/5`, actor, 'system')
      reopened.push(o.id)
      sent.push(...r.sent)
      writeAudit(tx, actor, 'work_order.reopen', { type: 'work_order', id: o.id }, { after: { ratingId: req.id, rating: input.rating } })
      const ctx = orderContext(tx, o.id)!
      const params = { order: o.title, department: departmentName(tx, o.departmentId), rating: input.rating }
      sent.push(...notifyUsers(tx, [...listStreetStaffFor(tx, o.departmentId), ...listDepartmentStaff(tx, o.departmentId), ...(ctx.topicUnitId ? listStreetStaffFor(tx, ctx.topicUnitId) : [])], 'work_order', 'outcome.notify.reopenedOrder', params, `/orders/${o.id}`))
    }
    const row = tx
      .update(satisfactionRatings)
      .set({ rating: input.rating, comment: input.comment?.trim() || null, answeredAt: new Date(), reopenedWorkOrderId: reopened[0] ?? null })
      .where(and(eq(satisfactionRatings.id, req.id), isNull(satisfactionRatings.answeredAt)))
      .returning()
      .get()
    if (!row) throw new OutcomeError('conflict', 'already answered')
    writeAudit(tx, actor, 'satisfaction.answer', { type: 'satisfaction', id: req.id }, { after: { rating: input.rating, reopen: reopenRequested, reopened } })
    return { rating: row, reopened, sent }
  })
  pushNotifications(notify, out.sent)
  return out
}

// ---------------------------------------------------------------------------
// Reading

/** Decisions whose topic lies in the scope (null = everywhere), newest first. */
export function listDecisions(db: DbOrTx, scopeUnitIds: number[] | null) {
  const rows = db
    .select({
      id: decisions.id,
      title: decisions.title,
      status: decisions.status,
      progress: decisions.progress,
      deliveredAt: decisions.deliveredAt,
      createdAt: decisions.createdAt,
      topicId: topics.id,
      topicTitle: topics.title,
      unitId: topics.unitId,
      meetingId: decisions.meetingId,
    })
    .from(decisions)
    .innerJoin(topics, eq(topics.id, decisions.topicId))
    .orderBy(desc(decisions.id))
    .all()
  return scopeUnitIds ? rows.filter(r => scopeUnitIds.some(s => unitCovers(db, s, r.unitId))) : rows
}

/** Meetings in scope that have started and have no decision recorded yet. */
export function listMeetingsAwaitingDecision(db: DbOrTx, scopeUnitIds: number[] | null, now = new Date()) {
  const rows = db
    .select({ id: meetings.id, title: meetings.title, startsAt: meetings.startsAt, status: meetings.status, topicId: topics.id, topicTitle: topics.title, unitId: topics.unitId })
    .from(meetings)
    .innerJoin(topics, eq(topics.id, meetings.topicId))
    // Held ones: past their start time, or already ended (a meeting may start earlier than planned).
    .where(and(or(lt(meetings.startsAt, now), eq(meetings.status, 'ended')), notExists(db.select({ one: sql`1` }).from(decisions).where(eq(decisions.meetingId, meetings.id)))))
    .orderBy(desc(meetings.startsAt))
    .all()
  return scopeUnitIds ? rows.filter(r => scopeUnitIds.some(s => unitCovers(db, s, r.unitId))) : rows
}

/** Per decision, how many of its measurable targets have no measured value yet. */
export function listUnmeasuredTargetCounts(db: DbOrTx, decisionIds: number[]): Map<number, number> {
  if (!decisionIds.length) return new Map()
  const rows = db
    .select({ decisionId: decisionTargets.decisionId, n: sql<number>`count(*)` })
    .from(decisionTargets)
    .where(and(inArray(decisionTargets.decisionId, decisionIds), notExists(db.select({ one: sql`1` }).from(targetMeasurements).where(eq(targetMeasurements.targetId, decisionTargets.id)))))
    .groupBy(decisionTargets.decisionId)
    .all()
  return new Map(rows.map(r => [r.decisionId, Number(r.n)]))
}

/** Votes recorded in a meeting's log (events whose type mentions a vote), for linking a decision. */
export function listMeetingVotes(db: DbOrTx, meetingId: number) {
  return db
    .select({ seq: meetingEvents.seq, type: meetingEvents.type, payload: meetingEvents.payload, createdAt: meetingEvents.createdAt })
    .from(meetingEvents)
    .where(and(eq(meetingEvents.meetingId, meetingId), sql`${meetingEvents.type} like '%vote%'`))
    .orderBy(asc(meetingEvents.seq))
    .all()
}

export function getDecision(db: DbOrTx, id: number) {
  const decision = db.select().from(decisions).where(eq(decisions.id, id)).get()
  if (!decision) return null
  const topic = db.select({ id: topics.id, title: topics.title, place: topics.place, unitId: topics.unitId, status: topics.status }).from(topics).where(eq(topics.id, decision.topicId)).get()!
  const meeting = decision.meetingId
    ? (db.select({ id: meetings.id, title: meetings.title, startsAt: meetings.startsAt, status: meetings.status }).from(meetings).where(eq(meetings.id, decision.meetingId)).get() ?? null)
    : null
  const minutesRow = decision.meetingId ? (db.select({ status: minutes.status, publishedAt: minutes.publishedAt }).from(minutes).where(eq(minutes.meetingId, decision.meetingId)).get() ?? null) : null
  const targets = db.select().from(decisionTargets).where(eq(decisionTargets.decisionId, id)).orderBy(asc(decisionTargets.id)).all()
  const measurements = targets.length
    ? db.select().from(targetMeasurements).where(inArray(targetMeasurements.targetId, targets.map(t => t.id))).orderBy(asc(targetMeasurements.measuredAt), asc(targetMeasurements.id)).all()
    : []
  const orders = db
    .select({ id: workOrders.id, title: workOrders.title, status: workOrders.status, progress: workOrders.progress, dueAt: workOrders.dueAt, priority: workOrders.priority, departmentId: workOrders.departmentId, department: units.nameZh, departmentEn: units.nameEn, version: workOrders.version })
    .from(workOrders)
    .innerJoin(units, eq(units.id, workOrders.departmentId))
    .where(eq(workOrders.decisionId, id))
    .orderBy(asc(workOrders.id))
    .all()
  return {
    decision,
    topic,
    meeting,
    minutes: minutesRow,
    targets: targets.map(t => {
      const ms = measurements.filter(m => m.targetId === t.id)
      const latest = ms.at(-1)?.value ?? null
      return { ...t, measurements: ms, latest, attainment: targetAttainment(t, latest) }
    }),
    orders,
  }
}

/**
 * The callback list for street staff: who was asked, by which route (account
 * notification or SMS), and the answer. Phones are returned raw; the caller
 * masks them unless the viewer may see personal data.
 */
export function listCallbacks(db: DbOrTx, decisionId: number) {
  return db
    .select({
      id: satisfactionRatings.id,
      audience: satisfactionRatings.audience,
      token: satisfactionRatings.token,
      userId: satisfactionRatings.userId,
      askedAt: satisfactionRatings.askedAt,
      rating: satisfactionRatings.rating,
      comment: satisfactionRatings.comment,
      answeredAt: satisfactionRatings.answeredAt,
      reopenedWorkOrderId: satisfactionRatings.reopenedWorkOrderId,
      complaintPhone: complaints.complainantPhone,
      complaintName: complaints.complainantName,
      memberPhone: deliberators.phone,
      memberName: deliberators.name,
    })
    .from(satisfactionRatings)
    .leftJoin(complaints, eq(complaints.id, satisfactionRatings.complaintId))
    .leftJoin(panelMembers, eq(panelMembers.id, satisfactionRatings.panelMemberId))
    .leftJoin(deliberators, eq(deliberators.id, panelMembers.deliberatorId))
    .where(eq(satisfactionRatings.decisionId, decisionId))
    .orderBy(asc(satisfactionRatings.id))
    .all()
}

/** Orders of the given departments, or of decisions whose topic lies in `topicScope`; soonest due first. */
export function listWorkOrders(db: DbOrTx, f: { departmentIds?: number[] | null; topicScope?: number[] | null; status?: string | null }) {
  const rows = db
    .select({
      id: workOrders.id,
      title: workOrders.title,
      place: workOrders.place,
      status: workOrders.status,
      priority: workOrders.priority,
      progress: workOrders.progress,
      dueAt: workOrders.dueAt,
      version: workOrders.version,
      departmentId: workOrders.departmentId,
      department: units.nameZh,
      departmentEn: units.nameEn,
      decisionId: decisions.id,
      decisionTitle: decisions.title,
      topicUnitId: topics.unitId,
    })
    .from(workOrders)
    .innerJoin(units, eq(units.id, workOrders.departmentId))
    .innerJoin(decisions, eq(decisions.id, workOrders.decisionId))
    .innerJoin(topics, eq(topics.id, decisions.topicId))
    .where(f.status ? eq(workOrders.status, f.status) : undefined)
    .orderBy(asc(workOrders.dueAt), asc(workOrders.id))
    .all()
  return rows.filter(r => {
    if (f.departmentIds === null || f.topicScope === null) return true
    const byDept = f.departmentIds?.includes(r.departmentId) ?? false
    const byTopic = f.topicScope?.some(s => unitCovers(db, s, r.departmentId) || unitCovers(db, s, r.topicUnitId)) ?? false
    return byDept || byTopic
  })
}

/**
 * One work order as a department sees it: the problem, the place, the decision
 * and its history. Deliberately no complaint or complainant fields.
 */
export function getWorkOrder(db: DbOrTx, id: number) {
  const row = db
    .select({
      order: workOrders,
      department: units.nameZh,
      departmentEn: units.nameEn,
      decisionTitle: decisions.title,
      decisionDescription: decisions.description,
      decisionStatus: decisions.status,
      decisionProgress: decisions.progress,
      topicId: topics.id,
      topicTitle: topics.title,
      topicPlace: topics.place,
      topicUnitId: topics.unitId,
    })
    .from(workOrders)
    .innerJoin(units, eq(units.id, workOrders.departmentId))
    .innerJoin(decisions, eq(decisions.id, workOrders.decisionId))
    .innerJoin(topics, eq(topics.id, decisions.topicId))
    .where(eq(workOrders.id, id))
    .get()
  if (!row) return null
  const events = db.select().from(workOrderEvents).where(eq(workOrderEvents.workOrderId, id)).orderBy(asc(workOrderEvents.id)).all()
  const photos = events.length
    ? db.select({ id: attachments.id, eventId: attachments.workOrderUpdateId, mimeType: attachments.mimeType, originalName: attachments.originalName, sizeBytes: attachments.sizeBytes }).from(attachments).where(inArray(attachments.workOrderUpdateId, events.map(e => e.id))).all()
    : []
  return { ...row, events: events.map(e => ({ ...e, photos: photos.filter(p => p.eventId === e.id) })) }
}

/** An attachment of a work-order update, with the order it belongs to (for access checks). */
export function getWorkOrderPhoto(db: DbOrTx, attachmentId: number) {
  return db
    .select({ storagePath: attachments.storagePath, mimeType: attachments.mimeType, workOrderId: workOrderEvents.workOrderId })
    .from(attachments)
    .innerJoin(workOrderEvents, eq(workOrderEvents.id, attachments.workOrderUpdateId))
    .where(eq(attachments.id, attachmentId))
    .get()
}
