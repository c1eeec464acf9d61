// Work orders: one per department for a decision, moved along the statuses
// and transitions stored as data (work_order_statuses / work_order_transitions;
// this file only interprets them), progress updates with photos, deadline
// changes, and the overdue job. Data access only: writes return the
// notifications they stored; the civic commands in
// app/commands/outcomes.server.ts push them.
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, notExists, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { findPersonalData, looksPersonal, officeNumbers, scrubPersonalData, type PersonalDataKind } from '../../nlp/scrub'
import type { DbOrTx } from '../client'
import { chinaDay, DAY_MS, isPastDeadline, startOfChinaDay } from '../dates'
import { WORK_ORDER_ROLES } from '../enums'
import { DomainError } from '../errors'
import {
  attachments,
  auditEvents,
  complaints,
  decisions,
  roleAssignments,
  topicComplaints,
  topics,
  units,
  users,
  workOrderEvents,
  workOrderStatuses,
  workOrderTransitions,
  workOrders,
} from '../schema/index'
import { writeAudit, type Actor } from './audit'
import { listGrants } from './auth'
import { rollUpDecision } from './decisions'
import { createNotifications, notifyTopicFollowers, type NotificationRow } from './notifications'
import { maskName, maskPhone } from './pii'
import { unitCovers } from './units'

export type WorkOrderRow = typeof workOrders.$inferSelect
export type WorkOrderEventRow = typeof workOrderEvents.$inferSelect

export const WORK_ORDER_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type WorkOrderPriority = (typeof WORK_ORDER_PRIORITIES)[number]
/** Statuses in which an order counts as delivered. */
export const FINISHED_ORDER_STATUSES = ['verified', 'closed'] as const
/** Statuses the overdue job watches: work the department still owes. */
export const OPEN_ORDER_STATUSES = ['dispatched', 'accepted', 'in_progress'] as const
/**
 * Statuses in which the department still owes the work. Not a draft (not sent),
 * returned (back with street staff) or awaiting verification and after (handed in).
 */
const OWED_ORDER_STATUSES: readonly string[] = [...OPEN_ORDER_STATUSES, 'overdue', 'escalated']

/** Whether an order is overdue at `now`: the work still owed and its deadline day over (China time). */
export function isWorkOrderOverdue(order: { status: string; dueAt: Date | number }, now: Date | number): boolean {
  return OWED_ORDER_STATUSES.includes(order.status) && isPastDeadline(order.dueAt, now)
}

/** Statuses in which the work is handed in: the deadline it was measured against stays. */
export const HANDED_IN_ORDER_STATUSES = ['awaiting_verification', ...FINISHED_ORDER_STATUSES] as const
/** The history note of an overdue flag taken back because the deadline has not passed (the page says it in words). */
export const OVERDUE_LIFTED_NOTE = 'deadline-not-passed'

const isHandedIn = (status: string) => (HANDED_IN_ORDER_STATUSES as readonly string[]).includes(status)

/**
 * The share an order stood at just before its latest hand-in (the last report
 * or step before it): what counts once the work is sent back. Null without a hand-in.
 */
export function shareBeforeHandIn(db: DbOrTx, workOrderId: number): number | null {
  const handIn = db
    .select({ id: workOrderEvents.id })
    .from(workOrderEvents)
    .where(and(eq(workOrderEvents.workOrderId, workOrderId), eq(workOrderEvents.kind, 'transition'), eq(workOrderEvents.toStatus, 'awaiting_verification')))
    .orderBy(desc(workOrderEvents.id))
    .get()
  if (!handIn) return null
  const before = db
    .select({ progress: workOrderEvents.progress })
    .from(workOrderEvents)
    .where(
      and(
        eq(workOrderEvents.workOrderId, workOrderId),
        lt(workOrderEvents.id, handIn.id),
        inArray(workOrderEvents.kind, ['transition', 'progress']),
        sql`${workOrderEvents.progress} is not null`,
      ),
    )
    .orderBy(desc(workOrderEvents.id))
    .get()
  return before?.progress ?? null
}

/** Statuses that are off the main line (their progress share is not a step forward). */
const SIDE_STATUSES = new Set(['returned', 'overdue', 'escalated'])

/** One line of an order's history, by whoever acted (none for the system). */
function addOrderEvent(tx: DbOrTx, actor: Actor, values: Omit<typeof workOrderEvents.$inferInsert, 'actorId'>) {
  return tx
    .insert(workOrderEvents)
    .values({ ...values, actorId: actor.kind === 'user' ? actor.id : null })
    .returning()
    .get()
}

/** Street staff whose scope covers a unit (they are escalated to and told of reopenings). */
export function listStreetStaffFor(db: DbOrTx, unitId: number): number[] {
  const grants = db
    .select({ userId: roleAssignments.userId, unitId: roleAssignments.unitId })
    .from(roleAssignments)
    .where(eq(roleAssignments.role, 'street_staff'))
    .all()
  return [...new Set(grants.filter(g => g.unitId != null && unitCovers(db, g.unitId, unitId)).map(g => g.userId))]
}

/** Display names of the street staff over a unit: who sends its work orders. */
export function listStreetStaffNames(db: DbOrTx, unitId: number): string[] {
  const ids = listStreetStaffFor(db, unitId)
  if (!ids.length) return []
  const names = new Map(
    db
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .where(inArray(users.id, ids))
      .all()
      .map(u => [u.id, u.name]),
  )
  return ids.map(id => names.get(id) ?? '').filter(Boolean)
}

