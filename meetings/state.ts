// The live meeting as a fold over its append-only event log.
//
// Pure and driver-free: the server folds the log to validate commands and
// build minutes; the browser uses the same fold to render the room from the
// events it receives. Nothing here touches Socket.IO or SQL.
import type { MeetingEvent } from './commands'
import { tallyVote } from './tally'
import { CONSENT_CHOICES, roomKey, userKey, type MeetingState, type Person } from './types'

export function initialMeetingState(): MeetingState {
  return {
    lastSeq: 0,
    status: 'scheduled',
    startedAt: null,
    endedAt: null,
    currentItemId: null,
    itemLog: [],
    timer: null,
    queue: [],
    floor: null,
    spoken: {},
    attendance: {},
    seen: {},
    statements: [],
    statementBySeq: {},
    proposals: [],
    votes: [],
    muted: {},
    removed: {},
    moderation: [],
  }
}

/** Who an event is about: the key and name the server stored, else the actor. */
function person(e: MeetingEvent<'hand.raise' | 'statement.post' | 'attendance.joined' | 'attendance.checkin'>): Person {
  const { key: storedKey, name = '' } = e.payload
  const key = storedKey ?? (e.inRoom ? roomKey(name) : e.actorId != null ? userKey(e.actorId) : `seq:${e.seq}`)
  return { key, userId: e.inRoom ? null : e.actorId, name, inRoom: e.inRoom }
}

/** Note when the log first names someone. */
function see(s: MeetingState, key: string, seq: number) {
  const seen = (s.seen ??= {})
  if (!(key in seen)) seen[key] = seq
}

function endFloor(s: MeetingState, at: string) {
  if (!s.floor) return
  const f = s.floor
  const spent = Math.max(0, Math.round((Date.parse(at) - Date.parse(f.at)) / 1000))
  const prev = s.spoken[f.key] ?? { key: f.key, userId: f.userId, name: f.name, inRoom: f.inRoom, turns: 0, seconds: 0 }
  s.spoken[f.key] = { ...prev, turns: prev.turns + 1, seconds: prev.seconds + spent }
  s.floor = null
}

export const findVote = (s: MeetingState, voteSeq: number) => s.votes.find(v => v.seq === voteSeq)
export const findProposal = (s: MeetingState, proposalSeq: number) => s.proposals.find(p => p.seq === proposalSeq)

/**
 * Apply one event. Mutates and returns `s` (the server folds thousands of
 * events per meeting; the browser copies when it needs a new reference).
 * Events at or below `lastSeq` are ignored, so replays and duplicates are harmless.
 */
