// Decisions taken by meetings (or on a topic), their measurable targets and
// measurements, and the roll-up of work-order progress into the decision.
// Data access only: writes return the notifications they stored; the civic
// commands in app/commands/outcomes.server.ts push them.
import { and, asc, desc, eq, inArray, lt, notExists, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { chinaDay } from '../dates'
import { DomainError } from '../errors'
import { decisionTargets, decisions, meetingEvents, meetings, minutes, targetMeasurements, topics, units, workOrderEvents, workOrders } from '../schema/index'
import { writeAudit, type Actor } from './audit'
import { meetingHeldAt } from './meetings'
import { notifyTopicFollowers, type NotificationRow } from './notifications'
import { requestSatisfaction, scoreOfRatingReopen } from './satisfaction'
import { unitCovers } from './units'
import { complainantsOfTopic, findPersonalDataIn, FINISHED_ORDER_STATUSES, HANDED_IN_ORDER_STATUSES, refusePersonalData } from './work-orders'

export type DecisionRow = typeof decisions.$inferSelect

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
export function recordDecision(db: DbOrTx, input: RecordDecisionInput, actor: Actor) {
  return db.transaction(tx => {
    let topicId = input.topicId
    if (input.meetingId != null) {
      const meeting = tx.select({ id: meetings.id, topicId: meetings.topicId }).from(meetings).where(eq(meetings.id, input.meetingId)).get()
      if (!meeting) throw new DomainError('not-found', 'outcome.error.not-found')
      if (topicId != null && topicId !== meeting.topicId) throw new DomainError('invalid', 'outcome.error.meetingTopic', { field: 'topicId' })
      topicId = meeting.topicId
      if (input.voteSeq != null) {
        const vote = tx
          .select({ id: meetingEvents.id })
          .from(meetingEvents)
          .where(and(eq(meetingEvents.meetingId, meeting.id), eq(meetingEvents.seq, input.voteSeq)))
          .get()
        if (!vote) throw new DomainError('invalid', 'outcome.error.noSuchVote', { field: 'voteSeq' })
      }
    }
    if (topicId == null) throw new DomainError('invalid', 'outcome.error.topicRequired', { field: 'topicId' })
    const topic = tx.select({ id: topics.id }).from(topics).where(eq(topics.id, topicId)).get()
    if (!topic) throw new DomainError('not-found', 'outcome.error.not-found')
    // A decision is published and filled into its work orders: no one's personal data in it.
    refusePersonalData(
      'outcome.error.decisionPersonalData',
      findPersonalDataIn({ title: input.title, description: input.description ?? '' }, complainantsOfTopic(tx, topicId)),
    )
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
      tx
        .insert(decisionTargets)
        .values({ decisionId: decision.id, metric: t.metric, unit: t.unit ?? '', baseline: t.baseline, target: t.target })
        .returning()
        .get(),
    )
    writeAudit(tx, actor, 'decision.record', { type: 'decision', id: decision.id }, { after: { ...decision, targets } })
    const sent = notifyTopicFollowers(tx, topicId, 'outcome.notify.decision', { decision: decision.title })
    return { decision, targets, sent }
  })
}

export function addDecisionTarget(db: DbOrTx, decisionId: number, t: TargetInput, actor: Actor) {
  return db.transaction(tx => {
    const d = tx.select({ id: decisions.id }).from(decisions).where(eq(decisions.id, decisionId)).get()
    if (!d) throw new DomainError('not-found', 'outcome.error.not-found')
    const row = tx
      .insert(decisionTargets)
      .values({ decisionId, metric: t.metric, unit: t.unit ?? '', baseline: t.baseline, target: t.target })
      .returning()
      .get()
    writeAudit(tx, actor, 'decision.target.add', { type: 'decision', id: decisionId }, { after: row })
    return row
  })
}

/**
 * Record a measured value of a target (e.g. parking spaces 0 → 12 → 19). A
 * measurement dated after today (China time) is refused: it would stand as
 * the latest value until that day came.
 */
