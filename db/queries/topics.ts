import { and, count, desc, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '../client'
import { DAY_MS } from '../dates'
import { type REJECT_REASONS, type TopicStatus } from '../enums'
import { DomainError } from '../errors'
import { complaints, roleAssignments, topicComplaints, topicEvents, topicFollows, topics, units } from '../schema/index'
import { writeAudit, type Actor } from './audit'
import { setComplaintStatus } from './complaints'
import { createNotification } from './notifications'
import { getUnit, unitAncestry, unitDescendantIds, unitIdsWithin } from './units'

export type TopicRow = typeof topics.$inferSelect

const actorId = (a: Actor) => (a.kind === 'user' ? a.id : null)

export function getTopic(db: DbOrTx, id: number) {
  return db.select().from(topics).where(eq(topics.id, id)).get()
}

export function getTopicComplaintIds(db: DbOrTx, topicId: number): number[] {
  return db
    .select({ id: topicComplaints.complaintId })
    .from(topicComplaints)
    .where(eq(topicComplaints.topicId, topicId))
    .all()
    .map(r => r.id)
}

export function getTopicHistory(db: DbOrTx, topicId: number) {
  return db.select().from(topicEvents).where(eq(topicEvents.topicId, topicId)).orderBy(topicEvents.id).all()
}

/**
 * Topics in the given units (and their descendants), hottest first. `from`/`to`:
 * only topics whose complaints' period overlaps it.
 */
type TopicFilter = { scopeUnitIds: number[] | null; status?: TopicStatus | TopicStatus[]; unitId?: number; from?: Date; to?: Date }

function topicsWhere(db: DbOrTx, f: TopicFilter) {
  const conds = []
  if (f.from) conds.push(sql`coalesce(${topics.toTime}, ${topics.createdAt}) >= ${f.from.getTime()}`)
  if (f.to) conds.push(sql`coalesce(${topics.fromTime}, ${topics.createdAt}) <= ${f.to.getTime()}`)
  if (f.scopeUnitIds) {
    const visible = unitIdsWithin(db, f.scopeUnitIds)
    conds.push(inArray(topics.unitId, visible.length ? visible : [-1]))
  }
  if (f.unitId) conds.push(inArray(topics.unitId, unitDescendantIds(db, f.unitId)))
  if (f.status) conds.push(inArray(topics.status, Array.isArray(f.status) ? f.status : [f.status]))
  return conds.length ? and(...conds) : undefined
}

/** Hottest topics first; `offset` and `limit` page through them. */
export function listTopics(db: DbOrTx, f: TopicFilter & { limit?: number; offset?: number }) {
  return db
    .select()
    .from(topics)
    .where(topicsWhere(db, f))
    .orderBy(desc(topics.heat), desc(topics.id))
    .limit(f.limit ?? 500)
    .offset(f.offset ?? 0)
    .all()
}

/** How many topics `listTopics` would page through. */
export function countTopics(db: DbOrTx, f: TopicFilter): number {
  return db.select({ n: count() }).from(topics).where(topicsWhere(db, f)).get()?.n ?? 0
}

/** Topic → number of complaints, counted by the database (no ids fetched). */
export function complaintCountsByTopic(db: DbOrTx, topicIds: number[]): Map<number, number> {
  if (!topicIds.length) return new Map()
  const rows = db
    .select({ topicId: topicComplaints.topicId, n: count() })
    .from(topicComplaints)
    .where(inArray(topicComplaints.topicId, topicIds))
    .groupBy(topicComplaints.topicId)
    .all()
  return new Map(rows.map(r => [r.topicId, r.n]))
}

/** Topic → complaint ids for many topics at once. */
export function complaintIdsByTopic(db: DbOrTx, topicIds: number[]): Map<number, number[]> {
  const out = new Map<number, number[]>()
  if (!topicIds.length) return out
  for (const r of db.select().from(topicComplaints).where(inArray(topicComplaints.topicId, topicIds)).all()) {
    out.set(r.topicId, [...(out.get(r.topicId) ?? []), r.complaintId])
  }
  return out
}

type LockedUpdate = { topicId: number; expectedVersion: number }

/** Update a topic only if nobody changed it since `expectedVersion`; bump the version. */
function lockedUpdate(tx: DbOrTx, input: LockedUpdate, set: Partial<typeof topics.$inferInsert>): TopicRow {
  const row = tx
    .update(topics)
    .set({ ...set, version: sql`${topics.version} + 1`, updatedAt: new Date() })
    .where(and(eq(topics.id, input.topicId), eq(topics.version, input.expectedVersion)))
    .returning()
    .get()
  if (!row) {
    if (!getTopic(tx, input.topicId)) throw topicGone()
    throw topicChanged()
  }
  return row
}

function recordEvent(tx: DbOrTx, topicId: number, kind: string, actor: Actor, e: { from?: string; to?: string; note?: string | null; data?: unknown } = {}) {
  tx.insert(topicEvents)
    .values({ topicId, kind, fromStatus: e.from ?? null, toStatus: e.to ?? null, note: e.note ?? null, data: e.data ?? null, actorId: actorId(actor) })
    .run()
}

const topicChanged = () => new DomainError('conflict', 'topics.error.conflict')
const topicGone = () => new DomainError('not-found', 'topics.error.state', { params: { status: 'missing' } })

/** Only suggestions (and snoozed ones) can still be reviewed. */
function requireOpen(t: TopicRow | undefined): TopicRow {
  if (!t) throw topicGone()
  if (t.status !== 'suggested' && t.status !== 'snoozed') throw new DomainError('conflict', 'topics.error.state', { params: { status: t.status } })
  return t
}

// The review writes below run inside the caller's transaction (a civic command in
// app/commands/topics.server.ts): each changes the topic only at the version the
// reviewer saw, records the step in the topic's history and writes the audit row.

export type ApproveInput = LockedUpdate & { title: string; description: string; category: string; place: string | null }

/** Approve a suggestion as a deliberation topic (title, description, category and place may be edited). */
export function writeTopicApproval(tx: DbOrTx, input: ApproveInput, actor: Actor): TopicRow {
  const before = requireOpen(getTopic(tx, input.topicId))
  const row = lockedUpdate(tx, input, {
    status: 'approved',
    title: input.title,
    description: input.description,
    category: input.category,
    // A category the reviewer changed replaces the classifier's path, which no longer describes the topic.
    categoryPath: input.category === before.category ? before.categoryPath : [input.category],
    place: input.place,
    clusterKey: null,
    reviewedBy: actorId(actor),
    reviewedAt: new Date(),
  })
  for (const cid of getTopicComplaintIds(tx, row.id)) setComplaintStatus(tx, cid, 'in_topic', actor)
  recordEvent(tx, row.id, 'approve', actor, { from: before.status, to: 'approved' })
  writeAudit(tx, actor, 'topic.approve', { type: 'topic', id: row.id }, { before: pick(before), after: pick(row) })
  return row
}

export type RejectInput = LockedUpdate & { reason: (typeof REJECT_REASONS)[number]; note?: string | null }

export function writeTopicRejection(tx: DbOrTx, input: RejectInput, actor: Actor): TopicRow {
  const before = requireOpen(getTopic(tx, input.topicId))
  const row = lockedUpdate(tx, input, {
    status: 'rejected',
    rejectReason: input.reason,
    rejectNote: input.note ?? null,
    clusterKey: null,
    reviewedBy: actorId(actor),
    reviewedAt: new Date(),
  })
  recordEvent(tx, row.id, 'reject', actor, { from: before.status, to: 'rejected', note: input.note, data: { reason: input.reason } })
  writeAudit(
    tx,
    actor,
    'topic.reject',
    { type: 'topic', id: row.id },
    { before: pick(before), after: { ...pick(row), reason: input.reason, note: input.note } },
  )
  return row
}

/** Take a rejected topic back as a suggestion (a worker's, out of the engine), to be reviewed again. */
export function writeTopicReopen(tx: DbOrTx, input: LockedUpdate, actor: Actor): TopicRow {
  const before = getTopic(tx, input.topicId)
  if (!before) throw topicGone()
  if (before.status !== 'rejected') throw new DomainError('conflict', 'topics.error.state', { params: { status: before.status } })
  const row = lockedUpdate(tx, input, { status: 'suggested', rejectReason: null, rejectNote: null, reviewedBy: null, reviewedAt: null })
  recordEvent(tx, row.id, 'reopen', actor, { from: 'rejected', to: 'suggested', data: { reason: before.rejectReason, note: before.rejectNote } })
  writeAudit(tx, actor, 'topic.reopen', { type: 'topic', id: row.id }, { before: { ...pick(before), reason: before.rejectReason }, after: pick(row) })
  return row
}

export function writeTopicSnooze(tx: DbOrTx, input: LockedUpdate & { until: Date }, actor: Actor): TopicRow {
  const before = requireOpen(getTopic(tx, input.topicId))
  const row = lockedUpdate(tx, input, { status: 'snoozed', snoozedUntil: input.until })
  recordEvent(tx, row.id, 'snooze', actor, { from: before.status, to: 'snoozed', data: { until: input.until.toISOString() } })
  writeAudit(tx, actor, 'topic.snooze', { type: 'topic', id: row.id }, { before: pick(before), after: { ...pick(row), until: input.until } })
  return row
}

/** Hand a suggestion to another community (or level); its workers are told. */
export function writeTopicReassignment(tx: DbOrTx, input: LockedUpdate & { unitId: number; note?: string | null }, actor: Actor): TopicRow {
  const before = requireOpen(getTopic(tx, input.topicId))
  if (!getUnit(tx, input.unitId)) throw new DomainError('invalid', 'topics.error.generic', { field: 'unitId' })
  const row = lockedUpdate(tx, input, { unitId: input.unitId, pushedAt: null, escalatedAt: null })
  recordEvent(tx, row.id, 'reassign', actor, { note: input.note, data: { fromUnitId: before.unitId, toUnitId: input.unitId } })
  writeAudit(tx, actor, 'topic.reassign', { type: 'topic', id: row.id }, { before: pick(before), after: pick(row) })
  return row
}

export type MergeInput = { targetId: number; expectedVersions: Record<number, number>; sourceIds: number[] }

/**
 * Merge suggestions into `targetId`: their complaints move to the target, and
 * each source stays in history with status `merged` and a link to the target.
 */
export function writeTopicMerge(tx: DbOrTx, input: MergeInput, actor: Actor): TopicRow {
  const sources = input.sourceIds.filter(id => id !== input.targetId)
  if (!sources.length) throw new DomainError('invalid', 'topics.merge.needTwo')
  // Every topic asked about must still be as the reviewer saw it; the first that is not is named,
  // with what happened to it, and nothing is merged.
  for (const id of new Set([...input.sourceIds, input.targetId])) {
    const t = getTopic(tx, id)
    if (!t) throw topicGone()
    if (t.status !== 'suggested' && t.status !== 'snoozed')
      throw new DomainError('conflict', 'topics.merge.stale', { params: { title: t.title, status: t.status } })
    if (input.expectedVersions[id] !== t.version) throw new DomainError('conflict', 'topics.merge.changed', { params: { title: t.title } })
  }
  const targetBefore = requireOpen(getTopic(tx, input.targetId))
  const moved: number[] = []
  for (const id of sources) {
    const before = requireOpen(getTopic(tx, id))
    const version = input.expectedVersions[id]
    if (version === undefined) throw topicChanged()
    lockedUpdate(
      tx,
      { topicId: id, expectedVersion: version },
      { status: 'merged', mergedIntoId: input.targetId, clusterKey: null, reviewedBy: actorId(actor), reviewedAt: new Date() },
    )
    const ids = getTopicComplaintIds(tx, id)
    for (const cid of ids) tx.insert(topicComplaints).values({ topicId: input.targetId, complaintId: cid }).onConflictDoNothing().run()
    moved.push(...ids)
    recordEvent(tx, id, 'merge', actor, { from: before.status, to: 'merged', data: { into: input.targetId } })
    writeAudit(tx, actor, 'topic.merge', { type: 'topic', id }, { before: pick(before), after: { status: 'merged', mergedIntoId: input.targetId } })
  }
  const expected = input.expectedVersions[input.targetId]
  if (expected === undefined) throw topicChanged()
  const row = lockedUpdate(tx, { topicId: input.targetId, expectedVersion: expected }, { clusterKey: null })
  recordEvent(tx, row.id, 'merge-target', actor, { data: { from: sources, complaints: moved } })
  writeAudit(
    tx,
    actor,
    'topic.merge-target',
    { type: 'topic', id: row.id },
    { before: pick(targetBefore), after: { sources, complaintIds: getTopicComplaintIds(tx, row.id) } },
  )
  return row
}

export type SplitInput = LockedUpdate & { complaintIds: number[]; title: string }

/** Move the chosen complaints out of a suggestion into a new suggestion of their own. */
export function writeTopicSplit(tx: DbOrTx, input: SplitInput, actor: Actor): { original: TopicRow; created: TopicRow } {
  const before = requireOpen(getTopic(tx, input.topicId))
  const current = new Set(getTopicComplaintIds(tx, before.id))
  const moving = [...new Set(input.complaintIds)].filter(id => current.has(id))
  if (!moving.length || moving.length === current.size) throw new DomainError('invalid', 'topics.error.split', { field: 'complaintIds' })
  const original = lockedUpdate(tx, input, { clusterKey: null })
  const created = tx
    .insert(topics)
    .values({
      unitId: before.unitId,
      status: 'suggested',
      title: input.title,
      description: '',
      category: before.category,
      categoryPath: before.categoryPath,
      place: before.place,
      keywords: before.keywords,
      stakeholders: before.stakeholders,
      splitFromId: before.id,
      fromTime: before.fromTime,
      toTime: before.toTime,
    })
    .returning()
    .get()
  tx.delete(topicComplaints)
    .where(and(eq(topicComplaints.topicId, before.id), inArray(topicComplaints.complaintId, moving)))
    .run()
  for (const cid of moving) tx.insert(topicComplaints).values({ topicId: created.id, complaintId: cid }).run()
  recordEvent(tx, before.id, 'split', actor, { data: { into: created.id, complaints: moving } })
  recordEvent(tx, created.id, 'split-from', actor, { to: 'suggested', data: { from: before.id, complaints: moving } })
  writeAudit(
    tx,
    actor,
    'topic.split',
    { type: 'topic', id: before.id },
    { before: { complaintIds: [...current] }, after: { newTopicId: created.id, moved: moving } },
  )
  return { original, created }
}

/** Follow/unfollow a public topic (residents get step notifications). */
export function setTopicFollow(db: Db, input: { topicId: number; userId: number; follow: boolean }, actor: Actor) {
  db.transaction(tx => {
    if (input.follow) tx.insert(topicFollows).values({ topicId: input.topicId, userId: input.userId }).onConflictDoNothing().run()
    else
      tx.delete(topicFollows)
        .where(and(eq(topicFollows.topicId, input.topicId), eq(topicFollows.userId, input.userId)))
        .run()
    writeAudit(tx, actor, input.follow ? 'topic.follow' : 'topic.unfollow', { type: 'topic', id: input.topicId })
  })
}

export function isFollowing(db: DbOrTx, topicId: number, userId: number) {
  return !!db
    .select()
    .from(topicFollows)
    .where(and(eq(topicFollows.topicId, topicId), eq(topicFollows.userId, userId)))
    .get()
}

/** Users holding `role` exactly at `unitId` (the people responsible there). */
export function usersWithRoleAt(db: DbOrTx, role: string, unitId: number): number[] {
  return db
    .select({ id: roleAssignments.userId })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.role, role), eq(roleAssignments.unitId, unitId)))
    .all()
    .map(r => r.id)
}

