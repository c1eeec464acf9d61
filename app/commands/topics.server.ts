import { getPipeline } from '#app/services/nlp.server'
import { refreshManualTopic, removeFromEngine } from '#app/services/topics.server'
import type { REJECT_REASONS } from '#db/enums'
import { DomainError } from '#db/errors'
import { createNotifications, notifyTopicFollowers } from '#db/queries/notifications'
import {
  getTopic,
  getTopicComplaintIds,
  responsibleUsers,
  writeTopicApproval,
  writeTopicMerge,
  writeTopicReassignment,
  writeTopicRejection,
  writeTopicReopen,
  writeTopicSnooze,
  writeTopicSplit,
  type TopicRow,
} from '#db/queries/topics'
import { getUnit } from '#db/queries/units'
import type { CommandContext } from './context'
import { notifyFollowers } from './follows.server'
import { pushNotifications } from './notify.server'

const DAY_MS = 86_400_000

/** The reviewer saw the topic at this version; a change made since is a conflict, not an overwrite. */
type Seen = { topicId: number; expectedVersion: number }

/** Staff pages of the topic's unit (and the units above) refresh their lists. */
function broadcastTopicChanged(ctx: CommandContext, topic: TopicRow, unitId = topic.unitId) {
  ctx.notify.toUnit(ctx.db, unitId, 'topic:changed', { id: topic.id, unitId: topic.unitId, status: topic.status, heat: topic.heat, title: topic.title })
}

/** Complaints a worker has decided on leave automatic clustering. */
function takeOutOfEngine(ctx: CommandContext, topicId: number) {
  removeFromEngine(getTopicComplaintIds(ctx.db, topicId))
}

export type ApproveTopicInput = Seen & { title: string; description: string; category: string; place: string | null }

/**
 * Approve a suggestion as a deliberation topic, with the reviewer's edits. Its
 * complaints leave the engine and are marked "in topic"; complainants with an
 * account and followers are told their issue is taken up.
 */
export function approveTopic(ctx: CommandContext, input: ApproveTopicInput): TopicRow {
  // The category is one of the taxonomy's, as dashboards and filters group by it; a topic may keep the one it has.
  const categories = new Set(getPipeline(ctx.db).taxonomy.categories.map(c => c.nameZh))
  if (!categories.has(input.category) && input.category !== getTopic(ctx.db, input.topicId)?.category)
    throw new DomainError('invalid', 'topics.error.category', { field: 'category' })
  const { topic, told } = ctx.db.transaction(tx => {
    const topic = writeTopicApproval(tx, input, ctx.actor)
    return { topic, told: notifyTopicFollowers(tx, topic.id, 'topics.notify.approved') }
  })
  takeOutOfEngine(ctx, topic.id)
  pushNotifications(ctx.notify, told)
  notifyFollowers(ctx, { about: 'topic', id: topic.id })
  broadcastTopicChanged(ctx, topic)
  return topic
}

export type RejectTopicInput = Seen & { reason: (typeof REJECT_REASONS)[number]; note: string | null }

/**
 * Reject a suggestion with a reason from the list; it stays in history and its
 * complaints leave the engine. "Other" must say what the reason is: residents
 * following the topic and the supervisor read it.
 */
export function rejectTopic(ctx: CommandContext, input: RejectTopicInput): TopicRow {
  if (input.reason === 'other' && !input.note?.trim()) throw new DomainError('invalid', 'topics.error.rejectNote', { field: 'note' })
  const topic = ctx.db.transaction(tx => writeTopicRejection(tx, input, ctx.actor))
  takeOutOfEngine(ctx, topic.id)
  broadcastTopicChanged(ctx, topic)
  return topic
}

/**
 * Take back a rejection: the topic is a suggestion again, made by hand (its
 * complaints stay out of the engine), with its heat from its own complaints.
 */
export function reopenTopic(ctx: CommandContext, input: Seen): TopicRow {
  const { taxonomy } = getPipeline(ctx.db)
  const topic = ctx.db.transaction(tx => {
    const reopened = writeTopicReopen(tx, input, ctx.actor)
    return refreshManualTopic(tx, reopened.id, taxonomy) ?? reopened
  })
  broadcastTopicChanged(ctx, topic)
  return topic
}

/** Put a suggestion aside for some days; it comes back as a suggestion when the time is up. */
export function snoozeTopic(ctx: CommandContext, input: Seen & { days: number }, now = new Date()): TopicRow {
  const until = new Date(now.getTime() + input.days * DAY_MS)
  const topic = ctx.db.transaction(tx => writeTopicSnooze(tx, { topicId: input.topicId, expectedVersion: input.expectedVersion, until }, ctx.actor))
  broadcastTopicChanged(ctx, topic)
  return topic
}

/**
 * Hand a suggestion to another community or street; the staff of both see the
 * change live, and the staff now responsible are told in their notifications,
 * so a topic handed over while they are away still reaches them.
 */
export function reassignTopic(ctx: CommandContext, input: Seen & { unitId: number; note: string | null }): TopicRow {
  if (!getUnit(ctx.db, input.unitId)) throw new DomainError('invalid', 'topics.error.reassignUnit', { field: 'unitId' })
  const { topic, fromUnitId, told } = ctx.db.transaction(tx => {
    const fromUnitId = getTopic(tx, input.topicId)?.unitId ?? null
    const topic = writeTopicReassignment(tx, input, ctx.actor)
    const receivers = fromUnitId === topic.unitId ? [] : responsibleUsers(tx, topic.unitId).filter(id => ctx.actor.kind !== 'user' || id !== ctx.actor.id)
    const told = createNotifications(tx, receivers, 'topic.reassign', 'topics.notify.handedOver', { title: topic.title }, `/topics/${topic.id}`)
    return { topic, fromUnitId, told }
  })
  pushNotifications(ctx.notify, told)
  broadcastTopicChanged(ctx, topic)
  if (fromUnitId !== null && fromUnitId !== topic.unitId) broadcastTopicChanged(ctx, topic, fromUnitId)
  return topic
}

export type MergeTopicsInput = { targetId: number; sourceIds: number[]; expectedVersions: Record<number, number> }

/**
 * Merge suggestions into one: the target takes their complaints, and its heat,
 * period, keywords, summary, category and stakeholders are derived again from
 * all of them; the others stay in history as merged.
 */
export function mergeTopics(ctx: CommandContext, input: MergeTopicsInput): TopicRow {
  const { taxonomy } = getPipeline(ctx.db)
  const target = ctx.db.transaction(tx => {
    const merged = writeTopicMerge(tx, input, ctx.actor)
    return refreshManualTopic(tx, merged.id, taxonomy) ?? merged
  })
  takeOutOfEngine(ctx, target.id)
  broadcastTopicChanged(ctx, target)
  return target
}

/**
 * Move chosen complaints out of a suggestion into a new one; each then gets its
 * heat, period, keywords, summary, category and stakeholders from its own complaints.
 */
export function splitTopic(ctx: CommandContext, input: Seen & { complaintIds: number[]; title: string }): { original: TopicRow; created: TopicRow } {
  const { taxonomy } = getPipeline(ctx.db)
  const { original, created } = ctx.db.transaction(tx => {
    const split = writeTopicSplit(tx, input, ctx.actor)
    const refreshed = (t: TopicRow) => refreshManualTopic(tx, t.id, taxonomy) ?? t
    return { original: refreshed(split.original), created: refreshed(split.created) }
  })
  for (const topic of [original, created]) takeOutOfEngine(ctx, topic.id)
  broadcastTopicChanged(ctx, created)
  broadcastTopicChanged(ctx, original)
  return { original, created }
}
