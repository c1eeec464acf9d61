// Meetings: scheduling, participants, the append-only live log, minutes.
import crypto from 'node:crypto'
import { and, asc, desc, eq, gt, inArray, isNull, notExists, sql } from 'drizzle-orm'
import type { MeetingEvent, PlannedEvent } from '../../meetings/commands'
import { planCommand } from '../../meetings/planning'
import { namesInMeeting, publicName, publicNameReplacer, publicPeople, replacementsByName, type PublicPerson } from '../../meetings/pseudonyms'
import { publicMeetingText } from '../../meetings/public-text'
import { applyMeetingEvent, foldMeeting, initialMeetingState } from '../../meetings/state'
import { userKey, type MeetingMode, type MeetingState, type ParticipantRole, type PublicError } from '../../meetings/types'
import type { Db, DbOrTx, Tx } from '../client'
import { DomainError } from '../errors'
import {
  agendaItems,
  deliberators,
  meetingEvents,
  meetingParticipants,
  meetings,
  minutes,
  panelMembers,
  panels,
  roleAssignments,
  topics,
  users,
} from '../schema/index'
import { writeAudit, type AuditAction, type Actor } from './audit'
import { createNotification } from './notifications'
import { unitCovers } from './units'

export type MeetingRow = typeof meetings.$inferSelect
export type AgendaItem = { id: number; position: number; title: string; plannedMinutes: number }

/** When the meeting's log records it began (`meeting.start`) or ended (`meeting.end`): null until it does. */
const loggedAt = (type: 'meeting.start' | 'meeting.end') =>
  sql<Date | null>`(select min(${meetingEvents.createdAt}) from ${meetingEvents} where ${meetingEvents.meetingId} = ${meetings.id} and ${meetingEvents.type} = ${type})`.mapWith(
    meetings.startsAt,
  )
/** When a meeting actually began and ended, for selects from `meetings` (a meeting may be started earlier or later than planned). */
export const meetingStartedAt = () => loggedAt('meeting.start')
export const meetingEndedAt = () => loggedAt('meeting.end')
/** When a meeting took place once it has begun, else when it is planned: the time pages date it by. */
export const meetingHeldAt = () => sql<Date>`coalesce(${meetingStartedAt()}, ${meetings.startsAt})`.mapWith(meetings.startsAt)

// ---------------------------------------------------------------------------
// Scheduling

export type NewMeeting = {
  topicId: number
  panelId?: number | null
  title: string
  mode: MeetingMode
  startsAt: Date
  place?: string | null
  link?: string | null
  isPublic: boolean
  speakerSeconds: number
  agenda: { title: string; plannedMinutes: number }[]
  /** Who runs the meeting; when empty, the person scheduling it does. */
  facilitatorIds?: number[]
}

/**
 * Schedule a meeting on an approved topic, with its agenda and the
 * facilitators assigned to run it (the creator when none is named). The
 * topic's panel that has no meeting yet is seated in it (see seatPanel).
 * One transaction with its audit rows.
 */
export function createMeeting(db: Db, input: NewMeeting, actor: { kind: 'user'; id: number }) {
  return db.transaction(tx => {
    const topic = tx.select({ id: topics.id, status: topics.status }).from(topics).where(eq(topics.id, input.topicId)).get()
    if (!topic || topic.status !== 'approved') throw new DomainError('invalid', 'meetings.error.topic', { field: 'topicId' })
    const panelId = input.panelId ?? panelWithoutMeeting(tx, topic.id)
    if (panelId != null && tx.select({ topicId: panels.topicId }).from(panels).where(eq(panels.id, panelId)).get()?.topicId !== topic.id)
      throw new DomainError('invalid', 'meetings.error.topic', { field: 'topicId' })
    const meeting = tx
      .insert(meetings)
      .values({
        topicId: input.topicId,
        title: input.title,
        mode: input.mode,
        startsAt: input.startsAt,
        place: input.place ?? null,
        link: input.link ?? null,
        isPublic: input.isPublic,
        speakerSeconds: input.speakerSeconds,
        checkInToken: crypto.randomBytes(16).toString('base64url'),
        createdBy: actor.id,
      })
      .returning()
      .get()
    input.agenda.forEach((a, i) =>
      tx
        .insert(agendaItems)
        .values({ meetingId: meeting.id, position: i + 1, title: a.title, plannedMinutes: a.plannedMinutes })
        .run(),
    )
    const facilitatorIds = [...new Set(input.facilitatorIds?.length ? input.facilitatorIds : [actor.id])]
    for (const userId of facilitatorIds) tx.insert(meetingParticipants).values({ meetingId: meeting.id, userId, role: 'facilitator' }).run()
    writeAudit(
      tx,
      actor,
      'meeting.create',
      { type: 'meeting', id: meeting.id },
      { after: { ...input, panelId, facilitatorIds, startsAt: input.startsAt.toISOString() } },
    )
    // Facilitators assigned by someone else learn of it, with the way to the console.
    const notified = facilitatorIds
      .filter(id => id !== actor.id)
      .map(userId =>
        createNotification(tx, {
          userId,
          kind: 'meeting',
          messageKey: 'meetings.notify.assigned',
          params: { title: meeting.title },
          link: `/meetings/${meeting.id}/console`,
        }),
      )
    if (panelId != null) notified.push(...seatPanel(tx, { meeting, panelId }, actor))
    return Object.assign(meeting, { panelId, notified })
  })
}