/** Staff of a department (they receive its work orders). */
export function listDepartmentStaff(db: DbOrTx, departmentId: number): number[] {
  const grants = db
    .select({ userId: roleAssignments.userId, unitId: roleAssignments.unitId })
    .from(roleAssignments)
    .where(eq(roleAssignments.role, 'department_staff'))
    .all()
  return [...new Set(grants.filter(g => g.unitId != null && unitCovers(db, g.unitId, departmentId)).map(g => g.userId))]
}

/**
 * The departments among `departmentIds` where nobody could accept a work
 * order: no department staff over them whose account is not disabled.
 */
export function listDepartmentsWithoutStaff(db: DbOrTx, departmentIds: number[]): number[] {
  return departmentIds.filter(id => {
    const staff = listDepartmentStaff(db, id)
    return (
      !staff.length ||
      !db
        .select({ id: users.id })
        .from(users)
        .where(and(inArray(users.id, staff), isNull(users.disabledAt)))
        .get()
    )
  })
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
    .selectDistinct({
      to: workOrderTransitions.toCode,
      nameZh: workOrderStatuses.nameZh,
      nameEn: workOrderStatuses.nameEn,
      position: workOrderStatuses.position,
    })
    .from(workOrderTransitions)
    .innerJoin(workOrderStatuses, eq(workOrderStatuses.code, workOrderTransitions.toCode))
    .where(and(eq(workOrderTransitions.fromCode, from), inArray(workOrderTransitions.role, roles)))
    .orderBy(asc(workOrderStatuses.position))
    .all()
}

export function workOrderContext(db: DbOrTx, workOrderId: number) {
  return db
    .select({ order: workOrders, topicId: decisions.topicId, topicUnitId: topics.unitId, decisionTitle: decisions.title })
    .from(workOrders)
    .innerJoin(decisions, eq(decisions.id, workOrders.decisionId))
    .innerJoin(topics, eq(topics.id, decisions.topicId))
    .where(eq(workOrders.id, workOrderId))
    .get()
}

// ---------------------------------------------------------------------------
// Personal data in what staff write for a department

/**
 * A piece of personal data found in a text: `shown` masked, for anything that
 * may be kept or logged (a refusal from the data layer); `typed` as its writer
 * typed it, only for naming it back to them in the response to what they sent,
 * so they can find the words to delete. `typed` is never stored, logged or audited.
 */
export type PersonalDataFinding = { kind: PersonalDataKind; shown: string; typed: string }

/** 13900001111 → 139****1111, wang@example.com → w***@example.com, 浙A12345 → 浙A***45, 王阿姨 → 王**. */
function maskFinding(kind: PersonalDataKind, text: string): string {
  const t = text.trim()
  const chars = [...t]
  switch (kind) {
    case 'phone':
    case 'idNumber':
      return maskPhone(t.replace(/[^0-9Xx]/g, '')) ?? '****'
    case 'email': {
      const at = t.indexOf('@')
      return at > 0 ? `${chars[0]}***${t.slice(at)}` : '***'
    }
    case 'plate':
    case 'account':
      return chars.length > 4 ? `${chars.slice(0, 2).join('')}***${chars.slice(-2).join('')}` : '****'
    case 'address':
      return chars.length > 2 ? `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}` : '**'
    default:
      return maskName(t) ?? '*'
  }
}

/**
 * The personal data in each of `fields` (phone and ID numbers, plates,
 * e-mail and chat accounts, names introduced or addressed, home addresses,
 * and the complainants' own names and phones when `known`), as the scrubber
 * finds it. Fields without any are left out: an empty result means the text
 * may go to a department as written. Nothing is rewritten: the writer takes it out.
 */
export function findPersonalDataIn(
  fields: Record<string, string | null | undefined>,
  known: { names?: (string | null)[]; phones?: (string | null)[] } = {},
): Record<string, PersonalDataFinding[]> {
  const out: Record<string, PersonalDataFinding[]> = {}
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue
    const seen = new Set<string>()
    const found: PersonalDataFinding[] = []
    // A landline the text gives as an office's may go to a department, unless it is a complainant's own.
    const knownPhones = new Set((known.phones ?? []).map(p => digitsOf(p ?? '')).filter(Boolean))
    const offices = new Set(
      officeNumbers(text)
        .map(digitsOf)
        .filter(d => !knownPhones.has(d)),
    )
    for (const f of findPersonalData(text, known)) {
      if (f.kind === 'phone' && offices.has(digitsOf(f.text))) continue
      const shown = maskFinding(f.kind, f.text)
      if (!f.text.trim() || seen.has(`${f.kind}:${f.text.trim()}`)) continue
      seen.add(`${f.kind}:${f.text.trim()}`)
      found.push({ kind: f.kind, shown, typed: f.text.trim() })
    }
    // The last check before anything is published: a number the patterns missed still counts.
    if (!found.length && looksPersonal(scrubPersonalData(text, known).text)) found.push({ kind: 'phone', shown: '****', typed: '' })
    if (found.length) out[field] = found
  }
  return out
}

/**
 * The names and phones of those who complained about a topic: never to be
 * written into what a department receives. Two-character names are left to
 * the patterns (联系人…, …女士): as bare words they are too often ordinary
 * ones (高峰, 向阳) to refuse a text for.
 */
