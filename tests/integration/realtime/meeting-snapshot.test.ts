import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getMeetingState, recordMeetingAttendance, runMeetingCommands } from '#db/queries/meetings'
import { users } from '#db/schema/index'
import type { MeetingSnapshot } from '#meetings/snapshot'
import type { Ack, MeetingEventPayload, MeetingJoinResult } from '#realtime/events'
import { SNAPSHOT_AFTER_EVENTS, meetingSnapshot } from '#realtime/meeting-snapshot'
import { connect, liveMeeting, meetingFixture, stopAfterEach, waitFor } from './helpers'

const cleanups = stopAfterEach()

type Fixture = Awaited<ReturnType<typeof liveMeeting>>

/** `count` statements by `speaker`, appended as the server appends commands. */
function speak(f: Fixture, speaker: { id: number; displayName?: string | null }, count: number, text = (i: number) => `第${i}条意见`) {
  const results = runMeetingCommands(
    f.db,
    Array.from({ length: count }, (_, i) => ({
      meetingId: f.meeting.id,
      actor: { userId: speaker.id, role: 'deliberator' as const, name: speaker.displayName ?? '' },
      type: 'statement.post',
      payload: { text: text(i) },
      idempotencyKey: `speak-${speaker.id}-${Date.now()}-${i}`,
      agendaItemIds: [],
      speakerSeconds: 120,
    })),
  )
  expect(results.every(r => r.ok)).toBe(true)
}

/** The raw answer to a `meeting:join`, as a socket receives it. */
async function rawJoin(url: string, meetingId: number, sinceSeq: number, cookie?: string) {
  const socket = connect(url, cookie)
  cleanups.push(() => socket.disconnect())
  await waitFor(() => socket.connected, 5000, 'connect')
  const answer = (await socket.emitWithAck('meeting:join', { meetingId, sinceSeq })) as Ack<MeetingJoinResult>
  if ('error' in answer) throw new Error(answer.error)
  const snapshot = answer.data.snapshot ? (JSON.parse(new TextDecoder().decode(answer.data.snapshot)) as MeetingSnapshot) : null
  return { ...answer.data, snapshot }
}

