// The realtime benchmark simulates a meeting's anonymous observers with a
// protocol-level client (tests/bench/realtime-wire.ts): it must hold the same
// statements as the real client, across a dropped connection, or the
// benchmark's lost and duplicated counts mean nothing.
import { describe, expect, it } from 'vitest'
import { type EventMark, ObserverSession, WireSocket } from '#tests/bench/realtime-wire'
import { liveMeeting, stopAfterEach, waitFor } from './helpers'

const cleanups = stopAfterEach()

describe('the benchmark’s protocol-level observer', () => {
  it('holds every statement once, like a real client, after a drop and a resync', async () => {
    const f = await liveMeeting(cleanups, { isPublic: true, deliberators: 1 })
    const fac = await f.join(f.facilitator.cookie)
    expect((await fac.session.send('meeting.start', {})).ok).toBe(true)
    const speaker = await f.join(f.deliberators[0]!.cookie)
    const watcher = await f.join()
    const live: EventMark[] = []
    let connects = 0
    const observer = new ObserverSession(new WireSocket(f.url()), f.meeting.id, {
      ackTimeoutMs: 2000,
      onLiveEvent: e => live.push(e),
      onConnect: () => connects++,
    })
    cleanups.push(() => observer.stop())
    await waitFor(() => observer.joined, 5000, 'observer joined')

    let said = 0
    const say = async (n: number) => {
      for (let i = 0; i < n; i++) expect((await speaker.session.send('statement.post', { text: `bench:${1000 + said++}` })).ok).toBe(true)
    }
    await say(3)
    await waitFor(() => observer.statementSeqs.length === 3, 3000, 'live statements')
    expect(live.filter(e => e.statement).map(e => e.sent)).toEqual([1000, 1001, 1002])

    observer.socket.drop()
    await say(4) // said while the observer is away: they come back by recovery or resync
    await waitFor(() => connects === 2, 5000, 'reconnected')
    await say(1)
    await waitFor(() => observer.statementSeqs.length === 8 && observer.lastSeq === watcher.session.lastSeq, 5000, 'caught up')

    expect(observer.statementSeqs).toEqual(watcher.session.state.statements.map(st => st.seq))
    expect(new Set(observer.statementSeqs).size).toBe(8)
  })
})
