import { ImportFileError, runImport, type ImportOptions, type ImportSummary } from '#app/services/import.server'
import { notifyCreated, storePhotos, supporterKeyFor, type Photo } from '#app/services/intake.server'
import { getPipeline, scheduleRetrain } from '#app/services/nlp.server'
import { reclusterComplaint } from '#app/services/topics.server'
import type { ComplaintStatus } from '#db/enums'
import { DomainError } from '#db/errors'
import { recordComplaintReply } from '#db/queries/answers'
import {
  addComplaintSupport,
  complainantKeyOf,
  createComplaint,
  filedBy,
  filerOf,
  getComplaint,
  getComplaintByTrackingCode,
  setComplaintStatus,
  type CreateResult,
  type NewComplaint,
} from '#db/queries/complaints'
import { writeCategoryCorrection } from '#db/queries/corrections'
import { findRecentSameComplaint, writeComplaintDuplicate } from '#db/queries/intake'
import { createNotification } from '#db/queries/notifications'
import { unitCovers } from '#db/queries/units'
import { walkTaxonomy } from '#nlp/taxonomy'
import type { CommandContext } from './context'
import { pushNotifications } from './notify.server'

/**
 * One complaint through any staffed or resident door: the row, its first
 * status, search index, classification queue entry, photos and audit rows in
 * one transaction; then the staff of its unit see it arrive. The same source
 * record filed twice comes back as the existing complaint (`duplicate`).
 */
function fileComplaint(ctx: CommandContext, complaint: NewComplaint, photos: Photo[]): CreateResult {
  // Index the text at once so the next resident sees it among similar issues.
  const segment = getPipeline(ctx.db).segment
  const result = ctx.db.transaction(tx => {
    const created = createComplaint(tx, complaint, ctx.actor, { segment })
    if (!created.duplicate) storePhotos(tx, created.complaint.id, photos, ctx.actor)
    return created
  })
  if (!result.duplicate) notifyCreated(ctx, ctx.db, result.complaint)
  return result
}

/**
 * A resident's complaint from the web form. The same text from the same
 * person within a day (a double tap, a resubmitted form) is the complaint
 * they already filed.
 */
export function submitComplaint(ctx: CommandContext, input: Omit<NewComplaint, 'channel'> & { photos: Photo[] }): CreateResult {
  const { photos, ...fields } = input
  const complaint: NewComplaint = { ...fields, channel: 'web' }
  const same = findRecentSameComplaint(ctx.db, {
    channel: 'web',
    subject: complaint.subject,
    body: complaint.body,
    complainantKey: complainantKeyOf(complaint),
  })
  if (same) return { complaint: same, duplicate: true }
  return fileComplaint(ctx, complaint, photos)
}

/** A complaint taken by staff on a resident's behalf (hotline, mailbox, petition, grid, online). */
export function enterComplaint(ctx: CommandContext, input: NewComplaint & { enteredByUserId: number; photos: Photo[] }): CreateResult {
  const { photos, ...complaint } = input
  return fileComplaint(ctx, complaint, photos)
}

/**
 * A file of past or bulk complaints (CSV, XLSX) imported in batches, each
 * batch one transaction with its audit rows; staff pages hear of the new
 * complaints afterwards. A file that cannot be read is refused with the reason.
 */
export async function importComplaints(ctx: CommandContext, input: Omit<ImportOptions, 'actor'>): Promise<ImportSummary> {
  let summary: ImportSummary
  try {
    summary = await runImport(ctx.db, { ...input, actor: ctx.actor })
  } catch (error) {
    if (error instanceof ImportFileError) throw new DomainError('invalid', error.key, { params: error.params })
    throw error
  }
  for (const { id } of summary.createdByUnit) {
    const c = getComplaint(ctx.db, id)
    if (c) notifyCreated(ctx, ctx.db, c)
  }
  return summary
}

/** "Me too" from a logged-in resident: counted once per account; returns the complaint's supporters count. */
export function supportComplaint(ctx: CommandContext, input: { trackingCode: string; userId: number }): { trackingCode: string; count: number } {
  const complaint = getComplaintByTrackingCode(ctx.db, input.trackingCode)
  if (!complaint) throw new DomainError('not-found', 'intake.error.support')
  // Support counts other residents with the same problem; one's own report already counts its author.
  if (filedBy(complaint, filerOf(ctx.db, input.userId))) throw new DomainError('invalid', 'intake.error.supportOwn')
  const count = ctx.db.transaction(tx => addComplaintSupport(tx, complaint.id, supporterKeyFor(input.userId), ctx.actor))
  return { trackingCode: complaint.trackingCode, count }
}