export function complainantsOfTopic(db: DbOrTx, topicId: number) {
  const rows = db
    .select({ name: complaints.complainantName, phone: complaints.complainantPhone })
    .from(topicComplaints)
    .innerJoin(complaints, eq(complaints.id, topicComplaints.complaintId))
    .where(eq(topicComplaints.topicId, topicId))
    .all()
  return { names: [...new Set(rows.map(r => r.name?.trim() ?? ''))].filter(n => [...n].length >= 3), phones: [...new Set(rows.map(r => r.phone))] }
}

const digitsOf = (s: string) => s.replace(/[^0-9]/g, '')

/** Refuses text holding personal data, naming the first field that does and what is in it (masked: an error may be logged). */
export function refusePersonalData(messageKey: string, found: Record<string, PersonalDataFinding[]>) {
  const [field, list] = Object.entries(found)[0] ?? []
  if (!field || !list) return
  throw new DomainError('invalid', messageKey, { field, params: { found: list.map(f => f.shown).join('、') } })
}

/** The free-text fields of a work order: they go to the department as written. */
export const workOrderTexts = (o: { title: string; problem: string; place?: string | null }) => ({ title: o.title, problem: o.problem, place: o.place ?? null })

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
 * Text holding personal data is refused (departments can open drafts too).
 */
export function createWorkOrders(db: DbOrTx, input: CreateWorkOrdersInput, actor: Actor) {
  return db.transaction(tx => {
    const decision = tx
      .select({ id: decisions.id, topicId: decisions.topicId, title: decisions.title, unitId: topics.unitId })
      .from(decisions)
      .innerJoin(topics, eq(topics.id, decisions.topicId))
      .where(eq(decisions.id, input.decisionId))
      .get()
    if (!decision) throw new DomainError('not-found', 'outcome.error.not-found')
    refusePersonalData('outcome.error.personalData', findPersonalDataIn(workOrderTexts(input), complainantsOfTopic(tx, decision.topicId)))
    const deptIds = [...new Set(input.departmentIds)]
    if (!deptIds.length) throw new DomainError('invalid', 'outcome.error.departmentRequired', { field: 'departmentIds' })
    const depts = tx.select({ id: units.id, kind: units.kind }).from(units).where(inArray(units.id, deptIds)).all()
    if (depts.length !== deptIds.length || depts.some(d => d.kind !== 'department'))
      throw new DomainError('invalid', 'outcome.error.unknownDepartment', { field: 'departmentIds' })
    const orders: WorkOrderRow[] = []
    const sent: NotificationRow[] = []
    for (const departmentId of deptIds) {
      if (!workOrderRolesOf(tx, actor, { departmentId, topicUnitId: decision.unitId }).includes('street_staff'))
        throw new DomainError('forbidden', 'outcome.error.streetStaffOnly')
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
      addOrderEvent(tx, actor, {
        workOrderId: order.id,
        kind: 'transition',
        fromStatus: null,
        toStatus: 'draft',
        progress: 0,
      })
      writeAudit(tx, actor, 'work_order.create', { type: 'work_order', id: order.id }, { after: order })
      if (input.dispatch) {
        const r = applyWorkOrderTransition(tx, order.id, 'dispatched', order.version, null, actor, null)
        orders.push(r.order)
        sent.push(...r.sent)
      } else orders.push(order)
    }
    const rolled = rollUpDecision(tx, decision.id, actor)
    sent.push(...rolled.sent)
    return { orders, sent }
  })
}

export type TransitionInput = { workOrderId: number; to: string; expectedVersion: number; note?: string | null }

/**
 * Move a work order to another status if workOrderTransitions allows it for
 * one of the actor's roles. `expectedVersion` is the optimistic lock: a stale
 * version is a `conflict` (someone else moved the order first). Writes the
 * history event and audit row, rolls progress up to the decision and marks it
 * delivered once all its orders are verified or closed.
 */
export function transitionWorkOrder(db: DbOrTx, input: TransitionInput, actor: Actor) {
  return db.transaction(tx => applyWorkOrderTransition(tx, input.workOrderId, input.to, input.expectedVersion, input.note ?? null, actor, null))
}

