import { and, count, desc, eq, gt, gte, inArray, lte, ne, notInArray, or, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import {
  answers,
  auditEvents,
  complaints,
  decisions,
  deliberators,
  meetings,
  panelMembers,
  panels,
  roleAssignments,
  satisfactionRatings,
  topics,
  units,
  users,
  workOrders,
} from '../schema/index'

export type Actor = { kind: 'user'; id: number } | { kind: 'token'; id: number } | { kind: 'system' } | { kind: 'anonymous' }

/**
 * Every action the audit log records. The administrator reads the log in words
 * (`audit.action.<action>` in the catalogs), so a new action starts here.
 */
export const AUDIT_ACTIONS = [
  'answer.faq_confirmed',
  'answer.faq_published',
  'answer.faq_updated',
  'answer.feedback.avoided',
  'answer.feedback.helpful',
  'answer.feedback.not_helpful',
  'answer.published',
  'answer.rejected',
  'answer.reply_recorded',
  'answer.republished',
  'answer.withdrawn',
  'api_token.create',
  'api_token.revoke',
  'complaint.attach',
  'complaint.category',
  'complaint.create',
  'complaint.duplicate',
  'complaint.status',
  'complaint.support',
  'decision.deliver',
  'decision.record',
  'decision.reopen',
  'decision.target.add',
  'decision.target.measure',
  'follow.add',
  'follow.notified',
  'follow.remove',
  'meeting.create',
  'meeting.meeting.end',
  'meeting.meeting.start',
  'meeting.message.hide',
  'meeting.minutes.approve',
  'meeting.minutes.publish',
  'meeting.minutes.save',
  'meeting.participant.add',
  'meeting.participant.mute',
  'meeting.participant.remove',
  'meeting.proposal.decide',
  'meeting.vote.close',
  'meeting.vote.open',
  'message.failed',
  'message.queue',
  'message.resend',
  'message.retry',
  'message.sent',
  'panel.accept',
  'panel.create',
  'panel.decline',
  'panel.draw',
  'panel.invite',
  'panel.invite.alternate',
  'panel.meeting.link',
  'panel.seat.waitlisted',
  'panel.seed',
  'pool.add',
  'pool.import',
  'pool.join',
  'pool.leave',
  'pool.update',
  'satisfaction.answer',
  'satisfaction.request',
  'session.login',
  'session.logout',
  'taxonomy.rollback',
  'taxonomy.save',
  'topic.approve',
  'topic.auto-merge',
  'topic.escalate',
  'topic.follow',
  'topic.merge',
  'topic.merge-target',
  'topic.push',
  'topic.reassign',
  'topic.refresh',
  'topic.reject',
  'topic.reopen',
  'topic.snooze',
  'topic.split',
  'topic.suggest',
  'topic.unfollow',
  'topic.wake',
  'unit.create',
  'unit.settings',
  'user.create',
  'user.deactivate',
  'user.demo-passwords-removed',
  'user.password.reset',
  'user.reactivate',
  'user.role.grant',
  'user.role.revoke',
  'work_order.create',
  'work_order.deadline',
  'work_order.edit',
  'work_order.overdue.lift',
  'work_order.progress',
  'work_order.reopen',
  'work_order.transition',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** What an audit row is about; named in words beside its number (`audit.subject.<type>`). */
export const AUDIT_SUBJECTS = [
  'answer',
  'api_token',
  'complaint',
  'decision',
  'deliberator',
  'follow',
  'meeting',
  'message',
  'panel',
  'panel_member',
  'satisfaction',
  'taxonomy',
  'topic',
  'unit',
  'user',
  'work_order',
] as const
export type AuditSubject = (typeof AUDIT_SUBJECTS)[number]

export const SYSTEM: Actor = { kind: 'system' }
export const ANONYMOUS: Actor = { kind: 'anonymous' }

/** Append one audit row. Call inside the same transaction as the change it records. */
export function writeAudit(
  db: DbOrTx,
  actor: Actor,
  action: AuditAction,
  subject: { type: AuditSubject; id?: string | number | null },
  change: { before?: unknown; after?: unknown } = {},
) {
  db.insert(auditEvents)
    .values({
      actorKind: actor.kind,
      actorId: 'id' in actor ? actor.id : null,
      action,
      subjectType: subject.type,
      subjectId: subject.id == null ? null : String(subject.id),
      before: change.before ?? null,
      after: change.after ?? null,
    })
    .run()
}

// Reading the log: the audit log page and its CSV export.

/** Kinds of action the audit log is filtered by; each action belongs to exactly one (`audit.group.<kind>`). */
export const AUDIT_GROUPS = ['topics', 'complaints', 'answers', 'meetings', 'panels', 'orders', 'accounts', 'messages'] as const
export type AuditGroup = (typeof AUDIT_GROUPS)[number]

/** The first part of an action's name, and its kind. */
const GROUP_BY_PREFIX: Record<string, AuditGroup> = {
  topic: 'topics',
  follow: 'topics',
  complaint: 'complaints',
  taxonomy: 'complaints',
  answer: 'answers',
  meeting: 'meetings',
  panel: 'panels',
  pool: 'panels',
  decision: 'orders',
  work_order: 'orders',
  satisfaction: 'orders',
  session: 'accounts',
  user: 'accounts',
  api_token: 'accounts',
  unit: 'accounts',
  message: 'messages',
}

export function auditGroupOf(action: string): AuditGroup | null {
  return GROUP_BY_PREFIX[action.split('.')[0]!] ?? null
}

export function auditActionsOf(group: AuditGroup): AuditAction[] {
  return AUDIT_ACTIONS.filter(a => auditGroupOf(a) === group)
}

/**
 * Rows that come by the dozen and record no decision: sign-ins, the delivery attempts of text
 * messages and residents' taps on a published answer (counted on the dashboard). The log hides
 * them unless asked (an administrator resending a message stays visible).
 */
export const ROUTINE_ACTIONS = [
  'session.login',
  'session.logout',
  'message.queue',
  'message.sent',
  'message.failed',
  'message.retry',
  'answer.feedback.avoided',
  'answer.feedback.helpful',
  'answer.feedback.not_helpful',
] as const satisfies readonly AuditAction[]

/** What a row is about, for the subjects that lie in a unit: the others (accounts, tokens, the taxonomy, messages) lie in none. */
export const AUDIT_SUBJECTS_IN_UNITS = [
  'topic',
  'complaint',
  'meeting',
  'decision',
  'work_order',
  'satisfaction',
  'panel',
  'panel_member',
  'deliberator',
  'answer',
  'unit',
] as const satisfies readonly AuditSubject[]

/** Rows about a subject in one of `unitIds`: a topic and everything that hangs from it, a complaint, a reply, a pool member, the unit itself. */
function subjectInUnits(unitIds: readonly number[]): SQL {
  const ids = sql`(${sql.join(
    unitIds.map(id => sql`${id}`),
    sql`, `,
  )})`
  const topicIds = sql`select ${topics.id} from ${topics} where ${topics.unitId} in ${ids}`
  const decisionIds = sql`select ${decisions.id} from ${decisions} where ${decisions.topicId} in (${topicIds})`
  const panelIds = sql`select ${panels.id} from ${panels} where ${panels.topicId} in (${topicIds})`
  const subjects: Record<(typeof AUDIT_SUBJECTS_IN_UNITS)[number], SQL> = {
    topic: topicIds,
    complaint: sql`select ${complaints.id} from ${complaints} where ${complaints.communityId} in ${ids} or ${complaints.unitId} in ${ids}`,
    meeting: sql`select ${meetings.id} from ${meetings} where ${meetings.topicId} in (${topicIds})`,
    decision: decisionIds,
    work_order: sql`select ${workOrders.id} from ${workOrders} where ${workOrders.decisionId} in (${decisionIds}) or ${workOrders.departmentId} in ${ids}`,
    satisfaction: sql`select ${satisfactionRatings.id} from ${satisfactionRatings} where ${satisfactionRatings.decisionId} in (${decisionIds})`,
    panel: panelIds,
    panel_member: sql`select ${panelMembers.id} from ${panelMembers} where ${panelMembers.panelId} in (${panelIds})`,
    deliberator: sql`select ${deliberators.id} from ${deliberators} where ${deliberators.communityId} in ${ids}`,
    answer: sql`select ${answers.id} from ${answers} where ${answers.communityId} in ${ids}`,
    unit: sql`select ${units.id} from ${units} where ${units.id} in ${ids}`,
  }
  // Subject ids are stored as text: compare them as text so the (subject_type, subject_id) index serves.
  return or(
    ...Object.entries(subjects).map(
      ([type, idsOf]) => sql`(${auditEvents.subjectType} = ${type} and ${auditEvents.subjectId} in (select cast(x.id as text) from (${idsOf}) as x))`,
    ),
  )!
}

export type AuditFilter = {
  group?: AuditGroup | null
  /** The account that acted, by username. */
  actor?: string | null
  /** Only accounts holding a staff role may be looked up by name (a resident's actions are not searched for). */
  staffActorsOnly?: boolean
  /** Rows about subjects in these units (null: every row). */
  unitIds?: readonly number[] | null
  from?: Date | null
  to?: Date | null
  /** Sign-ins and message deliveries too. */
  routine?: boolean
  /** Rows up to this one only: an export read page by page is not shifted by rows written meanwhile. */
  upToId?: number | null
}

function auditWhere(db: DbOrTx, f: AuditFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = []
  if (f.group) conds.push(inArray(auditEvents.action, auditActionsOf(f.group)))
  if (!f.routine) conds.push(notInArray(auditEvents.action, [...ROUTINE_ACTIONS]))
  if (f.actor) {
    const actor = db
      .select({ id: users.id })
      .from(users)
      .where(sql`${users.username} = ${f.actor} collate nocase`)
      .get()
    const staff =
      actor &&
      (!f.staffActorsOnly ||
        !!db
          .select({ id: roleAssignments.id })
          .from(roleAssignments)
          .where(and(eq(roleAssignments.userId, actor.id), ne(roleAssignments.role, 'resident')))
          .get())
    conds.push(staff ? and(eq(auditEvents.actorKind, 'user'), eq(auditEvents.actorId, actor.id)) : sql`0`)
  }
  if (f.unitIds) conds.push(f.unitIds.length ? subjectInUnits(f.unitIds) : sql`0`)
  if (f.from) conds.push(gte(auditEvents.createdAt, f.from))
  if (f.to) conds.push(lte(auditEvents.createdAt, f.to))
  if (f.upToId != null) conds.push(lte(auditEvents.id, f.upToId))
  return and(...conds)
}

export type AuditRow = typeof auditEvents.$inferSelect

/** One page of the log, newest first, with the number of matching rows. */
export function listAuditEvents(db: DbOrTx, filter: AuditFilter, paging: { page: number; pageSize: number }) {
  const where = auditWhere(db, filter)
  const total = db.select({ n: count() }).from(auditEvents).where(where).get()?.n ?? 0
  const pages = Math.max(1, Math.ceil(total / paging.pageSize))
  const page = Math.min(Math.max(1, Math.floor(paging.page)), pages)
  const rows = db
    .select()
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.id))
    .limit(paging.pageSize)
    .offset((page - 1) * paging.pageSize)
    .all()
  return { rows, total, page, pages }
}

