// The names of the people invited to a meeting: its participants and the panel
// drawn for its topic. Observers read a statement that names one of them who
// has not come (yet) with the name masked, as the published minutes mask it
// (db/queries/meetings.ts meetingPublicNames): not numbered, since the log has
// not numbered them, but never by name.
import type { Db } from '#db/client'
import { getMeeting, listMeetingParticipants } from '#db/queries/meetings'
import { listPanelMembers, listTopicPanels } from '#db/queries/panels'
import type { PublicPerson } from '#meetings/pseudonyms'

/** Name → who it stands for, as the public knows them. */
export type InvitedNames = ReadonlyMap<string, PublicPerson>
export const NO_ONE_INVITED: InvitedNames = new Map()

/** Participants and panels change rarely: the names are read again after this long. */
const TTL_MS = 5_000
type Cached = { at: number; signature: string; names: InvitedNames }
const cacheByDb = new WeakMap<object, Map<number, Cached>>()

/** Some display names carry the role ("周老师（促动师）"): a statement may give the name without it. */
const withoutRole = (name: string) => name.replace(/[（(][^（()）]*[)）]\s*$/, '').trim()

function readInvitedNames(db: Db, meetingId: number): Map<string, PublicPerson> {
  const names = new Map<string, PublicPerson>()
  const add = (name: string | null | undefined, person: PublicPerson) => {
    for (const n of [name?.trim() ?? '', withoutRole(name ?? '')]) if ([...n].length >= 2 && !names.has(n)) names.set(n, person)
  }
  for (const p of listMeetingParticipants(db, meetingId)) add(p.displayName, p.role === 'deliberator' ? { role: 'deliberator', n: null } : { role: p.role })
  const meeting = getMeeting(db, meetingId)
  if (meeting)
    for (const panel of listTopicPanels(db, meeting.topicId)) for (const m of listPanelMembers(db, panel.id)) add(m.name, { role: 'deliberator', n: null })
  return names
}

/** The invited names of a meeting, the same object while they stay the same (observer masks are cached by it). */
export function invitedNames(db: Db, meetingId: number): InvitedNames {
  let byMeeting = cacheByDb.get(db.$client)
  if (!byMeeting) cacheByDb.set(db.$client, (byMeeting = new Map()))
  const hit = byMeeting.get(meetingId)
  const now = Date.now()
  if (hit && now - hit.at < TTL_MS) return hit.names
  const names = readInvitedNames(db, meetingId)
  const signature = JSON.stringify([...names])
  const kept = hit && hit.signature === signature ? hit.names : names
  byMeeting.set(meetingId, { at: now, signature, names: kept })
  return kept
}

/** Forget the names read (tests that change participants and look at once). */
export function forgetInvitedNames(db: Db) {
  cacheByDb.delete(db.$client)
}