/**
 * Add (or change the role of) a participant with an account. Used by the
 * facilitator's console and by the panel invitation flow when a member accepts.
 */
export function addMeetingParticipant(db: Db, input: { meetingId: number; userId: number; role: ParticipantRole }, actor: Actor) {
  return db.transaction(tx => putParticipant(tx, input, actor))
}

function putParticipant(tx: DbOrTx, input: { meetingId: number; userId: number; role: ParticipantRole }, actor: Actor) {
  const before = tx
    .select({ role: meetingParticipants.role })
    .from(meetingParticipants)
    .where(and(eq(meetingParticipants.meetingId, input.meetingId), eq(meetingParticipants.userId, input.userId)))
    .get()
  tx.insert(meetingParticipants)
    .values(input)
    .onConflictDoUpdate({ target: [meetingParticipants.meetingId, meetingParticipants.userId], set: { role: input.role } })
    .run()
  writeAudit(
    tx,
    actor,
    'meeting.participant.add',
    { type: 'meeting', id: input.meetingId },
    { before: before ?? null, after: { userId: input.userId, role: input.role } },
  )
  return { ...input, changed: before?.role !== input.role }
}

// ---------------------------------------------------------------------------
// A topic's panel and its meeting

/** The topic's saved panel that no meeting holds yet (a topic has at most one panel). */
function panelWithoutMeeting(tx: DbOrTx, topicId: number): number | null {
  const held = tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.panelId, panels.id))
  return (
    tx
      .select({ id: panels.id })
      .from(panels)
      .where(and(eq(panels.topicId, topicId), notExists(held)))
      .orderBy(desc(panels.id))
      .get()?.id ?? null
  )
}

/** The topic's next meeting that has not started and holds no panel, for a panel just drawn. */
export function upcomingMeetingWithoutPanel(tx: DbOrTx, topicId: number) {
  return tx
    .select({ id: meetings.id, title: meetings.title })
    .from(meetings)
    .where(and(eq(meetings.topicId, topicId), isNull(meetings.panelId), eq(meetings.status, 'scheduled')))
    .orderBy(asc(meetings.startsAt), asc(meetings.id))
    .get()
}

/** Accounts of the panel's members who accepted their invitation. */
export function listAcceptedPanelUsers(db: DbOrTx, panelId: number): number[] {
  return db
    .select({ userId: deliberators.userId })
    .from(panelMembers)
    .innerJoin(deliberators, eq(deliberators.id, panelMembers.deliberatorId))
    .where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.status, 'accepted')))
    .all()
    .map(r => r.userId)
    .filter((id): id is number => id != null)
}

/**
 * Seat a panel in a meeting, inside the caller's transaction: the meeting
 * holds the panel, and members who have already accepted become its
 * deliberators and are told (the others join when they accept their
 * invitation, see panels.acceptInvitation). Someone already taking part keeps
 * their role. Audited as `panel.meeting.link`; returns the notices to push.
 */
