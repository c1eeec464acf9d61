import { z } from 'zod'
import type { Db } from '#db/client'
import {
  type CommandInput,
  type CommandResult,
  getMeeting,
  getMeetingState,
  getParticipantRole,
  readMeetingLog,
  recordMeetingAttendance,
  runMeetingCommands,
  getDisplayNames,
} from '#db/queries/meetings'
import type { Audience } from '#meetings/snapshot'
import { userKey, type MeetingState, type ParticipantRole } from '#meetings/types'
import { redactEvent } from '#meetings/visibility'
import {
  type Ack,
  type MeetingEventPayload,
  type MeetingJoinResult,
  type MeetingPresencePayload,
  type LocalPresence,
  type PublicError,
  meetingRoom,
  observerRoom,
  userRoom,
} from './events'
import type { AppServer, AppSocket, RealtimeDeps } from './index'
import { invitedNames } from './invited-names'
import { SNAPSHOT_AFTER_EVENTS, meetingSnapshot } from './meeting-snapshot'
import { type Pseudonyms, maskEventForObservers, maskLoggedEventForObservers, maskPresenceForObservers, meetingPseudonyms } from './observer-view'
import { preEncoded } from './pre-encoded'
import { recheckSocketUser } from './session'

const JoinSchema = z.object({
  meetingId: z.number().int().positive(),
  sinceSeq: z.number().int().min(0).optional(),
  /** 'public': the meeting as the public sees it (the projector), whoever asks. */
  view: z.literal('public').optional(),
})
const LeaveSchema = z.object({ meetingId: z.number().int().positive() })
const CommandSchema = z.object({
  meetingId: z.number().int().positive(),
  idempotencyKey: z.string().min(8).max(100),
  type: z.string().max(40),
  payload: z.record(z.unknown()).optional(),
})

/** Per-socket token bucket: 20 commands a second on average, bursts of 40. */
export const RATE = { perSecond: 20, burst: 40 }
function tokenBucket({ perSecond, burst } = RATE) {
  let tokens = burst
  let at = Date.now()
  return () => {
    const now = Date.now()
    tokens = Math.min(burst, tokens + ((now - at) / 1000) * perSecond)
    at = now
    if (tokens < 1) return false
    tokens -= 1
    return true
  }
}

type MeetingMeta = { isPublic: boolean; agendaItemIds: number[]; speakerSeconds: number; at: number }
const META_TTL_MS = 10_000
const metaCache = new WeakMap<Db, Map<number, MeetingMeta>>()
function getMeta(db: Db, meetingId: number): MeetingMeta | null {
  let m = metaCache.get(db)
  if (!m) metaCache.set(db, (m = new Map()))
  const hit = m.get(meetingId)
  if (hit && Date.now() - hit.at < META_TTL_MS) return hit
  const row = getMeeting(db, meetingId)
  if (!row) return null
  const meta = { isPublic: row.isPublic, agendaItemIds: row.agenda.map(a => a.id), speakerSeconds: row.speakerSeconds, at: Date.now() }
  m.set(meetingId, meta)
  return meta
}

/** At most this many commands share one transaction, so one busy tick cannot hold the write lock for long. */
export const GROUP_COMMIT_MAX = 256
const pendingByDb = new WeakMap<Db, { input: CommandInput; done: (result: CommandResult) => void }[]>()

/**
 * Append a command to the meeting log by group commit: the commands that
 * arrive within one turn of the event loop (from any socket, any meeting) are
 * appended together in one transaction after the sockets have been read
 * (setImmediate), and each is answered only once its transaction has
 * committed. One commit per tick instead of one per command.
 */
export function submitMeetingCommand(db: Db, input: CommandInput): Promise<CommandResult> {
  return new Promise(done => {
    let pending = pendingByDb.get(db)
    if (!pending) {
      pendingByDb.set(db, (pending = []))
      setImmediate(() => commitPending(db))
    }
    pending.push({ input, done })
  })
}

