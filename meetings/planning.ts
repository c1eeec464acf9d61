// Authorisation and validation of commands: what the server appends for a
// command, or why it refuses. Pure, so the same rules run in tests without a server.
import { COMMAND_SCHEMAS, encodeFieldIssue, fieldIssuesOf, isCommandType, type CommandType, type ParsedCommand, type PlannedEvent } from './commands'
import { findProposal, findVote } from './state'
import { ballotFits, tallyVote } from './tally'
import { CONSENT_CHOICES, roomKey, userKey, type MeetingState, type ParticipantRole, type Person, type PublicError } from './types'

/** The actor and the meeting facts a command is checked against. */
export type PlanContext = {
  userId: number | null
  role: ParticipantRole | null
  /** The actor's display name (stored with the event so the log reads on its own). */
  name: string
  agendaItemIds: number[]
  speakerSeconds: number
}
export type Plan = { ok: true; event: PlannedEvent } | { ok: false; error: PublicError; issue?: string }

const FACILITATOR_ONLY = new Set<CommandType>([
  'meeting.start',
  'meeting.end',
  'agenda.set',
  'timer.start',
  'timer.stop',
  'floor.give',
  'floor.end',
  'message.hide',
  'proposal.draft',
  'proposal.decide',
  'vote.open',
  'vote.close',
  'participant.mute',
  'participant.remove',
])
/** Who may act for themselves: hands, statements, reactions, votes. */
const SPEAKS: ReadonlySet<ParticipantRole> = new Set(['deliberator', 'facilitator', 'supervisor', 'recorder'])
const VOTES: ReadonlySet<ParticipantRole> = new Set(['deliberator'])

const fail = (error: PublicError, issue?: string): Plan => ({ ok: false, error, issue })

/** Validate a command from a client against its schema; the result is typed by its `type`. */
export function parseCommand(type: unknown, rawPayload: unknown): { ok: true; command: ParsedCommand } | { ok: false; issue: string } {
  if (!isCommandType(type)) return { ok: false, issue: 'type' }
  const parsed = COMMAND_SCHEMAS[type].safeParse(rawPayload ?? {})
  // Each problem names its field and limit (see FieldIssue), comma-separated.
  if (!parsed.success) return { ok: false, issue: fieldIssuesOf(parsed.error).map(encodeFieldIssue).join(',') }
  // The schema was chosen by `type`, so the data belongs to that member of the union.
  return { ok: true, command: { type, payload: parsed.data } as ParsedCommand }
}

/**
 * Validate and authorise one command against the current state. Returns the
 * event to append (with server-added fields such as the actor's name), or a
 * public error.
 */
