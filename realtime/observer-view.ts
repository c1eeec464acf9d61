// What the public sees of a live meeting: the same events as the people in it,
// but with pseudonyms instead of names and account ids: residents as 议事员 1,
// 2… in the order they first appear, staff by their role, as in the published
// minutes (meetings/pseudonyms.ts).
import { nameReplacer, namesInMeeting, publicName, publicPeople, replacementsByName } from '#meetings/pseudonyms'
import { publicMeetingText } from '#meetings/public-text'
import { roomKey, userKey, type MeetingState } from '#meetings/types'
import type { MeetingEventPayload, MeetingPresencePayload } from './events'
import { NO_ONE_INVITED, type InvitedNames } from './invited-names'

const ID_FIELDS = new Set(['actorId', 'userId', 'by'])
const NAME_FIELDS = new Set(['name', 'inRoomName'])
const KEY_FIELDS = new Set(['key', 'voter'])
/** Free text people type in the room: it may name the people there or give a phone number (see meetings/public-text.ts). */
const TEXT_FIELDS = new Set(['text', 'title', 'question', 'options', 'reason'])

export type Pseudonyms = {
  id(userId: number): number
  tag(name: string): string
  /** The public name of the person with `key` (or, without one, of whoever went by `name`). */
  name(key: string | null, name: string): string
  text(said: string): string
}

type Known = Pick<MeetingState, 'attendance'> & Partial<Pick<MeetingState, 'lastSeq' | 'seen' | 'statements' | 'queue' | 'floor' | 'spoken' | 'votes'>>

/**
 * People are numbered in the order the log first names them (its `seen`,
 * folded from the log): -1, -2, … Every process derives the same numbers from
 * the same log, observers can follow who speaks, and nothing links a number
 * to an account. Anyone the log has not named is 0. `invited` are the names of
 * the people invited to the meeting (realtime/invited-names.ts): one the log
 * has not named is masked in a text all the same, without a number.
 */
export function meetingPseudonyms(s: Known, invited: InvitedNames = NO_ONE_INVITED): Pseudonyms {
  // A folded state whose lastSeq has not moved has seen the same people: no need to compare them.
  const atSeq = s.lastSeq != null ? pseudonymsBySeq.get(s.attendance) : undefined
  if (atSeq && atSeq.lastSeq === s.lastSeq && atSeq.invited === invited) return atSeq.pseudonyms
  const pseudonyms = pseudonymsOfPeople(s, invited)
  if (s.lastSeq != null) pseudonymsBySeq.set(s.attendance, { lastSeq: s.lastSeq, invited, pseudonyms })
  return pseudonyms
}
const pseudonymsBySeq = new WeakMap<object, { lastSeq: number; invited: InvitedNames; pseudonyms: Pseudonyms }>()

function pseudonymsOfPeople(s: Known, invited: InvitedNames): Pseudonyms {
  // Every event broadcast to observers needs these; they change only when someone new is named or the attendance changes.
  const entries = Object.values(s.attendance)
  const seen = Object.keys(s.seen ?? {}).length
  const cached = pseudonymsByAttendance.get(s.attendance)
  if (
    cached &&
    cached.invited === invited &&
    cached.seen === seen &&
    cached.entries.length === entries.length &&
    cached.entries.every((entry, i) => entry === entries[i])
  )
    return cached.pseudonyms
  const pseudonyms = buildPseudonyms(s, invited)
  pseudonymsByAttendance.set(s.attendance, { entries, seen, invited, pseudonyms })
  return pseudonyms
}
const MASKED_TEXTS_KEPT = 20_000
// The fold replaces an attendance entry whenever it changes, so comparing entries by identity tells whether the cache still holds.
const pseudonymsByAttendance = new WeakMap<object, { entries: unknown[]; seen: number; invited: InvitedNames; pseudonyms: Pseudonyms }>()

