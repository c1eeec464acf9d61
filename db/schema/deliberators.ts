import { sqliteTable, integer, text, real, index, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { MemberReason } from '../../panel/index'
import { createdAt, ts } from './_helpers'
import { topics } from './topics'
import { units } from './units'
import { users } from './users'

/** A member of the deliberator pool. Leaving the pool deletes the row (and its PII). */
export const deliberators = sqliteTable(
  'deliberators',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    communityId: integer('community_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    phone: text('phone'),
    building: text('building'),
    interests: text('interests', { mode: 'json' }).$type<string[]>().notNull().default([]),
    expertise: text('expertise', { mode: 'json' }).$type<string[]>().notNull().default([]),
    roles: text('roles', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** Consented quota attributes, e.g. {ageBand:'40-59', gender:'女', tenure:'10y+'}. */
    attributes: text('attributes', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
    availability: text('availability'),
    accessibilityNeeds: text('accessibility_needs'),
    languages: text('languages', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** Assessed deliberation capability, 1–5. */
    capability: real('capability'),
    consentAt: ts('consent_at').notNull(),
    consentText: text('consent_text').notNull(),
    timesServed: integer('times_served').notNull().default(0),
    lastServedAt: ts('last_served_at'),
    createdAt: createdAt(),
  },
  t => [index('deliberators_community_idx').on(t.communityId), uniqueIndex('deliberators_user_uq').on(t.userId)],
)

/** A panel drawn for a topic; the request and seed are kept so anyone can re-run the draw. */
export const panels = sqliteTable('panels', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  topicId: integer('topic_id')
    .notNull()
    .references(() => topics.id),
  seats: integer('seats').notNull(),
  seed: text('seed').notNull(),
  algorithm: text('algorithm').notNull(),
  request: text('request', { mode: 'json' }).notNull(),
  probabilities: text('probabilities', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  /** What the draw returned (member ids and seats, alternates in order), so a re-run can be compared. */
  drawn: text('drawn', { mode: 'json' }).$type<{ panel: { id: number; seat: string }[]; alternates: number[]; fairnessRatio?: number }>(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
})

export const panelMembers = sqliteTable(
  'panel_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    panelId: integer('panel_id')
      .notNull()
      .references(() => panels.id, { onDelete: 'cascade' }),
    deliberatorId: integer('deliberator_id').references(() => deliberators.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['member', 'alternate'] }).notNull(),
    position: integer('position').notNull(),
    seat: text('seat').notNull(),
    /** Why the person was selected, as data worded in the reader's language; rows saved before hold the text of the draw's language. */
    reasons: text('reasons', { mode: 'json' }).$type<(MemberReason | string)[]>().notNull().default([]),
    /**
     * Members: invited → accepted | declined → replaced (once an alternate takes the seat).
     * Alternates: waitlisted → invited → accepted | declined → replaced.
     */
    status: text('status').notNull().default('pending'),
    inviteToken: text('invite_token'),
    invitedAt: ts('invited_at'),
    respondedAt: ts('responded_at'),
    /** The reason a member gave when declining (shown to workers only). */
    declineReason: text('decline_reason'),
    /** For an alternate who was invited: the panel_members row whose seat they take. */
    replacesId: integer('replaces_id').references((): AnySQLiteColumn => panelMembers.id, { onDelete: 'set null' }),
    attended: integer('attended', { mode: 'boolean' }),
    facilitatorRating: integer('facilitator_rating'),
  },
  t => [index('panel_members_panel_idx').on(t.panelId), uniqueIndex('panel_members_token_uq').on(t.inviteToken)],
)