export function seatPanel(tx: DbOrTx, input: { meeting: { id: number; title: string }; panelId: number }, actor: Actor) {
  const { meeting, panelId } = input
  tx.update(meetings).set({ panelId }).where(eq(meetings.id, meeting.id)).run()
  const seated = listAcceptedPanelUsers(tx, panelId)
    .filter(userId => !getParticipantRole(tx, meeting.id, userId))
    .sort((a, b) => a - b)
  for (const userId of seated) putParticipant(tx, { meetingId: meeting.id, userId, role: 'deliberator' }, actor)
  writeAudit(tx, actor, 'panel.meeting.link', { type: 'panel', id: panelId }, { after: { meetingId: meeting.id, deliberators: seated } })
  return seated.map(userId =>
    createNotification(tx, {
      userId,
      kind: 'meeting',
      messageKey: 'panel.notice.meeting',
      params: { title: meeting.title },
      link: `/meetings/${meeting.id}`,
    }),
  )
}

/**
 * People who may be assigned to run a meeting on a topic in `unitIds`: active
 * accounts holding the facilitator role with a scope covering one of them.
 */
export function listFacilitatorCandidates(db: DbOrTx, unitIds: number[]) {
  const rows = db
    .select({ userId: users.id, displayName: users.displayName, username: users.username, unitId: roleAssignments.unitId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, 'facilitator'), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .all()
  const out = new Map<number, { userId: number; displayName: string; username: string; unitIds: number[] }>()
  for (const r of rows) {
    const covered = unitIds.filter(u => unitCovers(db, r.unitId, u))
    if (!covered.length) continue
    const prev = out.get(r.userId)
    out.set(r.userId, { userId: r.userId, displayName: r.displayName, username: r.username, unitIds: [...new Set([...(prev?.unitIds ?? []), ...covered])] })
  }
  return [...out.values()]
}

/** Approved topics a meeting may be scheduled on, newest first; `unitIds` limits them to an area (null: everywhere). */
export function listSchedulableTopics(db: DbOrTx, unitIds: number[] | null) {
  return db
    .select({ id: topics.id, title: topics.title, unitId: topics.unitId })
    .from(topics)
    .where(eq(topics.status, 'approved'))
    .orderBy(desc(topics.id))
    .limit(500)
    .all()
    .filter(tp => !unitIds || unitIds.some(u => unitCovers(db, u, tp.unitId)))
}

export function getMeeting(db: DbOrTx, meetingId: number) {
  const row = db
    .select({
      meeting: meetings,
      startedAt: meetingStartedAt(),
      endedAt: meetingEndedAt(),
      topicTitle: topics.title,
      unitId: topics.unitId,
      topicStatus: topics.status,
    })
    .from(meetings)
    .innerJoin(topics, eq(topics.id, meetings.topicId))
    .where(eq(meetings.id, meetingId))
    .get()
  if (!row) return null
  const agenda = db
    .select({ id: agendaItems.id, position: agendaItems.position, title: agendaItems.title, plannedMinutes: agendaItems.plannedMinutes })
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position))
    .all()
  return { ...row.meeting, startedAt: row.startedAt, endedAt: row.endedAt, topicTitle: row.topicTitle, unitId: row.unitId, agenda }
}
export type MeetingDetail = NonNullable<ReturnType<typeof getMeeting>>

export function listMeetingParticipants(db: DbOrTx, meetingId: number) {
  return db
    .select({ userId: meetingParticipants.userId, role: meetingParticipants.role, displayName: users.displayName, username: users.username })
    .from(meetingParticipants)
    .innerJoin(users, eq(users.id, meetingParticipants.userId))
    .where(eq(meetingParticipants.meetingId, meetingId))
    .orderBy(asc(meetingParticipants.createdAt))
    .all()
}

export function getParticipantRole(db: DbOrTx, meetingId: number, userId: number): ParticipantRole | null {
  const row = db
    .select({ role: meetingParticipants.role })
    .from(meetingParticipants)
    .where(and(eq(meetingParticipants.meetingId, meetingId), eq(meetingParticipants.userId, userId)))
    .get()
  return row?.role ?? null
}

/** Meetings on topics in an area (null: everywhere), latest start first. */
export function listMeetingsInArea(db: DbOrTx, unitIds: number[] | null) {
  return db
    .select({
      id: meetings.id,
      title: meetings.title,
      mode: meetings.mode,
      startsAt: meetings.startsAt,
      startedAt: meetingStartedAt(),
      endedAt: meetingEndedAt(),
      status: meetings.status,
      unitId: topics.unitId,
      topicTitle: topics.title,
    })
    .from(meetings)
    .innerJoin(topics, eq(topics.id, meetings.topicId))
    .orderBy(desc(meetings.startsAt))
    .limit(500)
    .all()
    .filter(m => !unitIds || unitIds.some(u => unitCovers(db, u, m.unitId)))
}