function commitPending(db: Db) {
  const pending = pendingByDb.get(db) ?? []
  pendingByDb.delete(db)
  for (let i = 0; i < pending.length; i += GROUP_COMMIT_MAX) {
    const group = pending.slice(i, i + GROUP_COMMIT_MAX)
    const results = runMeetingCommands(
      db,
      group.map(p => p.input),
    )
    group.forEach((p, k) => p.done(results[k]!))
  }
}

type Presence = {
  online: Map<number, { role: string; name: string }>
  anonymous: number
  timer: NodeJS.Timeout | null
  /**
   * The join answer's presence, for members and for observers (under the
   * pseudonyms it was masked with), until the next change; each also
   * serialised once (`preEncoded`), not once per joiner.
   */
  answer: { presence: MeetingPresencePayload; encoded: MeetingPresencePayload } | null
  maskedAnswer: { pseudonyms: Pseudonyms; encoded: MeetingPresencePayload } | null
  /** Members shown online whose connections are gone, since when (shown offline once PRESENCE_GRACE_MS have passed). */
  away: Map<number, number>
  /** Members who left on purpose since the last round: offline at once, no grace. */
  left: Set<number>
  /** When the watcher count was last broadcast. */
  watchersSentAt: number
}
const presenceByServer = new WeakMap<AppServer, Map<number, Presence>>()
function presenceOf(io: AppServer, meetingId: number): Presence {
  let byMeeting = presenceByServer.get(io)
  if (!byMeeting) presenceByServer.set(io, (byMeeting = new Map()))
  let p = byMeeting.get(meetingId)
  if (!p)
    byMeeting.set(
      meetingId,
      (p = { online: new Map(), anonymous: 0, timer: null, answer: null, maskedAnswer: null, away: new Map(), left: new Set(), watchersSentAt: 0 }),
    )
  return p
}
/** How many meetings this server keeps presence for (rooms with someone in them, or about to be checked). */
export function presenceTracked(io: AppServer): number {
  return presenceByServer.get(io)?.size ?? 0
}

/** Everyone online, as a join answer carries it: built and serialised once per presence change, not once per joiner. */
function presenceAnswer(io: AppServer, meetingId: number) {
  const p = presenceOf(io, meetingId)
  if (!p.answer) {
    const presence = { meetingId, online: [...p.online].map(([userId, o]) => ({ userId, ...o })), offline: [], anonymous: p.anonymous }
    p.answer = { presence, encoded: preEncoded(presence) }
  }
  return p.answer
}

function observerPresenceAnswer(io: AppServer, meetingId: number, pseudonyms: Pseudonyms): MeetingPresencePayload {
  const p = presenceOf(io, meetingId)
  if (p.maskedAnswer?.pseudonyms !== pseudonyms)
    p.maskedAnswer = { pseudonyms, encoded: preEncoded(maskPresenceForObservers(presenceAnswer(io, meetingId).presence, pseudonyms)) }
  return p.maskedAnswer.encoded
}

/** Who is connected to a meeting on this process: the members by user id, role and name, and a count of the others. */
function localPresence(io: AppServer, meetingId: number): LocalPresence {
  const { adapter, sockets } = io.of('/')
  const members: LocalPresence['members'] = []
  let anonymous = 0
  const counted = new Set<string>()
  for (const room of [meetingRoom(meetingId), observerRoom(meetingId)]) {
    for (const id of adapter.rooms.get(room) ?? []) {
      const socket = sockets.get(id)
      if (!socket || counted.has(id)) continue
      counted.add(id)
      const membership = socket.data.meetings?.[meetingId]
      // A screen showing the public view is a watcher, not its opener coming online (as an observer).
      if (socket.data.userId == null || !membership || membership.publicView) anonymous++
      else members.push([socket.data.userId, membership.role, membership.name])
    }
  }
  return { members, anonymous }
}

/** What presence rounds started outside a socket's handlers (a removal) need: the server's database and presence settings. */
const depsByServer = new WeakMap<AppServer, RealtimeDeps>()

/** Every process answers the others' presence queries with its own share. */
export function answerPresenceQueries(io: AppServer, deps: RealtimeDeps) {
  depsByServer.set(io, deps)
  io.on('meeting:presence', (meetingId, answer) => answer(localPresence(io, meetingId)))
}

