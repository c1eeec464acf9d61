// People who checked in at the door and then vote on their own phones are in
// the room: their ballots count 现场, live and after the close, for every
// viewer (the console, the projector, the public) and after a reconnect.
import { describe, expect, it } from 'vitest'
import { checkInToMeeting, getMeeting, getMeetingState } from '#db/queries/meetings'
import type { MeetingEventPayload } from '#realtime/events'
import { joinAs, liveMeeting, stopAfterEach, waitFor } from './helpers'

const cleanups = stopAfterEach()
const seqOf = (o: { ok: boolean }) => (o as unknown as { event: MeetingEventPayload }).event.seq

async function hybridVote(vote: { anonymous?: boolean; hideResults?: boolean }) {
  const f = await liveMeeting(cleanups, { isPublic: true, deliberators: 3 })
  const token = getMeeting(f.db, f.meeting.id)!.checkInToken
  const [a, b, c] = f.deliberators as [(typeof f.deliberators)[0], (typeof f.deliberators)[0], (typeof f.deliberators)[0]]
  // Two check in at the door with the room's code, then take part on their phones; the third follows from home.
  checkInToMeeting(f.db, { meetingId: f.meeting.id, token, userId: a.id, name: 'A' })
  checkInToMeeting(f.db, { meetingId: f.meeting.id, token, userId: b.id, name: 'B' })
  const fac = await f.join(f.facilitator.cookie)
  const pa = await f.join(a.cookie)
  const pb = await f.join(b.cookie)
  const pc = await f.join(c.cookie)
  const projector = await joinAs(f.url(), f.meeting.id)
  cleanups.push(
    () => projector.session.stop(),
    () => projector.socket.disconnect(),
  )
  const observer = await f.join()
  await fac.session.send('meeting.start', {})
  const voteSeq = seqOf(await fac.session.send('vote.open', { question: '是否同意？', kind: 'single', options: ['同意', '反对'], ...vote }))
  for (const p of [pa, pb, pc]) {
    await waitFor(() => p.session.state.votes.length === 1, 2000, 'vote seen')
    expect((await p.session.send('vote.cast', { voteSeq, ballot: { choice: 0 } })).ok).toBe(true)
  }
  return { f, fac, pa, pb, pc, projector, observer, voteSeq }
}

const split = (v: { ballots: Record<string, { inRoom: boolean }> } | undefined) => {
  const all = Object.values(v?.ballots ?? {})
  return { inRoom: all.filter(b => b.inRoom).length, online: all.filter(b => !b.inRoom).length }
}

describe('ballots of people checked in on site', () => {
  it.each([
    { label: 'open ballot', vote: {} },
    { label: 'secret ballot', vote: { anonymous: true } },
    { label: 'results hidden until closed', vote: { hideResults: true } },
  ])('count in the room, live and closed, for everyone ($label)', async ({ vote }) => {
    const { f, fac, pc, projector, observer, voteSeq } = await hybridVote(vote)
    // Live: the console, a participant, the projector and the public see two in the room and one online.
    for (const who of [fac, pc, projector, observer]) {
      await waitFor(() => Object.keys(who.session.state.votes[0]?.ballots ?? {}).length === 3, 2000, 'ballots seen')
      expect(split(who.session.state.votes[0])).toEqual({ inRoom: 2, online: 1 })
    }
    expect((await fac.session.send('vote.close', { voteSeq })).ok).toBe(true)
    for (const who of [fac, pc, projector, observer]) {
      await waitFor(() => who.session.state.votes[0]?.status === 'closed', 2000, 'closed')
      expect(who.session.state.votes[0]!.results).toMatchObject({ ballots: 3, inRoom: 2, online: 1 })
    }
    // The server's own fold (minutes, reconnects) agrees.
    expect(getMeetingState(f.db, f.meeting.id).votes[0]!.results).toMatchObject({ inRoom: 2, online: 1 })
    // Someone joining afresh replays the log to the same counts.
    const late = await f.join(f.deliberators[2]!.cookie)
    expect(late.session.state.votes[0]!.results).toMatchObject({ inRoom: 2, online: 1 })
  })

  it('a phone that reconnects during an open vote replays the ballots with the same split', async () => {
    const { f, voteSeq } = await hybridVote({ anonymous: true })
    const again = await f.join(f.facilitator.cookie)
    await waitFor(() => Object.keys(again.session.state.votes[0]?.ballots ?? {}).length === 3, 2000, 'ballots replayed')
    expect(split(again.session.state.votes[0])).toEqual({ inRoom: 2, online: 1 })
    expect(again.session.state.votes[0]!.seq).toBe(voteSeq)
  })
})
