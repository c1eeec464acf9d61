// What someone joining a long meeting receives instead of its whole log: the
// meeting folded as their audience sees it, serialised once and shared by every
// joiner of that audience, plus the few events logged after it.
import type { Db } from '#db/client'
import { readMeetingLog } from '#db/queries/meetings'
import type { MeetingEvent } from '#meetings/commands'
import { changesEarlierRedaction, foldForAudience, toSnapshot, type Audience } from '#meetings/snapshot'
import { initialMeetingState } from '#meetings/state'
import type { MeetingState } from '#meetings/types'
import { NO_ONE_INVITED, invitedNames, type InvitedNames } from './invited-names'
import { eventPerson, maskEventForObservers, maskLoggedEventForObservers, meetingPseudonyms } from './observer-view'

/**
 * A join that is this many events or fewer behind gets the events themselves
 * (a phone back from a short drop); further behind, it gets a snapshot. A
 * snapshot is extended (not rebuilt) once this many events have followed it.
 */
export const SNAPSHOT_AFTER_EVENTS = 100

type View = {
  state: MeetingState
  /** The snapshot as sent: UTF-8 JSON, encoded once for every joiner of the audience. */
  bytes: Buffer
  /** Voter key → their own ballots this view redacted (given back to that voter only). */
  redactedCasts: Map<string, MeetingEvent[]>
  /** The logged events folded so far, as text: a later attendee whose name or id occurs here changes the observers' masking of them. */
  corpus: string
  /** Seq up to which the arrivals after this view were found not to occur in its corpus (each is looked for once, not at every join). */
  arrivalsCheckedTo: number
  /** The invited names observers' texts were masked with: when they change, the view is built again. */
  invited: InvitedNames
}
type Cached = { log: MeetingEvent[]; views: Partial<Record<Audience, View>> }
const cacheByDb = new WeakMap<object, Map<number, Cached>>()

/** Meetings whose log and snapshots are kept; the least recently joined goes first (a later join reads its log again). */
export const MEETINGS_KEPT = 16

function cachedFor(db: Db, meetingId: number): Cached {
  let byMeeting = cacheByDb.get(db.$client)
  if (!byMeeting) cacheByDb.set(db.$client, (byMeeting = new Map()))
  const c = byMeeting.get(meetingId) ?? { log: [], views: {} }
  // Re-inserted, so the Map's order is the order of use.
  byMeeting.delete(meetingId)
  byMeeting.set(meetingId, c)
  if (byMeeting.size > MEETINGS_KEPT) byMeeting.delete(byMeeting.keys().next().value!)
  return c
}

/** The log up to `lastSeq`, kept in memory and extended from the database by what was appended since. */
function logUpTo(c: Cached, db: Db, meetingId: number, lastSeq: number): MeetingEvent[] {
  const known = c.log.at(-1)?.seq ?? 0
  if (known < lastSeq) c.log.push(...readMeetingLog(db, meetingId, known))
  // Events another process appended after `lastSeq` wait: they are redacted against a state that has folded them.
  let end = c.log.length
  while (end > 0 && c.log[end - 1]!.seq > lastSeq) end--
  return end === c.log.length ? c.log : c.log.slice(0, end)
}

function eventsAfter(log: MeetingEvent[], seq: number): MeetingEvent[] {
  let lo = 0
  let hi = log.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (log[mid]!.seq <= seq) lo = mid + 1
    else hi = mid
  }
  return log.slice(lo)
}

function maskFor(s: MeetingState, audience: Audience, invited: InvitedNames) {
  if (audience !== 'observer') return undefined
  const p = meetingPseudonyms(s, invited)
  return (redacted: MeetingEvent, logged: MeetingEvent) => (redacted === logged ? maskLoggedEventForObservers(logged, p) : maskEventForObservers(redacted, p))
}

