// Meeting pages' server helpers: access rules, QR codes, the minutes draft.
import { scrubMinutesNames, scrubPublicText } from '#db/queries/outcomes-report'
import type { Locale, TFunction } from '#app/i18n/index'
import { formatClock, formatDateTime } from '#app/utils/dates'
import { ORGANISER_ROLES } from '#app/utils/permissions'
import { getUser, requireUser, userHasRole, type SessionUser } from '#app/utils/auth.server'
import { getDb, getMeeting, getMinutes, getParticipantRole, listMeetingParticipants, type MeetingDetail } from '#app/utils/db.server'
import { CONSENT_CHOICES, consentPassed, hasSpoken, userKey, type MeetingState, type ParticipantRole } from '#realtime/meeting-state'

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
  const user = requireLogin ? requireUser(request) : getUser(request)
  const role = user ? getParticipantRole(getDb(), id, user.id) : null
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

/** Times in the minutes are China (Asia/Shanghai) wall-clock times, written as everywhere else. */
export function formatTime(iso: string | Date, withDate = false, locale: Locale = 'zh') {
  return withDate ? formatDateTime(iso, locale) : formatClock(iso)
}

/**
 * The minutes draft, built from the meeting log alone: attendance, agenda
 * (with actual start times), who spoke, statements, proposals, vote results
 * and decisions. The facilitator edits it before approving.
 */