/** The transition itself, inside the caller's transaction (also used by the system for reopening). */
export function applyWorkOrderTransition(
  tx: DbOrTx,
  workOrderId: number,
  to: string,
  expectedVersion: number,
  note: string | null,
  actor: Actor,
  asRole: string | null,
  /** The share the step records, when a progress report makes it (else the status's own). */
  reportedProgress?: number,
) {
  const ctx = workOrderContext(tx, workOrderId)
  if (!ctx) throw new DomainError('not-found', 'outcome.error.not-found')
  const { order } = ctx
  if (order.version !== expectedVersion)
    throw new DomainError('conflict', 'outcome.error.conflict', { params: { version: order.version, expected: expectedVersion } })
  const roles = asRole ? [asRole] : workOrderRolesOf(tx, actor, { departmentId: order.departmentId, topicUnitId: ctx.topicUnitId })
  if (!roles.length) throw new DomainError('forbidden', 'outcome.error.notYourOrder')
  const allowed = tx
    .select({ role: workOrderTransitions.role })
    .from(workOrderTransitions)
    .where(and(eq(workOrderTransitions.fromCode, order.status), eq(workOrderTransitions.toCode, to), inArray(workOrderTransitions.role, roles)))
    .get()
  if (!allowed) throw new DomainError('forbidden', 'outcome.error.transitionNotOpen', { params: { from: order.status, to } })
  // Sent to a department with no one to accept it, an order would wait unseen while its deadline ran.
  if (to === 'dispatched' && listDepartmentsWithoutStaff(tx, [order.departmentId]).length)
    throw new DomainError('invalid', 'outcome.error.dispatchNoStaff', { params: { department: departmentName(tx, order.departmentId) } })
  if (to === 'dispatched') refusePersonalData('outcome.error.personalData', findPersonalDataIn(workOrderTexts(order), complainantsOfTopic(tx, ctx.topicId)))
  const statuses = new Map(
    tx
      .select()
      .from(workOrderStatuses)
      .all()
      .map(s => [s.code, s]),
  )
  const fromS = statuses.get(order.status)!
  const toS = statuses.get(to)!
  let progress: number
  if (reportedProgress != null) progress = reportedProgress
  else if (SIDE_STATUSES.has(to)) progress = order.progress
  else if (SIDE_STATUSES.has(order.status) || toS.position > fromS.position) progress = Math.max(order.progress, toS.progress)
  // Sent back for rework or reopened after the hand-in: not all done, but what was done before the hand-in still is.
  else if (isHandedIn(order.status) && !isHandedIn(to)) progress = shareBeforeHandIn(tx, order.id) ?? toS.progress
  else progress = toS.progress // sent back a step: the work is not done
  const now = new Date()
  const updated = saveOrder(tx, order, expectedVersion, { status: to, progress, closedAt: toS.isTerminal ? now : null })
  const event = addOrderEvent(tx, actor, {
    workOrderId: order.id,
    kind: 'transition',
    fromStatus: order.status,
    toStatus: to,
    progress,
    note,
  })
  writeAudit(
    tx,
    actor,
    'work_order.transition',
    { type: 'work_order', id: order.id },
    {
      before: { status: order.status, progress: order.progress, version: order.version },
      after: { status: to, progress, version: updated.version, role: allowed.role, note },
    },
  )

  const sent: NotificationRow[] = []
  const params = { order: order.title, department: departmentName(tx, order.departmentId), status: toS.nameZh }
  const link = `/orders/${order.id}`
  if (to === 'dispatched')
    sent.push(...createNotifications(tx, listDepartmentStaff(tx, order.departmentId), 'work_order', 'outcome.notify.dispatched', params, link))
  if (to === 'awaiting_verification')
    sent.push(
      ...createNotifications(tx, supervisorsFor(tx, order.departmentId, ctx.topicUnitId), 'work_order', 'outcome.notify.awaitingVerification', params, link),
    )
  if (to === 'returned' || to === 'escalated')
    sent.push(
      ...createNotifications(
        tx,
        listStreetStaffFor(tx, order.departmentId),
        'work_order',
        to === 'returned' ? 'outcome.notify.returned' : 'outcome.notify.escalated',
        params,
        link,
      ),
    )
  if (to === 'overdue')
    sent.push(
      ...createNotifications(
        tx,
        [...listStreetStaffFor(tx, order.departmentId), ...listDepartmentStaff(tx, order.departmentId)],
        'work_order',
        'outcome.notify.overdue',
        params,
        link,
      ),
    )
  // Residents hear of the steps that change something for them.
  if (['dispatched', 'in_progress', 'verified'].includes(to)) sent.push(...notifyTopicFollowers(tx, ctx.topicId, 'outcome.notify.orderStep', params))
  const rolled = rollUpDecision(tx, order.decisionId, actor)
  sent.push(...rolled.sent)
  return { order: updated, event, decision: rolled.decision, sent }
}

/** Whether the transitions table opens this step from the order's status to one of the actor's roles on it. */
function mayMoveWorkOrder(tx: DbOrTx, actor: Actor, ctx: { order: { status: string; departmentId: number }; topicUnitId: number | null }, to: string): boolean {
  const roles = workOrderRolesOf(tx, actor, { departmentId: ctx.order.departmentId, topicUnitId: ctx.topicUnitId })
  if (!roles.length) return false
  return !!tx
    .select({ role: workOrderTransitions.role })
    .from(workOrderTransitions)
    .where(and(eq(workOrderTransitions.fromCode, ctx.order.status), eq(workOrderTransitions.toCode, to), inArray(workOrderTransitions.role, roles)))
    .get()
}

export function departmentName(db: DbOrTx, id: number) {
  return db.select({ nameZh: units.nameZh }).from(units).where(eq(units.id, id)).get()?.nameZh ?? ''
}

function supervisorsFor(db: DbOrTx, departmentId: number, topicUnitId: number | null) {
  const grants = db
    .select({ userId: roleAssignments.userId, unitId: roleAssignments.unitId })
    .from(roleAssignments)
    .where(eq(roleAssignments.role, 'supervisor'))
    .all()
  return grants.filter(g => g.unitId != null && (unitCovers(db, g.unitId, departmentId) || unitCovers(db, g.unitId, topicUnitId))).map(g => g.userId)
}

export type ProgressUpdateInput = {
  workOrderId: number
  note: string
  progress?: number | null
  /** The reporter confirms a share lower than the order's current one (its note says why). */
  lowerConfirmed?: boolean
  photos?: { storagePath: string; mimeType: string; sizeBytes: number; originalName: string }[]
}