/** An account by its username, for adding it to a meeting. */
export function findUserByUsername(db: DbOrTx, username: string) {
  return db.select({ id: users.id, name: users.displayName }).from(users).where(eq(users.username, username)).get() ?? null
}

/** Meetings a user takes part in (their invitations), newest first. */
export function listMeetingsForParticipant(db: DbOrTx, userId: number) {
  return db
    .select({
      id: meetings.id,
      title: meetings.title,
      mode: meetings.mode,
      startsAt: meetings.startsAt,
      startedAt: meetingStartedAt(),
      endedAt: meetingEndedAt(),
      status: meetings.status,
      role: meetingParticipants.role,
    })
    .from(meetingParticipants)
    .innerJoin(meetings, eq(meetings.id, meetingParticipants.meetingId))
    .where(eq(meetingParticipants.userId, userId))
    .all()
    .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())
}

// ---------------------------------------------------------------------------
// The live log

type EventRow = typeof meetingEvents.$inferSelect
// The log holds only events the server planned (planCommand, attendance), so a row's type and payload belong together.
const toPayload = (r: EventRow) =>
  ({
    meetingId: r.meetingId,
    seq: r.seq,
    type: r.type,
    actorId: r.actorId,
    inRoom: r.inRoom,
    payload: r.payload,
    createdAt: r.createdAt.toISOString(),
  }) as MeetingEvent

/** Events after `sinceSeq`, in order. */
export function listMeetingEvents(db: DbOrTx, meetingId: number, sinceSeq = 0): MeetingEvent[] {
  return db
    .select()
    .from(meetingEvents)
    .where(and(eq(meetingEvents.meetingId, meetingId), gt(meetingEvents.seq, sinceSeq)))
    .orderBy(asc(meetingEvents.seq))
    .all()
    .map(toPayload)
}

/**
 * Append one event with the next per-meeting sequence number. A repeated
 * idempotency key returns the event already stored (and `duplicate: true`)
 * instead of applying it twice. Call inside a transaction.
 */
export function appendMeetingEvent(
  tx: DbOrTx,
  input: PlannedEvent & { meetingId: number; actorId: number | null; idempotencyKey?: string | null },
): { event: MeetingEvent; duplicate: boolean } {
  if (input.idempotencyKey) {
    const existing = tx
      .select()
      .from(meetingEvents)
      .where(and(eq(meetingEvents.meetingId, input.meetingId), eq(meetingEvents.idempotencyKey, input.idempotencyKey)))
      .get()
    if (existing) return { event: toPayload(existing), duplicate: true }
  }
  // max(seq) is read through the (meeting_id, seq) unique index; the caller's write transaction keeps it stable.
  const { next } = tx.get<{ next: number }>(sql`select coalesce(max(seq), 0) + 1 as next from meeting_events where meeting_id = ${input.meetingId}`)
  const row = tx
    .insert(meetingEvents)
    .values({
      meetingId: input.meetingId,
      seq: next,
      type: input.type,
      actorId: input.actorId,
      inRoom: input.inRoom,
      payload: input.payload,
      idempotencyKey: input.idempotencyKey ?? null,
    })
    .returning()
    .get()
  return { event: toPayload(row), duplicate: false }
}

/**
 * The live log's hot queries, prepared once per connection: a live meeting runs
 * them for every command, and building and preparing them each time cost more
 * than the append itself. On one better-sqlite3 connection they run inside
 * whatever transaction is open.
 */
function prepareLogQueries(db: Db) {
  const meetingId = sql.placeholder('meetingId')
  return {
    byKey: db
      .select()
      .from(meetingEvents)
      .where(and(eq(meetingEvents.meetingId, meetingId), eq(meetingEvents.idempotencyKey, sql.placeholder('key'))))
      .prepare(),
    since: db
      .select()
      .from(meetingEvents)
      .where(and(eq(meetingEvents.meetingId, meetingId), gt(meetingEvents.seq, sql.placeholder('sinceSeq'))))
      .orderBy(asc(meetingEvents.seq))
      .prepare(),
    nextSeq: db
      .select({ next: sql<number>`coalesce(max(${meetingEvents.seq}), 0) + 1` })
      .from(meetingEvents)
      .where(eq(meetingEvents.meetingId, meetingId))
      .prepare(),
    insert: db
      .insert(meetingEvents)
      .values({
        meetingId,
        seq: sql.placeholder('seq'),
        type: sql.placeholder('type'),
        actorId: sql.placeholder('actorId'),
        inRoom: sql.placeholder('inRoom'),
        payload: sql.placeholder('payload'),
        idempotencyKey: sql.placeholder('key'),
      })
      .returning()
      .prepare(),
  }
}
const logQueryCache = new WeakMap<object, ReturnType<typeof prepareLogQueries>>()
function logQueries(db: Db) {
  let q = logQueryCache.get(db.$client)
  if (!q) logQueryCache.set(db.$client, (q = prepareLogQueries(db)))
  return q
}