/**
 * Who is responsible for a topic's unit: its community workers; for a street or
 * district (complaints whose community is unknown) the street staff there; if
 * nobody holds the role at that unit, the staff of the nearest unit above.
 */
export function responsibleUsers(db: DbOrTx, unitId: number): number[] {
  for (const u of unitAncestry(db, unitId)) {
    const role = u.kind === 'community' ? 'community_worker' : 'street_staff'
    const ids = usersWithRoleAt(db, role, u.id)
    if (ids.length) return ids
  }
  return []
}

/** Persist a push: one notification per responsible worker, plus a history event. Returns the notifications to emit. */
export function recordTopicPush(db: DbOrTx, topic: TopicRow, reason: 'threshold' | 'surge' | 'escalation') {
  const recipients =
    reason === 'escalation'
      ? unitAncestry(db, topic.unitId)
          .slice(1)
          .flatMap(u => (u.kind === 'street' ? usersWithRoleAt(db, 'street_staff', u.id) : []))
      : responsibleUsers(db, topic.unitId)
  const messageKey = reason === 'escalation' ? 'topics.push.escalated' : reason === 'surge' ? 'topics.push.surge' : 'topics.push.hot'
  const rows = recipients.map(userId =>
    createNotification(db, {
      userId,
      kind: `topic.${reason}`,
      messageKey,
      params: { title: topic.title, heat: Math.round(topic.heat) },
      link: `/topics/${topic.id}`,
    }),
  )
  const now = new Date()
  db.update(topics)
    .set(reason === 'escalation' ? { escalatedAt: now } : { pushedAt: now })
    .where(eq(topics.id, topic.id))
    .run()
  recordEvent(db, topic.id, reason === 'escalation' ? 'escalate' : 'push', { kind: 'system' }, { data: { heat: topic.heat, recipients, reason } })
  writeAudit(
    db,
    { kind: 'system' },
    `topic.${reason === 'escalation' ? 'escalate' : 'push'}`,
    { type: 'topic', id: topic.id },
    { after: { heat: topic.heat, recipients } },
  )
  return rows
}

