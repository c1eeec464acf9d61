import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { users } from '#db/schema/index'
import { joinAs, meetingFixture, observeMeeting, startServer, waitFor } from '../realtime/helpers'

let close: (() => Promise<void>) | null = null
afterEach(async () => {
  await close?.()
  close = null
})

describe('observers of a public live meeting', () => {
  it('see what is said, under pseudonyms (议事员 1…) and without user ids, like the published minutes', async () => {
    const f = await meetingFixture({ isPublic: true })
    const server = await startServer(f.db)
    close = server.close
    const [a] = f.deliberators
    f.db.update(users).set({ displayName: '欧阳发言' }).where(eq(users.id, a!.id)).run()
    const fac = await joinAs(server.url, f.meeting.id, f.facilitator.cookie)
    expect((await fac.session.send('meeting.start', {})).ok).toBe(true)
    const speaker = await joinAs(server.url, f.meeting.id, a!.cookie)
    const early = await observeMeeting(server.url, f.meeting.id)
    expect((await speaker.session.send('statement.post', { text: '建议开放学校对面空地临时停车。' })).ok).toBe(true)
    expect((await speaker.session.send('hand.raise', {})).ok).toBe(true)
    const late = await observeMeeting(server.url, f.meeting.id)
    await waitFor(() => JSON.stringify(early.got).includes('hand.raise'), 5000, 'live events')
    await new Promise(r => setTimeout(r, 1200)) // a presence round

    for (const { got } of [early, late]) {
      const text = JSON.stringify(got)
      expect(text).toContain('建议开放学校对面空地临时停车。')
      expect(text).toContain('议事员 1')
      expect(text).not.toContain('欧阳发言')
      expect(text).not.toContain('欧***')
      for (const id of [a!.id, f.facilitator.id]) {
        expect(text).not.toContain(`"userId":${id},`)
        expect(text).not.toContain(`"userId":${id}}`)
        expect(text).not.toContain(`"actorId":${id},`)
        expect(text).not.toContain(`u:${id}"`)
      }
    }
    // The observer page's own client builds the room from the masked stream.
    const viewer = await joinAs(server.url, f.meeting.id)
    await waitFor(() => (viewer.session.state?.statements.length ?? 0) === 1, 5000, 'observer state')
    expect(viewer.session.error).toBeFalsy()
    expect(viewer.session.state!.statements[0]).toMatchObject({ text: '建议开放学校对面空地临时停车。', name: '议事员 1' })
    expect(viewer.session.state!.queue.map(q => q.name)).toEqual(['议事员 1'])
    viewer.socket.disconnect()
    // The people in the meeting still see each other by name.
    await waitFor(() => Object.values(fac.session.state?.attendance ?? {}).some(x => x.name === '欧阳发言'), 5000, 'names for participants')
    for (const s of [early.socket, late.socket, fac.socket, speaker.socket]) s.disconnect()
  })

  it('see statements with the names typed into them replaced by pseudonyms and phone numbers replaced whole, as in the published minutes', async () => {
    const f = await meetingFixture({ isPublic: true })
    const server = await startServer(f.db)
    close = server.close
    const [a, b] = f.deliberators
    f.db.update(users).set({ displayName: '欧阳发言' }).where(eq(users.id, a!.id)).run()
    f.db.update(users).set({ displayName: '司马附议' }).where(eq(users.id, b!.id)).run()
    const fac = await joinAs(server.url, f.meeting.id, f.facilitator.cookie)
    expect((await fac.session.send('meeting.start', {})).ok).toBe(true)
    const speaker = await joinAs(server.url, f.meeting.id, a!.cookie)
    const seconder = await joinAs(server.url, f.meeting.id, b!.cookie)
    const early = await observeMeeting(server.url, f.meeting.id)
    const said = '我是欧阳发言，同意司马附议的意见，有事打我电话13911112222。'
    expect((await speaker.session.send('statement.post', { text: said })).ok).toBe(true)
    await waitFor(() => JSON.stringify(early.got).includes('同意'), 5000, 'the statement reaches observers')
    const late = await observeMeeting(server.url, f.meeting.id)
    for (const { got } of [early, late]) {
      const text = JSON.stringify(got)
      expect(text).toContain('我是议事员 1，同意议事员 2的意见')
      for (const secret of ['欧阳发言', '司马附议', '13911112222', '1112222', '139****2222']) expect(text).not.toContain(secret)
      expect(text).toContain('有事打我电话【电话】')
    }
    // The people in the meeting read the statement as written.
    await waitFor(() => (fac.session.state?.statements ?? []).some(st => st.text === said), 5000, 'participants read it as written')
    for (const s of [early.socket, late.socket, fac.socket, speaker.socket, seconder.socket]) s.disconnect()
  })
})
