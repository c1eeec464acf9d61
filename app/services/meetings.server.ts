// Meeting pages' server helpers: access rules, QR codes, the minutes draft in the reader's language.
import { publicLabel } from '#app/components/meeting/public-name'
import { LOCALES, makeT, type Locale } from '#app/i18n/index'
import { getUser, requireUser, scopeUnitIds, userHasRole, type SessionUser } from '#app/utils/auth.server'
import { formatClock, formatDateTime } from '#app/utils/dates'
import { ORGANISER_ROLES } from '#app/utils/permissions'
import { localPlaceholders } from '#app/utils/placeholders'
import { getPrefs } from '#app/utils/prefs.server'
import { getDb, type DbOrTx } from '#db/client'
import { listDecisions } from '#db/queries/decisions'
import {
  getMeeting,
  getMeetingState,
  getMinutes,
  getParticipantRole,
  listFacilitatorCandidates,
  listMeetingParticipants,
  listSchedulableTopics,
  meetingPublicNames,
  type MeetingDetail,
} from '#db/queries/meetings'
import { panelReplies } from '#db/queries/panels'
import { buildMinutesMarkdown, type MinutesMeeting, type MinutesParticipant, type MinutesText } from '#meetings/minutes'
import type { PublicPerson } from '#meetings/pseudonyms'
import type { MeetingState, ParticipantRole } from '#meetings/types'

/** Approved topics in the organiser's area, on which they may schedule a meeting. */
export function schedulableTopics(db: DbOrTx, organiser: SessionUser) {
  return listSchedulableTopics(db, scopeUnitIds(organiser, ORGANISER_ROLES))
}

/**
 * Who may run a meeting on topics in these units: facilitators whose area
 * covers them, and the organiser themself.
 */
export function facilitatorChoices(db: DbOrTx, organiser: SessionUser, unitIds: number[]) {
  const people = listFacilitatorCandidates(db, unitIds).map(p => ({ ...p, self: p.userId === organiser.id }))
  if (!people.some(p => p.self)) people.unshift({ userId: organiser.id, displayName: organiser.displayName, username: organiser.username, unitIds, self: true })
  return people
}

export function meetingIdParam(raw: string | undefined) {
  const id = Number(raw)
  if (!Number.isInteger(id) || id <= 0) throw new Response('Not found', { status: 404 })
  return id
}

export function loadMeeting(id: number): MeetingDetail {
  const meeting = getMeeting(getDb(), id)
  if (!meeting) throw new Response('Not found', { status: 404 })
  return meeting
}

export type MeetingAccess = { user: SessionUser | null; meeting: MeetingDetail; role: ParticipantRole | null; staff: boolean }

/** Who the visitor is for this meeting: participant role, and whether they are staff in its area. */
export function meetingAccess(request: Request, id: number, { requireLogin = true } = {}): MeetingAccess {
  const meeting = loadMeeting(id)
  return accessOf(requireLogin ? requireUser(request) : getUser(request), meeting)
}

function accessOf(user: SessionUser | null, meeting: MeetingDetail): MeetingAccess {
  const role = user ? getParticipantRole(getDb(), meeting.id, user.id) : null
  const staff = !!user && userHasRole(user, ORGANISER_ROLES, meeting.unitId)
  return { user, meeting, role, staff }
}

/** The facilitator of this meeting (or an admin), else 403. */
export function requireFacilitator(request: Request, id: number) {
  const access = meetingAccess(request, id)
  const admin = access.user!.grants.some(g => g.role === 'admin')
  if (access.role !== 'facilitator' && !admin) throw new Response('Forbidden', { status: 403 })
  return access as MeetingAccess & { user: SessionUser }
}

export const origin = (request: Request) => new URL(request.url).origin

export function participantsView(meetingId: number) {
  return listMeetingParticipants(getDb(), meetingId).map(p => ({ userId: p.userId, role: p.role, name: p.displayName }))
}

/** How the invitations of the panel drawn for the meeting stand (counts only), or null when none was drawn. */
export function panelRepliesView(meeting: Pick<MeetingDetail, 'panelId'>) {
  return meeting.panelId ? panelReplies(getDb(), meeting.panelId) : null
}

/** Times in the minutes are China (Asia/Shanghai) wall-clock times, written as everywhere else. */
export function formatTime(iso: string | Date, withDate = false, locale: Locale = 'zh') {
  return withDate ? formatDateTime(iso, locale) : formatClock(iso)
}

/**
 * The minutes draft from the meeting log, in the reader's language (see
 * meetings/minutes.ts); `name`, when given, names each person (the public
 * copy's pseudonyms).
 */
export function draftMinutes(meeting: MinutesMeeting, participants: MinutesParticipant[], s: MeetingState, locale: Locale = 'zh', name?: MinutesText['name']) {
  return buildMinutesMarkdown(meeting, participants, s, { t: makeT(locale), time: (at, withDate = false) => formatTime(at, withDate, locale), name })
}

/** Text compared as a form sends it back: browsers submit a textarea's lines with CRLF, and the form trims it. */
const asSubmitted = (text: string) => text.replace(/\r\n/g, '\n').trim()

/**
 * A saved draft as the reader sees it. One that is word for word a draft
 * generated from the log, in either language (regenerated, or saved without
 * an edit), is generated text: it is shown generated in the reader's language.
 * One the facilitator edited is theirs, as written.
 */