export function applyMeetingEvent(s: MeetingState, e: MeetingEvent): MeetingState {
  if (e.seq <= s.lastSeq) return s
  s.lastSeq = e.seq
  const at = e.createdAt
  switch (e.type) {
    case 'meeting.start':
      s.status = 'live'
      s.startedAt ??= at
      break
    case 'meeting.end':
      endFloor(s, at)
      s.status = 'ended'
      s.endedAt = at
      s.timer = null
      s.queue = []
      break
    case 'agenda.set':
      s.currentItemId = e.payload.itemId
      s.itemLog.push({ itemId: e.payload.itemId, at })
      s.timer = null
      break
    case 'timer.start':
      s.timer = { seconds: e.payload.seconds, at }
      break
    case 'timer.stop':
      s.timer = null
      break
    case 'hand.raise': {
      const who = person(e)
      see(s, who.key, e.seq)
      if (!s.queue.some(h => h.key === who.key)) s.queue.push({ key: who.key, userId: who.userId, name: who.name, inRoom: who.inRoom, seq: e.seq, at })
      break
    }
    case 'hand.lower':
      s.queue = s.queue.filter(h => h.key !== e.payload.key)
      break
    case 'floor.give': {
      const p = e.payload
      endFloor(s, at)
      s.queue = s.queue.filter(h => h.key !== p.key)
      see(s, p.key, e.seq)
      s.floor = { key: p.key, userId: p.userId ?? null, name: p.name ?? '', inRoom: !!p.inRoom, seq: e.seq, at, seconds: p.seconds }
      break
    }
    case 'floor.end':
      endFloor(s, at)
      break
    case 'statement.post': {
      // Fields spelled out, not spread: a client folds every statement of a long meeting, and spreading is many times slower.
      const who = person(e)
      see(s, who.key, e.seq)
      const st = {
        key: who.key,
        userId: who.userId,
        name: who.name,
        inRoom: who.inRoom,
        seq: e.seq,
        no: s.statements.length + 1,
        at,
        text: e.payload.text,
        replyTo: e.payload.replyTo ?? null,
        hidden: null,
        reactions: {},
      }
      s.statements.push(st)
      s.statementBySeq[e.seq] = st
      break
    }
    case 'reaction.set': {
      const p = e.payload
      const st = s.statementBySeq[p.statementSeq]
      const key = p.key ?? (e.actorId != null ? userKey(e.actorId) : `seq:${e.seq}`)
      if (st) {
        if (p.value) st.reactions[key] = p.value
        else delete st.reactions[key]
      }
      break
    }
    case 'message.hide': {
      const p = e.payload
      const st = s.statementBySeq[p.targetSeq]
      if (st) st.hidden = { reason: p.reason, seq: e.seq, by: e.actorId }
      s.moderation.push({ seq: e.seq, at, type: 'message.hide', targetSeq: p.targetSeq, reason: p.reason, by: e.actorId })
      break
    }
    case 'proposal.draft':
      s.proposals.push({
        seq: e.seq,
        at,
        title: e.payload.title,
        text: e.payload.text ?? '',
        fromSeqs: e.payload.fromSeqs ?? [],
        status: 'draft',
        voteSeq: null,
        decidedSeq: null,
      })
      break
    case 'proposal.decide': {
      const pr = findProposal(s, e.payload.proposalSeq)
      if (pr) Object.assign(pr, { status: e.payload.outcome, voteSeq: e.payload.voteSeq ?? null, decidedSeq: e.seq })
      break
    }
    case 'vote.open': {
      const p = e.payload
      s.votes.push({
        seq: e.seq,
        at,
        question: p.question,
        kind: p.kind,
        options: p.kind === 'consent' ? [...CONSENT_CHOICES] : p.options,
        anonymous: !!p.anonymous,
        quorum: p.quorum ?? 0,
        hideResults: !!p.hideResults,
        proposalSeq: p.proposalSeq ?? null,
        maxChoices: p.maxChoices ?? (p.options?.length || 1),
        scoreMax: p.scoreMax ?? 5,
        status: 'open',
        ballots: {},
        results: null,
      })
      break
    }
    case 'vote.cast': {
      const p = e.payload
      const v = findVote(s, p.voteSeq)
      // Redacted (anonymous) ballots arrive without a voter key: each counts once by its seq.
      const key = p.voter ?? `seq:${e.seq}`
      // A secret ballot does not name its voter, not even by when they first appear.
      if (v && p.voter && !v.anonymous) see(s, p.voter, e.seq)
      if (v && !v.ballots[key]) v.ballots[key] = { ballot: p.ballot ?? null, inRoom: e.inRoom || !!p.room, name: p.name ?? null }
      break
    }
    case 'vote.close': {
      const v = findVote(s, e.payload.voteSeq)
      if (v) Object.assign(v, { status: 'closed', results: e.payload.results ?? tallyVote(v) })
      break
    }
    case 'participant.mute': {
      const p = e.payload
      if (p.muted) s.muted[p.userId] = true
      else delete s.muted[p.userId]
      s.moderation.push({ seq: e.seq, at, type: p.muted ? 'mute' : 'unmute', userId: p.userId, by: e.actorId })
      break
    }
    case 'participant.remove': {
      const { userId } = e.payload
      s.removed[userId] = true
      s.queue = s.queue.filter(h => h.userId !== userId)
      if (s.floor?.userId === userId) endFloor(s, at)
      s.moderation.push({ seq: e.seq, at, type: 'remove', userId, by: e.actorId })
      break
    }
    case 'attendance.joined':
    case 'attendance.checkin': {
      const who = person(e)
      see(s, who.key, e.seq)
      const prev = s.attendance[who.key]
      // A check-in in the room upgrades an online attendee to "in the room".
      const inRoom = e.type === 'attendance.checkin' || !!e.payload.room || !!prev?.inRoom
      const role = e.payload.role ?? prev?.role
      const entry: MeetingState['attendance'][string] = { key: who.key, userId: who.userId, name: who.name, inRoom, at: prev?.at ?? at }
      if (role) entry.role = role
      s.attendance[who.key] = entry
      break
    }
  }
  return s
}

export function foldMeeting(events: readonly MeetingEvent[], from: MeetingState = initialMeetingState()): MeetingState {
  for (const e of events) applyMeetingEvent(from, e)
  return from
}