/** Fold `events` into the view (a new one when `view` is null) and encode it again. */
function extend(view: View | null, events: readonly MeetingEvent[], s: MeetingState, audience: Audience, invited: InvitedNames): View {
  const mask = maskFor(s, audience, invited)
  const redactedCasts = view?.redactedCasts ?? new Map<string, MeetingEvent[]>()
  let corpus = view?.corpus ?? ''
  const state = foldForAudience(
    events,
    s,
    audience,
    (redacted, logged) => {
      if (redacted !== logged && logged.type === 'vote.cast' && logged.payload.voter) {
        const own = redactedCasts.get(logged.payload.voter) ?? []
        own.push(logged)
        redactedCasts.set(logged.payload.voter, own)
      }
      if (audience === 'observer') corpus += JSON.stringify(logged)
      return mask ? mask(redacted, logged) : redacted
    },
    view?.state ?? initialMeetingState(),
  )
  return { state, bytes: Buffer.from(JSON.stringify(toSnapshot(state))), redactedCasts, corpus, arrivalsCheckedTo: state.lastSeq, invited }
}

/**
 * Observers see names and account ids masked with the pseudonyms of everyone
 * the log has named so far. A newcomer (someone an event names for the first
 * time) whose name (or id) already occurs in what the view folded would be
 * masked differently in a fresh replay: rebuild then.
 * Each arrival is looked for once per view: thousands of watchers joining one
 * after another must not search the whole meeting again for the same names.
 */
function newcomerAlreadyMentioned(view: View, tail: readonly MeetingEvent[], s: MeetingState): boolean {
  for (const e of tail) {
    if (e.seq <= view.arrivalsCheckedTo) continue
    const key = eventPerson(e)
    if (key == null || s.seen?.[key] !== e.seq) continue
    const payload = e.payload as { name?: string }
    const name = (payload.name ?? (key.startsWith('r:') ? key.slice(2) : '')).trim()
    if ([...name].length >= 2 && view.corpus.includes(name)) return true
    const id = key.startsWith('u:') ? Number(key.slice(2)) : null
    if (id != null && [`"userId":${id}`, `"actorId":${id}`, `"by":${id}`].some(mention => mentionsNumber(view.corpus, mention))) return true
    if (id != null && view.corpus.includes(`u:${id}"`)) return true
  }
  if (tail.length) view.arrivalsCheckedTo = Math.max(view.arrivalsCheckedTo, tail.at(-1)!.seq)
  return false
}

/** Whether `text` holds `prefix` (ending in a number) as a whole number: `"userId":12` is not in `"userId":120`. */
function mentionsNumber(text: string, prefix: string): boolean {
  for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
    const next = text.charCodeAt(at + prefix.length)
    if (!(next >= 48 && next <= 57)) return true
  }
  return false
}

export type JoinSnapshot = {
  bytes: Buffer
  /** Seq of the last event the snapshot folds. */
  atSeq: number
  /** Logged events after the snapshot, up to the state's lastSeq (not yet redacted for the viewer). */
  tail: MeetingEvent[]
  /** The viewer's own ballots the snapshot redacted. */
  ownBallots: (voterKey: string) => MeetingEvent[]
}

/**
 * The snapshot of a meeting for one audience, at most SNAPSHOT_AFTER_EVENTS
 * events behind `s` (the current state), computed once and shared: thousands
 * joining in a minute cost a few folds and encodings, not one per joiner.
 */
export function meetingSnapshot(db: Db, meetingId: number, s: MeetingState, audience: Audience): JoinSnapshot {
  const c = cachedFor(db, meetingId)
  const log = logUpTo(c, db, meetingId, s.lastSeq)
  let view = c.views[audience]
  if (view && view.state.lastSeq > s.lastSeq) view = undefined
  const invited = audience === 'observer' ? invitedNames(db, meetingId) : NO_ONE_INVITED
  if (view && view.invited !== invited) view = undefined
  let tail = view ? eventsAfter(log, view.state.lastSeq) : log
  if (!view || changesEarlierRedaction(tail, audience) || (audience === 'observer' && newcomerAlreadyMentioned(view, tail, s))) {
    view = c.views[audience] = extend(null, log, s, audience, invited)
    tail = []
  } else if (tail.length > SNAPSHOT_AFTER_EVENTS) {
    view = c.views[audience] = extend(view, tail, s, audience, invited)
    tail = []
  }
  const redactedCasts = view.redactedCasts
  const atSeq = view.state.lastSeq
  return { bytes: view.bytes, atSeq, tail, ownBallots: key => (redactedCasts.get(key) ?? []).filter(e => e.seq <= atSeq) }
}

/** Forget the snapshots and the log kept in memory (tests that simulate a server restart). */
export function forgetMeetingSnapshots(db: Db) {
  cacheByDb.delete(db.$client)
}
