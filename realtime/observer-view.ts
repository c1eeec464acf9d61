// What the public sees of a live meeting: the same events as the people in it,
// but under masked names and stable pseudonyms instead of account ids, as in
// the published minutes.
import crypto from 'node:crypto'
import { maskName } from '#db/queries/pii'
import type { MeetingEventPayload, MeetingPresencePayload } from './events'

const ID_FIELDS = new Set(['actorId', 'userId', 'by'])
const NAME_FIELDS = new Set(['name', 'inRoomName'])
const KEY_FIELDS = new Set(['key', 'voter'])

export type Pseudonyms = { id(userId: number): number; tag(text: string): string }

/** Stable per meeting and unguessable without the secret, so observers can follow who speaks without learning who it is. */
export function meetingPseudonyms(secret: string | Buffer, meetingId: number): Pseudonyms {
  const mac = (s: string) => crypto.createHmac('sha256', secret).update(`${meetingId}\u0001${s}`).digest()
  return {
    id: userId => mac(`u${userId}`).readUIntBE(0, 6),
    tag: text => mac(`r${text}`).toString('base64url').slice(0, 12),
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
  if (Array.isArray(value)) return value.map(v => maskValue('', v, p))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(k, v, p)]))
  return value
}

/** A meeting event as observers receive it. */
export function maskEventForObservers(e: MeetingEventPayload, p: Pseudonyms): MeetingEventPayload {
  return maskValue('', e, p) as MeetingEventPayload
}

/** Presence as observers receive it: who is online, under pseudonyms. */
export function maskPresenceForObservers(presence: MeetingPresencePayload, p: Pseudonyms): MeetingPresencePayload {
  return {
    ...presence,
    online: presence.online.map(o => ({ ...o, userId: p.id(o.userId), name: maskName(o.name) ?? '' })),
    offline: presence.offline.map(id => p.id(id)),
  }
}
