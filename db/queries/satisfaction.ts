// Satisfaction (好差评): ratings asked of complainants and panel members once a
// decision is delivered, answered through a token link; a low rating can
// reopen the work. Data access only: writes return the notifications they
// stored; the civic commands in app/commands/outcomes.server.ts push them.
import crypto from 'node:crypto'
import { and, asc, desc, eq, inArray, isNull, or } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { chinaDay } from '../dates'
import { DomainError } from '../errors'
import {
  complaintStatusEvents,
  complaints,
  decisions,
  deliberators,
  panelMembers,
  panels,
  satisfactionRatings,
  topicComplaints,
  topics,
  workOrders,
} from '../schema/index'
import { writeAudit, type Actor } from './audit'
import type { DecisionRow } from './decisions'
import { createNotification, createNotifications, type NotificationRow } from './notifications'
import {
  applyWorkOrderTransition,
  departmentName,
  FINISHED_ORDER_STATUSES,
  listDepartmentStaff,
  listStreetStaffFor,
  renewReopenedDeadline,
  workOrderContext,
} from './work-orders'

export type SatisfactionRow = typeof satisfactionRatings.$inferSelect

const newToken = () => crypto.randomBytes(18).toString('base64url')

/**
 * Ask for ratings once a decision is delivered: each reachable complainant
 * behind the topic (one per person) and each panel member. Residents with an
 * account get a notification; others get a token link (SMS text on the
 * decision page). People with an unanswered request are not asked twice.
 */
export function requestSatisfaction(tx: DbOrTx, decision: DecisionRow, actor: Actor): NotificationRow[] {
  const existing = tx
    .select()
    .from(satisfactionRatings)
    .where(and(eq(satisfactionRatings.decisionId, decision.id), isNull(satisfactionRatings.answeredAt)))
    .all()
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
    const row = tx
      .insert(satisfactionRatings)
      .values({ decisionId: decision.id, ...a, token: newToken() })
      .returning()
      .get()
    if (row.userId != null)
      sent.push(
        createNotification(tx, {
          userId: row.userId,
          kind: 'satisfaction',
          messageKey: 'outcome.notify.rate',
          params: { decision: decision.title },
          link: `/rate/${row.token}`,
        }),
      )
  }
  writeAudit(
    tx,
    actor,
    'satisfaction.request',
    { type: 'decision', id: decision.id },
    {
      after: {
        asked: asked.length,
        complainants: asked.filter(a => a.audience === 'complainant').length,
        panel: asked.filter(a => a.audience === 'panel').length,
      },
    },
  )
  return sent
}

