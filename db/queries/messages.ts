// Messages to residents: queued by the system inside the action that causes
// them, delivered by the SMS provider afterwards, every attempt recorded on the
// message and in the audit log (without the phone number or text).
import { and, asc, desc, eq, gte, inArray, isNull, lte, notExists, or, sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '../client'
import { complaints, deliberators, outboundMessages, panelMembers, panels, satisfactionRatings, users, type OutboundMessageRow } from '../schema/index'
import { writeAudit, type Actor } from './audit'

export const MESSAGE_KINDS = { invitation: 'panel.invitation', rating: 'satisfaction.request' } as const
/** Attempts before a message is given up as failed; waits between them grow 1, 2, 4… minutes. */
export const MAX_SEND_ATTEMPTS = 3
const RETRY_BASE_MS = 60_000
const SEND_LEASE_MS = 5 * 60_000

export type QueueMessageInput = {
  kind: string
  subjectType: 'panel_member' | 'satisfaction_rating'
  subjectId: number
  recipientName: string | null
  toPhone: string | null
  body: string
}

/** Queue one message; without a phone number it fails at once, so staff see it was not sent. */
export function queueMessage(tx: DbOrTx, input: QueueMessageInput, actor: Actor): OutboundMessageRow {
  const phone = input.toPhone?.trim() || null
  const row = tx
    .insert(outboundMessages)
    .values({ ...input, toPhone: phone, status: phone ? 'queued' : 'failed', lastError: phone ? null : 'no-phone' })
    .returning()
    .get()
  writeAudit(
    tx,
    actor,
    phone ? 'message.queue' : 'message.failed',
    { type: 'message', id: row.id },
    { after: { kind: row.kind, subject: `${row.subjectType}#${row.subjectId}`, status: row.status, error: row.lastError } },
  )
  return row
}

/**
 * Claim the messages due for an attempt now: each is leased for a few minutes
 * so a second sender running at the same time (a request and the background
 * job) does not send it twice; the attempt's result replaces the lease.
 */
export function claimDueMessages(db: Db, now: Date, limit = 50): OutboundMessageRow[] {
  return db.transaction(tx => {
    const due = tx
      .select()
      .from(outboundMessages)
      .where(and(eq(outboundMessages.status, 'queued'), or(isNull(outboundMessages.nextAttemptAt), lte(outboundMessages.nextAttemptAt, now))))
      .orderBy(asc(outboundMessages.id))
      .limit(limit)
      .all()
    if (due.length)
      tx.update(outboundMessages)
        .set({ nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS) })
        .where(
          inArray(
            outboundMessages.id,
            due.map(m => m.id),
          ),
        )
        .run()
    return due
  })
}

export type DeliveryResult = { ok: true; ref: string | null } | { ok: false; error: string }

/** Record one delivery attempt: sent, or queued again later, or failed after the last attempt. */
export function recordDeliveryAttempt(db: Db, input: { id: number; provider: string; result: DeliveryResult; now?: Date }, actor: Actor): OutboundMessageRow {
  return db.transaction(tx => {
    const before = tx.select().from(outboundMessages).where(eq(outboundMessages.id, input.id)).get()
    if (!before) throw new Error(`message ${input.id} not found`)
    const now = input.now ?? new Date()
    const attempts = before.attempts + 1
    const r = input.result
    const change = r.ok
      ? { status: 'sent' as const, sentAt: now, providerRef: r.ref, lastError: null, nextAttemptAt: null }
      : attempts >= MAX_SEND_ATTEMPTS
        ? { status: 'failed' as const, lastError: r.error, nextAttemptAt: null }
        : { status: 'queued' as const, lastError: r.error, nextAttemptAt: new Date(now.getTime() + RETRY_BASE_MS * 2 ** (attempts - 1)) }
    const row = tx
      .update(outboundMessages)
      .set({ ...change, attempts, provider: input.provider })
      .where(eq(outboundMessages.id, input.id))
      .returning()
      .get()
    const action = row.status === 'sent' ? 'message.sent' : row.status === 'failed' ? 'message.failed' : 'message.retry'
    writeAudit(
      tx,
      actor,
      action,
      { type: 'message', id: row.id },
      {
        before: { status: before.status, attempts: before.attempts },
        after: { status: row.status, attempts, provider: input.provider, kind: row.kind, subject: `${row.subjectType}#${row.subjectId}`, error: row.lastError },
      },
    )
    return row
  })
}

/** Everything sent or waiting, newest first (the admin outbox: full text and phone). */
export function listOutbox(db: DbOrTx, opts: { limit?: number; offset?: number; status?: string | null } = {}) {
  const rows = db
    .select()
    .from(outboundMessages)
    .where(opts.status ? eq(outboundMessages.status, opts.status as OutboundMessageRow['status']) : undefined)
    .orderBy(desc(outboundMessages.id))
    .limit(opts.limit ?? 100)
    .offset(opts.offset ?? 0)
    .all()
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(outboundMessages)
      .where(opts.status ? eq(outboundMessages.status, opts.status as OutboundMessageRow['status']) : undefined)
      .get()?.n ?? 0
  return { rows, total }
}