export function buildMinutesMarkdown(
  meeting: Pick<MeetingDetail, 'title' | 'topicTitle' | 'startsAt' | 'place' | 'link' | 'mode' | 'agenda'>,
  participants: { userId: number; role: string; name: string }[],
  s: MeetingState,
  t: TFunction,
  locale: Locale = 'zh',
) {
  const lines: string[] = []
  const roleName = (r: string) => t(`meeting.role.${r}` as 'meeting.role.observer')
  const nameOf = (userId: number | null, fallback: string) => (userId != null ? (participants.find(p => p.userId === userId)?.name ?? fallback) : fallback)
  // Some display names already carry the role ("周老师（促动师）"); say it once.
  const withoutRole = (name: string, role: string) => {
    const suffix = [`（${role}）`, `(${role})`].find(x => name.endsWith(x))
    return (suffix && name.slice(0, -suffix.length).trim()) || name
  }
  const list = (items: string[]) => (items.length ? items.map(i => `- ${i}`) : [`- ${t('minutes.md.none')}`])

  lines.push(`# ${t('minutes.title')}：${meeting.title}`, '')
  lines.push(`- ${t('minutes.md.topic')}：${meeting.topicTitle}`)
  lines.push(`- ${t('minutes.md.time')}：${formatTime(s.startedAt ?? meeting.startsAt, true, locale)}${s.endedAt ? ` – ${formatTime(s.endedAt)}` : ''}`)
  if (meeting.place) lines.push(`- ${t('minutes.md.place')}：${meeting.place}`)
  lines.push(`- ${t('minutes.md.mode')}：${t(`meeting.mode.${meeting.mode}` as 'meeting.mode.online')}`, '')

  lines.push(`## ${t('minutes.md.attendance')}`, '')
  const attendees = Object.values(s.attendance).map(a => {
    const p = a.userId != null ? participants.find(x => x.userId === a.userId) : undefined
    return t('minutes.md.attendanceLine', { name: withoutRole(nameOf(a.userId, a.name), roleName(p?.role ?? a.role ?? 'deliberator')), role: roleName(p?.role ?? a.role ?? 'deliberator'), where: a.inRoom ? t('room.inRoomMark') : t('room.onlineMark') })
  })
  lines.push(...list(attendees), '')

  lines.push(`## ${t('minutes.md.agenda')}`, '')
  meeting.agenda.forEach((a, i) => {
    const started = s.itemLog.find(x => x.itemId === a.id)
    lines.push(`${i + 1}. ${t('minutes.md.agendaLine', { title: a.title, planned: a.plannedMinutes, actual: started ? t('minutes.md.actual', { at: formatTime(started.at) }) : '' })}`)
  })
  lines.push('')

  lines.push(`## ${t('minutes.md.speakers')}`, '')
  lines.push(...list(Object.values(s.spoken).map(sp => t('minutes.md.speakerLine', { name: nameOf(sp.userId, sp.name), turns: sp.turns, seconds: sp.seconds }))))
  const silent = participants.filter(p => p.role === 'deliberator' && s.attendance[userKey(p.userId)] && !hasSpoken(s, userKey(p.userId))).map(p => p.name)
  if (silent.length) lines.push('', t('minutes.md.notSpoken', { names: silent.join('、') }))
  lines.push('')

  lines.push(`## ${t('minutes.md.statements')}`, '')
  const stmts = s.statements.map(st =>
    st.hidden
      ? t('minutes.md.hiddenLine', { reason: st.hidden.reason })
      : `${nameOf(st.userId, st.name)}${st.inRoom ? `（${t('room.inRoomMark')}）` : ''}：${st.text.replace(/\s+/g, ' ')}${st.replyTo ? t('minutes.md.replyTo', { seq: st.replyTo }) : ''}`,
  )
  lines.push(...list(stmts), '')

  lines.push(`## ${t('minutes.md.proposals')}`, '')
  lines.push(...list(s.proposals.map(p => `**${p.title}**${p.text ? `：${p.text.replace(/\s+/g, ' ')}` : ''}`)), '')

  lines.push(`## ${t('minutes.md.votes')}`, '')
  const votes: string[] = []
  for (const v of s.votes.filter(v => v.results)) {
    const r = v.results!
    votes.push(
      t('minutes.md.voteLine', {
        question: v.question,
        kind: t(`room.kind.${v.kind}` as 'room.kind.single'),
        ballots: r.ballots,
        online: r.online,
        inRoom: r.inRoom,
        quorum: r.quorumMet ? '' : t('minutes.md.quorumNotMet', { quorum: r.quorum }),
      }),
    )
    const labels = v.kind === 'consent' ? CONSENT_CHOICES.map(c => t(`room.consent.${c}`)) : v.options
    for (const [i, label] of labels.entries()) votes.push(`  - ${label}：${r.perOption[i]}`)
    if (v.kind === 'consent') {
      votes.push(`  - ${consentPassed(r) ? t('room.consentPassed') : t('room.consentBlocked')}`)
      for (const o of r.objections ?? []) votes.push(`  - ${t('room.objections')}：${o.name ? `${o.name}：` : ''}${o.reason}`)
    }
  }
  lines.push(...(votes.length ? votes.map(v => (v.startsWith('  ') ? v : `- ${v}`)) : [`- ${t('minutes.md.none')}`]), '')

  lines.push(`## ${t('minutes.md.decisions')}`, '')
  const decided = s.proposals.filter(p => p.status !== 'draft')
  if (!decided.length) lines.push(t('minutes.md.noDecisions'))
  for (const p of decided) lines.push(`- ${t(p.status === 'adopted' ? 'minutes.md.adopted' : 'minutes.md.rejected', { title: p.title })}${p.voteSeq ? ` (#${p.voteSeq})` : ''}`)
  for (const p of s.proposals.filter(p => p.status === 'draft')) lines.push(`- ${t('minutes.md.draftProposal', { title: p.title })}`)
  lines.push('')
  return lines.join('\n')
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

/**
 * Who reads which minutes: the facilitator always (and edits them);
 * participants and staff of the area once approved; everyone once published
 * for an open meeting.
 */
export function minutesAccess(request: Request, id: number) {
  const access = meetingAccess(request, id, { requireLogin: false })
  const row = getMinutes(getDb(), id)
  const insider = access.role != null || access.staff || isAdmin(access)
  const readable = canEditMinutes(access) || (row?.status === 'published' && (access.meeting.isPublic || insider)) || (row?.status === 'approved' && insider)
  if (!readable) {
    if (!access.user) requireUser(request)
    if (!insider) throw new Response('Forbidden', { status: 403 })
  }
  // Outsiders (the public reading published minutes of an open meeting) get
  // the same masked names as the public topic page.
  const publicCopy = (markdown: string) => (insider || canEditMinutes(access) ? markdown : scrubPublicText(scrubMinutesNames(getDb(), id, access.meeting.topicId, markdown)))
  return { access, row, readable, publicCopy }
}

