import { describe, expect, it } from 'vitest'
import type { MeetingEvent } from '#meetings/commands'
import { planCommand } from '#meetings/planning'
import { changesEarlierRedaction, foldForAudience, fromSnapshot, toSnapshot, withOwnBallots } from '#meetings/snapshot'
import { applyMeetingEvent, foldMeeting, initialMeetingState } from '#meetings/state'
import type { ParticipantRole } from '#meetings/types'
import { redactEvent } from '#meetings/visibility'

const FAC = 1
const ANN = 2
const BEN = 3
const roles: Record<number, ParticipantRole> = { [FAC]: 'facilitator', [ANN]: 'deliberator', [BEN]: 'deliberator' }

/** A meeting run through the real planner, with its log. */
function meeting() {
  const s = initialMeetingState()
  const log: MeetingEvent[] = []
  let clock = Date.parse('2026-11-21T11:00:00Z')
  const run = (userId: number, type: string, payload: unknown = {}) => {
    const plan = planCommand(s, { userId, role: roles[userId]!, name: `u${userId}`, agendaItemIds: [10], speakerSeconds: 120 }, type, payload)
    if (!plan.ok) throw new Error(`${type} refused: ${plan.error}`)
    clock += 1000
    const e = { ...plan.event, meetingId: 1, seq: s.lastSeq + 1, actorId: userId, createdAt: new Date(clock).toISOString() } as MeetingEvent
    log.push(e)
    applyMeetingEvent(s, e)
    return e.seq
  }
  return { s, log, run }
}

/** A meeting with a hidden statement, an anonymous vote and a hidden-results vote both voters took part in. */
function busyMeeting() {
  const m = meeting()
  m.run(FAC, 'meeting.start')
  m.run(ANN, 'statement.post', { text: '路口早上七点半最堵' })
  const hidden = m.run(BEN, 'statement.post', { text: '我的电话 13911112222' })
  m.run(FAC, 'message.hide', { targetSeq: hidden, reason: '个人信息' })
  const anon = m.run(FAC, 'vote.open', { question: '设临时停车点？', kind: 'consent', anonymous: true })
  m.run(ANN, 'vote.cast', { voteSeq: anon, ballot: { consent: 'object', reason: '占用人行道' } })
  m.run(BEN, 'vote.cast', { voteSeq: anon, ballot: { consent: 'agree' } })
  m.run(FAC, 'vote.close', { voteSeq: anon })
  const secret = m.run(FAC, 'vote.open', { question: '错峰放学？', kind: 'single', options: ['是', '否'], hideResults: true })
  m.run(BEN, 'vote.cast', { voteSeq: secret, ballot: { choice: 1 } })
  m.run(ANN, 'vote.cast', { voteSeq: secret, ballot: { choice: 0 } })
  return m
}

describe('meeting snapshots', () => {
  it('equal what each audience’s own fold of the whole log reaches, through serialisation', () => {
    const m = busyMeeting()
    const roundTrip = (audience: 'member' | 'moderator') => fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(foldForAudience(m.log, m.s, audience)))))
    const member = roundTrip('member')
    expect(member).toEqual(foldMeeting(m.log.map(e => redactEvent(e, m.s))))
    expect(member.statements.find(st => st.hidden)!.text).toBe('')
    expect(JSON.stringify(member)).not.toContain('13911112222')
    expect(roundTrip('moderator')).toEqual(foldMeeting(m.log.map(e => redactEvent(e, m.s, null, { moderator: true }))))
    // The index the snapshot leaves out is rebuilt, so later reactions reach the listed statement.
    expect(member.statementBySeq[member.statements[0]!.seq]).toBe(member.statements[0])
  })

  it('give a voter back their own ballots, and nobody else’s', () => {
    const m = busyMeeting()
    const shared = toSnapshot(foldForAudience(m.log, m.s, 'member'))
    const own = m.log.filter(e => e.type === 'vote.cast' && e.payload.voter === 'u:2')
    const ann = withOwnBallots(fromSnapshot(structuredClone(shared)), own)
    expect(ann).toEqual(foldMeeting(m.log.map(e => redactEvent(e, m.s, ANN))))
    expect(ann.votes[1]!.ballots['u:2']).toMatchObject({ ballot: { choice: 0 } })
    expect(ann.votes[1]!.ballots['u:3']).toMatchObject({ ballot: null })
    expect(Object.keys(ann.votes[0]!.ballots)).toContain('u:2')
    expect(Object.keys(ann.votes[0]!.ballots)).not.toContain('u:3')
    // Without their ballots, the anonymous vote names nobody.
    expect(Object.keys(fromSnapshot(shared).votes[0]!.ballots).every(key => key.startsWith('seq:'))).toBe(true)
  })

  it('continue by folding the events after them, unless those change how earlier events are redacted', () => {
    const m = meeting()
    m.run(FAC, 'meeting.start')
    const posted = m.run(ANN, 'statement.post', { text: '我的电话 13911112222' })
    const early = foldForAudience(m.log, m.s, 'member')
    const at = m.log.length
    m.run(BEN, 'statement.post', { text: '同意' })
    expect(changesEarlierRedaction(m.log.slice(at), 'member')).toBe(false)
    expect(foldForAudience(m.log.slice(at), m.s, 'member', undefined, structuredClone(early))).toEqual(foldForAudience(m.log, m.s, 'member'))
    m.run(FAC, 'message.hide', { targetSeq: posted, reason: '个人信息' })
    expect(changesEarlierRedaction(m.log.slice(at), 'member')).toBe(true)
    expect(changesEarlierRedaction(m.log.slice(at), 'moderator')).toBe(false)
  })
})
