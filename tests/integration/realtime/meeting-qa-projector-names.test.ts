import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { MeetingSession } from '#app/components/meeting/meeting-session'
import { users } from '#db/schema/index'
import { connect, liveMeeting, stopAfterEach, waitFor } from './helpers'

// The projector is the room's big screen (and, in a hybrid meeting, often the
// stream): it shows the public view whoever opened it, the facilitator included.

const cleanups = stopAfterEach()

async function projector(url: string, meetingId: number, cookie?: string) {
  const socket = connect(url, cookie)
  const got: unknown[] = []
  socket.on('meeting:event', e => got.push(e))
  socket.on('meeting:events', e => got.push(e))
  socket.on('meeting:presence', p => got.push(p))
  const session = new MeetingSession(socket, meetingId, { view: 'public', ackTimeoutMs: 2000 })
  cleanups.push(
    () => session.stop(),
    () => socket.disconnect(),
  )
  await waitFor(() => session.joined || session.error != null, 5000, 'projector join')
  return { socket, session, got }
}

describe('the projector opened by someone taking part', () => {
  it('names the speaker and the queue by pseudonym, as the public view does, and does not count as its opener coming online', async () => {
    const m = await liveMeeting(cleanups, { isPublic: true })
    const [a, b] = m.deliberators
    m.db.update(users).set({ displayName: '欧阳发言' }).where(eq(users.id, a!.id)).run()
    m.db.update(users).set({ displayName: '司马排队' }).where(eq(users.id, b!.id)).run()
    const fac = await m.join(m.facilitator.cookie)
    expect((await fac.session.send('meeting.start', {})).ok).toBe(true)
    const speaker = await m.join(a!.cookie)
    const waiting = await m.join(b!.cookie)
    expect((await speaker.session.send('hand.raise', {})).ok).toBe(true)
    expect((await fac.session.send('floor.give', { key: `u:${a!.id}` })).ok).toBe(true)
    const screen = await projector(m.url(), m.meeting.id, m.facilitator.cookie)
    expect(screen.session.error).toBeNull()
    expect((await waiting.session.send('hand.raise', {})).ok).toBe(true)
    await waitFor(() => (screen.session.state.queue.length ?? 0) === 1, 5000, 'the queue on the projector')
    expect(screen.session.state.floor?.name).toBe('议事员 1')
    expect(screen.session.state.queue.map(h => h.name)).toEqual(['议事员 2'])
    const seen = JSON.stringify([screen.got, screen.session.state])
    for (const secret of ['欧阳发言', '司马排队']) expect(seen).not.toContain(secret)
    // The facilitator stays listed online as the facilitator for the others.
    await new Promise(r => setTimeout(r, 1500))
    expect(speaker.session.online.get(m.facilitator.id)?.role).toBe('facilitator')
    // Nor may the projector's connection act for its opener.
    const refused = await screen.session.send('floor.end', {})
    expect(refused.ok).toBe(false)
  })

  it('opens for a participant of a closed (not public) meeting, still without names, and stays shut to others', async () => {
    const m = await liveMeeting(cleanups, { isPublic: false })
    const [a] = m.deliberators
    m.db.update(users).set({ displayName: '欧阳发言' }).where(eq(users.id, a!.id)).run()
    const fac = await m.join(m.facilitator.cookie)
    expect((await fac.session.send('meeting.start', {})).ok).toBe(true)
    const speaker = await m.join(a!.cookie)
    expect((await speaker.session.send('hand.raise', {})).ok).toBe(true)
    const screen = await projector(m.url(), m.meeting.id, a!.cookie)
    expect(screen.session.error).toBeNull()
    expect(screen.session.state.queue.map(h => h.name)).toEqual(['议事员 1'])
    expect(JSON.stringify([screen.got, screen.session.state])).not.toContain('欧阳发言')
    const outsider = await projector(m.url(), m.meeting.id, m.outsider.cookie)
    expect(outsider.session.error).toBe('forbidden')
    const anonymous = await projector(m.url(), m.meeting.id)
    expect(anonymous.session.error).toBe('unauthorized')
  })
})
