import { describe, expect, it } from 'vitest'
import type { MeetingPresencePayload } from '#realtime/events'
import { connect, liveMeeting, stopAfterEach, waitFor } from './helpers'

const cleanups = stopAfterEach()
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

/** A meeting on a server with short presence periods, the facilitator watching the presence messages it receives. */
async function watchedMeeting(presence: { graceMs: number; watcherCountEveryMs: number }) {
  const m = await liveMeeting(cleanups, { isPublic: true, deliberators: 2 }, { presence })
  const facilitator = await m.join(m.facilitator.cookie)
  const received: MeetingPresencePayload[] = []
  facilitator.socket.on('meeting:presence', p => received.push(p))
  return { ...m, facilitator, received }
}

describe('presence in a live meeting', () => {
  it('keeps a member whose connection drops and comes back online, and shows one who stays away offline after the grace', async () => {
    const m = await watchedMeeting({ graceMs: 2000, watcherCountEveryMs: 0 })
    const member = m.deliberators[0]!
    const d = await m.join(member.cookie)
    await waitFor(() => m.facilitator.session.online.has(member.id), 3000, 'deliberator online')

    // A network blip: the connection is lost for longer than a presence round, then comes back.
    d.socket.io.reconnection(false)
    d.socket.io.engine.close()
    await sleep(1300)
    d.socket.io.reconnection(true)
    d.socket.connect()
    await waitFor(() => d.socket.connected && d.session.joined, 3000, 'reconnected')
    await sleep(2000)
    expect(m.received.flatMap(p => p.offline)).not.toContain(member.id)
    expect(m.facilitator.session.online.has(member.id)).toBe(true)

    // Now the phone is gone for good.
    d.socket.io.reconnection(false)
    d.socket.io.engine.close()
    const goneAt = Date.now()
    await waitFor(() => !m.facilitator.session.online.has(member.id), 6000, 'deliberator offline')
    expect(Date.now() - goneAt).toBeGreaterThanOrEqual(2000)
  })

  it('shows a member who leaves the meeting on purpose offline at the next round, without the grace', async () => {
    const m = await watchedMeeting({ graceMs: 60_000, watcherCountEveryMs: 0 })
    const member = m.deliberators[0]!
    const d = await m.join(member.cookie)
    await waitFor(() => m.facilitator.session.online.has(member.id), 3000, 'deliberator online')
    d.session.stop()
    await waitFor(() => !m.facilitator.session.online.has(member.id), 3000, 'deliberator offline')
  })

  it('shows a member the facilitator removes offline at the next round, without the grace', async () => {
    const m = await watchedMeeting({ graceMs: 60_000, watcherCountEveryMs: 0 })
    const member = m.deliberators[0]!
    await m.join(member.cookie)
    await waitFor(() => m.facilitator.session.online.has(member.id), 3000, 'deliberator online')
    await m.facilitator.session.send('meeting.start', {})
    expect((await m.facilitator.session.send('participant.remove', { userId: member.id })).ok).toBe(true)
    await waitFor(() => !m.facilitator.session.online.has(member.id), 3000, 'removed deliberator offline')
  })

  it('broadcasts the count of anonymous watchers at most once a period, and the count it settles on is right', async () => {
    const m = await watchedMeeting({ graceMs: 0, watcherCountEveryMs: 3000 })
    // Watchers arrive one after another over four seconds.
    for (let i = 0; i < 8; i++) {
      const socket = connect(m.url())
      cleanups.push(() => socket.disconnect())
      await waitFor(() => socket.connected, 3000, 'watcher connected')
      await socket.emitWithAck('meeting:join', { meetingId: m.meeting.id })
      await sleep(500)
    }
    await waitFor(() => m.facilitator.session.anonymous === 8, 8000, 'eight watchers counted')
    const counts = m.received.map(p => p.anonymous).filter((n, i, all) => i === 0 || n !== all[i - 1])
    // Eight arrivals, one message about them per period (a round a second would send one a second).
    expect(counts.length).toBeLessThanOrEqual(3)
    expect(counts.at(-1)).toBe(8)
  })
})