/** Move a complaint to another status, with the worker's note in its history. */
export function changeComplaintStatus(ctx: CommandContext, input: { complaintId: number; status: ComplaintStatus; note?: string }) {
  ctx.db.transaction(tx => setComplaintStatus(tx, input.complaintId, input.status, ctx.actor, input.note))
}

/**
 * Resolve or close many complaints at once from the inbox, in one transaction.
 * Complaints outside the worker's units (`scope`, null = everywhere) are
 * skipped; returns how many changed.
 */
export function settleComplaints(ctx: CommandContext, input: { ids: number[]; status: 'resolved' | 'closed'; scope: number[] | null }): number {
  return ctx.db.transaction(tx => {
    let changed = 0
    for (const id of input.ids) {
      const c = getComplaint(tx, id)
      if (!c || (input.scope && !input.scope.some(s => unitCovers(tx, s, c.unitId)))) continue
      setComplaintStatus(tx, id, input.status, ctx.actor)
      changed++
    }
    return changed
  })
}

/**
 * Link a complaint to the original it repeats, named by tracking code or
 * number (or clear the link). Chains and self-links are refused.
 */
export function markDuplicate(ctx: CommandContext, input: { complaintId: number; original: string | null }) {
  let originalId: number | null = null
  if (input.original !== null) {
    const original =
      getComplaintByTrackingCode(ctx.db, input.original) ?? (/^\d+$/.test(input.original) ? getComplaint(ctx.db, Number(input.original)) : undefined)
    if (!original) throw new DomainError('invalid', 'intake.detail.duplicateError.not_found', { field: 'target' })
    originalId = original.id
  }
  ctx.db.transaction(tx => writeComplaintDuplicate(tx, { complaintId: input.complaintId, duplicateOfId: originalId }, ctx.actor))
}

/**
 * A worker corrects a complaint's category: stored with its audit row,
 * status-history note and labelled example; the complaint is re-clustered into
 * the suggestion it now belongs to (staff pages told), and the classifier is
 * retrained shortly after. Returns the suggestions it now sits in.
 */
export function correctCategory(ctx: CommandContext, input: { complaintId: number; nodeId: string }): { movedTo: number[] } {
  const node = walkTaxonomy(getPipeline(ctx.db).taxonomy).find(n => n.node.id === input.nodeId)
  if (!node) throw new DomainError('invalid', 'correction.error.unknown', { field: 'nodeId' })
  ctx.db.transaction(tx => writeCategoryCorrection(tx, { complaintId: input.complaintId, path: node.path }, ctx.actor))
  const synced = reclusterComplaint(ctx.db, ctx.notify, input.complaintId)
  scheduleRetrain(ctx.db)
  return { movedTo: synced.map(s => s.topic.id) }
}

/**
 * Staff reply to the complainant: shown on the report's tracking page without
 * personal data, told to a complainant with an account, and kept as an answer
 * that may later be published to the library. With `resolve` the report is
 * resolved in the same transaction (a question answered needs nothing more).
 */
export function replyToComplaint(ctx: CommandContext, input: { complaintId: number; reply: string; resolve?: boolean }) {
  if (!input.reply.trim()) throw new DomainError('invalid', 'answers.error.replyEmpty', { field: 'reply' })
  // better-sqlite3 nests the reply's own transaction as a savepoint of this one.
  const { answer, c } = ctx.db.$client.transaction(() => {
    const recorded = recordComplaintReply(ctx.db, input, ctx.actor)
    const complaint = getComplaint(ctx.db, input.complaintId)
    if (input.resolve && complaint && complaint.status !== 'resolved' && complaint.status !== 'closed')
      setComplaintStatus(ctx.db, complaint.id, 'resolved', ctx.actor)
    return { answer: recorded, c: complaint }
  })()
  if (c?.complainantUserId) {
    const notice = createNotification(ctx.db, {
      userId: c.complainantUserId,
      kind: 'complaint',
      messageKey: 'intake.notify.replied',
      // The subject as it shows on the tracking page: the notice repeats nothing the page would hide.
      params: { title: answer.publicQuestion.slice(0, 60) },
      link: `/track/${c.trackingCode}`,
    })
    pushNotifications(ctx.notify, [notice])
  }
  return answer
}