describe('joining a long live meeting', () => {
  it('a phone back after 500 events receives a snapshot and the few events after it, not the 500 events; a short gap stays a few events', async () => {
    const f = await liveMeeting(cleanups)
    const [a, b] = f.deliberators
    const fac = await f.join(f.facilitator.cookie)
    expect((await fac.session.send('meeting.start', {})).ok).toBe(true)
    const phone = await f.join(a!.cookie)
    const seenBefore = phone.session.lastSeq
    phone.socket.disconnect()
    speak(f, b!, 500)

    const far = await rawJoin(f.url(), f.meeting.id, seenBefore, a!.cookie)
    expect(far.snapshot).not.toBeNull()
    expect(far.events.length).toBeLessThanOrEqual(SNAPSHOT_AFTER_EVENTS)
    expect(far.snapshot!.lastSeq + far.events.length).toBe(far.lastSeq)
    expect(far.snapshot!.statements).toHaveLength(500 - far.events.length)

    const near = await rawJoin(f.url(), f.meeting.id, far.lastSeq - 10, a!.cookie)
    expect(near.snapshot).toBeNull()
    expect(near.events.map(e => e.seq)).toEqual(Array.from({ length: 10 }, (_, i) => far.lastSeq - 9 + i))

    // The room's own client rebuilds the meeting from the snapshot, as the facilitator's does from theirs.
    phone.socket.connect()
    await fac.session.join()
    await waitFor(() => phone.session.lastSeq === far.lastSeq && fac.session.lastSeq === far.lastSeq, 5000, 'resync')
    expect(phone.session.state.statements.map(s => s.text)).toEqual(fac.session.state.statements.map(s => s.text))
    expect(phone.session.state.statements).toHaveLength(500)
    expect(phone.session.state.attendance).toEqual(fac.session.state.attendance)
  })

  it('an observer’s snapshot carries masked names and no account ids, and a hidden statement reaches only the facilitator', async () => {
    const f = await liveMeeting(cleanups, { isPublic: true })
    const [a, b] = f.deliberators
    f.db.update(users).set({ displayName: '欧阳发言' }).where(eq(users.id, a!.id)).run()
    const fac = await f.join(f.facilitator.cookie)
    expect((await fac.session.send('meeting.start', {})).ok).toBe(true)
    const speaker = await f.join(a!.cookie)
    await f.join(b!.cookie)
    expect((await speaker.session.send('statement.post', { text: '我是欧阳发言，电话13911112222' })).ok).toBe(true)
    const hiddenSeq = speaker.session.lastSeq
    expect((await fac.session.send('message.hide', { targetSeq: hiddenSeq, reason: '个人信息' })).ok).toBe(true)
    speak(f, { id: a!.id, displayName: '欧阳发言' }, 300, i => `欧阳发言第${i}次发言`)

    const observer = await rawJoin(f.url(), f.meeting.id, 0)
    expect(observer.snapshot).not.toBeNull()
    const seen = JSON.stringify(observer)
    expect(seen).toContain('议事员 1')
    expect(seen).not.toContain('欧阳发言')
    expect(seen).not.toContain('13911112222')
    for (const id of [a!.id, b!.id, f.facilitator.id]) {
      expect(seen).not.toMatch(new RegExp(`"(userId|actorId|by)":${id}[,}]`))
      expect(seen).not.toContain(`u:${id}"`)
    }
    expect(observer.snapshot!.statements.slice(-1)[0]).toMatchObject({ name: '议事员 1', text: '议事员 1第299次发言' })

    const member = await rawJoin(f.url(), f.meeting.id, 0, b!.cookie)
    expect(member.snapshot!.statements.find(s => s.seq === hiddenSeq)).toMatchObject({ text: '', hidden: { reason: '个人信息' } })
    expect(JSON.stringify(member)).not.toContain('13911112222')
    const facilitator = await rawJoin(f.url(), f.meeting.id, 0, f.facilitator.cookie)
    expect(facilitator.snapshot!.statements.find(s => s.seq === hiddenSeq)!.text).toBe('我是欧阳发言，电话13911112222')
  })

  it('a voter rejoining a long meeting sees their own anonymous ballot; others see only that someone voted', async () => {
    const f = await liveMeeting(cleanups)
    const [a, b] = f.deliberators
    const fac = await f.join(f.facilitator.cookie)
    expect((await fac.session.send('meeting.start', {})).ok).toBe(true)
    const voter = await f.join(a!.cookie)
    const opened = await fac.session.send('vote.open', { question: '设临时停车点？', kind: 'single', options: ['设', '不设'], anonymous: true })
    expect(opened.ok).toBe(true)
    const voteSeq = (opened as { event: MeetingEventPayload }).event.seq
    expect((await voter.session.send('vote.cast', { voteSeq, ballot: { choice: 1 } })).ok).toBe(true)
    speak(f, b!, 200)

    const again = await rawJoin(f.url(), f.meeting.id, 0, a!.cookie)
    expect(again.snapshot).not.toBeNull()
    expect(again.myVotes).toEqual([voteSeq])
    const fresh = await f.join(a!.cookie)
    expect(fresh.session.state.votes[0]!.ballots[`u:${a!.id}`]).toMatchObject({ ballot: { choice: 1 } })
    const other = await f.join(b!.cookie)
    expect(Object.keys(other.session.state.votes[0]!.ballots)).toHaveLength(1)
    expect(other.session.state.votes[0]!.ballots[`u:${a!.id}`]).toBeUndefined()
    expect(JSON.stringify(other.session.state.votes[0])).not.toContain(`u:${a!.id}`)
  })

  it('people arriving together are announced to the room in a few messages, each logged', async () => {
    const f = await liveMeeting(cleanups, { deliberators: 12 })
    const fac = await f.join(f.facilitator.cookie)
    const single: MeetingEventPayload[] = []
    const batches: MeetingEventPayload[][] = []
    fac.socket.on('meeting:event', e => single.push(e))
    fac.socket.on('meeting:events', es => batches.push(es))
    await Promise.all(f.deliberators.map(d => f.join(d.cookie)))
    await waitFor(() => Object.keys(fac.session.state.attendance).length === 13, 5000, 'everyone announced')
    const arrivals = (events: MeetingEventPayload[]) => events.filter(e => e.type === 'attendance.joined' && e.actorId !== f.facilitator.id)
    expect(arrivals(single)).toEqual([])
    expect(arrivals(batches.flat())).toHaveLength(12)
    expect(batches.length).toBeLessThan(12)
  })
})

