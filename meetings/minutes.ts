// The minutes draft, built from the meeting log alone. The caller passes the
// translations and the time format, so the same builder serves any language.
import { consentPassed } from './tally'
import { CONSENT_CHOICES, userKey, type ConsentChoice, type MeetingMode, type MeetingState, type ParticipantRole, type VoteKind } from './types'
import { hasSpoken } from './visibility'

/** The catalog keys the minutes use (the app's translate function accepts them all). */
export type MinutesMessageKey =
  | `meeting.role.${ParticipantRole}`
  | `meeting.mode.${MeetingMode}`
  | `room.kind.${VoteKind}`
  | `room.consent.${ConsentChoice}`
  | 'room.inRoomMark'
  | 'room.onlineMark'
  | 'room.consentPassed'
  | 'room.consentBlocked'
  | 'room.objections'
  | 'minutes.title'
  | 'common.labelled'
  | `minutes.md.${
      | 'none'
      | 'topic'
      | 'time'
      | 'place'
      | 'mode'
      | 'attendance'
      | 'attendanceLine'
      | 'attendanceRoleLine'
      | 'agenda'
      | 'agendaLine'
      | 'actual'
      | 'took'
      | 'tookUnderOne'
      | 'speakers'
      | 'speakerLine'
      | 'speakerLineOne'
      | 'notSpoken'
      | 'statements'
      | 'hiddenLine'
      | 'replyTo'
      | 'proposals'
      | 'votes'
      | 'voteLine'
      | 'quorumNotMet'
      | 'decisions'
      | 'noDecisions'
      | 'adopted'
      | 'rejected'
      | 'draftProposal'
      | 'byVote'
      | 'marked'
      | 'separator'}`

export type MinutesText = {
  t: (key: MinutesMessageKey, params?: Record<string, string | number>) => string
  /** A time of day, or a date and time, as the minutes print it. */
  time: (at: string | Date, withDate?: boolean) => string
  /**
   * How each person is named, from their key (null when the log does not say,
   * as for a consent objection) and the name the minutes would print. Left
   * out, people are named as they went by in the meeting. A name given here
   * already says the person's role (the public copy's 议事员 1, 促动师): the
   * attendance does not repeat it.
   */
  name?: (person: { key: string | null; name: string }) => string
}

export type MinutesMeeting = {
  title: string
  topicTitle: string
  startsAt: string | Date
  place: string | null
  mode: MeetingMode
  agenda: readonly { id: number; title: string; plannedMinutes: number }[]
}

export type MinutesParticipant = { userId: number; role: ParticipantRole; name: string }

/**
 * How long each agenda item ran, in ms, every time it was current counted: from
 * when it became current to when the next one did or the meeting ended. The
 * item still current in a live meeting has not finished and has no length yet.
 */
function itemDurations(s: MeetingState): Map<number, number> {
  const ran = new Map<number, number>()
  s.itemLog.forEach((entry, i) => {
    const until = s.itemLog[i + 1]?.at ?? s.endedAt
    if (!until) return
    ran.set(entry.itemId, (ran.get(entry.itemId) ?? 0) + Math.max(0, Date.parse(until) - Date.parse(entry.at)))
  })
  return ran
}

/**
 * The minutes draft: attendance, agenda (with actual start times), who spoke,
 * statements, proposals, vote results and decisions. The facilitator edits it
 * before approving.
 */
