import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { users } from '#db/schema/index'
import { joinAs, meetingFixture, observeMeeting, startServer, waitFor } from '../realtime/helpers'

let close: (() => Promise<void>) | null = null
afterEach(async () => {
  await close?.()
  close = null
})

describe('observers of a public live meeting, about people who have not come (yet)', () => {
  it('do not read the name of a participant who has not joined when a statement names them, as the published minutes do not', async () => {
    const f = await meetingFixture({ isPublic: true, deliberators: 3 })
    const server = await startServer(f.db)
    close = server.close
    const [a, , absent] = f.deliberators
    f.db.update(users).set({ displayName: '欧阳发言' }).where(eq(users.id, a!.id)).run()
    // Invited to the meeting, not (yet) in the room: the log has never named them.
    f.db.update(users).set({ displayName: '诸葛缺席' }).where(eq(users.id, absent!.id)).run()
    const fac = await joinAs(server.url, f.meeting.id, f.facilitator.cookie)
    expect((await fac.session.send('meeting.start', {})).ok).toBe(true)
    const speaker = await joinAs(server.url, f.meeting.id, a!.cookie)
    const early = await observeMeeting(server.url, f.meeting.id)
    expect((await speaker.session.send('statement.post', { text: '诸葛缺席上次也说过楼道充电的事。' })).ok).toBe(true)
    await waitFor(() => JSON.stringify(early.got).includes('楼道充电'), 5000, 'the statement reaches observers')
    const late = await observeMeeting(server.url, f.meeting.id)
    for (const { got } of [early, late]) {
      const text = JSON.stringify(got)
      expect(text).toContain('上次也说过楼道充电的事。')
      expect(text).not.toContain('诸葛缺席')
    }
    // The people in the meeting read it as written.
    await waitFor(() => (fac.session.state?.statements ?? []).some(st => st.text.startsWith('诸葛缺席')), 5000, 'participants read it as written')
    for (const s of [early.socket, late.socket, fac.socket, speaker.socket]) s.disconnect()
  })
})