/** The shares of every process: this one's, and the others' through the adapter when there are others. */
async function presenceShares(io: AppServer, meetingId: number): Promise<LocalPresence[]> {
  const own = localPresence(io, meetingId)
  if ((await io.of('/').adapter.serverCount()) <= 1) return [own]
  return [own, ...(await io.serverSideEmitWithAck('meeting:presence', meetingId))]
}

/** A member whose connection drops is shown online this long (a phone changing networks reconnects within it). */
export const PRESENCE_GRACE_MS = 5_000
/** The count of anonymous watchers is broadcast at most this often (it changes whenever someone's phone sleeps). */
export const WATCHER_COUNT_EVERY_MS = 5_000

/**
 * Presence is ephemeral (not logged). At most once a second per meeting every
 * process is asked who of the room is connected to it (user id, role and name
 * of members, a count of anonymous watchers: not Socket.IO's whole socket
 * descriptions, handshake and session key included, which for thousands of
 * watchers cost megabytes a round) and only the changes are broadcast: a
 * 1,000-person meeting must not receive 1,000 names every time someone's
 * phone wakes up. For the same reason a dropped connection is not news until
 * it has stayed away PRESENCE_GRACE_MS (a member who leaves on purpose is
 * offline at once), and a changed watcher count waits for
 * WATCHER_COUNT_EVERY_MS: otherwise a network blip among thousands of phones
 * would cost every one of them a presence message a second.
 */
function schedulePresence(io: AppServer, deps: RealtimeDeps, meetingId: number) {
  const { db } = deps
  const graceMs = deps.presence?.graceMs ?? PRESENCE_GRACE_MS
  const watcherCountEveryMs = deps.presence?.watcherCountEveryMs ?? WATCHER_COUNT_EVERY_MS
  const p = presenceOf(io, meetingId)
  if (p.timer) return
  p.timer = setTimeout(() => {
    p.timer = null
    // Departures noted before this round asks the other processes; one noted while it waits counts at the next.
    const left = [...p.left]
    presenceShares(io, meetingId)
      .then(shares => {
        const now = Date.now()
        const online = new Map<number, { role: string; name: string }>()
        let watchers = 0
        for (const share of shares) {
          for (const [userId, role, name] of share.members) online.set(userId, { role, name })
          watchers += share.anonymous
        }
        // Settled yet? If not, another round follows.
        let unsettled = false
        for (const userId of online.keys()) p.away.delete(userId)
        for (const [userId, shown] of p.online) {
          if (online.has(userId) || left.includes(userId)) continue
          const since = p.away.get(userId) ?? now
          if (now - since >= graceMs) continue
          p.away.set(userId, since)
          online.set(userId, shown)
          unsettled = true
        }
        for (const userId of p.away.keys()) if (!online.has(userId)) p.away.delete(userId)
        for (const userId of left) p.left.delete(userId)
        const came = [...online].filter(([id, o]) => p.online.get(id)?.role !== o.role).map(([userId, o]) => ({ userId, ...o }))
        const went = [...p.online.keys()].filter(id => !online.has(id))
        // A message that goes out anyway carries the current count: each process paces its own, and an old one would set the room back.
        let anonymous = p.anonymous
        if (watchers !== p.anonymous) {
          if (came.length > 0 || went.length > 0 || now - p.watchersSentAt >= watcherCountEveryMs) anonymous = watchers
          else unsettled = true
        }
        const changed = came.length > 0 || went.length > 0 || anonymous !== p.anonymous
        if (anonymous !== p.anonymous) p.watchersSentAt = now
        p.online = online
        p.anonymous = anonymous
        if (changed) {
          p.answer = null
          p.maskedAnswer = null
          const update = { meetingId, online: came, offline: went, anonymous }
          io.to(meetingRoom(meetingId)).emit('meeting:presence', update)
          io.to(observerRoom(meetingId)).emit(
            'meeting:presence',
            maskPresenceForObservers(update, observerPseudonyms(db, meetingId, getMeetingState(db, meetingId))),
          )
        }
        if (unsettled) schedulePresence(io, deps, meetingId)
        // Nobody left in the room: forget the meeting (a later join starts afresh).
        else if (online.size === 0 && watchers === 0 && !p.timer) presenceByServer.get(io)?.delete(meetingId)
      })
      // Another process did not answer in time: ask again in a second, or members kept online through their grace would stay so.
      .catch(() => schedulePresence(io, deps, meetingId))
  }, 1000)
  p.timer.unref()
}