/** appendMeetingEvent through the prepared queries; call inside a write transaction on `db`. */
function appendToLog(db: Db, input: Parameters<typeof appendMeetingEvent>[1], keyChecked = false): { event: MeetingEvent; duplicate: boolean } {
  const q = logQueries(db)
  if (input.idempotencyKey && !keyChecked) {
    const existing = q.byKey.get({ meetingId: input.meetingId, key: input.idempotencyKey })
    if (existing) return { event: toPayload(existing), duplicate: true }
  }
  const { next } = q.nextSeq.get({ meetingId: input.meetingId })!
  const row = q.insert.get({
    meetingId: input.meetingId,
    seq: next,
    type: input.type,
    actorId: input.actorId,
    inRoom: input.inRoom,
    payload: input.payload,
    key: input.idempotencyKey ?? null,
  })!
  return { event: toPayload(row), duplicate: false }
}

/** listMeetingEvents through the prepared query: every (re)join of a live meeting reads the log. */
export function readMeetingLog(db: Db, meetingId: number, sinceSeq = 0): MeetingEvent[] {
  return logQueries(db).since.all({ meetingId, sinceSeq }).map(toPayload)
}

// Folded state per meeting, per database (tests open many databases). The
// cache is only a shortcut: every command first catches up from the log in
// the same write transaction, so several processes sharing one database stay
// correct.
const stateCache = new WeakMap<object, Map<number, MeetingState>>()
function cacheFor(db: Db) {
  let m = stateCache.get(db.$client)
  if (!m) stateCache.set(db.$client, (m = new Map()))
  return m
}

function catchUp(db: Db, meetingId: number): MeetingState {
  const cache = cacheFor(db)
  const s = cache.get(meetingId) ?? initialMeetingState()
  foldMeeting(logQueries(db).since.all({ meetingId, sinceSeq: s.lastSeq }).map(toPayload), s)
  cache.set(meetingId, s)
  return s
}

/** The current folded state of a meeting (from the cache, caught up with the log). */
export function getMeetingState(db: Db, meetingId: number): MeetingState {
  return catchUp(db, meetingId)
}

/** Forget cached state (tests that simulate a server restart). */
export function forgetMeetingStates(db: Db) {
  stateCache.delete(db.$client)
}

export type CommandActor = { userId: number | null; role: ParticipantRole | null; name: string }
export type CommandResult = { ok: true; event: MeetingEvent; duplicate: boolean; state: MeetingState } | { ok: false; error: PublicError; issue?: string }

/** Moderation and governance actions also go to the audit log (as `meeting.<event type>`); the meeting log holds the rest. */
const AUDITED = new Set<AuditAction>([
  'meeting.meeting.start',
  'meeting.meeting.end',
  'meeting.message.hide',
  'meeting.participant.mute',
  'meeting.participant.remove',
  'meeting.vote.open',
  'meeting.vote.close',
  'meeting.proposal.decide',
])

export type CommandInput = {
  meetingId: number
  actor: CommandActor
  type: string
  payload: unknown
  idempotencyKey: string
  agendaItemIds: number[]
  speakerSeconds: number
}

/**
 * One command inside an open write transaction: catch up with the log, plan,
 * append, audit, and fold the new event into the cached state at once, so the
 * next command of the same transaction sees it. The caller forgets the cached
 * state if the transaction rolls back.
 */