/**
 * Whether a reported share needs confirming: it is lower than the order's
 * current share. Street staff and residents follow the figure, so a drop must
 * be meant (rework found, an estimate corrected) and explained, not a slip of
 * the keyboard; refusing it outright would keep a wrong figure standing.
 */
export function lowersProgress(current: number, reported: number | null | undefined) {
  return reported != null && Math.round(reported) < current
}

/**
 * Post a progress update (text, optional percentage, photos) to an open work
 * order; a lower share than the current one needs `lowerConfirmed`.
 */
export function postWorkOrderUpdate(db: DbOrTx, input: ProgressUpdateInput, actor: Actor) {
  return db.transaction(tx => {
    const ctx = workOrderContext(tx, input.workOrderId)
    if (!ctx) throw new DomainError('not-found', 'outcome.error.not-found')
    const { order } = ctx
    const roles = workOrderRolesOf(tx, actor, { departmentId: order.departmentId, topicUnitId: ctx.topicUnitId })
    if (!roles.includes('department_staff') && !roles.includes('street_staff')) throw new DomainError('forbidden', 'outcome.error.notYourOrder')
    if (['draft', 'verified', 'closed'].includes(order.status))
      throw new DomainError('invalid', 'outcome.error.orderClosed', { params: { status: order.status } })
    if (lowersProgress(order.progress, input.progress) && !input.lowerConfirmed)
      throw new DomainError('invalid', 'outcome.error.progressLowered', { field: 'progress', params: { previous: order.progress } })
    // 100% means handed in (and then verified), so a figure reported along the way stops at 95.
    const progress = input.progress == null ? order.progress : Math.max(0, Math.min(95, Math.round(input.progress)))
    // Work reported under way on an accepted order is work in progress: the order moves there as its
    // status button would (history line, audit row, followers told), where the reporter may make that step.
    const startsWork = order.status === 'accepted' && input.progress != null && progress > 0 && mayMoveWorkOrder(tx, actor, ctx, 'in_progress')
    const moved = startsWork ? applyWorkOrderTransition(tx, order.id, 'in_progress', order.version, null, actor, null, progress) : null
    const current = moved ? moved.order : order
    const event = addOrderEvent(tx, actor, {
      workOrderId: order.id,
      kind: 'progress',
      fromStatus: current.status,
      toStatus: current.status,
      progress,
      note: input.note,
    })
    const photos = (input.photos ?? []).map(p =>
      tx
        .insert(attachments)
        .values({ ...p, workOrderUpdateId: event.id })
        .returning({ id: attachments.id })
        .get(),
    )
    const updated = tx
      .update(workOrders)
      .set({ progress, version: current.version + 1 })
      .where(eq(workOrders.id, order.id))
      .returning()
      .get()
    writeAudit(
      tx,
      actor,
      'work_order.progress',
      { type: 'work_order', id: order.id },
      { before: { progress: order.progress }, after: { progress, note: input.note, photos: photos.map(p => p.id) } },
    )
    const rolled = rollUpDecision(tx, order.decisionId, actor)
    const sent = [...(moved?.sent ?? []), ...rolled.sent, ...notifyTopicFollowers(tx, ctx.topicId, 'outcome.notify.progress', { order: order.title, progress })]
    return { order: updated, event, photos, sent, movedTo: moved ? ('in_progress' as const) : null }
  })
}

export type DeadlineChangeInput = { workOrderId: number; dueAt: Date; reason: string; expectedVersion: number }

/**
 * Give a work order a new deadline, for a reason. Street staff over the order
 * may (those who issue orders set their deadlines; admins hold every role).
 * Refused once the work is handed in, for a day already over in China time and
 * for the same day. An overdue or escalated order whose new deadline lies ahead
 * is overdue no more: it goes back to the status it was flagged from. Writes
 * the history line and audit row, and tells the department (unless the order
 * is a draft it has not received).
 */
export function changeWorkOrderDeadline(db: DbOrTx, input: DeadlineChangeInput, actor: Actor, now = new Date()) {
  return db.transaction(tx => {
    const ctx = workOrderContext(tx, input.workOrderId)
    if (!ctx) throw new DomainError('not-found', 'outcome.error.not-found')
    const { order } = ctx
    if (order.version !== input.expectedVersion)
      throw new DomainError('conflict', 'outcome.error.conflict', { params: { version: order.version, expected: input.expectedVersion } })
    if (!workOrderRolesOf(tx, actor, { departmentId: order.departmentId, topicUnitId: ctx.topicUnitId }).includes('street_staff'))
      throw new DomainError('forbidden', 'outcome.error.deadlineStreetStaffOnly')
    if ((HANDED_IN_ORDER_STATUSES as readonly string[]).includes(order.status))
      throw new DomainError('invalid', 'outcome.error.deadlineHandedIn', { params: { status: order.status } })
    if (isPastDeadline(input.dueAt, now)) throw new DomainError('invalid', 'outcome.error.dueBeforeToday', { field: 'dueAt' })
    if (chinaDay(input.dueAt) === chinaDay(order.dueAt)) throw new DomainError('invalid', 'outcome.error.deadlineUnchanged', { field: 'dueAt' })
    const updated = saveOrder(tx, order, input.expectedVersion, { dueAt: input.dueAt })
    const event = addOrderEvent(tx, actor, {
      workOrderId: order.id,
      kind: 'deadline',
      fromDueAt: order.dueAt,
      toDueAt: input.dueAt,
      note: input.reason,
    })
    writeAudit(
      tx,
      actor,
      'work_order.deadline',
      { type: 'work_order', id: order.id },
      { before: { dueAt: order.dueAt, version: order.version }, after: { dueAt: input.dueAt, version: updated.version, reason: input.reason } },
    )
    const lifted = updated.status === 'overdue' || updated.status === 'escalated' ? liftOverdueFlag(tx, updated, actor) : null
    const sent = tellDepartment(tx, order, 'outcome.notify.deadlineChanged', {
      order: order.title,
      department: departmentName(tx, order.departmentId),
      due: chinaDay(input.dueAt),
      reason: input.reason,
    })
    return { order: lifted?.order ?? updated, event, sent }
  })
}