/** Heat recorded at the last push (for "heats up suddenly"). */
export function lastPushHeat(db: DbOrTx, topicId: number): number | undefined {
  const e = db
    .select()
    .from(topicEvents)
    .where(and(eq(topicEvents.topicId, topicId), eq(topicEvents.kind, 'push')))
    .orderBy(desc(topicEvents.id))
    .limit(1)
    .get()
  return (e?.data as { heat?: number } | null)?.heat
}

/**
 * Suggestions pushed longer ago than their community's escalation delay (or
 * `days` where the community has none) and still not acted on.
 */
export function listStaleSuggestions(db: DbOrTx, days: number, now = new Date()) {
  const rows = db
    .select({ topic: topics, unitDays: units.escalateAfterDays })
    .from(topics)
    .innerJoin(units, eq(units.id, topics.unitId))
    .where(and(eq(topics.status, 'suggested'), isNotNull(topics.pushedAt), lt(topics.pushedAt, now), sql`${topics.escalatedAt} is null`))
    .all()
  return rows.filter(r => r.topic.pushedAt!.getTime() < now.getTime() - (r.unitDays ?? days) * DAY_MS).map(r => r.topic)
}

/** Snoozed suggestions whose time is up come back as suggestions. */
export function wakeSnoozedTopics(db: Db, now = new Date()) {
  return db.transaction(tx => {
    const due = tx
      .select()
      .from(topics)
      .where(and(eq(topics.status, 'snoozed'), lt(topics.snoozedUntil, now)))
      .all()
    for (const t of due) {
      tx.update(topics)
        .set({ status: 'suggested', snoozedUntil: null, updatedAt: now, version: t.version + 1 })
        .where(eq(topics.id, t.id))
        .run()
      recordEvent(tx, t.id, 'wake', { kind: 'system' }, { from: 'snoozed', to: 'suggested' })
      writeAudit(tx, { kind: 'system' }, 'topic.wake', { type: 'topic', id: t.id }, { before: { status: 'snoozed' }, after: { status: 'suggested' } })
    }
    return due.map(t => t.id)
  })
}

