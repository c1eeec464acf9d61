// Someone whose connection comes back sees themselves online as soon as they
// are back in the room, not a presence round later.
import { describe, expect, it } from 'vitest'
import { liveMeeting, stopAfterEach, waitFor } from './helpers'

const cleanups = stopAfterEach()
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

/** Whether the member was online in their own view at each change their session made, from now on. */
function ownPresence(d: Awaited<ReturnType<Awaited<ReturnType<typeof liveMeeting>>['join']>>, userId: number) {
  const seen: { joined: boolean; connected: boolean; self: boolean }[] = []
  d.session.subscribe(() => seen.push({ joined: d.session.joined, connected: d.socket.connected, self: d.session.online.has(userId) }))
  return seen
}

describe('one’s own presence after a reconnect', () => {
  it('is online in the join answer after the server restarted (all presence forgotten)', async () => {
    const m = await liveMeeting(cleanups, { deliberators: 1 })
    const member = m.deliberators[0]!
    const d = await m.join(member.cookie)
    await waitFor(() => d.session.online.has(member.id), 3000, 'online at first')
    await m.restart()
    await waitFor(() => !d.socket.connected, 3000, 'dropped')
    const seen = ownPresence(d, member.id)
    await waitFor(() => d.socket.connected && seen.length > 0, 5000, 'rejoined')
    // The first thing the rejoin shows is the member, online.
    expect(seen[0]).toEqual({ joined: true, connected: true, self: true })
  })

  it('is online in the join answer after the member had been shown offline', async () => {
    const m = await liveMeeting(cleanups, { deliberators: 1 }, { presence: { graceMs: 0, watcherCountEveryMs: 0 } })
    const member = m.deliberators[0]!
    const fac = await m.join(m.facilitator.cookie)
    const d = await m.join(member.cookie)
    await waitFor(() => fac.session.online.has(member.id), 3000, 'online at first')
    d.socket.io.reconnection(false)
    d.socket.io.engine.close()
    await waitFor(() => !fac.session.online.has(member.id), 4000, 'shown offline')
    const seen = ownPresence(d, member.id)
    d.socket.io.reconnection(true)
    d.socket.connect()
    await waitFor(() => d.socket.connected && seen.length > 0, 5000, 'rejoined')
    expect(seen[0]).toEqual({ joined: true, connected: true, self: true })
    // And the others see them back at the next round, as before.
    await waitFor(() => fac.session.online.has(member.id), 3000, 'back online for the others')
    await sleep(1200)
    expect(d.session.online.has(member.id)).toBe(true)
  })
})