/**
 * The deadline a reopened order is given: as many days as it was first given
 * (from the day it was sent out to its first deadline, at least one), counted
 * from the day it is reopened, at the same time of day. Later extensions are
 * not counted: they answered that round's troubles.
 */
export function reopenedDeadlineOf(db: DbOrTx, order: WorkOrderRow, now: Date): Date {
  const sent =
    db
      .select({ at: workOrderEvents.createdAt })
      .from(workOrderEvents)
      .where(and(eq(workOrderEvents.workOrderId, order.id), eq(workOrderEvents.kind, 'transition'), eq(workOrderEvents.toStatus, 'dispatched')))
      .orderBy(asc(workOrderEvents.id))
      .get()?.at ?? order.createdAt
  const firstChange = db
    .select({ from: workOrderEvents.fromDueAt })
    .from(workOrderEvents)
    .where(and(eq(workOrderEvents.workOrderId, order.id), eq(workOrderEvents.kind, 'deadline')))
    .orderBy(asc(workOrderEvents.id))
    .get()
  const firstDue = firstChange?.from ?? order.dueAt
  const dueDay = startOfChinaDay(firstDue)
  const days = Math.max(1, Math.round((dueDay.getTime() - startOfChinaDay(sent).getTime()) / DAY_MS))
  return new Date(startOfChinaDay(now).getTime() + days * DAY_MS + (firstDue.getTime() - dueDay.getTime()))
}

/**
 * Give an order reopened by a resident's rating its new deadline (see
 * `reopenedDeadlineOf`), inside the reopening's transaction, recorded as any
 * deadline change is: a history line (with `note`, the reopening's), an audit
 * row, and the overdue count starting again. A deadline still further ahead
 * stays. Returns the new deadline, or null when it stayed. The caller tells
 * the department, in the reopening's own message.
 */
export function renewReopenedDeadline(tx: DbOrTx, workOrderId: number, note: string, actor: Actor, now = new Date()): Date | null {
  const order = tx.select().from(workOrders).where(eq(workOrders.id, workOrderId)).get()
  if (!order) throw new DomainError('not-found', 'outcome.error.not-found')
  const dueAt = reopenedDeadlineOf(tx, order, now)
  if (chinaDay(dueAt) <= chinaDay(order.dueAt)) return null
  const updated = saveOrder(tx, order, order.version, { dueAt })
  addOrderEvent(tx, actor, { workOrderId: order.id, kind: 'deadline', fromDueAt: order.dueAt, toDueAt: dueAt, note })
  writeAudit(
    tx,
    actor,
    'work_order.deadline',
    { type: 'work_order', id: order.id },
    { before: { dueAt: order.dueAt, version: order.version }, after: { dueAt, version: updated.version, reason: note } },
  )
  return dueAt
}

/** Tells the department carrying out an order about a change to it, unless the order is a draft it has not received. */
function tellDepartment(tx: DbOrTx, order: { id: number; status: string; departmentId: number }, key: string, params: Record<string, string | number>) {
  return order.status === 'draft' ? [] : createNotifications(tx, listDepartmentStaff(tx, order.departmentId), 'work_order', key, params, `/orders/${order.id}`)
}

export type TextEditInput = { workOrderId: number; title: string; problem: string; place: string | null; expectedVersion: number }

/** The fields of an order's text, as an edit's audit row records them before and after. */
type OrderText = { title: string; problem: string; place: string | null }

/**
 * The unit an actor issues an order's work from: their street-staff grant over
 * the order's department or topic (null for an administrator, who holds every role).
 */
function issuingUnitOf(tx: DbOrTx, actor: Actor, order: { departmentId: number; topicUnitId: number | null }): number | null {
  if (actor.kind !== 'user') return null
  const grant = listGrants(tx, actor.id).find(
    g => g.role === 'street_staff' && g.unitId != null && (unitCovers(tx, g.unitId, order.departmentId) || unitCovers(tx, g.unitId, order.topicUnitId)),
  )
  return grant?.unitId ?? null
}

/**
 * Rewrite an order's text (title, problem, place) as read at `expectedVersion`.
 * Those who issue the order may (street staff over it; admins hold every role),
 * not the department that carries it out, and only until the work is handed
 * in: after that the work is measured against the text it was given. The text
 * is checked for personal data as on creation. The audit row keeps the text
 * before and after and the unit that edited it (the order's page reads its
 * edits from there); the department is told, unless the order is a draft it
 * has not received.
 */