export function recordMeasurement(
  db: DbOrTx,
  input: { targetId: number; value: number; measuredAt?: Date; note?: string | null },
  actor: Actor,
  now = new Date(),
) {
  return db.transaction(tx => {
    const target = tx.select().from(decisionTargets).where(eq(decisionTargets.id, input.targetId)).get()
    if (!target) throw new DomainError('not-found', 'outcome.error.not-found')
    if (input.measuredAt && chinaDay(input.measuredAt) > chinaDay(now))
      throw new DomainError('invalid', 'outcome.error.measuredAfterToday', { field: 'measuredAt', params: { today: chinaDay(now) } })
    const row = tx
      .insert(targetMeasurements)
      .values({
        targetId: target.id,
        value: input.value,
        measuredAt: input.measuredAt ?? new Date(),
        note: input.note ?? null,
        actorId: actor.kind === 'user' ? actor.id : null,
      })
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

/**
 * Recompute a decision's progress (mean of its orders, equal weights) and its
 * delivery: delivered when every order is verified or closed, which asks for
 * satisfaction ratings; back to open when an order is reopened.
 */
export function rollUpDecision(tx: DbOrTx, decisionId: number, actor: Actor) {
  const decision = tx.select().from(decisions).where(eq(decisions.id, decisionId)).get()
  if (!decision) throw new DomainError('not-found', 'outcome.error.not-found')
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
    writeAudit(
      tx,
      actor,
      status === 'delivered' ? 'decision.deliver' : 'decision.reopen',
      { type: 'decision', id: decisionId },
      { before: { status: decision.status, progress: decision.progress }, after: { status, progress } },
    )
    if (status === 'delivered') {
      sent.push(...notifyTopicFollowers(tx, decision.topicId, 'outcome.notify.delivered', { decision: decision.title }))
      sent.push(...requestSatisfaction(tx, updated, actor))
    } else {
      sent.push(...notifyTopicFollowers(tx, decision.topicId, 'outcome.notify.reopened', { decision: decision.title }))
    }
  }
  return { decision: updated, sent }
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

/**
 * A meeting a decision is recorded from, with its topic's title and place in
 * the unit tree. Decisions' meetings are dated, here and below, by when they
 * took place (see meetingHeldAt), not when they were planned.
 */
export function getMeetingForDecision(db: DbOrTx, meetingId: number) {
  return db
    .select({ id: meetings.id, title: meetings.title, startsAt: meetingHeldAt(), topicId: meetings.topicId, topicTitle: topics.title, unitId: topics.unitId })
    .from(meetings)
    .innerJoin(topics, eq(topics.id, meetings.topicId))
    .where(eq(meetings.id, meetingId))
    .get()
}

/** Approved topics in the scope (null = everywhere), newest first: a decision may be taken on them without a meeting. */
export function listApprovedTopicChoices(db: DbOrTx, scopeUnitIds: number[] | null) {
  return db
    .select({ id: topics.id, title: topics.title, unitId: topics.unitId })
    .from(topics)
    .where(eq(topics.status, 'approved'))
    .orderBy(desc(topics.id))
    .all()
    .filter(t => !scopeUnitIds || scopeUnitIds.some(s => unitCovers(db, s, t.unitId)))
}

/** Meetings in scope that have started and have no decision recorded yet. */
export function listMeetingsAwaitingDecision(db: DbOrTx, scopeUnitIds: number[] | null, now = new Date()) {
  const rows = db
    .select({
      id: meetings.id,
      title: meetings.title,
      startsAt: meetingHeldAt(),
      status: meetings.status,
      topicId: topics.id,
      topicTitle: topics.title,
      unitId: topics.unitId,
    })
    .from(meetings)
    .innerJoin(topics, eq(topics.id, meetings.topicId))
    // Held ones: past their start time, or already ended (a meeting may start earlier than planned).
    .where(
      and(
        or(lt(meetings.startsAt, now), eq(meetings.status, 'ended')),
        notExists(
          db
            .select({ one: sql`1` })
            .from(decisions)
            .where(eq(decisions.meetingId, meetings.id)),
        ),
      ),
    )
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
    .where(
      and(
        inArray(decisionTargets.decisionId, decisionIds),
        notExists(
          db
            .select({ one: sql`1` })
            .from(targetMeasurements)
            .where(eq(targetMeasurements.targetId, decisionTargets.id)),
        ),
      ),
    )
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

/**
 * Why an order's work stands where it does when it went backwards: sent back
 * for rework after it was handed in (by the supervisor, with their reason, or
 * reopened by a resident's rating, with its score), or returned to the street
 * office by its department (with its reason). Null once it is handed in again
 * or dispatched again.
 */
export type OrderSetback = { kind: 'rework' | 'returned'; reason: string | null; rating: number | null }

export function orderSetbacks(db: DbOrTx, orderIds: number[]): Map<number, OrderSetback> {
  const out = new Map<number, OrderSetback>()
  if (!orderIds.length) return out
  const handedIn = (s: string | null) => s != null && (HANDED_IN_ORDER_STATUSES as readonly string[]).includes(s)
  const steps = db
    .select({ orderId: workOrderEvents.workOrderId, from: workOrderEvents.fromStatus, to: workOrderEvents.toStatus, note: workOrderEvents.note })
    .from(workOrderEvents)
    .where(and(inArray(workOrderEvents.workOrderId, orderIds), eq(workOrderEvents.kind, 'transition')))
    .orderBy(asc(workOrderEvents.id))
    .all()
  for (const e of steps) {
    if (handedIn(e.from) && !handedIn(e.to)) {
      const rating = scoreOfRatingReopen(e.note)
      out.set(e.orderId, { kind: 'rework', reason: rating == null ? e.note : null, rating })
    } else if (e.to === 'returned') out.set(e.orderId, { kind: 'returned', reason: e.note, rating: null })
    else if (handedIn(e.to) || e.from === 'returned') out.delete(e.orderId)
  }
  return out
}

/**
 * Per decision, how many of its work orders are set back now (sent back for
 * rework, or returned by their department), by the rule the decision's own
 * page counts them with (orderSetbacks). Decisions with none are left out.
 */
export function listOrderSetbackCounts(db: DbOrTx, decisionIds: number[]): Map<number, { rework: number; returned: number }> {
  const out = new Map<number, { rework: number; returned: number }>()
  if (!decisionIds.length) return out
  const orders = db.select({ id: workOrders.id, decisionId: workOrders.decisionId }).from(workOrders).where(inArray(workOrders.decisionId, decisionIds)).all()
  const setbacks = orderSetbacks(
    db,
    orders.map(o => o.id),
  )
  for (const o of orders) {
    const kind = setbacks.get(o.id)?.kind
    if (!kind || o.decisionId == null) continue
    const counts = out.get(o.decisionId) ?? { rework: 0, returned: 0 }
    counts[kind] += 1
    out.set(o.decisionId, counts)
  }
  return out
}

export function getDecision(db: DbOrTx, id: number) {
  const decision = db.select().from(decisions).where(eq(decisions.id, id)).get()
  if (!decision) return null
  const topic = db
    .select({ id: topics.id, title: topics.title, place: topics.place, unitId: topics.unitId, status: topics.status, isPublic: topics.isPublic })
    .from(topics)
    .where(eq(topics.id, decision.topicId))
    .get()!
  const meeting = decision.meetingId
    ? (db
        .select({ id: meetings.id, title: meetings.title, startsAt: meetingHeldAt(), status: meetings.status })
        .from(meetings)
        .where(eq(meetings.id, decision.meetingId))
        .get() ?? null)
    : null
  const minutesRow = decision.meetingId
    ? (db.select({ status: minutes.status, publishedAt: minutes.publishedAt }).from(minutes).where(eq(minutes.meetingId, decision.meetingId)).get() ?? null)
    : null
  const targets = db.select().from(decisionTargets).where(eq(decisionTargets.decisionId, id)).orderBy(asc(decisionTargets.id)).all()
  const measurements = targets.length
    ? db
        .select()
        .from(targetMeasurements)
        .where(
          inArray(
            targetMeasurements.targetId,
            targets.map(t => t.id),
          ),
        )
        .orderBy(asc(targetMeasurements.measuredAt), asc(targetMeasurements.id))
        .all()
    : []
  const orders = db
    .select({
      id: workOrders.id,
      title: workOrders.title,
      status: workOrders.status,
      progress: workOrders.progress,
      dueAt: workOrders.dueAt,
      priority: workOrders.priority,
      departmentId: workOrders.departmentId,
      department: units.nameZh,
      departmentEn: units.nameEn,
      version: workOrders.version,
    })
    .from(workOrders)
    .innerJoin(units, eq(units.id, workOrders.departmentId))
    .where(eq(workOrders.decisionId, id))
    .orderBy(asc(workOrders.id))
    .all()
  const setbacks = orderSetbacks(
    db,
    orders.map(o => o.id),
  )
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
    orders: orders.map(o => ({ ...o, setback: setbacks.get(o.id) ?? null })),
  }
}