function commandInTransaction(db: Db, tx: Tx, input: CommandInput, caughtUp: Set<number>): CommandResult {
  const key = `${input.actor.userId ?? 'anon'}:${input.idempotencyKey}`
  const existing = logQueries(db).byKey.get({ meetingId: input.meetingId, key })
  // Once caught up inside the write transaction, nobody else can append: the fold stays current.
  const s = caughtUp.has(input.meetingId) ? cacheFor(db).get(input.meetingId)! : catchUp(db, input.meetingId)
  caughtUp.add(input.meetingId)
  if (existing) return { ok: true, event: toPayload(existing), duplicate: true, state: s }
  const plan = planCommand(
    s,
    { userId: input.actor.userId, role: input.actor.role, name: input.actor.name, agendaItemIds: input.agendaItemIds, speakerSeconds: input.speakerSeconds },
    input.type,
    input.payload,
  )
  if (!plan.ok) return plan
  const { event } = appendToLog(db, { ...plan.event, meetingId: input.meetingId, actorId: input.actor.userId, idempotencyKey: key }, true)
  const auditAction = `meeting.${event.type}` as AuditAction
  if (AUDITED.has(auditAction))
    writeAudit(
      tx,
      { kind: 'user', id: input.actor.userId! },
      auditAction,
      { type: 'meeting', id: input.meetingId },
      { after: { seq: event.seq, ...event.payload } },
    )
  if (event.type === 'meeting.start' || event.type === 'meeting.end') {
    tx.update(meetings)
      .set({ status: event.type === 'meeting.start' ? 'live' : 'ended' })
      .where(eq(meetings.id, input.meetingId))
      .run()
  }
  applyMeetingEvent(s, event)
  return { ok: true, event, duplicate: false, state: s }
}

/** Run commands in one IMMEDIATE transaction; on rollback no folded event of theirs stays cached. */
function commandsInOneTransaction(db: Db, inputs: CommandInput[]): CommandResult[] {
  try {
    return db.transaction(
      tx => {
        const caughtUp = new Set<number>()
        return inputs.map(input => commandInTransaction(db, tx, input, caughtUp))
      },
      { behavior: 'immediate' },
    )
  } catch (error) {
    for (const input of inputs) cacheFor(db).delete(input.meetingId)
    throw error
  }
}

/**
 * Validate, authorise and append one client command: the one entry point for
 * everything that happens in a live meeting. Runs in an IMMEDIATE transaction
 * (the write lock is taken before reading the log) so the check "has this
 * person voted already?" and the insert see the same log, even with several
 * processes on one database.
 */
export function runMeetingCommand(db: Db, input: CommandInput): CommandResult {
  return commandsInOneTransaction(db, [input])[0]!
}

/**
 * Group commit: commands that arrived together (a live meeting's busy second)
 * are appended in one transaction, in order, each planned against the log as
 * the ones before it left it; every event is committed when this returns, so
 * it may be broadcast. Per command the outcome is what runMeetingCommand would
 * give; if the transaction fails, the commands are run one by one so that one
 * faulty command fails alone (`internal`).
 */
export function runMeetingCommands(db: Db, inputs: CommandInput[]): CommandResult[] {
  if (inputs.length === 0) return []
  try {
    return commandsInOneTransaction(db, inputs)
  } catch (error) {
    if (inputs.length === 1) {
      console.error('meeting command failed', error)
      return [{ ok: false, error: 'internal' }]
    }
    return inputs.flatMap(input => runMeetingCommands(db, [input]))
  }
}

/**
 * Record that a participant joined the live room (once per person: the
 * idempotency key is derived from the user). Returns null when already recorded.
 */
export function recordMeetingAttendance(db: Db, input: { meetingId: number; userId: number; name: string; role?: ParticipantRole; room?: boolean }) {
  const key = `sys:${input.room ? 'checkin' : 'join'}:${input.userId}`
  const result = db.transaction(
    () => {
      const s = catchUp(db, input.meetingId)
      const prev = s.attendance[userKey(input.userId)]
      if (prev && (prev.inRoom || !input.room)) return null
      const payload = { key: userKey(input.userId), name: input.name, ...(input.role ? { role: input.role } : {}) }
      const event: PlannedEvent = input.room
        ? { type: 'attendance.checkin', inRoom: false, payload: { ...payload, room: true } }
        : { type: 'attendance.joined', inRoom: false, payload }
      return { s, ...appendToLog(db, { ...event, meetingId: input.meetingId, actorId: input.userId, idempotencyKey: key }) }
    },
    { behavior: 'immediate' },
  )
  if (!result || result.duplicate) return null
  applyMeetingEvent(result.s, result.event)
  return result.event
}

