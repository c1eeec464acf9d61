import { sqliteTable, integer, text, real, index, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { createdAt, ts } from './_helpers'
import { panelMembers } from './deliberators'
import { meetings } from './meetings'
import { topics } from './topics'
import { units } from './units'
import { users } from './users'

export const decisions = sqliteTable('decisions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  meetingId: integer('meeting_id').references(() => meetings.id),
  topicId: integer('topic_id')
    .notNull()
    .references(() => topics.id),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  /** The vote (meeting event seq) that carried it, if any. */
  voteSeq: integer('vote_seq'),
  /** open → delivered (all work orders verified/closed); back to open when reopened. */
  status: text('status').notNull().default('open'),
  /** Roll-up of its work orders' progress (equal weights), 0–100. */
  progress: integer('progress').notNull().default(0),
  deliveredAt: ts('delivered_at'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
})

/** A measurable target of a decision: metric, baseline → target, with measurements over time. */
export const decisionTargets = sqliteTable('decision_targets', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  decisionId: integer('decision_id')
    .notNull()
    .references(() => decisions.id, { onDelete: 'cascade' }),
  metric: text('metric').notNull(),
  unit: text('unit').notNull().default(''),
  baseline: real('baseline').notNull(),
  target: real('target').notNull(),
})

export const targetMeasurements = sqliteTable('target_measurements', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  targetId: integer('target_id')
    .notNull()
    .references(() => decisionTargets.id, { onDelete: 'cascade' }),
  value: real('value').notNull(),
  measuredAt: ts('measured_at').notNull(),
  note: text('note'),
  actorId: integer('actor_id').references(() => users.id),
})

/** Work-order statuses are data: the allowed transitions and who may take them. */
export const workOrderStatuses = sqliteTable('work_order_statuses', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  position: integer('position').notNull(),
  isTerminal: integer('is_terminal', { mode: 'boolean' }).notNull().default(false),
  /** Share of the work this status represents, for roll-up (0–100). */
  progress: integer('progress').notNull().default(0),
})

export const workOrderTransitions = sqliteTable(
  'work_order_transitions',
  {
    fromCode: text('from_code')
      .notNull()
      .references(() => workOrderStatuses.code),
    toCode: text('to_code')
      .notNull()
      .references(() => workOrderStatuses.code),
    role: text('role').notNull(),
  },
  t => [primaryKey({ columns: [t.fromCode, t.toCode, t.role] })],
)

export const workOrders = sqliteTable(
  'work_orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id),
    departmentId: integer('department_id')
      .notNull()
      .references(() => units.id),
    title: text('title').notNull(),
    problem: text('problem').notNull(),
    place: text('place'),
    priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] })
      .notNull()
      .default('normal'),
    dueAt: ts('due_at').notNull(),
    status: text('status')
      .notNull()
      .default('draft')
      .references(() => workOrderStatuses.code),
    progress: integer('progress').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    closedAt: ts('closed_at'),
  },
  t => [index('work_orders_dept_idx').on(t.departmentId, t.status), index('work_orders_decision_idx').on(t.decisionId)],
)

/** Append-only history of every work-order transition, progress update and deadline change. */
export const workOrderEvents = sqliteTable(
  'work_order_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workOrderId: integer('work_order_id')
      .notNull()
      .references(() => workOrders.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['transition', 'progress', 'deadline'] }).notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    /** A deadline change: the deadline before and after (the reason is the note). */
    fromDueAt: ts('from_due_at'),
    toDueAt: ts('to_due_at'),
    progress: integer('progress'),
    note: text('note'),
    actorId: integer('actor_id').references(() => users.id),
    createdAt: createdAt(),
  },
  t => [index('work_order_events_wo_idx').on(t.workOrderId)],
)

/** 好差评: satisfaction callbacks to complainants and panel members. */
export const satisfactionRatings = sqliteTable(
  'satisfaction_ratings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id),
    /** Who was asked: a complainant's complaint id or a user. */
    complaintId: integer('complaint_id'),
    userId: integer('user_id').references(() => users.id),
    /** complainant (behind the topic) or panel (a member of its panel). */
    audience: text('audience', { enum: ['complainant', 'panel'] })
      .notNull()
      .default('complainant'),
    /** For panel members without an account: who to text the link to. */
    panelMemberId: integer('panel_member_id').references(() => panelMembers.id, { onDelete: 'set null' }),
    token: text('token').notNull(),
    askedAt: createdAt(),
    rating: integer('rating'),
    comment: text('comment'),
    answeredAt: ts('answered_at'),
    reopenedWorkOrderId: integer('reopened_work_order_id'),
  },
  t => [index('satisfaction_decision_idx').on(t.decisionId), uniqueIndex('satisfaction_token_uq').on(t.token)],
)
