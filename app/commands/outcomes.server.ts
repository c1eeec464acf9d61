// Civic actions on outcomes: record a decision and its targets, measure a
// target, create and move work orders, change their deadlines and text, post progress
// with photos, answer a satisfaction request (which may reopen the work), and
// the overdue job. Each does the whole action: the data layer's transaction
// with its audit rows and stored notifications, then those notifications
// pushed live once committed.
import type { CommandContext } from '#app/commands/context'
import { pushNotifications } from '#app/commands/notify.server'
import { sendResidentMessages } from '#app/services/sms/messages.server'
import * as decisions from '#db/queries/decisions'
import * as satisfaction from '#db/queries/satisfaction'
import * as workOrders from '#db/queries/work-orders'
import { notifyFollowers } from './follows.server'

type Ctx = CommandContext

/** Record a decision taken by a meeting (or on a topic) with its targets; the topic's residents are told. */
export function recordDecision(ctx: Ctx, input: decisions.RecordDecisionInput) {
  const out = decisions.recordDecision(ctx.db, input, ctx.actor)
  pushNotifications(ctx.notify, out.sent)
  // Residents following the topic's category or place hear of the decision too.
  notifyFollowers(ctx, { about: 'decision', id: out.decision.id })
  return out
}

export function addDecisionTarget(ctx: Ctx, decisionId: number, target: decisions.TargetInput) {
  return decisions.addDecisionTarget(ctx.db, decisionId, target, ctx.actor)
}

/** Record a measured value of a target (e.g. parking spaces 0 → 12 → 19). */
export function recordMeasurement(ctx: Ctx, input: Parameters<typeof decisions.recordMeasurement>[1]) {
  return decisions.recordMeasurement(ctx.db, input, ctx.actor)
}

/** One work order per department for a decision (dispatched at once when asked); departments are told. */
export function createWorkOrders(ctx: Ctx, input: workOrders.CreateWorkOrdersInput) {
  const out = workOrders.createWorkOrders(ctx.db, input, ctx.actor)
  pushNotifications(ctx.notify, out.sent)
  return out
}

/**
 * Move a work order along an allowed transition (optimistic lock on its
 * version); whoever is next is told. When the move delivers the decision, its
 * complainants and panel are asked for a rating by SMS.
 */
export async function moveWorkOrder(ctx: Ctx, input: workOrders.TransitionInput, opts: { request?: Request } = {}) {
  const out = workOrders.transitionWorkOrder(ctx.db, input, ctx.actor)
  pushNotifications(ctx.notify, out.sent)
  await sendResidentMessages(ctx.db, { request: opts.request })
  return out
}

/** Give a work order a new deadline, for a reason; an order overdue no more is put back, and the department is told. */
export function changeWorkOrderDeadline(ctx: Ctx, input: workOrders.DeadlineChangeInput) {
  const out = workOrders.changeWorkOrderDeadline(ctx.db, input, ctx.actor)
  pushNotifications(ctx.notify, out.sent)
  return out
}

/**
 * Rewrite an order's text (title, problem, place) as it was read, by those who
 * issue it, until the work is handed in; refused with personal data in it, and
 * the department is told.
 */
export function editWorkOrderText(ctx: Ctx, input: workOrders.TextEditInput) {
  const out = workOrders.editWorkOrderText(ctx.db, input, ctx.actor)
  pushNotifications(ctx.notify, out.sent)
  return out
}

/** Post a progress update (note, share done, photos already stored) to an open work order. */
export async function postWorkOrderUpdate(ctx: Ctx, input: workOrders.ProgressUpdateInput, opts: { request?: Request } = {}) {
  const out = workOrders.postWorkOrderUpdate(ctx.db, input, ctx.actor)
  pushNotifications(ctx.notify, out.sent)
  await sendResidentMessages(ctx.db, { request: opts.request })
  return out
}

/** Answer a satisfaction request; a low rating with `reopen` sends the delivered work back to the department. */
export function answerSatisfaction(ctx: Ctx, input: Parameters<typeof satisfaction.answerSatisfaction>[1]) {
  const out = satisfaction.answerSatisfaction(ctx.db, input, ctx.actor)
  pushNotifications(ctx.notify, out.sent)
  return out
}

/**
 * The overdue job (run as the system): late orders become overdue, long-late
 * ones escalate, and orders flagged while their deadline had not passed are put back.
 */
export function flagOverdueWorkOrders(ctx: Ctx, now: Date, opts: { escalateAfterMs?: number } = {}) {
  const { overdue, escalated, lifted, sent } = workOrders.flagOverdueWorkOrders(ctx.db, now, opts)
  pushNotifications(ctx.notify, sent)
  return { overdue, escalated, lifted }
}
