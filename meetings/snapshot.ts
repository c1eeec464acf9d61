// A live meeting as a snapshot: the state a viewer's own fold of the log
// would reach, sent to someone joining a long meeting instead of the log.
//
// A snapshot carries no `statementBySeq` (it would repeat every statement);
// the receiver rebuilds it. Pure: no Socket.IO, no SQL.
import type { MeetingEvent } from './commands'
import { applyMeetingEvent, findVote, initialMeetingState } from './state'
import type { MeetingState } from './types'
import { redactEvent } from './visibility'

/** Who a snapshot is for: people in the meeting, its facilitators (hidden text shown), or the public (masked afterwards). */
export type Audience = 'member' | 'moderator' | 'observer'

export type MeetingSnapshot = Omit<MeetingState, 'statementBySeq'>

/**
 * Fold the log as one audience receives it: each event redacted against the
 * current state `s`, exactly as a join replaying the log redacts it, for a
 * viewer without ballots of their own (see `withOwnBallots`). `mask` turns a
 * redacted event into what this audience receives (observers: pseudonyms).
 */
export function foldForAudience(
  log: readonly MeetingEvent[],
  s: MeetingState,
  audience: Audience,
  mask: (redacted: MeetingEvent, logged: MeetingEvent) => MeetingEvent = e => e,
  into: MeetingState = initialMeetingState(),
): MeetingState {
  const moderator = audience === 'moderator'
  for (const e of log) {
    if (e.seq <= into.lastSeq) continue
    applyMeetingEvent(into, mask(redactEvent(e, s, null, { moderator }), e))
  }
  return into
}

/** Whether events after a snapshot change how the events before it are redacted (so a snapshot cannot simply be extended). */
export function changesEarlierRedaction(events: readonly MeetingEvent[], audience: Audience): boolean {
  return audience !== 'moderator' && events.some(e => e.type === 'message.hide')
}

/** The state without its derived index, ready to be serialised once and sent to many. */
export function toSnapshot(s: MeetingState): MeetingSnapshot {
  const { statementBySeq: _derived, ...rest } = s
  return rest
}

/** A received snapshot as a state the fold can continue from. */
export function fromSnapshot(snapshot: MeetingSnapshot): MeetingState {
  const s: MeetingState = { ...snapshot, statementBySeq: {} }
  for (const st of s.statements) s.statementBySeq[st.seq] = st
  return s
}

/**
 * Put the viewer's own ballots back into a snapshot folded without them:
 * `casts` are the viewer's own `vote.cast` events (as logged) of votes whose
 * ballots are redacted for others. Each replaces the redacted entry it became
 * (keyed by its seq when anonymous, by the voter otherwise), in place, so the
 * state equals the viewer's own fold of the log. Mutates and returns `s`.
 */
export function withOwnBallots(s: MeetingState, casts: readonly MeetingEvent[]): MeetingState {
  for (const e of casts) {
    if (e.type !== 'vote.cast' || e.seq > s.lastSeq) continue
    const p = e.payload
    const v = findVote(s, p.voteSeq)
    if (!v || !p.voter) continue
    const redactedKey = v.anonymous ? `seq:${e.seq}` : p.voter
    const own = { ballot: p.ballot ?? null, inRoom: e.inRoom || !!p.room, name: p.name ?? null }
    v.ballots = Object.fromEntries(Object.entries(v.ballots).map(([key, b]) => (key === redactedKey ? [p.voter!, own] : [key, b])))
  }
  return s
}