export function editWorkOrderText(db: DbOrTx, input: TextEditInput, actor: Actor) {
  return db.transaction(tx => {
    const ctx = workOrderContext(tx, input.workOrderId)
    if (!ctx) throw new DomainError('not-found', 'outcome.error.not-found')
    const { order } = ctx
    const where = { departmentId: order.departmentId, topicUnitId: ctx.topicUnitId }
    if (!workOrderRolesOf(tx, actor, where).includes('street_staff')) throw new DomainError('forbidden', 'outcome.error.editStreetStaffOnly')
    if ((HANDED_IN_ORDER_STATUSES as readonly string[]).includes(order.status))
      throw new DomainError('invalid', 'outcome.error.editHandedIn', { params: { status: order.status } })
    if (order.version !== input.expectedVersion)
      throw new DomainError('conflict', 'outcome.error.editConflict', { params: { version: order.version, expected: input.expectedVersion } })
    const next: OrderText = { title: input.title, problem: input.problem, place: input.place || null }
    const prev: OrderText = { title: order.title, problem: order.problem, place: order.place }
    if (next.title === prev.title && next.problem === prev.problem && next.place === prev.place) throw new DomainError('invalid', 'outcome.error.editUnchanged')
    refusePersonalData('outcome.error.personalData', findPersonalDataIn(workOrderTexts(next), complainantsOfTopic(tx, ctx.topicId)))
    const updated = saveOrder(tx, order, input.expectedVersion, next)
    writeAudit(
      tx,
      actor,
      'work_order.edit',
      { type: 'work_order', id: order.id },
      { before: { ...prev, version: order.version }, after: { ...next, version: updated.version, unitId: issuingUnitOf(tx, actor, where) } },
    )
    const sent = tellDepartment(tx, order, 'outcome.notify.orderEdited', {
      order: next.title,
      previous: prev.title,
      department: departmentName(tx, order.departmentId),
    })
    return { order: updated, sent }
  })
}

/** An edit of an order's text: when, by which unit (null: an administrator), and the text before and after. */
export type WorkOrderEdit = {
  id: number
  createdAt: Date
  unitId: number | null
  unit: string | null
  unitEn: string | null
  before: OrderText
  after: OrderText
}

/** The edits of an order's text, oldest first, from their audit rows. */
export function listWorkOrderEdits(db: DbOrTx, workOrderId: number): WorkOrderEdit[] {
  const rows = db
    .select({ id: auditEvents.id, createdAt: auditEvents.createdAt, before: auditEvents.before, after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'work_order'), eq(auditEvents.subjectId, String(workOrderId)), eq(auditEvents.action, 'work_order.edit')))
    .orderBy(asc(auditEvents.id))
    .all()
  const text = (v: unknown): OrderText => {
    const o = (v ?? {}) as Partial<OrderText>
    return { title: String(o.title ?? ''), problem: String(o.problem ?? ''), place: o.place == null ? null : String(o.place) }
  }
  const unitIds = [...new Set(rows.map(r => (r.after as { unitId?: number | null } | null)?.unitId).filter((id): id is number => typeof id === 'number'))]
  const names = new Map(
    unitIds.length
      ? db
          .select({ id: units.id, nameZh: units.nameZh, nameEn: units.nameEn })
          .from(units)
          .where(inArray(units.id, unitIds))
          .all()
          .map(u => [u.id, u])
      : [],
  )
  return rows.map(r => {
    const unitId = (r.after as { unitId?: number | null } | null)?.unitId ?? null
    const unit = unitId == null ? null : names.get(unitId)
    return { id: r.id, createdAt: r.createdAt, unitId, unit: unit?.nameZh ?? null, unitEn: unit?.nameEn ?? null, before: text(r.before), after: text(r.after) }
  })
}

/**
 * Writes `set` to an order read at `expectedVersion`, counting one more version;
 * someone who changed it in between makes this a conflict rather than a lost update.
 */
function saveOrder(tx: DbOrTx, order: WorkOrderRow, expectedVersion: number, set: Partial<typeof workOrders.$inferInsert>): WorkOrderRow {
  const updated = tx
    .update(workOrders)
    .set({ ...set, version: order.version + 1 })
    .where(and(eq(workOrders.id, order.id), eq(workOrders.version, expectedVersion)))
    .returning()
    .get()
  if (!updated) throw new DomainError('conflict', 'outcome.error.conflict')
  return updated
}

/**
 * Take back the overdue flag (and an escalation after it) of an order whose
 * deadline has not passed: it returns to the status it was flagged from, with
 * a history line and an audit row. Progress stays: being overdue kept it.
 */
function liftOverdueFlag(tx: DbOrTx, order: WorkOrderRow, actor: Actor) {
  const flagged = tx
    .select({ fromStatus: workOrderEvents.fromStatus })
    .from(workOrderEvents)
    .where(and(eq(workOrderEvents.workOrderId, order.id), eq(workOrderEvents.kind, 'transition'), eq(workOrderEvents.toStatus, 'overdue')))
    .orderBy(desc(workOrderEvents.id))
    .get()
  // Without a recorded flag, back to work in hand: the step the department itself would take out of overdue.
  const to = flagged?.fromStatus && (OPEN_ORDER_STATUSES as readonly string[]).includes(flagged.fromStatus) ? flagged.fromStatus : 'in_progress'
  const updated = saveOrder(tx, order, order.version, { status: to })
  const event = addOrderEvent(tx, actor, {
    workOrderId: order.id,
    kind: 'transition',
    fromStatus: order.status,
    toStatus: to,
    progress: order.progress,
    note: OVERDUE_LIFTED_NOTE,
  })
  writeAudit(
    tx,
    actor,
    'work_order.overdue.lift',
    { type: 'work_order', id: order.id },
    {
      before: { status: order.status, dueAt: order.dueAt, version: order.version },
      after: { status: to, version: updated.version, reason: OVERDUE_LIFTED_NOTE },
    },
  )
  return { order: updated, event }
}