/** In-person check-in by the meeting's QR token. Returns the event, or null when already checked in. */
export function checkInToMeeting(db: Db, input: { meetingId: number; token: string; userId: number; name: string }) {
  const m = db.select({ token: meetings.checkInToken }).from(meetings).where(eq(meetings.id, input.meetingId)).get()
  if (!m) throw new DomainError('not-found', 'room.error.notFound')
  const a = Buffer.from(m.token)
  const b = Buffer.from(input.token)
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) throw new DomainError('invalid', 'checkin.invalid', { field: 'token' })
  return recordMeetingAttendance(db, { meetingId: input.meetingId, userId: input.userId, name: input.name, room: true })
}

// ---------------------------------------------------------------------------
// Minutes

/** The minutes are not in a state that allows this step (still live, already approved, published). */
const minutesConflict = () => new DomainError('conflict', 'room.error.conflict')

export function getMinutes(db: DbOrTx, meetingId: number) {
  return db.select().from(minutes).where(eq(minutes.meetingId, meetingId)).get() ?? null
}

/** Save an edited draft. Approved minutes go back to draft when edited; published minutes are final. */
export function saveMinutesDraft(db: Db, input: { meetingId: number; markdown: string }, actor: Actor) {
  return db.transaction(tx => {
    const before = getMinutes(tx, input.meetingId)
    if (before?.status === 'published') throw minutesConflict()
    tx.insert(minutes)
      .values({ meetingId: input.meetingId, markdown: input.markdown, status: 'draft', updatedAt: new Date() })
      .onConflictDoUpdate({
        target: minutes.meetingId,
        set: { markdown: input.markdown, status: 'draft', approvedBy: null, approvedAt: null, updatedAt: new Date() },
      })
      .run()
    writeAudit(
      tx,
      actor,
      'meeting.minutes.save',
      { type: 'meeting', id: input.meetingId },
      { before: before ? { status: before.status, markdown: before.markdown } : null, after: { status: 'draft', markdown: input.markdown } },
    )
    return getMinutes(tx, input.meetingId)!
  })
}

/** Approve the draft (optionally with last edits, saved in the same transaction). Only after the meeting has ended. */
export function approveMinutes(db: Db, input: { meetingId: number; userId: number; markdown?: string }) {
  return db.transaction(tx => {
    const m = tx.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, input.meetingId)).get()
    if (m?.status !== 'ended') throw minutesConflict()
    const before = getMinutes(tx, input.meetingId)
    if (before?.status === 'approved' || before?.status === 'published') throw minutesConflict()
    const markdown = input.markdown ?? before?.markdown
    if (!markdown) throw minutesConflict()
    tx.insert(minutes)
      .values({ meetingId: input.meetingId, markdown, status: 'approved', approvedBy: input.userId, approvedAt: new Date(), updatedAt: new Date() })
      .onConflictDoUpdate({
        target: minutes.meetingId,
        set: { markdown, status: 'approved', approvedBy: input.userId, approvedAt: new Date(), updatedAt: new Date() },
      })
      .run()
    writeAudit(
      tx,
      { kind: 'user', id: input.userId },
      'meeting.minutes.approve',
      { type: 'meeting', id: input.meetingId },
      { before: before ? { status: before.status, markdown: before.markdown } : null, after: { status: 'approved', markdown } },
    )
    return getMinutes(tx, input.meetingId)!
  })
}

export function publishMinutes(db: Db, input: { meetingId: number; userId: number }) {
  return db.transaction(tx => {
    const before = getMinutes(tx, input.meetingId)
    if (!before || before.status !== 'approved') throw minutesConflict()
    tx.update(minutes).set({ status: 'published', publishedAt: new Date() }).where(eq(minutes.meetingId, input.meetingId)).run()
    writeAudit(
      tx,
      { kind: 'user', id: input.userId },
      'meeting.minutes.publish',
      { type: 'meeting', id: input.meetingId },
      { before: { status: before.status }, after: { status: 'published' } },
    )
    return getMinutes(tx, input.meetingId)!
  })
}

// ---------------------------------------------------------------------------
// For the outcomes work

/**
 * Proposals the meeting adopted, each with the vote that carried it (if any):
 * what the decision page turns into decisions (decisions.meetingId / voteSeq).
 */