export function minutesDraftFor(saved: string, meeting: MinutesMeeting, participants: MinutesParticipant[], s: MeetingState, locale: Locale) {
  return isGeneratedMinutes(saved, meeting, participants, s) ? draftMinutes(meeting, participants, s, locale) : saved
}

/** Whether minutes are word for word a draft generated from the log, in either language. */
function isGeneratedMinutes(saved: string, meeting: MinutesMeeting, participants: MinutesParticipant[], s: MeetingState) {
  return LOCALES.some(l => asSubmitted(draftMinutes(meeting, participants, s, l)) === asSubmitted(saved))
}

/** What the live views need about a meeting (dates as ISO strings). */
export function meetingView(m: MeetingDetail) {
  return {
    id: m.id,
    title: m.title,
    topicTitle: m.topicTitle,
    mode: m.mode,
    startsAt: m.startsAt.toISOString(),
    place: m.place,
    link: m.link,
    isPublic: m.isPublic,
    speakerSeconds: m.speakerSeconds,
    status: m.status,
    agenda: m.agenda,
  }
}

const isAdmin = (a: MeetingAccess) => !!a.user?.grants.some(g => g.role === 'admin')
export const canEditMinutes = (a: MeetingAccess) => a.role === 'facilitator' || isAdmin(a)

function minutesReaders(access: MeetingAccess, row: ReturnType<typeof getMinutes>) {
  const insider = access.role != null || access.staff || isAdmin(access)
  const readable = canEditMinutes(access) || (row?.status === 'published' && (access.meeting.isPublic || insider)) || (row?.status === 'approved' && insider)
  return { insider, readable }
}

/** Why a page links a meeting: to follow or join it ('room'), or to read what it decided ('record'). */
export type MeetingLinkPurpose = 'room' | 'record'
export type MeetingLink = { page: 'room' | 'console' | 'observe' | 'minutes'; href: string }

/**
 * The page of a meeting a link leads this visitor to, never one that would
 * refuse them or send them elsewhere: for 'room', a participant's room (the
 * console for its facilitator) and, for anyone else, what the room itself
 * would redirect them to, the public view of an open meeting; failing that
 * (and first, for 'record') the minutes when that page opens for them (see
 * minutesAccess); else nowhere.
 */
export function meetingLink(access: MeetingAccess, purpose: MeetingLinkPurpose, row = getMinutes(getDb(), access.meeting.id)): MeetingLink | null {
  const { id, isPublic } = access.meeting
  const to = (page: MeetingLink['page'], suffix = '') => ({ page, href: `/meetings/${id}${suffix}` })
  if (purpose === 'room' && access.role) return access.role === 'facilitator' ? to('console', '/console') : to('room')
  if (purpose === 'room' && isPublic) return to('observe', '/observe')
  const { insider, readable } = minutesReaders(access, row)
  if (insider || readable) return to('minutes', '/minutes')
  return isPublic ? to('observe', '/observe') : null
}

/** meetingLink for the logged-in visitor, for each of several meetings (one session lookup). */
export function meetingLinksFor(request: Request, purpose: MeetingLinkPurpose) {
  const user = requireUser(request)
  return (id: number) => meetingLink(accessOf(user, loadMeeting(id)), purpose)?.href ?? null
}

/** Where a page about what a meeting decided links it for this logged-in visitor (see meetingLink). */
export function meetingLinkFor(request: Request, id: number): string | null {
  return meetingLinksFor(request, 'record')(id)
}

/**
 * Who reads which minutes: the facilitator always (and edits them);
 * participants and staff of the area once approved; everyone once published
 * for an open meeting.
 */
export function minutesAccess(request: Request, id: number) {
  const access = meetingAccess(request, id, { requireLogin: false })
  const row = getMinutes(getDb(), id)
  const { insider, readable } = minutesReaders(access, row)
  if (!readable) {
    if (!access.user) requireUser(request)
    if (!insider) throw new Response('Forbidden', { status: 403 })
  }
  // Outsiders (the public reading published minutes of an open meeting) get
  // the pseudonyms of the live meeting's public view and personal data
  // replaced by placeholders, both in their language. Minutes the facilitator
  // published as generated are generated again in the reader's language,
  // naming everyone by pseudonym; edited ones are theirs, as written.
  const { locale } = getPrefs(request)
  const t = makeT(locale)
  const publicCopy = (markdown: string) => {
    if (insider || canEditMinutes(access)) return markdown
    const db = getDb()
    const names = meetingPublicNames(db, id, access.meeting.topicId)
    const label = (p: PublicPerson) => publicLabel(t, p)
    const participants = participantsView(id)
    const s = getMeetingState(db, id)
    const text = isGeneratedMinutes(markdown, access.meeting, participants, s)
      ? draftMinutes(access.meeting, participants, s, locale, p => {
          const person = p.key != null ? names.person(p.key) : undefined
          return person ? label(person) : p.name
        })
      : markdown
    return localPlaceholders(names.text(text, label), locale)
  }
  return { access, row, readable, publicCopy }
}

/** The decisions recorded from a meeting, oldest first. */
export function meetingDecisions(db: DbOrTx, meetingId: number) {
  return listDecisions(db, null)
    .filter(d => d.meetingId === meetingId)
    .map(d => ({ id: d.id, title: d.title }))
    .reverse()
}