function buildPseudonyms(s: Known, invited: InvitedNames): Pseudonyms {
  const people = publicPeople(s)
  const order = new Map([...people.keys()].map((key, i) => [key, i + 1]))
  // Someone the log names only by a secret ballot has no number: a name of theirs in a text still goes.
  const names = replacementsByName(namesInMeeting(s), key => publicName(people.get(key) ?? { role: 'deliberator', n: null }))
  // Those invited whom the log has not named (yet) go too, as a resident without a number (or their role).
  for (const [name, person] of invited) if (!names.has(name)) names.set(name, publicName(person))
  const replace = nameReplacer(names)
  const maskedTexts = new Map<string, string>()
  return {
    id: userId => {
      const n = order.get(userKey(userId))
      return n ? -n : 0
    },
    tag: name => `#${order.get(roomKey(name)) ?? 0}`,
    name: (key, name) => {
      const p = key != null ? people.get(key) : undefined
      return p ? publicName(p) : (names.get(name.trim()) ?? publicName({ role: 'deliberator', n: null }))
    },
    text: said => {
      // Observers joining a long meeting are sent its whole log: each text is masked once, not once per observer.
      const hit = maskedTexts.get(said)
      if (hit !== undefined) return hit
      const masked = publicMeetingText(replace(said))
      if (maskedTexts.size >= MASKED_TEXTS_KEPT) maskedTexts.clear()
      maskedTexts.set(said, masked)
      return masked
    },
  }
}

function maskKey(key: string, p: Pseudonyms) {
  if (key.startsWith('u:')) return `u:${p.id(Number(key.slice(2)))}`
  if (key.startsWith('r:')) return `r:${p.tag(key.slice(2))}`
  return key
}

/** Whom an event is about, as its log entry says (before masking): the key it stores, else the person acting. */
export function eventPerson(e: object): string | null {
  return personOf(e as Record<string, unknown>)
}

function personOf(e: Record<string, unknown>): string | null {
  const payload = (e.payload ?? {}) as Record<string, unknown>
  if (typeof payload.key === 'string') return payload.key
  if (typeof payload.voter === 'string') return payload.voter
  const name = typeof payload.name === 'string' ? payload.name : typeof payload.inRoomName === 'string' ? payload.inRoomName : null
  if (e.inRoom && name) return roomKey(name)
  return typeof e.actorId === 'number' ? userKey(e.actorId) : null
}

/** `who`: the person an object's names belong to when it does not say (an event's payload: the person the event is about). */
function maskValue(key: string, value: unknown, p: Pseudonyms, who: string | null = null): unknown {
  if (ID_FIELDS.has(key) && typeof value === 'number') return p.id(value)
  if (KEY_FIELDS.has(key) && typeof value === 'string') return maskKey(value, p)
  if (TEXT_FIELDS.has(key) && typeof value === 'string') return p.text(value)
  if (TEXT_FIELDS.has(key) && Array.isArray(value)) return value.map(v => (typeof v === 'string' ? p.text(v) : maskValue('', v, p)))
  if (Array.isArray(value)) return value.map(v => maskValue('', v, p))
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>
    const self = typeof o.key === 'string' ? o.key : typeof o.voter === 'string' ? o.voter : who
    return Object.fromEntries(
      Object.entries(o).map(([k, v]) => [
        k,
        NAME_FIELDS.has(k) && typeof v === 'string' ? p.name(self, v) : maskValue(k, v, p, k === 'payload' ? personOf(o) : null),
      ]),
    )
  }
  return value
}

/** A meeting event as observers receive it. */
export function maskEventForObservers(e: MeetingEventPayload, p: Pseudonyms): MeetingEventPayload {
  return maskValue('', e, p) as MeetingEventPayload
}

/**
 * An event as logged (nothing redacted from it) as observers receive it, kept
 * while the pseudonyms are the same: every observer joining a meeting is sent
 * its log, and a logged event does not change.
 */
export function maskLoggedEventForObservers(e: MeetingEventPayload, p: Pseudonyms): MeetingEventPayload {
  let bySeq = maskedLog.get(p)
  if (!bySeq) maskedLog.set(p, (bySeq = new Map()))
  const key = `${e.meetingId}:${e.seq}`
  let masked = bySeq.get(key)
  if (!masked) bySeq.set(key, (masked = maskEventForObservers(e, p)))
  return masked
}
const maskedLog = new WeakMap<Pseudonyms, Map<string, MeetingEventPayload>>()

/** Presence as observers receive it: who is online, under pseudonyms. */
export function maskPresenceForObservers(presence: MeetingPresencePayload, p: Pseudonyms): MeetingPresencePayload {
  return {
    ...presence,
    online: presence.online.map(o => ({ ...o, userId: p.id(o.userId), name: p.name(userKey(o.userId), o.name) })),
    offline: presence.offline.map(id => p.id(id)),
  }
}
