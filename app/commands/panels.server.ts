// Civic actions on the deliberator pool and its panels: join, edit, leave and
// import the pool; draw a panel, save it and invite its members; answer an
// invitation. Each does the whole action (the data layer's transaction with its
// audit row, then the notifications it stored pushed live, then the SMS queue),
// and expected failures are DomainErrors for the route to answer.
import type { CommandContext } from '#app/commands/context'
import { pushNotifications } from '#app/commands/notify.server'
import { ImportFileError } from '#app/services/import.server'
import { importPoolFile } from '#app/services/pool-import.server'
import { sendResidentMessages } from '#app/services/sms/messages.server'
import { DomainError } from '#db/errors'
import * as panels from '#db/queries/panels'
import * as pool from '#db/queries/pool'
import type { TopicRow } from '#db/queries/topics'

type Ctx = CommandContext

/** A person joins the pool themselves (their own account) or a worker records them with their consent. */
export function addPoolMember(ctx: Ctx, input: Parameters<typeof pool.addPoolMember>[1]) {
  return pool.addPoolMember(ctx.db, input, ctx.actor)
}

/** A resident joins the pool themselves; a row a worker recorded for them is linked rather than repeated. */
export function joinPool(ctx: Ctx, input: Parameters<typeof pool.joinPool>[1]) {
  return pool.joinPool(ctx.db, input, ctx.actor)
}

/** A worker or the member edits the profile; it may not become someone else already in the pool. */
export function editPoolMember(ctx: Ctx, id: number, input: Parameters<typeof pool.updatePoolMember>[2]) {
  return pool.updatePoolMember(ctx.db, id, input, ctx.actor)
}

/** Leave the pool: the member's personal data is deleted (see pool.leavePool). */
export function leavePool(ctx: Ctx, id: number) {
  return pool.leavePool(ctx.db, id, ctx.actor)
}

/** Import a pool file; an unreadable file is an `invalid` DomainError with the reader's message key. */
export async function importPool(ctx: Ctx, input: Omit<Parameters<typeof importPoolFile>[1], 'actor'>) {
  try {
    return await importPoolFile(ctx.db, { ...input, actor: ctx.actor })
  } catch (e) {
    if (e instanceof ImportFileError) throw new DomainError('invalid', e.key, { params: e.params, field: 'file' })
    throw e
  }
}

/** Open a topic's draw: its seed is fixed and recorded the first time, so every later draw uses it. */
export function openPanelDraw(ctx: Ctx, topicId: number) {
  return panels.openPanelDraw(ctx.db, topicId, ctx.actor)
}

/** Before drawing: the topic must be approved and still without a panel; returns its committed seed. */
export function prepareTopicDraw(ctx: Ctx, topic: Pick<TopicRow, 'id' | 'status'>) {
  requireDrawable(ctx, topic)
  return panels.openPanelDraw(ctx.db, topic.id, ctx.actor)
}

function requireDrawable(ctx: Ctx, topic: Pick<TopicRow, 'id' | 'status'>) {
  if (topic.status !== 'approved') throw new DomainError('conflict', 'panel.notApproved')
  // Once a panel is saved there is nothing left to draw for this topic.
  if (panels.listTopicPanels(ctx.db, topic.id).length) throw new DomainError('conflict', 'panel.error.exists')
}

/**
 * Draw a panel for a topic with the worker's constraints (a preview, or the
 * draw about to be saved). The seed is always the topic's committed one, and
 * every draw is recorded in the audit log. An infeasible request is an answer
 * to show (which constraints clash), not a failure; a request the selector
 * cannot take at all (an empty pool) is an `invalid` DomainError.
 */
export async function drawTopicPanel(ctx: Ctx, input: { topic: TopicRow; options: Omit<panels.PanelOptions, 'seed'>; intent: 'preview' | 'save' }) {
  requireDrawable(ctx, input.topic)
  const seed = panels.openPanelDraw(ctx.db, input.topic.id, ctx.actor)
  const request = panels.buildPanelRequest(ctx.db, input.topic, { ...input.options, seed })
  const outcome = await panels.drawPanel(request)
  panels.recordPanelDraw(ctx.db, { topicId: input.topic.id, request, result: outcome.ok ? outcome.result : null, intent: input.intent }, ctx.actor)
  if (!outcome.ok && outcome.kind === 'invalid') throw new DomainError('invalid', 'panel.error.emptyPool')
  return outcome as panels.DrawOutcome & ({ ok: true } | { ok: false; kind: 'infeasible' })
}

/**
 * Save a drawn panel and invite its members: the panel row with its request
 * and seed, invitations with private tokens, in-app notices pushed to members
 * with an account and SMS queued for the others.
 */
export async function savePanelAndInvite(ctx: Ctx, input: Parameters<typeof panels.savePanelAndInvite>[1], opts: { request?: Request } = {}) {
  if (ctx.actor.kind !== 'user') throw new DomainError('forbidden', 'error.forbidden.body')
  const { panel, notices } = panels.savePanelAndInvite(ctx.db, input, ctx.actor)
  pushNotifications(
    ctx.notify,
    notices.filter(n => n != null),
  )
  await sendResidentMessages(ctx.db, { request: opts.request })
  return panel
}

/** Accept an invitation by its token; staff responsible for the topic are told. */
export function acceptInvitation(ctx: Ctx, token: string) {
  const result = panels.acceptInvitation(ctx.db, { token }, ctx.actor)
  pushNotifications(ctx.notify, result.notices)
  return result
}

/** Decline an invitation; the seat passes to the next fitting alternate, who is invited (in-app and by SMS). */
export async function declineInvitation(ctx: Ctx, input: { token: string; reason?: string | null }, opts: { request?: Request } = {}) {
  const result = panels.declineInvitation(ctx.db, input, ctx.actor)
  pushNotifications(ctx.notify, result.notices)
  if (result.replacement) await sendResidentMessages(ctx.db, { request: opts.request })
  return result
}
