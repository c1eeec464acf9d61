import { afterEach, describe, expect, it } from 'vitest'
import { joinAs, meetingFixture, startServer } from './helpers'

let close: (() => Promise<void>) | null = null
afterEach(async () => {
  await close?.()
  close = null
})

describe('one resident in two tabs', () => {
  it('a secret ballot cast in one tab: the other tab, refused a second ballot, counts the vote as cast (the form gives way to “you have voted”)', async () => {
    const f = await meetingFixture({ isPublic: true })
    const server = await startServer(f.db)
    close = server.close
    const fac = await joinAs(server.url, f.meeting.id, f.facilitator.cookie)
    expect((await fac.session.send('meeting.start', {})).ok).toBe(true)
    const opened = await fac.session.send('vote.open', { question: '是否加装充电桩？', kind: 'single', options: ['同意', '不同意'], anonymous: true })
    expect(opened.ok).toBe(true)
    const voteSeq = (opened as { ok: true; event: { seq: number } }).event.seq
    const phone = await joinAs(server.url, f.meeting.id, f.deliberators[0]!.cookie)
    const laptop = await joinAs(server.url, f.meeting.id, f.deliberators[0]!.cookie)
    expect((await phone.session.send('vote.cast', { voteSeq, ballot: { choice: 0 } })).ok).toBe(true)
    const again = await laptop.session.send('vote.cast', { voteSeq, ballot: { choice: 1 } })
    expect(again.ok).toBe(false)
    expect(laptop.session.myVotes.has(voteSeq)).toBe(true)
    for (const c of [fac, phone, laptop]) c.socket.disconnect()
  })
})
