import { eq, inArray, max } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { DomainError } from '../errors'
import { categoryCorrections, complaintStatusEvents, complaints } from '../schema/index'
import { followComplaintCategory } from './answers'
import { writeAudit, type Actor } from './audit'

export type CorrectCategoryInput = { complaintId: number; path: string[] }

export type CorrectCategoryResult = { fromPath: string[] | null; toPath: string[] }

/**
 * A worker sets a complaint's category: the complaint takes the new path (with
 * full confidence, so no later automatic pass overrides it), the status history
 * notes the change, the correction is kept as a labelled example, and the audit
 * log records before and after. Runs inside the caller's transaction.
 */
export function writeCategoryCorrection(tx: DbOrTx, input: CorrectCategoryInput, actor: Actor): CorrectCategoryResult {
  const before = tx.select({ status: complaints.status, path: complaints.categoryPath }).from(complaints).where(eq(complaints.id, input.complaintId)).get()
  if (!before) throw new DomainError('not-found', 'correction.error.unknown')
  const fromPath = before.path ?? null
  if (fromPath && fromPath.join('/') === input.path.join('/')) throw new DomainError('invalid', 'correction.error.unchanged', { field: 'nodeId' })
  const actorId = actor.kind === 'user' ? actor.id : null
  tx.update(complaints).set({ categoryPath: input.path, categoryScore: 1 }).where(eq(complaints.id, input.complaintId)).run()
  followComplaintCategory(tx, input.complaintId, input.path)
  tx.insert(categoryCorrections).values({ complaintId: input.complaintId, fromPath, toPath: input.path, actorId }).run()
  // The status stays; its history shows who recategorised the complaint and how.
  const note = `${(fromPath ?? []).join(' / ') || '—'} → ${input.path.join(' / ')}`
  tx.insert(complaintStatusEvents).values({ complaintId: input.complaintId, status: before.status, note, actorId }).run()
  writeAudit(
    tx,
    actor,
    'complaint.category',
    { type: 'complaint', id: input.complaintId },
    { before: { categoryPath: fromPath }, after: { categoryPath: input.path } },
  )
  return { fromPath, toPath: input.path }
}

/** Newest correction id (0 when none): tells a cached classifier whether it is stale. */
export function latestCorrectionId(db: DbOrTx): number {
  return (
    db
      .select({ id: max(categoryCorrections.id) })
      .from(categoryCorrections)
      .get()?.id ?? 0
  )
}

export type CorrectedExample = { complaintId: number; subject: string; body: string; placeText: string | null; path: string[] }

/** Each corrected complaint once, with its newest correction: the labelled examples workers gave. */
export function listCorrectedExamples(db: DbOrTx): CorrectedExample[] {
  const newest = db
    .select({ id: max(categoryCorrections.id).as('id') })
    .from(categoryCorrections)
    .groupBy(categoryCorrections.complaintId)
    .all()
    .map(r => r.id)
    .filter((id): id is number => id != null)
  if (!newest.length) return []
  return db
    .select({
      complaintId: complaints.id,
      subject: complaints.subject,
      body: complaints.body,
      placeText: complaints.placeText,
      path: categoryCorrections.toPath,
    })
    .from(categoryCorrections)
    .innerJoin(complaints, eq(complaints.id, categoryCorrections.complaintId))
    .where(inArray(categoryCorrections.id, newest))
    .orderBy(categoryCorrections.id)
    .all()
}
