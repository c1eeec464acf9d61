import { sqliteTable, integer, text, real, index, primaryKey, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { createdAt, ts } from './_helpers'
import { complaints } from './complaints'
import { units } from './units'
import { users } from './users'

/**
 * A deliberation topic: first a suggestion from the hot-topic engine, then
 * reviewed by a worker. `version` is the optimistic-locking counter.
 */
export const topics = sqliteTable(
  'topics',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The community (or street/district when the community is unknown) responsible. */
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    status: text('status').notNull().default('suggested'),
    /** Engine cluster id while the topic is a live suggestion. */
    clusterKey: text('cluster_key'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    category: text('category').notNull().default(''),
    categoryPath: text('category_path', { mode: 'json' }).$type<string[]>().notNull().default([]),
    place: text('place'),
    keywords: text('keywords', { mode: 'json' }).$type<string[]>().notNull().default([]),
    stakeholders: text('stakeholders', { mode: 'json' }).$type<string[]>().notNull().default([]),
    heat: real('heat').notNull().default(0),
    heatBreakdown: text('heat_breakdown', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    /** Daily heat samples for the sparkline, JSON [[isoDate, heat], …]. */
    heatHistory: text('heat_history', { mode: 'json' }).$type<[string, number][]>().notNull().default([]),
    fromTime: ts('from_time'),
    toTime: ts('to_time'),
    mergedIntoId: integer('merged_into_id').references((): AnySQLiteColumn => topics.id),
    splitFromId: integer('split_from_id').references((): AnySQLiteColumn => topics.id),
    rejectReason: text('reject_reason'),
    rejectNote: text('reject_note'),
    snoozedUntil: ts('snoozed_until'),
    isPublic: integer('is_public', { mode: 'boolean' }).notNull().default(true),
    pushedAt: ts('pushed_at'),
    escalatedAt: ts('escalated_at'),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewedAt: ts('reviewed_at'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: ts('updated_at'),
  },
  t => [
    index('topics_unit_status_idx').on(t.unitId, t.status),
    index('topics_cluster_idx').on(t.clusterKey),
    // The topic list walks one status hottest first and stops after a page.
    index('topics_status_heat_idx').on(t.status, t.heat, t.id),
  ],
)

export const topicComplaints = sqliteTable(
  'topic_complaints',
  {
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    complaintId: integer('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
  },
  t => [primaryKey({ columns: [t.topicId, t.complaintId] }), index('topic_complaints_c_idx').on(t.complaintId)],
)

/** Append-only review history (approve, merge, split, reject, snooze, reassign…). */
export const topicEvents = sqliteTable(
  'topic_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    note: text('note'),
    data: text('data', { mode: 'json' }),
    actorId: integer('actor_id').references(() => users.id),
    createdAt: createdAt(),
  },
  t => [index('topic_events_topic_idx').on(t.topicId)],
)

export const topicFollows = sqliteTable(
  'topic_follows',
  {
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  t => [primaryKey({ columns: [t.topicId, t.userId] })],
)
