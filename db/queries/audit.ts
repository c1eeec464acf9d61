import type { DbOrTx } from '../client'
import { auditEvents } from '../schema/index'

export type Actor = { kind: 'user'; id: number } | { kind: 'token'; id: number } | { kind: 'system' } | { kind: 'anonymous' }

/**
 * Every action the audit log records. The administrator reads the log in words
 * (`audit.action.<action>` in the catalogs), so a new action starts here.
 */
export const AUDIT_ACTIONS = [
  'answer.faq_published',
  'answer.feedback.avoided',
  'answer.feedback.helpful',
  'answer.feedback.not_helpful',
  'answer.published',
  'answer.rejected',
  'answer.reply_recorded',
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
