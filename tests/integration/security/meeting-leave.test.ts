import { afterEach, describe, expect, it } from 'vitest'
import { presenceTracked } from '#realtime/meeting.handlers'
import { connect, joinAs, meetingFixture, startServer, waitFor } from '../realtime/helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

describe('meeting:leave', () => {
  it('for meetings never joined keeps no state, and a meeting everyone left is forgotten', async () => {
    const f = await meetingFixture()
    const server = await startServer(f.db)
    cleanups.push(server.close)
    const socket = connect(server.url, f.outsider.cookie)
    cleanups.push(() => socket.disconnect())
    await waitFor(() => socket.connected, 5000, 'connect')
    for (let i = 0; i < 30; i++) {
      const ack = await socket.timeout(2000).emitWithAck('meeting:leave', { meetingId: 1_000_000 + i })
      expect(ack).toEqual({ data: true })
    }
    expect(presenceTracked(server.io)).toBe(0)

    const member = await joinAs(server.url, f.meeting.id, f.deliberators[0]!.cookie)
    cleanups.push(
      () => member.session.stop(),
      () => member.socket.disconnect(),
    )
    expect(presenceTracked(server.io)).toBe(1)
    expect(await member.socket.timeout(2000).emitWithAck('meeting:leave', { meetingId: f.meeting.id })).toEqual({ data: true })
    await waitFor(() => presenceTracked(server.io) === 0, 5000, 'presence forgotten')
  })
})