export function getMeetingOutcomeSummary(db: Db, meetingId: number) {
  const m = db
    .select({ id: meetings.id, topicId: meetings.topicId, title: meetings.title, status: meetings.status })
    .from(meetings)
    .where(eq(meetings.id, meetingId))
    .get()
  if (!m) return null
  const s = getMeetingState(db, meetingId)
  const adopted = s.proposals
    .filter(p => p.status === 'adopted')
    .map(p => {
      const vote = p.voteSeq != null ? s.votes.find(v => v.seq === p.voteSeq) : s.votes.filter(v => v.proposalSeq === p.seq && v.status === 'closed').at(-1)
      return { proposalSeq: p.seq, title: p.title, text: p.text, voteSeq: vote?.seq ?? null, results: vote?.results ?? null, decidedSeq: p.decidedSeq }
    })
  return { meetingId: m.id, topicId: m.topicId, title: m.title, status: m.status, adopted }
}

/** Display names of users, by id (for minutes and rosters). */
export function getDisplayNames(db: DbOrTx, ids: number[]) {
  if (!ids.length) return new Map<number, string>()
  return new Map(
    db
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .where(inArray(users.id, ids))
      .all()
      .map(r => [r.id, r.name]),
  )
}

/**
 * Everyone a meeting's texts (its published minutes) may name, as the public
 * knows them: as on the public view of the live meeting (meetings/pseudonyms.ts),
 * residents 议事员 1, 2… in the order its log first names them, staff by
 * their role. Participants the log never names, then the members drawn for
 * the topic's panels, are numbered after them. `person` is who a key stands
 * for; `text` writes a text as the public reads it, each person by `label`
 * (in the reader's language; as the log does, in Chinese, by default), a role
 * written after a name not repeated, and phone and ID numbers, e-mails,
 * accounts, flats and introduced names typed into it replaced whole by
 * placeholders (meetings/public-text.ts), as on that view.
 */
export function meetingPublicNames(db: DbOrTx, meetingId: number, topicId: number) {
  const s = foldMeeting(listMeetingEvents(db, meetingId))
  const participants = db
    .select({ userId: meetingParticipants.userId, role: meetingParticipants.role, name: users.displayName })
    .from(meetingParticipants)
    .innerJoin(users, eq(users.id, meetingParticipants.userId))
    .where(eq(meetingParticipants.meetingId, meetingId))
    .all()
  const people = publicPeople(s, new Map(participants.map(p => [p.userId, p.role])))
  const names = namesInMeeting(s)
  let n = Math.max(0, ...[...people.values()].map(p => (p.role === 'deliberator' ? (p.n ?? 0) : 0)))
  const also = (key: string, name: string, person: () => PublicPerson) => {
    if (!people.has(key)) people.set(key, person())
    const set = names.get(key) ?? new Set<string>()
    set.add(name.trim())
    // Some display names carry the role ("周老师（促动师）"): the minutes may give the name without it.
    set.add(name.replace(/[（(][^（()）]*[)）]\s*$/, '').trim())
    names.set(key, set)
  }
  for (const p of participants) also(userKey(p.userId), p.name, () => (p.role !== 'deliberator' ? { role: p.role } : { role: 'deliberator', n: ++n }))
  // Those the log names only by a secret ballot.
  for (const key of names.keys()) if (!people.has(key)) people.set(key, { role: 'deliberator', n: ++n })
  const known = new Set([...names.values()].flatMap(set => [...set]))
  const panel = db
    .select({ id: deliberators.id, name: deliberators.name })
    .from(panelMembers)
    .innerJoin(panels, eq(panels.id, panelMembers.panelId))
    .innerJoin(deliberators, eq(deliberators.id, panelMembers.deliberatorId))
    .where(eq(panels.topicId, topicId))
    .all()
  for (const d of panel) if (!known.has(d.name.trim())) also(`pool:${d.id}`, d.name, () => ({ role: 'deliberator', n: ++n }))
  return {
    person: (key: string): PublicPerson | undefined => people.get(key),
    text: (text: string, label: (p: PublicPerson) => string = publicName) => {
      const byName = replacementsByName(names, key => {
        const p = people.get(key)
        return p && label(p)
      })
      return publicMeetingText(publicNameReplacer(byName)(text))
    },
  }
}

/** A meeting's text as the public reads it (see meetingPublicNames). */
export function pseudonymizeMeetingText(db: DbOrTx, meetingId: number, topicId: number, text: string, label: (p: PublicPerson) => string = publicName) {
  return meetingPublicNames(db, meetingId, topicId).text(text, label)
}
