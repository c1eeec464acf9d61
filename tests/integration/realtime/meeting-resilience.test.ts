import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { listMeetingEvents } from '#db/queries/meetings'
import { meetingEvents } from '#db/schema/index'
import type { MeetingEventPayload } from '#realtime/events'
import { liveMeeting, stopAfterEach, waitFor } from './helpers'

const cleanups = stopAfterEach()
const setup = (opts: Parameters<typeof liveMeeting>[1] = {}) => liveMeeting(cleanups, opts)
const seqOf = (o: { ok: boolean }) => (o as unknown as { event: MeetingEventPayload }).event.seq
const countType = (f: { db: ReturnType<typeof import('#tests/db-utils').createTestDb> }, type: string) =>
  f.db.select().from(meetingEvents).where(eq(meetingEvents.type, type)).all().length

describe('nothing lost', () => {
  it('applies a retried command once (same idempotency key) and broadcasts it once', async () => {
    const f = await setup()
    const fac = await f.join(f.facilitator.cookie)
    const a = await f.join(f.deliberators[0]!.cookie)
    await fac.session.send('meeting.start', {})
    const seen: number[] = []
    fac.socket.on('meeting:event', e => e.type === 'statement.post' && seen.push(e.seq))
    const cmd = { meetingId: f.meeting.id, idempotencyKey: 'retry-key-0001', type: 'statement.post', payload: { text: '同一条发言' } }
    const first = await a.socket.emitWithAck('meeting:command', cmd)
    const second = await a.socket.emitWithAck('meeting:command', cmd)
    // Through the session too (e.g. after a lost ack the session re-sends with the same key).
    const third = await a.session.send('statement.post', { text: '同一条发言' }, 'retry-key-0001')
    expect('data' in first && 'data' in second).toBe(true)
    if (!('data' in first) || !('data' in second)) return
    expect(second.data.seq).toBe(first.data.seq)
    expect(third).toMatchObject({ ok: true, event: { seq: first.data.seq } })
    expect(countType(f, 'statement.post')).toBe(1)
    await new Promise(r => setTimeout(r, 100))
    expect(seen).toEqual([first.data.seq])
    // Keys are per user: another participant's identical key is a different command.
    const b = await f.join(f.deliberators[1]!.cookie)
    const other = await b.socket.emitWithAck('meeting:command', cmd)
    expect('data' in other && other.data.seq).not.toBe(first.data.seq)
  })

  it('sends commands queued while offline once after reconnect, and a reconnecting client resyncs from its last seq', async () => {
    const f = await setup()
    const fac = await f.join(f.facilitator.cookie)
    const a = await f.join(f.deliberators[0]!.cookie)
    const b = await f.join(f.deliberators[1]!.cookie)
    await fac.session.send('meeting.start', {})
    await waitFor(() => b.session.state.status === 'live', 2000)

    b.socket.disconnect() // the phone sleeps
    const lastSeen = b.session.lastSeq
    for (let i = 0; i < 5; i++) await a.session.send('statement.post', { text: `离线期间的发言 ${i}` })
    const queued = b.session.send('statement.post', { text: '我在地铁里写的' })
    expect(b.session.pendingCount).toBe(1)
    b.socket.connect()
    const outcome = await queued
    expect(outcome.ok).toBe(true)
    await waitFor(() => b.session.lastSeq === fac.session.lastSeq && a.session.lastSeq === fac.session.lastSeq, 3000, 'converged')
    expect(b.session.lastSeq).toBeGreaterThan(lastSeen + 5)
    expect(b.session.state.statements.map(s => s.text)).toEqual(fac.session.state.statements.map(s => s.text))
    expect(countType(f, 'statement.post')).toBe(6)
  })

  it('survives a server restart mid-meeting: clients reconnect, resync from the log, pending commands apply once, votes stay single', async () => {
    const f = await setup()
    const fac = await f.join(f.facilitator.cookie)
    const a = await f.join(f.deliberators[0]!.cookie)
    const b = await f.join(f.deliberators[1]!.cookie)
    await fac.session.send('meeting.start', {})
    const voteSeq = seqOf(await fac.session.send('vote.open', { question: '是否采纳？', kind: 'single', options: ['是', '否'] }))
    expect((await a.session.send('vote.cast', { voteSeq, ballot: { choice: 0 } })).ok).toBe(true)
    await a.session.send('hand.raise', {})

    await f.restart()
    // While the server was away, b voted and a posted; both are delivered after reconnect.
    const bVote = b.session.send('vote.cast', { voteSeq, ballot: { choice: 1 } })
    const aPost = a.session.send('statement.post', { text: '重启之后还在吗？' })
    expect(await bVote).toMatchObject({ ok: true })
    expect(await aPost).toMatchObject({ ok: true })
    // State was rebuilt from the database: a's vote still counts, so a second one is refused.
    expect(await a.session.send('vote.cast', { voteSeq, ballot: { choice: 1 } })).toMatchObject({ ok: false, error: 'conflict' })
    expect((await fac.session.send('vote.close', { voteSeq })).ok).toBe(true)
    await waitFor(() => [fac, a, b].every(c => c.session.lastSeq === fac.session.lastSeq && c.session.state.votes[0]?.status === 'closed'), 3000, 'converged')
    expect(a.session.state.votes[0]!.results).toMatchObject({ ballots: 2, perOption: [1, 1] })
    expect(b.session.state.queue.map(h => h.userId)).toEqual([f.deliberators[0]!.id])
    expect(countType(f, 'vote.cast')).toBe(2)
    // Sequence numbers are gap-free and unique.
    const seqs = listMeetingEvents(f.db, f.meeting.id).map(e => e.seq)
    expect(seqs).toEqual(seqs.map((_, i) => i + 1))
  })
})

