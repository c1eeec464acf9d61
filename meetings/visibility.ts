// What each viewer may see of a meeting, and who has (not) been heard.
import type { MeetingEvent, MeetingEventPayloads } from './commands'
import { findVote } from './state'
import { userKey, type MeetingState, type Person, type RosterEntry } from './types'

/**
 * Strip what a viewer must not see from an event: voters of anonymous votes,
 * ballots of votes whose results stay hidden until closed (the results arrive
 * with the close event), and the text of statements the facilitator has hidden
 * (kept in the log and shown to the facilitator, not replayed to others).
 * The viewer's own ballots stay visible to them.
 */
export function redactEvent(e: MeetingEvent, s: MeetingState, viewerId: number | null = null, { moderator = false } = {}): MeetingEvent {
  if (e.type === 'statement.post') {
    if (moderator || !s.statementBySeq[e.seq]?.hidden) return e
    return { ...e, payload: { ...e.payload, text: '' } }
  }
  if (e.type !== 'vote.cast') return e
  const p = e.payload
  const v = findVote(s, p.voteSeq)
  if (!v || (!v.anonymous && !v.hideResults)) return e
  if (viewerId != null && p.voter === userKey(viewerId)) return e
  const payload: MeetingEventPayloads['vote.cast'] = {
    voteSeq: p.voteSeq,
    ...(v.anonymous ? {} : { voter: p.voter, name: p.name }),
    ...(v.hideResults ? {} : { ballot: p.ballot }),
    // Where a ballot was cast is counted live by everyone, whoever cast it.
    ...(p.room ? { room: p.room } : {}),
  }
  return { ...e, actorId: v.anonymous ? null : e.actorId, payload }
}

/** Whether someone has spoken: had the floor, has it now, or posted a statement. */
export function hasSpoken(s: MeetingState, key: string): boolean {
  return !!s.spoken[key] || s.floor?.key === key || s.statements.some(st => st.key === key)
}

/**
 * The balance view: people who have not spoken yet. `people` are the
 * deliberators with accounts; people in the room without one (checked in by
 * the recorder) are added from the log.
 */
export function notYetSpoken(s: MeetingState, people: Person[]): Person[] {
  const seen = new Set<string>()
  const out: Person[] = []
  for (const p of [...people, ...Object.values(s.attendance).filter(a => a.userId == null)]) {
    if (seen.has(p.key)) continue
    seen.add(p.key)
    if (!hasSpoken(s, p.key) && !(p.userId != null && s.removed[p.userId])) out.push(p)
  }
  return out
}

/**
 * Everyone with an account who takes part, kept current while the meeting
 * runs: the participants known when the page loaded, then whoever joined
 * since (from the log's attendance events), then whoever is connected now
 * (from presence). Observers who are only watching are counted, not listed.
 */
export function liveRoster(s: MeetingState, known: readonly RosterEntry[], online: ReadonlyMap<number, { role: string; name: string }>): RosterEntry[] {
  const roster = [...known]
  const listed = new Set(known.map(p => p.userId))
  for (const a of Object.values(s.attendance)) {
    if (a.userId == null || listed.has(a.userId)) continue
    listed.add(a.userId)
    roster.push({ userId: a.userId, role: online.get(a.userId)?.role ?? a.role ?? 'deliberator', name: a.name })
  }
  for (const [userId, o] of online) {
    if (listed.has(userId) || o.role === 'observer') continue
    listed.add(userId)
    roster.push({ userId, role: o.role, name: o.name })
  }
  return roster
}
