import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDisplayNames, listMeetingEvents, listMeetingParticipants } from '#db/queries/meetings'
import { auditEvents, meetingEvents } from '#db/schema/index'
import { userKey } from '#meetings/types'
import { liveRoster, notYetSpoken } from '#meetings/visibility'
import type { MeetingEventPayload } from '#realtime/events'
import { liveMeeting, stopAfterEach, waitFor } from './helpers'

const cleanups = stopAfterEach()
const setup = (opts: Parameters<typeof liveMeeting>[1] = {}) => liveMeeting(cleanups, opts)

describe('live meeting room: two clients', () => {
  it("shows a participant who joins after the facilitator's page loaded, by name and role, without a reload", async () => {
    const f = await setup({ deliberators: 0 })
    const loaded = listMeetingParticipants(f.db, f.meeting.id).map(p => ({ userId: p.userId, role: p.role, name: p.displayName }))
    const fac = await f.join(f.facilitator.cookie)
    const newcomer = await f.add('deliberator')
    const name = getDisplayNames(f.db, [newcomer.id]).get(newcomer.id)!
    await f.join(newcomer.cookie)
    await waitFor(() => fac.session.online.has(newcomer.id) && !!fac.session.state.attendance[userKey(newcomer.id)], 3000, 'newcomer seen')
    expect(fac.session.online.get(newcomer.id)).toEqual({ role: 'deliberator', name })
    expect(liveRoster(fac.session.state, loaded, fac.session.online)).toContainEqual({ userId: newcomer.id, role: 'deliberator', name })
    expect(loaded.map(p => p.userId)).not.toContain(newcomer.id)
  })

  it('runs the speaker queue: raise, balance view, give the floor, countdown, end', async () => {
    const f = await setup({ speakerSeconds: 90 })
    const fac = await f.join(f.facilitator.cookie)
    const [a] = [await f.join(f.deliberators[0]!.cookie)]
    expect(fac.session.role).toBe('facilitator')
    expect(a.session.role).toBe('deliberator')

    expect((await fac.session.send('meeting.start', {})).ok).toBe(true)
    const agendaId = (await import('#db/queries/meetings')).getMeeting(f.db, f.meeting.id)!.agenda[0]!.id
    expect((await fac.session.send('agenda.set', { itemId: agendaId })).ok).toBe(true)
    expect((await fac.session.send('timer.start', { seconds: 900 })).ok).toBe(true)

    const raised = await a.session.send('hand.raise', {})
    expect(raised.ok).toBe(true)
    // The other client sees the broadcast.
    await waitFor(() => fac.session.state.queue.length === 1, 2000, 'queue broadcast')
    expect(fac.session.state.queue[0]).toMatchObject({ key: userKey(f.deliberators[0]!.id), inRoom: false })
    expect(fac.session.state).toMatchObject({ currentItemId: agendaId, timer: { seconds: 900 } })
    // Raising twice is refused.
    expect(await a.session.send('hand.raise', {})).toMatchObject({ ok: false, error: 'conflict' })

    // Balance view: both deliberators attended (joined) and nobody has spoken.
    const people = [f.deliberators[0]!, f.deliberators[1]!].map(d => ({ key: userKey(d.id), userId: d.id, name: '', inRoom: false }))
    expect(notYetSpoken(fac.session.state, people)).toHaveLength(2)

    // Only the facilitator gives the floor.
    expect(await a.session.send('floor.give', { key: userKey(f.deliberators[0]!.id) })).toMatchObject({ ok: false, error: 'forbidden' })
    const give = await fac.session.send('floor.give', { key: userKey(f.deliberators[0]!.id) })
    expect(give.ok).toBe(true)
    await waitFor(() => a.session.state.floor != null, 2000, 'floor broadcast')
    expect(a.session.state.floor).toMatchObject({ key: userKey(f.deliberators[0]!.id), seconds: 90 })
    expect(a.session.state.queue).toHaveLength(0)
    expect(notYetSpoken(a.session.state, people).map(p => p.userId)).toEqual([f.deliberators[1]!.id])

    expect((await fac.session.send('floor.end', {})).ok).toBe(true)
    await waitFor(() => a.session.state.floor == null, 2000)
    expect(a.session.state.spoken[userKey(f.deliberators[0]!.id)]!.turns).toBe(1)

    // Lowering: own hand yes, someone else's only by the facilitator.
    const b = await f.join(f.deliberators[1]!.cookie)
    await b.session.send('hand.raise', {})
    expect(await a.session.send('hand.lower', { key: userKey(f.deliberators[1]!.id) })).toMatchObject({ ok: false, error: 'forbidden' })
    expect((await fac.session.send('hand.lower', { key: userKey(f.deliberators[1]!.id) })).ok).toBe(true)
  })

  it('posts statements with replies and reactions; hiding keeps the reason in history', async () => {
    const f = await setup()
    const fac = await f.join(f.facilitator.cookie)
    const a = await f.join(f.deliberators[0]!.cookie)
    const b = await f.join(f.deliberators[1]!.cookie)
    await fac.session.send('meeting.start', {})
    const s1 = await a.session.send('statement.post', { text: '早高峰家长车辆在路口临停，建议开放学校对面空地停车。' })
    expect(s1.ok).toBe(true)
    const seq = (s1 as { event: MeetingEventPayload }).event.seq
    const reply = await b.session.send('statement.post', { text: '空地属于物业，需要协商。', replyTo: seq })
    expect(reply.ok).toBe(true)
    await b.session.send('reaction.set', { statementSeq: seq, value: 'agree' })
    await fac.session.send('reaction.set', { statementSeq: seq, value: 'disagree' })
    await waitFor(() => Object.keys(a.session.state.statementBySeq[seq]?.reactions ?? {}).length === 2, 2000, 'reactions')
    expect(a.session.state.statements.map(s => s.replyTo)).toEqual([null, seq])

    // Only the facilitator hides, and must give a reason; text and reason stay in the log.
    expect(await a.session.send('message.hide', { targetSeq: seq, reason: 'x' })).toMatchObject({ ok: false, error: 'forbidden' })
    expect(await fac.session.send('message.hide', { targetSeq: seq, reason: '' } as never)).toMatchObject({ ok: false, error: 'invalid-payload' })
    expect((await fac.session.send('message.hide', { targetSeq: seq, reason: '含个人电话号码' })).ok).toBe(true)
    await waitFor(() => b.session.state.statementBySeq[seq]?.hidden != null, 2000, 'hidden')
    expect(b.session.state.statementBySeq[seq]!.hidden!.reason).toBe('含个人电话号码')
    expect(b.session.state.moderation).toEqual([expect.objectContaining({ type: 'message.hide', targetSeq: seq, reason: '含个人电话号码' })])
    const audit = f.db.select().from(auditEvents).where(eq(auditEvents.action, 'meeting.message.hide')).all()
    expect(audit).toHaveLength(1)

    // Proposals are drafted from statements by the facilitator.
    const prop = await fac.session.send('proposal.draft', { title: '开放学校对面空地 19 个临时车位', text: '早 7:15–8:00 开放', fromSeqs: [seq] })
    expect(prop.ok).toBe(true)
    expect(await a.session.send('proposal.draft', { title: 'x' })).toMatchObject({ ok: false, error: 'forbidden' })
    await waitFor(() => b.session.state.proposals.length === 1, 2000)
    expect(b.session.state.proposals[0]).toMatchObject({ fromSeqs: [seq], status: 'draft' })
  })

  it('mutes and removes participants', async () => {
    const f = await setup()
    const fac = await f.join(f.facilitator.cookie)
    const a = await f.join(f.deliberators[0]!.cookie)
    await fac.session.send('meeting.start', {})
    await fac.session.send('participant.mute', { userId: f.deliberators[0]!.id, muted: true })
    expect(await a.session.send('statement.post', { text: '我要发言' })).toMatchObject({ ok: false, error: 'forbidden' })
    expect(await a.session.send('hand.raise', {})).toMatchObject({ ok: false, error: 'forbidden' })
    await fac.session.send('participant.mute', { userId: f.deliberators[0]!.id, muted: false })
    expect((await a.session.send('statement.post', { text: '我要发言' })).ok).toBe(true)

    await fac.session.send('participant.remove', { userId: f.deliberators[0]!.id })
    expect(await a.session.send('statement.post', { text: '再说一句' })).toMatchObject({ ok: false, error: 'forbidden' })
    // A removed participant cannot rejoin.
    a.session.joined = false
    await a.session.join()
    expect(a.session.error).toBe('forbidden')
  })

  it('authorises: observers read only, outsiders and anonymous visitors are refused, public meetings are open to watch', async () => {
    const closed = await setup({ isPublic: false })
    const outsider = await closed.join(closed.outsider.cookie)
    expect(outsider.session.error).toBe('forbidden')
    const anon = await closed.join()
    expect(anon.session.error).toBe('unauthorized')

    const open = await setup({ isPublic: true })
    const fac = await open.join(open.facilitator.cookie)
    await fac.session.send('meeting.start', {})
    const watcher = await open.join()
    expect(watcher.session.role).toBe('observer')
    expect(watcher.session.state.status).toBe('live')
    expect(await watcher.session.send('statement.post', { text: 'hi' })).toMatchObject({ ok: false, error: 'unauthorized' })
    const stranger = await open.join(open.outsider.cookie)
    expect(stranger.session.role).toBe('observer')
    expect(await stranger.session.send('hand.raise', {})).toMatchObject({ ok: false, error: 'forbidden' })
    // The observer still receives the live log.
    const a = await open.join(open.deliberators[0]!.cookie)
    await a.session.send('statement.post', { text: '公开会议发言' })
    await waitFor(() => watcher.session.state.statements.length === 1, 2000, 'observer sees statement')

    // Observers do not create attendance rows.
    const attendance = open.db
      .select()
      .from(meetingEvents)
      .where(and(eq(meetingEvents.meetingId, open.meeting.id), eq(meetingEvents.type, 'attendance.joined')))
      .all()
    expect(attendance.map(e => e.actorId).sort()).toEqual([open.facilitator.id, open.deliberators[0]!.id].sort())
  })

  it('rejects malformed commands and unknown types without touching the log', async () => {
    const f = await setup()
    const fac = await f.join(f.facilitator.cookie)
    await fac.session.send('meeting.start', {})
    const before = listMeetingEvents(f.db, f.meeting.id).length
    expect(await fac.session.send('nope' as never, {} as never)).toMatchObject({ ok: false, error: 'invalid-payload' })
    expect(await fac.session.send('agenda.set', { itemId: 99999 })).toMatchObject({ ok: false, error: 'not-found' })
    expect(await fac.session.send('timer.start', { seconds: -1 })).toMatchObject({ ok: false, error: 'invalid-payload' })
    const raw = await fac.socket.emitWithAck('meeting:command', { meetingId: 'x', idempotencyKey: 'short', type: 1 } as never)
    expect(raw).toMatchObject({ error: 'invalid-payload' })
    expect(listMeetingEvents(f.db, f.meeting.id)).toHaveLength(before)
  })

  it('rate-limits each socket', async () => {
    const f = await setup()
    const a = await f.join(f.deliberators[0]!.cookie)
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        a.socket.emitWithAck('meeting:command', {
          meetingId: f.meeting.id,
          idempotencyKey: `burst-key-${i}`,
          type: 'reaction.set',
          payload: { statementSeq: 1, value: null },
        }),
      ),
    )
    const limited = results.filter(r => 'error' in r && r.error === 'rate-limited').length
    expect(limited).toBeGreaterThan(0)
    expect(limited).toBeLessThan(80)
  })
})
