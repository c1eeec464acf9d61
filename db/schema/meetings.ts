import { sqliteTable, integer, text, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core'
import { createdAt, ts } from './_helpers'
import { panels } from './deliberators'
import { topics } from './topics'
import { users } from './users'

export const meetings = sqliteTable('meetings', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  topicId: integer('topic_id')
    .notNull()
    .references(() => topics.id),
  panelId: integer('panel_id').references(() => panels.id),
  title: text('title').notNull(),
  mode: text('mode', { enum: ['online', 'in_person', 'hybrid'] }).notNull(),
  startsAt: ts('starts_at').notNull(),
  place: text('place'),
  link: text('link'),
  isPublic: integer('is_public', { mode: 'boolean' }).notNull().default(true),
  speakerSeconds: integer('speaker_seconds').notNull().default(180),
  /** scheduled → live → ended; derived from the log but cached for listing. */
  status: text('status').notNull().default('scheduled'),
  checkInToken: text('check_in_token').notNull(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
})

export const agendaItems = sqliteTable(
  'agenda_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    plannedMinutes: integer('planned_minutes').notNull(),
  },
  t => [index('agenda_items_meeting_idx').on(t.meetingId)],
)

export const meetingParticipants = sqliteTable(
  'meeting_participants',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: ['facilitator', 'deliberator', 'observer', 'recorder', 'supervisor'] }).notNull(),
    createdAt: createdAt(),
  },
  t => [primaryKey({ columns: [t.meetingId, t.userId] })],
)

/**
 * The append-only meeting log. Live state is a fold over these rows; `seq` is
 * per meeting and `idempotencyKey` makes client retries apply once.
 */
export const meetingEvents = sqliteTable(
  'meeting_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    /** Set when the in-room recorder enters something on behalf of a person in the room. */
    inRoom: integer('in_room', { mode: 'boolean' }).notNull().default(false),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text('idempotency_key'),
    createdAt: createdAt(),
  },
  t => [uniqueIndex('meeting_events_seq_uq').on(t.meetingId, t.seq), uniqueIndex('meeting_events_idem_uq').on(t.meetingId, t.idempotencyKey)],
)

export const minutes = sqliteTable('minutes', {
  meetingId: integer('meeting_id')
    .primaryKey()
    .references(() => meetings.id, { onDelete: 'cascade' }),
  markdown: text('markdown').notNull(),
  status: text('status', { enum: ['draft', 'approved', 'published'] })
    .notNull()
    .default('draft'),
  approvedBy: integer('approved_by').references(() => users.id),
  approvedAt: ts('approved_at'),
  publishedAt: ts('published_at'),
  updatedAt: ts('updated_at'),
})
