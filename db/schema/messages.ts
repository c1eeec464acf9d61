import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core'
import { createdAt, ts } from './_helpers'

/**
 * Messages to residents (SMS), written by the system and handed to the
 * configured provider. The row is the delivery record: what was sent to whom,
 * through which provider, how many attempts and why the last one failed.
 */
export const outboundMessages = sqliteTable(
  'outbound_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel', { enum: ['sms'] })
      .notNull()
      .default('sms'),
    /** panel.invitation or satisfaction.request */
    kind: text('kind').notNull(),
    /** What the message is about: a panel_member row or a satisfaction_rating row. */
    subjectType: text('subject_type').notNull(),
    subjectId: integer('subject_id').notNull(),
    recipientName: text('recipient_name'),
    toPhone: text('to_phone'),
    body: text('body').notNull(),
    /** queued (waiting for a first or further attempt), sent, failed (gave up). */
    status: text('status', { enum: ['queued', 'sent', 'failed'] })
      .notNull()
      .default('queued'),
    provider: text('provider'),
    providerRef: text('provider_ref'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: ts('next_attempt_at'),
    sentAt: ts('sent_at'),
    createdAt: createdAt(),
  },
  t => [index('outbound_messages_subject_idx').on(t.subjectType, t.subjectId), index('outbound_messages_status_idx').on(t.status)],
)

export type OutboundMessageRow = typeof outboundMessages.$inferSelect