/** A resident's rating requests still waiting for an answer, newest first (their own page links to each). */
export function listPendingRatingsOfUser(db: DbOrTx, userId: number) {
  return db
    .select({ token: satisfactionRatings.token, decisionTitle: decisions.title, topicTitle: topics.title })
    .from(satisfactionRatings)
    .innerJoin(decisions, eq(decisions.id, satisfactionRatings.decisionId))
    .innerJoin(topics, eq(topics.id, decisions.topicId))
    .where(and(eq(satisfactionRatings.userId, userId), isNull(satisfactionRatings.answeredAt)))
    .orderBy(desc(satisfactionRatings.id))
    .all()
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

/** What a reopening by a poor rating leaves in the work order's history: the rating it answers and its score. */
export function ratingReopenNote(ratingId: number, rating: number) {
  return `satisfaction #${ratingId}: ${rating}/5`
}

/** The score of a rating that reopened a work order, read back from its history note; null for any other note. */
export function scoreOfRatingReopen(note: string | null): number | null {
  const m = note ? /^satisfaction #\d+: ([1-5])\/5$/.exec(note) : null
  return m ? Number(m[1]) : null
}

/**
 * The reports behind a decision's topic, once its work is reopened by a
 * rating: none of them is settled any more. Each gets a status-history line
 * saying so (the rating's `note`, which the tracking page reads as "reopened
 * at a resident's request"), and a resolved or closed one is back in its
 * topic; each change is audited naming the rating. Returns their ids.
 */
function reopenTopicComplaints(tx: DbOrTx, decisionId: number, ratingId: number, note: string, actor: Actor, at: Date): number[] {
  const rows = tx
    .select({ id: complaints.id, status: complaints.status })
    .from(decisions)
    .innerJoin(topicComplaints, eq(topicComplaints.topicId, decisions.topicId))
    .innerJoin(complaints, eq(complaints.id, topicComplaints.complaintId))
    .where(eq(decisions.id, decisionId))
    .orderBy(asc(complaints.id))
    .all()
  for (const c of rows) {
    if (c.status !== 'in_topic') tx.update(complaints).set({ status: 'in_topic' }).where(eq(complaints.id, c.id)).run()
    tx.insert(complaintStatusEvents)
      .values({ complaintId: c.id, status: 'in_topic', note, actorId: actor.kind === 'user' ? actor.id : null, createdAt: at })
      .run()
    writeAudit(tx, actor, 'complaint.status', { type: 'complaint', id: c.id }, { before: { status: c.status }, after: { status: 'in_topic', ratingId } })
  }
  return rows.map(c => c.id)
}

/**
 * Answer a satisfaction request (1–5 and a comment). A rating of 2 or less
 * with `reopen` reopens the decision's delivered work orders (system
 * transition, audited against the rater) with a new deadline as long as they
 * first had, tells street staff and departments, and puts the reports behind
 * the topic back in it, saying they were reopened.
 */
export function answerSatisfaction(db: DbOrTx, input: { token: string; rating: number; comment?: string | null; reopen?: boolean }, actor: Actor) {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
    throw new DomainError('invalid', 'outcome.rate.error.rating', { field: 'rating' })
  return db.transaction(tx => {
    const req = tx.select().from(satisfactionRatings).where(eq(satisfactionRatings.token, input.token)).get()
    if (!req) throw new DomainError('not-found', 'outcome.error.not-found')
    if (req.answeredAt) throw new DomainError('conflict', 'outcome.rate.error.answered')
    const reopenRequested = !!input.reopen && input.rating <= 2
    const orders = reopenRequested
      ? tx
          .select()
          .from(workOrders)
          .where(and(eq(workOrders.decisionId, req.decisionId), inArray(workOrders.status, [...FINISHED_ORDER_STATUSES])))
          .orderBy(asc(workOrders.id))
          .all()
      : []
    const sent: NotificationRow[] = []
    const reopened: number[] = []
    const note = ratingReopenNote(req.id, input.rating)
    const now = new Date()
    for (const o of orders) {
      const r = applyWorkOrderTransition(tx, o.id, 'in_progress', o.version, note, actor, 'system')
      reopened.push(o.id)
      sent.push(...r.sent)
      // Its old deadline has usually passed: reopened on it, the order would be overdue at once.
      const due = renewReopenedDeadline(tx, o.id, note, actor, now)
      writeAudit(tx, actor, 'work_order.reopen', { type: 'work_order', id: o.id }, { after: { ratingId: req.id, rating: input.rating, dueAt: due ?? o.dueAt } })
      const ctx = workOrderContext(tx, o.id)!
      const params = { order: o.title, department: departmentName(tx, o.departmentId), rating: input.rating, ...(due ? { due: chinaDay(due) } : {}) }
      sent.push(
        ...createNotifications(
          tx,
          [
            ...listStreetStaffFor(tx, o.departmentId),
            ...listDepartmentStaff(tx, o.departmentId),
            ...(ctx.topicUnitId ? listStreetStaffFor(tx, ctx.topicUnitId) : []),
          ],
          'work_order',
          due ? 'outcome.notify.reopenedOrderDue' : 'outcome.notify.reopenedOrder',
          params,
          `/orders/${o.id}`,
        ),
      )
    }
    const reopenedComplaints = reopened.length ? reopenTopicComplaints(tx, req.decisionId, req.id, note, actor, now) : []
    const row = tx
      .update(satisfactionRatings)
      .set({ rating: input.rating, comment: input.comment?.trim() || null, answeredAt: now, reopenedWorkOrderId: reopened[0] ?? null })
      .where(and(eq(satisfactionRatings.id, req.id), isNull(satisfactionRatings.answeredAt)))
      .returning()
      .get()
    if (!row) throw new DomainError('conflict', 'outcome.rate.error.answered')
    writeAudit(
      tx,
      actor,
      'satisfaction.answer',
      { type: 'satisfaction', id: req.id },
      { after: { rating: input.rating, reopen: reopenRequested, reopened, reopenedComplaints } },
    )
    return { rating: row, reopened, sent }
  })
}

/**
 * The callback list for street staff: who was asked, by which route (account
 * notification or SMS), and the answer. Names and phones are returned raw; the
 * caller masks them unless the viewer may see personal data.
 */
export function listCallbacks(db: DbOrTx, decisionId: number) {
  return db
    .select({
      id: satisfactionRatings.id,
      audience: satisfactionRatings.audience,
      token: satisfactionRatings.token,
      userId: satisfactionRatings.userId,
      complaintId: satisfactionRatings.complaintId,
      panelMemberId: satisfactionRatings.panelMemberId,
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
