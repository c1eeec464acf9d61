// Who the public sees in a meeting: nobody by name. Residents are numbered in
// the order the meeting's log first names them (议事员 1, 议事员 2…), so the same
// person has the same number on the live observer page and in the published
// minutes; staff are named by their meeting role. The names are written in
// Chinese, as the log and the minutes are; a page shows them in its reader's
// language (readPublicName gives back who a name stands for). Pure.
import type { MeetingState, ParticipantRole } from './types'

export type StaffRole = Exclude<ParticipantRole, 'deliberator'>
/** A person as the public knows them: a numbered resident (null: one the log never named), or a role. */
export type PublicPerson = { role: 'deliberator'; n: number | null } | { role: StaffRole }

const RESIDENT = '议事员'
/** The meeting roles shown as themselves, in the words of the zh catalog's `meeting.role.*`. */
export const STAFF_ROLE_NAMES: Record<StaffRole, string> = { facilitator: '促动师', recorder: '现场记录员', supervisor: '监察联络员', observer: '观察员' }
/** Every meeting role as the zh catalog's `meeting.role.*` writes it: how the Chinese minutes draft says whom it lists (周老师（促动师，线上）). */
export const ROLE_NAMES: Record<ParticipantRole, string> = { ...STAFF_ROLE_NAMES, deliberator: '议事代表' }
const NUMBERED = new RegExp(`^${RESIDENT} (\\d+)$`)

export function publicName(p: PublicPerson): string {
  if (p.role !== 'deliberator') return STAFF_ROLE_NAMES[p.role]
  return p.n == null ? RESIDENT : `${RESIDENT} ${p.n}`
}

/** Who a name on a public view stands for, when it is one of publicName's; null for any other name. */
export function readPublicName(name: string): PublicPerson | null {
  if (name === RESIDENT) return { role: 'deliberator', n: null }
  const m = NUMBERED.exec(name)
  if (m) return { role: 'deliberator', n: Number(m[1]) }
  const role = (Object.keys(STAFF_ROLE_NAMES) as StaffRole[]).find(r => STAFF_ROLE_NAMES[r] === name)
  return role ? { role } : null
}

type Seen = Pick<MeetingState, 'attendance'> & Partial<Pick<MeetingState, 'seen'>>

/**
 * Everyone the meeting has seen, by key, in the order the log first named
 * them, as the public knows them: a meeting role other than deliberator (from
 * the attendance, else from `roles`, the accounts' roles in the meeting) is
 * shown as the role; everyone else is the next 议事员.
 */
export function publicPeople(s: Seen, roles?: ReadonlyMap<number, ParticipantRole>): Map<string, PublicPerson> {
  const keys = [...Object.keys(s.seen ?? {}), ...Object.keys(s.attendance).filter(k => !(k in (s.seen ?? {})))]
  const people = new Map<string, PublicPerson>()
  let n = 0
  for (const key of keys) {
    const userId = key.startsWith('u:') ? Number(key.slice(2)) : null
    const role = s.attendance[key]?.role ?? (userId != null ? roles?.get(userId) : undefined)
    people.set(key, role && role !== 'deliberator' ? { role } : { role: 'deliberator', n: ++n })
  }
  return people
}

/** The names each person went by in the meeting (attendance, hands, the floor, statements, ballots), by key. */
export function namesInMeeting(s: Seen & Partial<Pick<MeetingState, 'statements' | 'queue' | 'floor' | 'spoken' | 'votes'>>): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>()
  const add = (key: string | null | undefined, name: string | null | undefined) => {
    const n = name?.trim()
    if (!key || !n) return
    let set = names.get(key)
    if (!set) names.set(key, (set = new Set()))
    set.add(n)
  }
  for (const a of Object.values(s.attendance)) add(a.key, a.name)
  for (const x of [...(s.statements ?? []), ...(s.queue ?? []), ...Object.values(s.spoken ?? {}), ...(s.floor ? [s.floor] : [])]) add(x.key, x.name)
  for (const v of s.votes ?? []) for (const [key, b] of Object.entries(v.ballots)) if (!key.startsWith('seq:')) add(key, b.name)
  // Someone in the room is known by the name their key holds.
  for (const key of Object.keys(s.seen ?? {})) if (key.startsWith('r:')) add(key, key.slice(2))
  return names
}

/**
 * Each name to what it is replaced by, from people (key → replacement) and
 * the names they went by; a name two people shared stands for the first.
 */
export function replacementsByName(names: ReadonlyMap<string, Iterable<string>>, replacement: (key: string) => string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, set] of names) {
    const r = replacement(key)
    if (r === undefined) continue
    for (const name of set) if ([...name].length >= 2 && !out.has(name)) out.set(name, r)
  }
  return out
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Replaces every name in a text at once (longest first, so a full name goes before a shorter name inside it; a replacement is not searched again). */
export function nameReplacer(byName: ReadonlyMap<string, string>): (text: string) => string {
  if (!byName.size) return text => text
  const re = new RegExp(
    [...byName.keys()]
      .sort((a, b) => b.length - a.length)
      .map(escapeRe)
      .join('|'),
    'g',
  )
  return text => text.replace(re, m => byName.get(m) ?? m)
}

/**
 * As nameReplacer, for a text written about the meeting (its minutes): the
 * names put in already say each person's role (议事员 1, 促动师), so a role the
 * text gives in brackets right after a name goes: 周老师（促动师，线上）→
 * 促动师（线上）, not 促动师（促动师，线上）; 周老师（促动师）→ 促动师.
 */
export function publicNameReplacer(byName: ReadonlyMap<string, string>): (text: string) => string {
  if (!byName.size) return text => text
  const names = [...byName.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|')
  const roles = Object.values(ROLE_NAMES).map(escapeRe).join('|')
  // The role alone in brackets goes with them; before more (线上) the brackets stay.
  const re = new RegExp(`(${names})(?:([（(])\\s*(?:${roles})\\s*(?:([，,])\\s*|[)）]))?`, 'g')
  return text =>
    text.replace(re, (_m, name: string, bracket: string | undefined, more: string | undefined) => (byName.get(name) ?? name) + (more ? bracket! : ''))
}
