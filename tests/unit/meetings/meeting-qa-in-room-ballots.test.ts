// Where a ballot counts (在现场 or 线上) follows where its voter is, in every
// fold of the log: the server's, a member's, a snapshot's; logs written before
// ballots said so replay as they were recorded.
import { describe, expect, it } from 'vitest'
import type { MeetingEvent } from '#meetings/commands'
import { planCommand } from '#meetings/planning'
import { foldForAudience, fromSnapshot, toSnapshot, withOwnBallots } from '#meetings/snapshot'
import { applyMeetingEvent, foldMeeting, initialMeetingState } from '#meetings/state'
import type { ParticipantRole } from '#meetings/types'
import { redactEvent } from '#meetings/visibility'

const FAC = 1
const ANN = 2
const BEN = 3
const roles: Record<number, ParticipantRole> = { [FAC]: 'facilitator', [ANN]: 'deliberator', [BEN]: 'deliberator' }

function meeting() {
  const s = initialMeetingState()
  const log: MeetingEvent[] = []
  const push = (e: Omit<MeetingEvent, 'meetingId' | 'seq' | 'createdAt'>) => {
    const full = {
      ...e,
      meetingId: 1,
      seq: s.lastSeq + 1,
      createdAt: new Date(Date.parse('2026-11-21T11:00:00Z') + s.lastSeq * 1000).toISOString(),
    } as MeetingEvent
    log.push(full)
    applyMeetingEvent(s, full)
    return full
  }
  const run = (userId: number, type: string, payload: unknown = {}) => {
    const plan = planCommand(s, { userId, role: roles[userId]!, name: `u${userId}`, agendaItemIds: [], speakerSeconds: 120 }, type, payload)
    if (!plan.ok) throw new Error(`${type}: ${plan.error} ${plan.issue ?? ''}`)
    return push({ ...plan.event, actorId: userId } as Omit<MeetingEvent, 'meetingId' | 'seq' | 'createdAt'>)
  }
  // Ann checked in at the door with the room's code (as the check-in page records it); Ben follows online.
  push({ type: 'attendance.checkin', actorId: ANN, inRoom: false, payload: { key: `u:${ANN}`, name: 'u2', room: true } })
  push({ type: 'attendance.joined', actorId: BEN, inRoom: false, payload: { key: `u:${BEN}`, name: 'u3' } })
  run(FAC, 'meeting.start')
  return { s, log, run, push }
}

describe('a ballot cast on one’s own phone after checking in', () => {
  it.each([{ anonymous: false }, { anonymous: true }])('counts in the room for the server, members and snapshots (anonymous: $anonymous)', ({ anonymous }) => {
    const m = meeting()
    const v = m.run(FAC, 'vote.open', { question: '是否同意？', kind: 'single', options: ['同意', '反对'], anonymous })
    const cast = m.run(ANN, 'vote.cast', { voteSeq: v.seq, ballot: { choice: 0 } })
    m.run(BEN, 'vote.cast', { voteSeq: v.seq, ballot: { choice: 1 } })
    expect(cast.payload).toMatchObject({ room: true })
    const split = (s: typeof m.s) => Object.values(s.votes[0]!.ballots).map(b => b.inRoom)
    expect(split(m.s).sort()).toEqual([false, true])
    // Ben's view of the log (Ann's voter key redacted on a secret ballot) and a snapshot of it.
    const ben = foldMeeting(m.log.map(e => redactEvent(e, m.s, BEN)))
    expect(split(ben).sort()).toEqual([false, true])
    const snap = fromSnapshot(toSnapshot(foldForAudience(m.log, m.s, 'member')))
    expect(split(withOwnBallots(snap, [cast])).sort()).toEqual([false, true])
    m.run(FAC, 'vote.close', { voteSeq: v.seq })
    expect(m.s.votes[0]!.results).toMatchObject({ ballots: 2, inRoom: 1, online: 1 })
  })

  it('a ballot cast before checking in stays online', () => {
    const m = meeting()
    const v = m.run(FAC, 'vote.open', { question: '是否同意？', kind: 'single', options: ['同意', '反对'] })
    const cast = m.run(BEN, 'vote.cast', { voteSeq: v.seq, ballot: { choice: 1 } })
    expect(cast.payload).not.toHaveProperty('room')
    m.push({ type: 'attendance.checkin', actorId: BEN, inRoom: false, payload: { key: `u:${BEN}`, name: 'u3', room: true } })
    m.run(FAC, 'vote.close', { voteSeq: v.seq })
    expect(m.s.votes[0]!.results).toMatchObject({ inRoom: 0, online: 1 })
  })

  it('an older log, whose ballots do not say where they were cast, replays as recorded', () => {
    const m = meeting()
    const v = m.run(FAC, 'vote.open', { question: '是否同意？', kind: 'single', options: ['同意', '反对'], anonymous: true })
    m.push({ type: 'vote.cast', actorId: ANN, inRoom: false, payload: { voteSeq: v.seq, voter: `u:${ANN}`, name: 'u2', ballot: { choice: 0 } } })
    m.push({
      type: 'vote.close',
      actorId: FAC,
      inRoom: false,
      payload: { voteSeq: v.seq, results: { ballots: 1, online: 1, inRoom: 0, quorum: 0, quorumMet: true, perOption: [1, 0], leader: 0 } },
    })
    const again = foldMeeting(m.log.map(e => redactEvent(e, m.s, BEN)))
    expect(again.votes[0]!.results).toMatchObject({ ballots: 1, online: 1, inRoom: 0 })
    expect(Object.values(again.votes[0]!.ballots)).toEqual([{ ballot: { choice: 0 }, inRoom: false, name: null }])
  })
})