export type DeliveryStatus = { status: OutboundMessageRow['status']; attempts: number; sentAt: Date | null; noPhone: boolean }

/** The latest message's status per subject (for staff pages: status only, never text or phone). */
export function deliveryStatusFor(db: DbOrTx, subjectType: string, ids: number[]): Map<number, DeliveryStatus> {
  const out = new Map<number, DeliveryStatus>()
  if (!ids.length) return out
  const rows = db
    .select({
      subjectId: outboundMessages.subjectId,
      status: outboundMessages.status,
      attempts: outboundMessages.attempts,
      sentAt: outboundMessages.sentAt,
      lastError: outboundMessages.lastError,
    })
    .from(outboundMessages)
    .where(and(eq(outboundMessages.subjectType, subjectType), inArray(outboundMessages.subjectId, ids)))
    .orderBy(asc(outboundMessages.id))
    .all()
  for (const r of rows) out.set(r.subjectId, { status: r.status, attempts: r.attempts, sentAt: r.sentAt, noPhone: r.lastError === 'no-phone' })
  return out
}

const noMessageFor = (db: DbOrTx, subjectType: string, subjectId: typeof panelMembers.id | typeof satisfactionRatings.id) =>
  notExists(
    db
      .select({ one: sql`1` })
      .from(outboundMessages)
      .where(and(eq(outboundMessages.subjectType, subjectType), eq(outboundMessages.subjectId, subjectId))),
  )

/** Open invitations since `since` nobody has been messaged about yet, with what the text needs. */
export function invitationsToMessage(db: DbOrTx, since: Date) {
  return db
    .select({
      rowId: panelMembers.id,
      token: panelMembers.inviteToken,
      panelId: panelMembers.panelId,
      topicId: panels.topicId,
      name: deliberators.name,
      phone: deliberators.phone,
    })
    .from(panelMembers)
    .innerJoin(panels, eq(panels.id, panelMembers.panelId))
    .innerJoin(deliberators, eq(deliberators.id, panelMembers.deliberatorId))
    .where(
      and(
        eq(panelMembers.status, 'invited'),
        sql`${panelMembers.inviteToken} is not null`,
        gte(panelMembers.invitedAt, since),
        noMessageFor(db, 'panel_member', panelMembers.id),
      ),
    )
    .orderBy(asc(panelMembers.id))
    .all()
}

/** Unanswered rating requests since `since` nobody has been messaged about yet: phone and name from the complaint, the panel member or the account. */
export function ratingRequestsToMessage(db: DbOrTx, since: Date) {
  return db
    .select({
      id: satisfactionRatings.id,
      token: satisfactionRatings.token,
      decisionId: satisfactionRatings.decisionId,
      complaintName: complaints.complainantName,
      complaintPhone: complaints.complainantPhone,
      memberName: deliberators.name,
      memberPhone: deliberators.phone,
      userName: users.displayName,
      userPhone: users.phone,
    })
    .from(satisfactionRatings)
    .leftJoin(complaints, eq(complaints.id, satisfactionRatings.complaintId))
    .leftJoin(panelMembers, eq(panelMembers.id, satisfactionRatings.panelMemberId))
    .leftJoin(deliberators, eq(deliberators.id, panelMembers.deliberatorId))
    .leftJoin(users, eq(users.id, satisfactionRatings.userId))
    .where(
      and(isNull(satisfactionRatings.answeredAt), gte(satisfactionRatings.askedAt, since), noMessageFor(db, 'satisfaction_rating', satisfactionRatings.id)),
    )
    .orderBy(asc(satisfactionRatings.id))
    .all()
}

/** Blank the personal data in a member's messages when they leave the pool. */
export function forgetMessagesTo(tx: DbOrTx, panelMemberIds: number[]) {
  if (!panelMemberIds.length) return
  tx.update(outboundMessages)
    .set({ recipientName: null, toPhone: null, body: '—' })
    .where(and(eq(outboundMessages.subjectType, 'panel_member'), inArray(outboundMessages.subjectId, panelMemberIds)))
    .run()
}

/** Staff ask for a failed message to be sent again: the latest one for the subject goes back in the queue with fresh attempts. */
export function requeueMessage(db: Db, subject: { subjectType: string; subjectId: number }, actor: Actor): OutboundMessageRow | null {
  return db.transaction(tx => {
    const last = tx
      .select()
      .from(outboundMessages)
      .where(and(eq(outboundMessages.subjectType, subject.subjectType), eq(outboundMessages.subjectId, subject.subjectId)))
      .orderBy(desc(outboundMessages.id))
      .get()
    if (!last || last.status !== 'failed' || !last.toPhone) return null
    const row = tx
      .update(outboundMessages)
      .set({ status: 'queued', attempts: 0, nextAttemptAt: null, lastError: null })
      .where(eq(outboundMessages.id, last.id))
      .returning()
      .get()
    writeAudit(
      tx,
      actor,
      'message.resend',
      { type: 'message', id: row.id },
      { before: { status: last.status, attempts: last.attempts, error: last.lastError }, after: { status: 'queued' } },
    )
    return row
  })
}