describe('many clients in one meeting', () => {
  it('40 participants vote and speak concurrently, 10% drop mid-run, and everyone ends with the same log', { timeout: 60_000 }, async () => {
    const N = 40
    const f = await setup({ deliberators: N })
    const fac = await f.join(f.facilitator.cookie)
    await fac.session.send('meeting.start', {})
    const clients = await Promise.all(f.deliberators.map(d => f.join(d.cookie)))
    const voteSeq = seqOf(await fac.session.send('vote.open', { question: '方案选择', kind: 'single', options: ['甲', '乙', '丙'] }))
    await waitFor(() => clients.every(c => c.session.state.votes.length === 1), 5000, 'vote visible')

    const work = clients.map(async (c, i) => {
      await c.session.send('statement.post', { text: `第 ${i} 位的意见` })
      if (i < N / 10) {
        c.socket.disconnect() // network drops mid-run; ballots wait in the session until the reconnect
        setTimeout(() => c.socket.connect(), 30)
      }
      const votes = await Promise.all([
        c.session.send('vote.cast', { voteSeq, ballot: { choice: i % 3 } }),
        c.session.send('vote.cast', { voteSeq, ballot: { choice: (i + 1) % 3 } }),
      ])
      return votes
    })
    const results = await Promise.all(work)
    // Each participant: exactly one ballot accepted, the second refused as a double vote.
    for (const r of results) expect(r.map(x => (x.ok ? 'ok' : (x as { error: string }).error)).sort()).toEqual(['conflict', 'ok'])
    await fac.session.send('vote.close', { voteSeq })
    const last = listMeetingEvents(f.db, f.meeting.id).at(-1)!.seq
    await waitFor(() => [fac, ...clients].every(c => c.session.lastSeq === last), 5000, 'all converged')
    for (const c of clients) {
      expect(c.session.state.statements).toHaveLength(N)
      expect(c.session.state.votes[0]!.results!.ballots).toBe(N)
    }
    expect(
      f.db
        .select()
        .from(meetingEvents)
        .where(and(eq(meetingEvents.meetingId, f.meeting.id), eq(meetingEvents.type, 'vote.cast')))
        .all(),
    ).toHaveLength(N)
  })
})