export type AuditPerson = { displayName: string; username: string }

/**
 * Who acted and, for accounts, whom a row is about, by name; `staffOnly` leaves people with no staff
 * role unnamed (a resident following a topic is "a resident" to a supervisor).
 */
export function auditPeople(db: DbOrTx, rows: readonly AuditRow[], opts: { staffOnly: boolean }) {
  const ids = [
    ...new Set(rows.flatMap(r => [r.actorKind === 'user' ? r.actorId : null, r.subjectType === 'user' && r.subjectId ? Number(r.subjectId) : null])),
  ].filter((id): id is number => id != null && Number.isInteger(id))
  const people = new Map<number, AuditPerson>(
    ids.length
      ? db
          .select({ id: users.id, displayName: users.displayName, username: users.username })
          .from(users)
          .where(inArray(users.id, ids))
          .all()
          .map(p => [p.id, { displayName: p.displayName, username: p.username }])
      : [],
  )
  const staff = new Set(
    ids.length
      ? db
          .select({ userId: roleAssignments.userId })
          .from(roleAssignments)
          .where(and(inArray(roleAssignments.userId, ids), ne(roleAssignments.role, 'resident')))
          .all()
          .map(g => g.userId)
      : [],
  )
  const named = (id: number | null) => (id == null || (opts.staffOnly && !staff.has(id)) ? null : (people.get(id) ?? null))
  return rows.map(r => {
    const hidden = opts.staffOnly && r.actorKind === 'user' && r.actorId != null && !staff.has(r.actorId)
    return {
      id: r.id,
      createdAt: r.createdAt,
      actorKind: hidden ? ('resident' as const) : r.actorKind,
      actorId: hidden ? null : r.actorId,
      actorName: r.actorKind === 'user' ? named(r.actorId) : null,
      action: r.action,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      subjectName: r.subjectType === 'user' && r.subjectId ? named(Number(r.subjectId)) : null,
    }
  })
}

/** How many rows matching the filter were written after row `id`. */
export function countAuditEventsAfter(db: DbOrTx, filter: AuditFilter, id: number) {
  return (
    db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(auditWhere(db, filter), gt(auditEvents.id, id)))
      .get()?.n ?? 0
  )
}

/** The newest row's id (0 when the log is empty). */
export function lastAuditId(db: DbOrTx) {
  return db.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1).get()?.id ?? 0
}
