import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getMeetingOutcomeSummary } from '#db/queries/meetings'
import { meetingEvents } from '#db/schema/index'
import type { MeetingEventPayload } from '#realtime/events'
import { liveMeeting, stopAfterEach, waitFor } from './helpers'

const cleanups = stopAfterEach()

async function setup(opts: Parameters<typeof liveMeeting>[1] = {}) {
  const f = await liveMeeting(cleanups, opts)
  const join = f.join
  const fac = await join(f.facilitator.cookie)
  const a = await join(f.deliberators[0]!.cookie)
  const b = await join(f.deliberators[1]!.cookie)
  await fac.session.send('meeting.start', {})
  return { ...f, fac, a, b }
}
const seqOf = (o: { ok: boolean }) => (o as unknown as { event: MeetingEventPayload }).event.seq

describe('in-room ballots', () => {
  it('a recorder cannot cast ballots for invented names: only checked-in attendees vote, once each', async () => {
    const f = await setup()
    const rec = await f.join(f.recorder.cookie)
    const voteSeq = seqOf(await f.fac.session.send('vote.open', { question: '是否同意？', kind: 'single', options: ['同意', '反对'], quorum: 10 }))
    for (let i = 0; i < 30; i++) {
      expect(await rec.session.send('vote.cast', { voteSeq, ballot: { choice: 0 }, inRoomName: `居民${i}` })).toMatchObject({ ok: false, error: 'forbidden' })
    }
    // Checked in at the door: one ballot, however the name is spaced.
    expect((await rec.session.send('attendance.checkin', { inRoomName: '王 阿姨' })).ok).toBe(true)
    expect((await rec.session.send('vote.cast', { voteSeq, ballot: { choice: 0 }, inRoomName: '王 阿姨' })).ok).toBe(true)
    expect(await rec.session.send('vote.cast', { voteSeq, ballot: { choice: 0 }, inRoomName: '王  阿姨 ' })).toMatchObject({ ok: false, error: 'conflict' })
    expect((await f.fac.session.send('vote.close', { voteSeq })).ok).toBe(true)
    await waitFor(() => f.a.session.state.votes[0]?.status === 'closed', 2000)
    expect(f.a.session.state.votes[0]!.results).toMatchObject({ ballots: 1, inRoom: 1, quorumMet: false })
    expect(f.db.select().from(meetingEvents).where(eq(meetingEvents.type, 'vote.cast')).all()).toHaveLength(1)
  })
})