export function planCommand(s: MeetingState, ctx: PlanContext, type: unknown, rawPayload: unknown): Plan {
  const parsed = parseCommand(type, rawPayload)
  if (!parsed.ok) return fail('invalid-payload', parsed.issue)
  const cmd = parsed.command
  const { role, userId } = ctx
  if (role == null || userId == null) return fail('unauthorized')
  if (s.removed[userId]) return fail('forbidden', 'removed')
  if (role === 'observer') return fail('forbidden', 'observer')
  if (FACILITATOR_ONLY.has(cmd.type) && role !== 'facilitator') return fail('forbidden', 'facilitator-only')
  if (s.status === 'ended') return fail('closed', 'meeting-ended')
  if (cmd.type !== 'meeting.start' && cmd.type !== 'attendance.checkin' && s.status !== 'live') return fail('conflict', 'not-live')

  // In-room entries: only the recorder enters them, for people without an account.
  const inRoomName = 'inRoomName' in cmd.payload ? cmd.payload.inRoomName : undefined
  const inRoom = inRoomName != null
  if (inRoom && role !== 'recorder') return fail('forbidden', 'recorder-only')
  const self: Person =
    inRoomName != null
      ? { key: roomKey(inRoomName), userId: null, name: inRoomName, inRoom: true }
      : { key: userKey(userId), userId, name: ctx.name, inRoom: false }

  switch (cmd.type) {
    case 'meeting.start':
      if (s.status === 'live') return fail('conflict', 'already-live')
      return { ok: true, event: { type: cmd.type, inRoom, payload: {} } }
    case 'meeting.end':
      return { ok: true, event: { type: cmd.type, inRoom, payload: {} } }
    case 'agenda.set':
      if (!ctx.agendaItemIds.includes(cmd.payload.itemId)) return fail('not-found', 'agenda-item')
      return { ok: true, event: { type: cmd.type, inRoom, payload: { itemId: cmd.payload.itemId } } }
    case 'timer.start':
      return { ok: true, event: { type: cmd.type, inRoom, payload: { seconds: cmd.payload.seconds } } }
    case 'timer.stop':
      if (!s.timer) return fail('conflict', 'no-timer')
      return { ok: true, event: { type: cmd.type, inRoom, payload: {} } }
    case 'hand.raise':
      if (!SPEAKS.has(role) || (role === 'recorder' && !inRoom)) return fail('forbidden')
      if (s.muted[userId] && !inRoom) return fail('forbidden', 'muted')
      if (s.queue.some(h => h.key === self.key) || s.floor?.key === self.key) return fail('conflict', 'already-queued')
      return { ok: true, event: { type: cmd.type, inRoom, payload: { key: self.key, name: self.name } } }
    case 'hand.lower': {
      const key = cmd.payload.key ?? self.key
      const hand = s.queue.find(h => h.key === key)
      if (!hand) return fail('conflict', 'not-queued')
      const own = hand.key === userKey(userId)
      if (!own && role !== 'facilitator' && !(role === 'recorder' && hand.inRoom)) return fail('forbidden')
      return { ok: true, event: { type: cmd.type, inRoom: hand.inRoom, payload: { key, name: hand.name } } }
    }
    case 'floor.give': {
      const { key } = cmd.payload
      const known: Person | null =
        s.queue.find(h => h.key === key) ?? s.attendance[key] ?? (key.startsWith('u:') ? { key, userId: Number(key.slice(2)), name: '', inRoom: false } : null)
      if (!known) return fail('not-found', 'speaker')
      return {
        ok: true,
        event: {
          type: cmd.type,
          inRoom: known.inRoom,
          payload: { key: known.key, userId: known.userId, name: known.name, inRoom: known.inRoom, seconds: ctx.speakerSeconds },
        },
      }
    }
    case 'floor.end':
      if (!s.floor) return fail('conflict', 'no-floor')
      return { ok: true, event: { type: cmd.type, inRoom, payload: { key: s.floor.key } } }
    case 'statement.post': {
      const { text, replyTo } = cmd.payload
      if (!SPEAKS.has(role) || (role === 'recorder' && !inRoom)) return fail('forbidden')
      if (s.muted[userId] && !inRoom) return fail('forbidden', 'muted')
      if (replyTo != null && !s.statementBySeq[replyTo]) return fail('not-found', 'replyTo')
      return {
        ok: true,
        event: { type: cmd.type, inRoom, payload: { key: self.key, name: self.name, text, ...(replyTo != null ? { replyTo } : {}), itemId: s.currentItemId } },
      }
    }
    case 'reaction.set': {
      if (!SPEAKS.has(role)) return fail('forbidden')
      const st = s.statementBySeq[cmd.payload.statementSeq]
      if (!st || st.hidden) return fail('not-found', 'statement')
      return { ok: true, event: { type: cmd.type, inRoom, payload: { key: self.key, statementSeq: cmd.payload.statementSeq, value: cmd.payload.value } } }
    }
    case 'message.hide': {
      const st = s.statementBySeq[cmd.payload.targetSeq]
      if (!st) return fail('not-found', 'statement')
      if (st.hidden) return fail('conflict', 'already-hidden')
      return { ok: true, event: { type: cmd.type, inRoom, payload: { targetSeq: cmd.payload.targetSeq, reason: cmd.payload.reason } } }
    }
    case 'proposal.draft': {
      const { title, text, fromSeqs } = cmd.payload
      for (const f of fromSeqs) if (!s.statementBySeq[f]) return fail('not-found', 'statement')
      return { ok: true, event: { type: cmd.type, inRoom, payload: { title, text, fromSeqs } } }
    }
    case 'proposal.decide': {
      const { proposalSeq, outcome, voteSeq } = cmd.payload
      if (!findProposal(s, proposalSeq)) return fail('not-found', 'proposal')
      // Not while people are still voting on it, whichever vote the decision rests on.
      if (s.votes.some(v => v.proposalSeq === proposalSeq && v.status === 'open')) return fail('conflict', 'vote-open')
      if (voteSeq != null) {
        const v = findVote(s, voteSeq)
        if (!v) return fail('not-found', 'vote')
        if (v.status !== 'closed') return fail('conflict', 'vote-open')
      }
      return { ok: true, event: { type: cmd.type, inRoom, payload: { proposalSeq, outcome, ...(voteSeq != null ? { voteSeq } : {}) } } }
    }
    case 'vote.open': {
      const p = cmd.payload
      if (p.kind !== 'consent' && p.options.length < 2) return fail('invalid-payload', 'options')
      if (p.proposalSeq != null && !findProposal(s, p.proposalSeq)) return fail('not-found', 'proposal')
      return { ok: true, event: { type: cmd.type, inRoom, payload: { ...p, options: p.kind === 'consent' ? [...CONSENT_CHOICES] : p.options } } }
    }
    case 'vote.cast': {
      const { voteSeq, ballot } = cmd.payload
      if (!VOTES.has(role) && !(role === 'recorder' && inRoom)) return fail('forbidden', 'not-a-voter')
      // The recorder votes only for people checked in at the door, once each.
      if (inRoom && !s.attendance[self.key]?.inRoom) return fail('forbidden', 'not-checked-in')
      const v = findVote(s, voteSeq)
      if (!v) return fail('not-found', 'vote')
      if (v.status !== 'open') return fail('closed', 'vote-closed')
      if (v.ballots[self.key]) return fail('conflict', 'already-voted')
      if (!ballotFits(v, ballot)) return fail('invalid-payload', 'ballot')
      // A ballot counts where its voter is: someone checked in at the door who votes on their own phone is in the room.
      const onSite = inRoom || !!s.attendance[self.key]?.inRoom
      return {
        ok: true,
        event: { type: cmd.type, inRoom, payload: { voteSeq, voter: self.key, name: self.name, ballot, ...(onSite ? { room: true as const } : {}) } },
      }
    }
    case 'vote.close': {
      const v = findVote(s, cmd.payload.voteSeq)
      if (!v) return fail('not-found', 'vote')
      if (v.status !== 'open') return fail('closed', 'vote-closed')
      // The results are computed here, from every ballot, and stored with the event.
      return { ok: true, event: { type: cmd.type, inRoom, payload: { voteSeq: v.seq, results: tallyVote(v) } } }
    }
    case 'participant.mute':
      return { ok: true, event: { type: cmd.type, inRoom, payload: { userId: cmd.payload.userId, muted: cmd.payload.muted } } }
    case 'participant.remove':
      if (cmd.payload.userId === userId) return fail('conflict', 'self')
      return { ok: true, event: { type: cmd.type, inRoom, payload: { userId: cmd.payload.userId } } }
    case 'attendance.checkin':
      if (s.attendance[self.key]?.inRoom) return fail('conflict', 'already-checked-in')
      return { ok: true, event: { type: cmd.type, inRoom, payload: { key: self.key, name: self.name, room: true } } }
  }
}