/** Fields worth keeping in the audit log's before/after. */
function pick(t: TopicRow) {
  return { status: t.status, title: t.title, category: t.category, place: t.place, unitId: t.unitId, version: t.version }
}

/** Topics a complaint belongs to that a reader can still find (suggested, snoozed, approved or rejected). */
export function listTopicsOfComplaint(db: DbOrTx, complaintId: number) {
  return db
    .select({ id: topics.id, title: topics.title, status: topics.status, unitId: topics.unitId })
    .from(topicComplaints)
    .innerJoin(topics, eq(topics.id, topicComplaints.topicId))
    .where(and(eq(topicComplaints.complaintId, complaintId), inArray(topics.status, ['suggested', 'snoozed', 'approved', 'rejected'])))
    .all()
}

/** Complaints behind suggestions still open for review (suggested or snoozed), each once. */
export function listOpenSuggestionComplaintIds(db: DbOrTx): number[] {
  const open = db
    .select({ id: topics.id })
    .from(topics)
    .where(inArray(topics.status, ['suggested', 'snoozed']))
  const rows = db.selectDistinct({ id: topicComplaints.complaintId }).from(topicComplaints).where(inArray(topicComplaints.topicId, open)).all()
  return rows.map(r => r.id)
}

/** Complaints of a topic with their community, for the review page. */
export function listTopicComplaints(db: DbOrTx, topicId: number) {
  return db
    .select({ c: complaints })
    .from(topicComplaints)
    .innerJoin(complaints, eq(complaints.id, topicComplaints.complaintId))
    .where(eq(topicComplaints.topicId, topicId))
    .orderBy(complaints.receivedAt)
    .all()
    .map(r => r.c)
}