/** A member left on purpose (closed the meeting, was removed): the next round shows them offline without waiting. */
function memberLeft(io: AppServer, deps: RealtimeDeps, meetingId: number, userId: number | null) {
  if (userId != null) presenceOf(io, meetingId).left.add(userId)
  schedulePresence(io, deps, meetingId)
}

/** The pseudonyms observers see a meeting's people by, names of those invited included. */
function observerPseudonyms(db: Db, meetingId: number, state: MeetingState): Pseudonyms {
  return meetingPseudonyms(state, invitedNames(db, meetingId))
}

/** Broadcast an appended event to the room, without what viewers must not see. */
export function broadcastMeetingEvent(io: AppServer, state: MeetingState, event: MeetingEventPayload) {
  // Attendance waiting for its batch goes first: every room receives the log in order.
  flushAttendance(io, event.meetingId, state)
  const redacted = redactEvent(event, state)
  io.to(meetingRoom(event.meetingId)).emit('meeting:event', redacted)
  const deps = depsByServer.get(io)
  const p = deps ? observerPseudonyms(deps.db, event.meetingId, state) : meetingPseudonyms(state)
  io.to(observerRoom(event.meetingId)).emit('meeting:event', maskEventForObservers(redacted, p))
  if (event.type === 'participant.remove') {
    // A removed participant's sockets leave the room on every process, and they are shown offline at the next round.
    const userId = event.payload.userId as number
    io.in(userRoom(userId)).socketsLeave(meetingRoom(event.meetingId))
    if (deps) memberLeft(io, deps, event.meetingId, userId)
  }
}

/** How long attendance events wait to be broadcast together. */
export const ATTENDANCE_BATCH_MS = 100
type QueuedAttendance = { events: MeetingEventPayload[]; timer: NodeJS.Timeout }
const attendanceByServer = new WeakMap<AppServer, Map<number, QueuedAttendance>>()

/**
 * A participant's first join is logged at once (and is in their own join
 * answer), but broadcast with the other joins of the next ATTENDANCE_BATCH_MS
 * as one `meeting:events` message: a thousand people arriving in a minute
 * cost the room a few hundred messages, not a thousand messages to each of
 * a thousand sockets.
 */
function queueAttendance(io: AppServer, db: Db, event: MeetingEventPayload) {
  let byMeeting = attendanceByServer.get(io)
  if (!byMeeting) attendanceByServer.set(io, (byMeeting = new Map()))
  const queued = byMeeting.get(event.meetingId)
  if (queued) return void queued.events.push(event)
  const timer = setTimeout(() => {
    try {
      flushAttendance(io, event.meetingId, getMeetingState(db, event.meetingId))
    } catch (error) {
      // The arrivals are logged all the same: clients see the gap at the next event and resync from the log.
      byMeeting.delete(event.meetingId)
      console.error('attendance broadcast failed', error)
    }
  }, ATTENDANCE_BATCH_MS)
  byMeeting.set(event.meetingId, { events: [event], timer })
}

function flushAttendance(io: AppServer, meetingId: number, state: MeetingState) {
  const byMeeting = attendanceByServer.get(io)
  const queued = byMeeting?.get(meetingId)
  if (!queued) return
  byMeeting!.delete(meetingId)
  clearTimeout(queued.timer)
  const redacted = queued.events.map(e => redactEvent(e, state))
  const deps = depsByServer.get(io)
  const p = deps ? observerPseudonyms(deps.db, meetingId, state) : meetingPseudonyms(state)
  io.to(meetingRoom(meetingId)).emit('meeting:events', redacted)
  io.to(observerRoom(meetingId)).emit(
    'meeting:events',
    redacted.map(e => maskEventForObservers(e, p)),
  )
}

