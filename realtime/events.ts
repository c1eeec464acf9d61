// Typed Socket.IO event maps. The browser imports types only from this file.
import type { NotificationPayload } from '#db/queries/notifications'
import type { MeetingEvent } from '#meetings/commands'
import type { PublicError } from '#meetings/types'

export type { NotificationPayload, PublicError }
export type Ack<T> = { data: T } | { error: PublicError; issues?: string[] }

export type ComplaintCreatedPayload = { id: number; unitId: number | null; channel: string; subject: string; receivedAt: string }
export type TopicChangedPayload = { id: number; unitId: number; status: string; heat: number; title: string }

/** One entry of the meeting log as it travels to clients (see meetings/commands.ts). */
export type MeetingEventPayload = MeetingEvent
/**
 * Who is connected to a meeting right now (ephemeral: not part of the log).
 * Sent as changes: users who came online or went offline since the last
 * update, each with their absolute status, so updates from several processes
 * can be applied in any order. The join ack carries a full snapshot.
 */
export type MeetingPresencePayload = { meetingId: number; online: { userId: number; role: string; name: string }[]; offline: number[]; anonymous: number }
export type MeetingJoinResult = {
  /**
   * For a join far behind the log: the meeting as this viewer's audience sees
   * it (UTF-8 JSON of a MeetingSnapshot, see meetings/snapshot.ts), then
   * `events` continue from it. Without it, `events` continue from `sinceSeq`.
   */
  snapshot?: ArrayBuffer | Uint8Array
  /** The joining voter's own ballots that the snapshot shows redacted (see withOwnBallots). */
  ownBallots?: MeetingEventPayload[]
  events: MeetingEventPayload[]
  role: string | null
  lastSeq: number
  /** Server clock, so phones with a wrong clock still show the right countdown. */
  serverNow: string
  /** Votes (seq) the joining user has cast, including anonymous ones. */
  myVotes: number[]
  presence: MeetingPresencePayload
  /**
   * The member joining, online from this answer on: `presence` is shared by
   * every joiner until the next presence round (up to a second later), and
   * may not list them yet (a first join, a reconnect after a restart).
   */
  self?: { userId: number; role: string; name: string }
}
/** A command as it arrives: untrusted until the server has checked it (planCommand). */
export type MeetingCommand = { meetingId: number; idempotencyKey: string; type: string; payload?: Record<string, unknown> }

export interface ServerToClientEvents {
  'notification:new': (n: NotificationPayload) => void
  'complaint:created': (c: ComplaintCreatedPayload) => void
  'topic:changed': (t: TopicChangedPayload) => void
  'meeting:event': (e: MeetingEventPayload) => void
  /** Several consecutive events at once (people arriving together). */
  'meeting:events': (events: MeetingEventPayload[]) => void
  'meeting:presence': (p: MeetingPresencePayload) => void
}

export interface ClientToServerEvents {
  /** Join a meeting room and resync: the ack carries every event after `sinceSeq` (or a snapshot and the events after it). */
  'meeting:join': (p: { meetingId: number; sinceSeq?: number; view?: 'public' }, ack: (r: Ack<MeetingJoinResult>) => void) => void
  'meeting:leave': (p: { meetingId: number }, ack?: (r: Ack<true>) => void) => void
  /** A command; a retry with the same idempotency key returns the event already applied. */
  'meeting:command': (p: MeetingCommand, ack: (r: Ack<MeetingEventPayload>) => void) => void
}

/** One process's share of a meeting's presence, as the processes tell each other (never sent to clients). */
export type LocalPresence = { members: [userId: number, role: string, name: string][]; anonymous: number }

export interface InterServerEvents {
  /** Who is connected to a meeting on the answering process: only what presence needs (no handshakes, cookies or session keys). */
  'meeting:presence': (meetingId: number, answer: (share: LocalPresence) => void) => void
}

export interface SocketData {
  userId: number | null
  /** Stored key of the session the handshake used, re-checked while the socket lives. */
  sessionKey?: string | null
  /** The user's roles at the handshake (see grantsSignature); a change ends the connection. */
  grantsSignature?: string
  /** Unit ids the user holds a staff role in; their sockets join `unit:<id>` rooms. */
  unitIds: number[]
  /** Meetings this socket has joined, with its role (kept across connection-state recovery). */
  meetings?: Record<number, { role: string; name: string; publicView?: true }>
}

export const userRoom = (id: number) => `user:${id}`
export const unitRoom = (id: number) => `unit:${id}`
export const meetingRoom = (id: number) => `meeting:${id}`
export const sessionRoom = (key: string) => `session:${key}`
/** Observers of a public meeting: the same events, names masked (see observer-view.ts). */
export const observerRoom = (id: number) => `meeting:${id}:observers`
