// What the public sees of a live meeting: the same events as the people in it,
// but under masked names and pseudonyms instead of account ids, as in the
// published minutes.
import { scrubPublicText } from '#db/queries/outcomes-report'
import { maskName } from '#db/queries/pii'
import { roomKey, userKey, type MeetingState } from '#meetings/types'
import type { MeetingEventPayload, MeetingPresencePayload } from './events'

const ID_FIELDS = new Set(['actorId', 'userId', 'by'])
const NAME_FIELDS = new Set(['name', 'inRoomName'])
const KEY_FIELDS = new Set(['key', 'voter'])
/** Free text people type in the room: it may name the people there or give a phone number. */
const TEXT_FIELDS = new Set(['text', 'title', 'question', 'options', 'reason'])

export type Pseudonyms = { id(userId: number): number; tag(name: string): string; text(said: string): string }

/**
 * People are numbered in the order they came into the meeting (its attendance,
 * folded from the log): -1, -2, … Every process derives the same numbers from
 * the same log, observers can follow who speaks, and nothing links a number
 * to an account. Anyone not in the attendance is 0.
 */
export function meetingPseudonyms(s: Pick<MeetingState, 'attendance'> & Partial<Pick<MeetingState, 'lastSeq'>>): Pseudonyms {
  // A folded state whose lastSeq has not moved has the same attendance: no need to compare it entry by entry.
  const atSeq = s.lastSeq != null ? pseudonymsBySeq.get(s.attendance) : undefined
  if (atSeq && atSeq.lastSeq === s.lastSeq) return atSeq.pseudonyms
  const pseudonyms = pseudonymsOfAttendance(s)
  if (s.lastSeq != null) pseudonymsBySeq.set(s.attendance, { lastSeq: s.lastSeq, pseudonyms })
  return pseudonyms
}
const pseudonymsBySeq = new WeakMap<object, { lastSeq: number; pseudonyms: Pseudonyms }>()

function pseudonymsOfAttendance(s: Pick<MeetingState, 'attendance'>): Pseudonyms {
  // Every event broadcast to observers needs these; they change only when the attendance does.
  const entries = Object.values(s.attendance)
  const cached = pseudonymsByAttendance.get(s.attendance)
  if (cached && cached.entries.length === entries.length && cached.entries.every((entry, i) => entry === entries[i])) return cached.pseudonyms
  const pseudonyms = buildPseudonyms(s)
  pseudonymsByAttendance.set(s.attendance, { entries, pseudonyms })
  return pseudonyms
}
const MASKED_TEXTS_KEPT = 20_000
// The fold replaces an attendance entry whenever it changes, so comparing entries by identity tells whether the cache still holds.
const pseudonymsByAttendance = new WeakMap<object, { entries: unknown[]; pseudonyms: Pseudonyms }>()

function buildPseudonyms(s: Pick<MeetingState, 'attendance'>): Pseudonyms {
  const order = new Map(Object.keys(s.attendance).map((key, i) => [key, i + 1]))
  // Longest first, so that a full name is masked before a shorter name inside it.
  const names = [...new Set(Object.values(s.attendance).map(a => a.name.trim()))].filter(n => [...n].length >= 2).sort((a, b) => b.length - a.length)
  const masks = names.map(name => [name, maskName(name)!] as const)
  const maskedTexts = new Map<string, string>()
  return {
    id: userId => {
      const n = order.get(userKey(userId))
      return n ? -n : 0
    },
    tag: name => `#${order.get(roomKey(name)) ?? 0}`,
    text: said => {
      // Observers joining a long meeting are sent its whole log: each text is masked once, not once per observer.
      const hit = maskedTexts.get(said)
      if (hit !== undefined) return hit
      const masked = scrubPublicText(masks.reduce((out, [name, mask]) => (out.includes(name) ? out.split(name).join(mask) : out), said))
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

function maskValue(key: string, value: unknown, p: Pseudonyms): unknown {
  if (ID_FIELDS.has(key) && typeof value === 'number') return p.id(value)
  if (NAME_FIELDS.has(key) && typeof value === 'string') return maskName(value) ?? ''
  if (KEY_FIELDS.has(key) && typeof value === 'string') return maskKey(value, p)
  if (TEXT_FIELDS.has(key) && typeof value === 'string') return p.text(value)
  if (TEXT_FIELDS.has(key) && Array.isArray(value)) return value.map(v => (typeof v === 'string' ? p.text(v) : maskValue('', v, p)))
  if (Array.isArray(value)) return value.map(v => maskValue('', v, p))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(k, v, p)]))
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
    online: presence.online.map(o => ({ ...o, userId: p.id(o.userId), name: maskName(o.name) ?? '' })),
    offline: presence.offline.map(id => p.id(id)),
  }
}