describe('the snapshot kept for each audience', () => {
  const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as MeetingSnapshot

  it('is folded again when a statement it holds is hidden, and when a newcomer is named in what it holds', async () => {
    const f = await meetingFixture({ isPublic: true })
    const [a, b] = f.deliberators
    f.db.update(users).set({ displayName: '司马附议' }).where(eq(users.id, b!.id)).run()
    const command = (actor: { id: number }, role: 'facilitator' | 'deliberator', type: string, payload: Record<string, unknown>) => {
      const [r] = runMeetingCommands(f.db, [
        {
          meetingId: f.meeting.id,
          actor: { userId: actor.id, role, name: '' },
          type,
          payload,
          idempotencyKey: `${type}-${Math.random()}`,
          agendaItemIds: [],
          speakerSeconds: 120,
        },
      ])
      expect(r!.ok).toBe(true)
      return (r as { event: MeetingEventPayload }).event.seq
    }
    command(f.facilitator, 'facilitator', 'meeting.start', {})
    recordMeetingAttendance(f.db, { meetingId: f.meeting.id, userId: a!.id, name: '欧阳发言', role: 'deliberator' })
    const secret = command(a!, 'deliberator', 'statement.post', { text: '司马附议的电话是13911112222' })
    const snapshot = (audience: 'member' | 'observer') => decode(meetingSnapshot(f.db, f.meeting.id, getMeetingState(f.db, f.meeting.id), audience).bytes)
    const statementIn = (s: MeetingSnapshot) => s.statements.find(st => st.seq === secret)!

    expect(statementIn(snapshot('member')).text).toContain('13911112222')
    command(f.facilitator, 'facilitator', 'message.hide', { targetSeq: secret, reason: '个人信息' })
    expect(statementIn(snapshot('member'))).toMatchObject({ text: '', hidden: { reason: '个人信息' } })

    const mention = command(a!, 'deliberator', 'statement.post', { text: '同意司马附议的意见' })
    const mentionIn = (s: MeetingSnapshot) => s.statements.find(st => st.seq === mention)!.text
    // Invited, not yet in the meeting: observers read a resident without a number, never the name.
    expect(mentionIn(snapshot('observer'))).toBe('同意议事员的意见')
    recordMeetingAttendance(f.db, { meetingId: f.meeting.id, userId: b!.id, name: '司马附议', role: 'deliberator' })
    expect(mentionIn(snapshot('observer'))).toBe('同意议事员 2的意见')
  })

  it('is not folded again for a newcomer whose account id only begins an id it holds, nor for one named nowhere in it', async () => {
    const f = await meetingFixture({ isPublic: true })
    const early = f.db.insert(users).values({ id: 120, username: 'early-120', displayName: '先到者' }).returning().get()
    const late = f.db.insert(users).values({ id: 12, username: 'late-12', displayName: '后到者' }).returning().get()
    const [r] = runMeetingCommands(f.db, [
      {
        meetingId: f.meeting.id,
        actor: { userId: f.facilitator.id, role: 'facilitator', name: '' },
        type: 'meeting.start',
        payload: {},
        idempotencyKey: 'start',
        agendaItemIds: [],
        speakerSeconds: 120,
      },
    ])
    expect(r!.ok).toBe(true)
    recordMeetingAttendance(f.db, { meetingId: f.meeting.id, userId: early.id, name: '先到者', role: 'deliberator' })
    const observerSnapshot = () => meetingSnapshot(f.db, f.meeting.id, getMeetingState(f.db, f.meeting.id), 'observer')
    const before = observerSnapshot()
    expect(new TextDecoder().decode(before.bytes)).not.toContain('先到者')

    recordMeetingAttendance(f.db, { meetingId: f.meeting.id, userId: late.id, name: '后到者', role: 'deliberator' })
    const after = observerSnapshot()
    // The same snapshot, continued by the arrival: account 12 is not account 120.
    expect(after.bytes).toBe(before.bytes)
    expect(after.tail.map(e => [e.type, e.actorId])).toEqual([['attendance.joined', late.id]])
    // Asked again, the arrival is not looked for again and the answer is the same.
    expect(observerSnapshot().bytes).toBe(before.bytes)
  })
})