export function buildMinutesMarkdown(meeting: MinutesMeeting, participants: readonly MinutesParticipant[], s: MeetingState, { t, time, name }: MinutesText) {
  const lines: string[] = []
  const roleName = (r: ParticipantRole) => t(`meeting.role.${r}`)
  const accountName = (userId: number | null, fallback: string) => (userId != null ? (participants.find(p => p.userId === userId)?.name ?? fallback) : fallback)
  const nameOf = (userId: number | null, fallback: string, key: string | null = userId != null ? userKey(userId) : null) => {
    const own = accountName(userId, fallback)
    return name ? name({ key, name: own }) : own
  }
  // Some display names already carry the role ("周老师（促动师）"); say it once.
  const withoutRole = (name: string, role: string) => {
    const suffix = [`（${role}）`, `(${role})`].find(x => name.endsWith(x))
    return (suffix && name.slice(0, -suffix.length).trim()) || name
  }
  // "Label: value" with the language's own colon.
  const labelled = (label: string, value: string | number) => t('common.labelled', { label, value })
  const list = (items: string[]) => (items.length ? items.map(i => `- ${i}`) : [`- ${t('minutes.md.none')}`])

  lines.push(`# ${labelled(t('minutes.title'), meeting.title)}`, '')
  lines.push(`- ${labelled(t('minutes.md.topic'), meeting.topicTitle)}`)
  lines.push(`- ${labelled(t('minutes.md.time'), `${time(s.startedAt ?? meeting.startsAt, true)}${s.endedAt ? ` – ${time(s.endedAt)}` : ''}`)}`)
  if (meeting.place) lines.push(`- ${labelled(t('minutes.md.place'), meeting.place)}`)
  lines.push(`- ${labelled(t('minutes.md.mode'), t(`meeting.mode.${meeting.mode}`))}`, '')

  lines.push(`## ${t('minutes.md.attendance')}`, '')
  const attendees = Object.values(s.attendance).map(a => {
    const p = a.userId != null ? participants.find(x => x.userId === a.userId) : undefined
    const role = roleName(p?.role ?? a.role ?? 'deliberator')
    const where = a.inRoom ? t('room.inRoomMark') : t('room.onlineMark')
    if (name) return t('minutes.md.attendanceRoleLine', { name: nameOf(a.userId, a.name, a.key), where })
    return t('minutes.md.attendanceLine', { name: withoutRole(nameOf(a.userId, a.name), role), role, where })
  })
  lines.push(...list(attendees), '')

  lines.push(`## ${t('minutes.md.agenda')}`, '')
  const ran = itemDurations(s)
  meeting.agenda.forEach((a, i) => {
    const started = s.itemLog.find(x => x.itemId === a.id)
    const ms = ran.get(a.id)
    const minutes = ms == null ? null : Math.round(ms / 60_000)
    const took = minutes == null ? '' : minutes < 1 ? t('minutes.md.tookUnderOne') : t('minutes.md.took', { minutes })
    const actual = started ? `${took}${t('minutes.md.actual', { at: time(started.at) })}` : ''
    lines.push(`${i + 1}. ${t('minutes.md.agendaLine', { title: a.title, planned: a.plannedMinutes, actual })}`)
  })
  lines.push('')

  lines.push(`## ${t('minutes.md.speakers')}`, '')
  lines.push(
    ...list(
      Object.values(s.spoken).map(sp =>
        t(sp.turns === 1 ? 'minutes.md.speakerLineOne' : 'minutes.md.speakerLine', {
          name: nameOf(sp.userId, sp.name, sp.key),
          turns: sp.turns,
          seconds: sp.seconds,
        }),
      ),
    ),
  )
  const silent = participants
    .filter(p => p.role === 'deliberator' && s.attendance[userKey(p.userId)] && !hasSpoken(s, userKey(p.userId)))
    .map(p => nameOf(p.userId, p.name))
  if (silent.length) lines.push('', t('minutes.md.notSpoken', { names: silent.join(t('minutes.md.separator')) }))
  lines.push('')

  lines.push(`## ${t('minutes.md.statements')}`, '')
  // Numbered as the room numbers them, so that a reply's "#2" is the second statement.
  const stmts = s.statements.map(
    st =>
      `${st.no}. ${
        st.hidden
          ? t('minutes.md.hiddenLine', { reason: st.hidden.reason })
          : labelled(
              st.inRoom ? t('minutes.md.marked', { name: nameOf(st.userId, st.name, st.key), mark: t('room.inRoomMark') }) : nameOf(st.userId, st.name, st.key),
              `${st.text.replace(/\s+/g, ' ')}${st.replyTo ? t('minutes.md.replyTo', { no: s.statementBySeq[st.replyTo]?.no ?? '?' }) : ''}`,
            )
      }`,
  )
  lines.push(...(stmts.length ? stmts : list([])), '')

  lines.push(`## ${t('minutes.md.proposals')}`, '')
  lines.push(...list(s.proposals.map(p => (p.text ? labelled(`**${p.title}**`, p.text.replace(/\s+/g, ' ')) : `**${p.title}**`))), '')

  lines.push(`## ${t('minutes.md.votes')}`, '')
  const votes: string[] = []
  for (const v of s.votes) {
    const r = v.results
    if (!r) continue
    votes.push(
      t('minutes.md.voteLine', {
        question: v.question,
        kind: t(`room.kind.${v.kind}`),
        ballots: r.ballots,
        online: r.online,
        inRoom: r.inRoom,
        quorum: r.quorumMet ? '' : t('minutes.md.quorumNotMet', { quorum: r.quorum }),
      }),
    )
    const labels = v.kind === 'consent' ? CONSENT_CHOICES.map(c => t(`room.consent.${c}`)) : v.options
    for (const [i, label] of labels.entries()) votes.push(`  - ${labelled(label, r.perOption[i] ?? 0)}`)
    if (v.kind === 'consent') {
      votes.push(`  - ${consentPassed(r) ? t('room.consentPassed') : t('room.consentBlocked')}`)
      for (const o of r.objections ?? [])
        votes.push(`  - ${labelled(t('room.objections'), o.name ? labelled(name ? name({ key: null, name: o.name }) : o.name, o.reason) : o.reason)}`)
    }
  }
  lines.push(...(votes.length ? votes.map(v => (v.startsWith('  ') ? v : `- ${v}`)) : [`- ${t('minutes.md.none')}`]), '')

  lines.push(`## ${t('minutes.md.decisions')}`, '')
  const decided = s.proposals.filter(p => p.status !== 'draft')
  if (!decided.length) lines.push(t('minutes.md.noDecisions'))
  for (const p of decided) {
    // The vote it rests on, by its question (as listed under the results), not by its number in the log.
    const question = p.voteSeq != null ? s.votes.find(v => v.seq === p.voteSeq)?.question : undefined
    lines.push(
      `- ${t(p.status === 'adopted' ? 'minutes.md.adopted' : 'minutes.md.rejected', { title: p.title })}${question ? t('minutes.md.byVote', { question }) : ''}`,
    )
  }
  for (const p of s.proposals.filter(p => p.status === 'draft')) lines.push(`- ${t('minutes.md.draftProposal', { title: p.title })}`)
  lines.push('')
  return lines.join('\n')
}