describe('live votes', () => {
  it('single choice: once per participant, none after close, not by the facilitator, results on close', async () => {
    const f = await setup()
    const open = await f.fac.session.send('vote.open', { question: '选哪个方案？', kind: 'single', options: ['方案甲', '方案乙'] })
    expect(open.ok).toBe(true)
    const voteSeq = seqOf(open)
    await waitFor(() => f.a.session.state.votes.length === 1, 2000)

    expect((await f.a.session.send('vote.cast', { voteSeq, ballot: { choice: 0 } })).ok).toBe(true)
    // Double vote, even with a different key and a different choice: refused.
    expect(await f.a.session.send('vote.cast', { voteSeq, ballot: { choice: 1 } })).toMatchObject({ ok: false, error: 'conflict' })
    // Out-of-range option, wrong ballot shape.
    expect(await f.b.session.send('vote.cast', { voteSeq, ballot: { choice: 5 } })).toMatchObject({ ok: false, error: 'invalid-payload' })
    expect(await f.b.session.send('vote.cast', { voteSeq, ballot: { scores: [1, 2] } })).toMatchObject({ ok: false, error: 'invalid-payload' })
    // The facilitator does not vote; neither does a recorder for themselves.
    expect(await f.fac.session.send('vote.cast', { voteSeq, ballot: { choice: 0 } })).toMatchObject({ ok: false, error: 'forbidden' })
    expect((await f.b.session.send('vote.cast', { voteSeq, ballot: { choice: 0 } })).ok).toBe(true)

    // Live tally is visible (results not hidden) to everyone.
    await waitFor(() => Object.keys(f.fac.session.state.votes[0]!.ballots).length === 2, 2000)
    expect(f.fac.session.state.votes[0]!.ballots).toHaveProperty(`u:${f.deliberators[0]!.id}`)

    expect(await f.a.session.send('vote.close', { voteSeq })).toMatchObject({ ok: false, error: 'forbidden' })
    expect((await f.fac.session.send('vote.close', { voteSeq })).ok).toBe(true)
    await waitFor(() => f.a.session.state.votes[0]!.status === 'closed', 2000)
    expect(f.a.session.state.votes[0]!.results).toMatchObject({ ballots: 2, perOption: [2, 0], leader: 0, quorumMet: true })

    // A late ballot after close is refused.
    const late = await f.join((await f.add('deliberator')).cookie)
    expect(await late.session.send('vote.cast', { voteSeq, ballot: { choice: 1 } })).toMatchObject({ ok: false, error: 'closed' })
    expect(await f.fac.session.send('vote.close', { voteSeq })).toMatchObject({ ok: false, error: 'closed' })
    const casts = f.db.select().from(meetingEvents).where(eq(meetingEvents.type, 'vote.cast')).all()
    expect(casts).toHaveLength(2)
  })

  it('anonymous votes with results hidden until closed never reveal who voted or how before the close', async () => {
    const f = await setup()
    const voteSeq = seqOf(await f.fac.session.send('vote.open', { question: '是否同意？', kind: 'consent', anonymous: true, hideResults: true, quorum: 3 }))
    const seen: MeetingEventPayload[] = []
    f.fac.socket.on('meeting:event', e => seen.push(e))
    expect(await f.a.session.send('vote.cast', { voteSeq, ballot: { consent: 'object' } })).toMatchObject({ ok: false, error: 'invalid-payload' })
    expect((await f.a.session.send('vote.cast', { voteSeq, ballot: { consent: 'object', reason: '占用消防通道' } })).ok).toBe(true)
    expect((await f.b.session.send('vote.cast', { voteSeq, ballot: { consent: 'agree' } })).ok).toBe(true)
    await waitFor(() => seen.filter(e => e.type === 'vote.cast').length === 2, 2000)
    for (const e of seen.filter(e => e.type === 'vote.cast')) {
      expect(e.actorId).toBeNull()
      expect(e.payload).toEqual({ voteSeq })
    }
    expect(f.fac.session.state.votes[0]!.results).toBeNull()
    // A rejoin (page reload) still does not reveal them, but tells each voter what they voted on.
    const again = await f.join(f.deliberators[0]!.cookie)
    expect(again.session.myVotes.has(voteSeq)).toBe(true)
    const other = Object.values(again.session.state.votes[0]!.ballots).filter(b => b.ballot)
    expect(other).toHaveLength(1) // only their own ballot
    // Double vote in an anonymous vote is still refused.
    expect(await again.session.send('vote.cast', { voteSeq, ballot: { consent: 'agree' } })).toMatchObject({ ok: false, error: 'conflict' })

    await f.fac.session.send('vote.close', { voteSeq })
    await waitFor(() => f.b.session.state.votes[0]!.results != null, 2000)
    expect(f.b.session.state.votes[0]!.results).toMatchObject({
      ballots: 2,
      quorum: 3,
      quorumMet: false,
      consent: { agree: 1, stand_aside: 0, object: 1 },
      objections: [{ name: null, reason: '占用消防通道' }],
    })
  })

  it('hybrid: the recorder enters in-room hands, statements and ballots, merged and marked', async () => {
    const f = await setup()
    const rec = await f.join(f.recorder.cookie)
    expect(rec.session.role).toBe('recorder')
    expect((await rec.session.send('attendance.checkin', { inRoomName: '王阿姨' })).ok).toBe(true)
    expect((await rec.session.send('hand.raise', { inRoomName: '王阿姨' })).ok).toBe(true)
    expect((await rec.session.send('statement.post', { text: '希望放学时段也有协管员。', inRoomName: '王阿姨' })).ok).toBe(true)
    // A deliberator cannot speak for someone in the room.
    expect(await f.a.session.send('statement.post', { text: 'x', inRoomName: '李师傅' })).toMatchObject({ ok: false, error: 'forbidden' })
    const voteSeq = seqOf(await f.fac.session.send('vote.open', { question: '排序', kind: 'ranked', options: ['甲', '乙', '丙'] }))
    expect((await rec.session.send('vote.cast', { voteSeq, ballot: { ranking: [2, 0, 1] }, inRoomName: '王阿姨' })).ok).toBe(true)
    expect(await rec.session.send('vote.cast', { voteSeq, ballot: { ranking: [0] }, inRoomName: '王阿姨' })).toMatchObject({ ok: false, error: 'conflict' })
    expect((await rec.session.send('attendance.checkin', { inRoomName: '李师傅' })).ok).toBe(true)
    expect((await rec.session.send('vote.cast', { voteSeq, ballot: { ranking: [0, 1, 2] }, inRoomName: '李师傅' })).ok).toBe(true)
    expect((await f.a.session.send('vote.cast', { voteSeq, ballot: { ranking: [2, 1, 0] } })).ok).toBe(true)
    await f.fac.session.send('vote.close', { voteSeq })
    await waitFor(() => f.b.session.state.votes[0]?.status === 'closed', 2000)
    const s = f.b.session.state
    expect(s.queue[0]).toMatchObject({ key: 'r:王阿姨', inRoom: true, userId: null })
    expect(s.statements[0]).toMatchObject({ name: '王阿姨', inRoom: true })
    expect(s.attendance['r:王阿姨']).toMatchObject({ inRoom: true })
    // Borda: 甲 = 1+2+0 = 3, 乙 = 0+1+1 = 2, 丙 = 2+0+2 = 4.
    expect(s.votes[0]!.results).toMatchObject({ ballots: 3, inRoom: 2, online: 1, perOption: [3, 2, 4], leader: 2 })
  })

  it('multiple choice, score, and proposals adopted by a vote reach the outcome summary', async () => {
    const f = await setup()
    const st = seqOf(await f.a.session.send('statement.post', { text: '增设潮汐车位' }))
    const prop = seqOf(await f.fac.session.send('proposal.draft', { title: '增设 19 个潮汐车位', fromSeqs: [st] }))
    const multi = seqOf(await f.fac.session.send('vote.open', { question: '哪些时段？', kind: 'multiple', options: ['早', '午', '晚'], maxChoices: 2 }))
    expect(await f.a.session.send('vote.cast', { voteSeq: multi, ballot: { choices: [0, 1, 2] } })).toMatchObject({ ok: false, error: 'invalid-payload' })
    expect(await f.a.session.send('vote.cast', { voteSeq: multi, ballot: { choices: [0, 0] } })).toMatchObject({ ok: false, error: 'invalid-payload' })
    await f.a.session.send('vote.cast', { voteSeq: multi, ballot: { choices: [0, 2] } })
    await f.b.session.send('vote.cast', { voteSeq: multi, ballot: { choices: [0] } })
    await f.fac.session.send('vote.close', { voteSeq: multi })

    const score = seqOf(await f.fac.session.send('vote.open', { question: '打分', kind: 'score', options: ['可行性', '成本'], scoreMax: 5, proposalSeq: prop }))
    expect(await f.a.session.send('vote.cast', { voteSeq: score, ballot: { scores: [6, 1] } })).toMatchObject({ ok: false, error: 'invalid-payload' })
    await f.a.session.send('vote.cast', { voteSeq: score, ballot: { scores: [5, 2] } })
    await f.b.session.send('vote.cast', { voteSeq: score, ballot: { scores: [4, 3] } })
    // A proposal cannot be decided on a vote that is still open.
    expect(await f.fac.session.send('proposal.decide', { proposalSeq: prop, outcome: 'adopted', voteSeq: score })).toMatchObject({
      ok: false,
      error: 'conflict',
    })
    await f.fac.session.send('vote.close', { voteSeq: score })
    expect((await f.fac.session.send('proposal.decide', { proposalSeq: prop, outcome: 'adopted', voteSeq: score })).ok).toBe(true)

    await waitFor(() => f.b.session.state.proposals[0]?.status === 'adopted', 2000)
    const byVote = Object.fromEntries(f.b.session.state.votes.map(v => [v.seq, v.results]))
    expect(byVote[multi]).toMatchObject({ perOption: [2, 0, 1], leader: 0 })
    expect(byVote[score]).toMatchObject({ perOption: [4.5, 2.5] })
    const summary = getMeetingOutcomeSummary(f.db, f.meeting.id)!
    expect(summary.adopted).toEqual([expect.objectContaining({ proposalSeq: prop, title: '增设 19 个潮汐车位', voteSeq: score })])
  })
})