/**
 * The overdue job (system actor). First it takes back flags an order should
 * not carry: overdue (or escalated by the job) while its deadline day has not
 * ended, as an older rule flagged orders during that day, or as an order whose
 * deadline was moved later; those told it was overdue are told it is not.
 * Then open orders whose deadline day has ended (China time, see
 * `isPastDeadline`) move to `overdue`, once per deadline (a department that
 * resumes the work is not flagged again until a new deadline passes); orders
 * still overdue `escalateAfterMs` after that day ended move on to `escalated`.
 * Street staff and the department are told.
 */
export function flagOverdueWorkOrders(db: DbOrTx, now: Date, opts: { escalateAfterMs?: number } = {}) {
  const escalateAfterMs = opts.escalateAfterMs ?? 2 * DAY_MS
  const system: Actor = { kind: 'system' }
  const sent: NotificationRow[] = []
  let lifted = 0
  const flaggedEarly = db
    .select({ id: workOrders.id, version: workOrders.version })
    .from(workOrders)
    .where(and(inArray(workOrders.status, ['overdue', 'escalated']), gte(workOrders.dueAt, startOfChinaDay(now))))
    .all()
  for (const o of flaggedEarly) {
    const r = db.transaction(tx => {
      const order = tx.select().from(workOrders).where(eq(workOrders.id, o.id)).get()
      if (!order || order.version !== o.version) return null // moved meanwhile: next run
      if (order.status === 'escalated') {
        // A person's escalation is their judgement and stands; only the job's own is taken back.
        const escalation = tx
          .select({ actorId: workOrderEvents.actorId })
          .from(workOrderEvents)
          .where(and(eq(workOrderEvents.workOrderId, order.id), eq(workOrderEvents.kind, 'transition'), eq(workOrderEvents.toStatus, 'escalated')))
          .orderBy(desc(workOrderEvents.id))
          .get()
        if (escalation?.actorId != null) return null
      }
      liftOverdueFlag(tx, order, system)
      return createNotifications(
        tx,
        [...listStreetStaffFor(tx, order.departmentId), ...listDepartmentStaff(tx, order.departmentId)],
        'work_order',
        'outcome.notify.notOverdue',
        { order: order.title, department: departmentName(tx, order.departmentId) },
        `/orders/${order.id}`,
      )
    })
    if (r) {
      sent.push(...r)
      lifted++
    }
  }

  // Flagged for the deadline it has now: a deadline change or a taken-back flag starts the count again.
  const flag = alias(workOrderEvents, 'flag')
  const restart = alias(workOrderEvents, 'restart')
  const flaggedForThisDeadline = db
    .select({ one: sql`1` })
    .from(flag)
    .where(
      and(
        eq(flag.workOrderId, workOrders.id),
        eq(flag.kind, 'transition'),
        eq(flag.toStatus, 'overdue'),
        notExists(
          db
            .select({ one: sql`1` })
            .from(restart)
            .where(
              and(eq(restart.workOrderId, flag.workOrderId), gt(restart.id, flag.id), or(eq(restart.kind, 'deadline'), eq(restart.note, OVERDUE_LIFTED_NOTE))),
            ),
        ),
      ),
    )
  const late = db
    .select({ id: workOrders.id, version: workOrders.version })
    .from(workOrders)
    .where(and(inArray(workOrders.status, [...OPEN_ORDER_STATUSES]), lt(workOrders.dueAt, startOfChinaDay(now)), notExists(flaggedForThisDeadline)))
    .all()
  let overdue = 0
  let escalated = 0
  for (const o of late) {
    try {
      sent.push(...db.transaction(tx => applyWorkOrderTransition(tx, o.id, 'overdue', o.version, null, system, null)).sent)
      overdue++
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'conflict')) throw e // someone moved it meanwhile: next run
    }
  }
  const stale = db
    .select({ id: workOrders.id, version: workOrders.version })
    .from(workOrders)
    .where(and(eq(workOrders.status, 'overdue'), lt(workOrders.dueAt, startOfChinaDay(now.getTime() - escalateAfterMs))))
    .all()
  for (const o of stale) {
    try {
      sent.push(...db.transaction(tx => applyWorkOrderTransition(tx, o.id, 'escalated', o.version, null, system, null)).sent)
      escalated++
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'conflict')) throw e
    }
  }
  return { overdue, escalated, lifted, sent }
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
    // Orders in hand first, soonest due first; finished ones after them, latest first.
    .orderBy(
      sql`case when ${inArray(workOrders.status, [...FINISHED_ORDER_STATUSES])} then 1 else 0 end`,
      sql`case when ${inArray(workOrders.status, [...FINISHED_ORDER_STATUSES])} then -${workOrders.dueAt} else ${workOrders.dueAt} end`,
      asc(workOrders.id),
    )
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
    ? db
        .select({
          id: attachments.id,
          eventId: attachments.workOrderUpdateId,
          mimeType: attachments.mimeType,
          originalName: attachments.originalName,
          sizeBytes: attachments.sizeBytes,
        })
        .from(attachments)
        .where(
          inArray(
            attachments.workOrderUpdateId,
            events.map(e => e.id),
          ),
        )
        .all()
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