/** What a join sends: everything after `sinceSeq`, as events when few, else as the audience's snapshot plus the events after it. */
function joinAnswer(db: Db, meetingId: number, state: MeetingState, sinceSeq: number, userId: number | null, role: ParticipantRole) {
  const audience: Audience = role === 'observer' ? 'observer' : role === 'facilitator' ? 'moderator' : 'member'
  if (state.lastSeq - sinceSeq <= SNAPSHOT_AFTER_EVENTS) return { logged: readMeetingLog(db, meetingId, sinceSeq), snapshot: {} }
  const snap = meetingSnapshot(db, meetingId, state, audience)
  const ownBallots = userId == null || audience === 'observer' ? [] : snap.ownBallots(userKey(userId))
  return { logged: snap.tail, snapshot: { snapshot: snap.bytes, ...(ownBallots.length ? { ownBallots } : {}) } satisfies Partial<MeetingJoinResult> }
}

/**
 * Live meeting handlers. The socket layer only validates, authorises (the
 * rules live in the meetings library's planCommand), appends to the log and broadcasts.
 */
export function registerMeetingHandlers(io: AppServer, socket: AppSocket, deps: RealtimeDeps) {
  const { db } = deps
  const allow = tokenBucket()
  let displayName: string | undefined
  const nameOf = () => (displayName ??= socket.data.userId == null ? '' : (getDisplayNames(db, [socket.data.userId]).get(socket.data.userId) ?? ''))

  function guard<T>(ack: unknown, run: (reply: (r: Ack<T>) => void) => void) {
    const reply = typeof ack === 'function' ? (ack as (r: Ack<T>) => void) : () => {}
    if (!allow()) return reply({ error: 'rate-limited' })
    try {
      run(reply)
    } catch (error) {
      console.error('meeting handler failed', error)
      reply({ error: 'internal' as PublicError })
    }
  }

  socket.on('meeting:join', (raw, ack) =>
    guard(ack, reply => {
      const parsed = JoinSchema.safeParse(raw)
      if (!parsed.success) return reply({ error: 'invalid-payload', issues: parsed.error.issues.map(i => i.path.join('.')) })
      const { meetingId, sinceSeq = 0, view } = parsed.data
      const meta = getMeta(db, meetingId)
      if (!meta) return reply({ error: 'not-found' })
      const account = socket.data.userId
      let role: ParticipantRole | null = account == null ? null : getParticipantRole(db, meetingId, account)
      if (!role) {
        // Anyone (even without an account) may watch an open meeting, read-only.
        if (!meta.isPublic) return reply({ error: account == null ? 'unauthorized' : 'forbidden' })
        role = 'observer'
      }
      let state = getMeetingState(db, meetingId)
      if (account != null && state.removed[account]) return reply({ error: 'forbidden' })
      // The public view (the projector, which the whole room and a stream may see) names nobody, whoever opened it:
      // its opener joins as an anonymous observer would, without attending, voting or being shown online.
      const publicView = view === 'public'
      if (publicView) role = 'observer'
      const userId = publicView ? null : account
      socket.data.meetings = { ...socket.data.meetings, [meetingId]: { role, name: nameOf(), ...(publicView ? { publicView: true } : {}) } }
      const observing = role === 'observer'
      void socket.join(observing ? observerRoom(meetingId) : meetingRoom(meetingId))
      if (userId != null && role !== 'observer' && !state.attendance[userKey(userId)]) {
        const joined = recordMeetingAttendance(db, { meetingId, userId, name: nameOf(), role })
        if (joined) {
          state = getMeetingState(db, meetingId)
          queueAttendance(io, db, joined)
        }
      }
      const { logged, snapshot } = joinAnswer(db, meetingId, state, sinceSeq, userId, role)
      const events = logged.map(e => redactEvent(e, state, userId, { moderator: role === 'facilitator' }))
      const myVotes = userId == null ? [] : state.votes.filter(v => v.ballots[userKey(userId)]).map(v => v.seq)
      if (observing) {
        const p = observerPseudonyms(db, meetingId, state)
        // Events the redaction left as logged are masked once for all observers.
        const masked = events.map((e, i) => (e === logged[i] ? maskLoggedEventForObservers(e, p) : maskEventForObservers(e, p)))
        reply({
          data: {
            ...snapshot,
            events: masked,
            role,
            lastSeq: state.lastSeq,
            serverNow: new Date().toISOString(),
            myVotes: [],
            presence: observerPresenceAnswer(io, meetingId, p),
          },
        })
      } else {
        reply({
          data: {
            ...snapshot,
            events,
            role,
            lastSeq: state.lastSeq,
            serverNow: new Date().toISOString(),
            myVotes,
            presence: presenceAnswer(io, meetingId).encoded,
            ...(userId != null ? { self: { userId, role, name: nameOf() } } : {}),
          },
        })
      }
      schedulePresence(io, deps, meetingId)
    }),
  )

  socket.on('meeting:leave', (raw, ack) =>
    guard(ack, reply => {
      const parsed = LeaveSchema.safeParse(raw)
      if (!parsed.success) return reply({ error: 'invalid-payload' })
      const { meetingId } = parsed.data
      // Leaving a meeting one never joined changes nothing and must not create presence state.
      if (!socket.data.meetings?.[meetingId]) return reply({ data: true })
      delete socket.data.meetings[meetingId]
      void socket.leave(meetingRoom(meetingId))
      void socket.leave(observerRoom(meetingId))
      reply({ data: true })
      memberLeft(io, deps, meetingId, socket.data.userId)
    }),
  )

  socket.on('meeting:command', (raw, ack) =>
    guard(ack, reply => {
      const parsed = CommandSchema.safeParse(raw)
      if (!parsed.success) return reply({ error: 'invalid-payload', issues: parsed.error.issues.map(i => i.path.join('.')) })
      const { meetingId, idempotencyKey, type, payload } = parsed.data
      // The session and the role are read again for every command: a logout,
      // a disabled account or a demotion takes effect at once.
      if (recheckSocketUser(db, socket.data) == null) {
        reply({ error: 'unauthorized' })
        socket.disconnect(true)
        return
      }
      const membership = socket.data.meetings?.[meetingId]
      // A screen showing the public view only watches.
      if (!membership || membership.publicView) return reply({ error: socket.data.userId == null ? 'unauthorized' : 'forbidden' })
      const meta = getMeta(db, meetingId)
      if (!meta) return reply({ error: 'not-found' })
      const role = (socket.data.userId == null ? null : getParticipantRole(db, meetingId, socket.data.userId)) ?? (meta.isPublic ? 'observer' : null)
      if (!role) {
        delete socket.data.meetings![meetingId]
        void socket.leave(meetingRoom(meetingId))
        return reply({ error: 'forbidden' })
      }
      if (role !== membership.role) membership.role = role
      void submitMeetingCommand(db, {
        meetingId,
        actor: { userId: socket.data.userId, role, name: membership.name },
        type,
        payload,
        idempotencyKey,
        agendaItemIds: meta.agendaItemIds,
        speakerSeconds: meta.speakerSeconds,
      })
        .then(result => {
          // A refused payload names each field and its limit (meetings/commands FieldIssue), for the client to say in its language.
          if (!result.ok) return reply({ error: result.error, ...(result.issue ? { issues: result.issue.split(',') } : {}) })
          // The sender gets the full event (their own ballot); the room gets the redacted one.
          reply({ data: result.event })
          if (!result.duplicate) broadcastMeetingEvent(io, result.state, result.event)
        })
        .catch(error => console.error('meeting broadcast failed', error))
    }),
  )

  socket.on('disconnect', reason => {
    // Only a disconnect the client or server asked for is a departure; a lost connection may come back.
    const onPurpose = reason === 'client namespace disconnect' || reason === 'server namespace disconnect'
    for (const id of Object.keys(socket.data.meetings ?? {})) {
      if (onPurpose) memberLeft(io, deps, Number(id), socket.data.userId)
      else schedulePresence(io, deps, Number(id))
    }
  })
}
