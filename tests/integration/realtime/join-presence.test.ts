import { afterEach, describe, expect, it, vi } from 'vitest'
import { getDisplayNames } from '#db/queries/meetings'
import type { Ack, MeetingJoinResult } from '#realtime/events'
import { connect, liveMeeting, stopAfterEach, waitFor } from './helpers'

const cleanups = stopAfterEach()
afterEach(() => vi.restoreAllMocks())

/** A connected socket, and its join answer as it arrives on the wire when asked for. */
async function connected(url: string, cookie?: string) {
  const socket = connect(url, cookie)
  cleanups.push(() => socket.disconnect())
  await waitFor(() => socket.connected, 5000, 'connect')
  return async (meetingId: number) => {
    const reply = (await socket.emitWithAck('meeting:join', { meetingId, sinceSeq: 0 })) as Ack<MeetingJoinResult>
    if (!('data' in reply)) throw new Error(`join refused: ${reply.error}`)
    return reply.data
  }
}

/** Serialisations holding a list of at least `n` people online (a join answer's presence, not a change of one or two). */
const presenceEncodings = (spy: { mock: { results: { value: unknown }[] } }, n: number) =>
  spy.mock.results.filter(r => typeof r.value === 'string' && new RegExp(`"online":\\[(\\{[^{}]*\\},?){${n}}`).test(r.value)).length

describe("a join answer's list of everyone online", () => {
  it('is serialised once per audience while nobody comes or goes, and each audience receives it as before', async () => {
    const f = await liveMeeting(cleanups, { isPublic: true, deliberators: 3 })
    const url = f.url()
    await f.join(f.facilitator.cookie)
    for (const d of f.deliberators) await f.join(d.cookie)
    // The server lists the room at most once a second: wait until it knows all four.
    await waitFor(() => false, 1500, 'presence round').catch(() => {})
    const names = getDisplayNames(
      f.db,
      f.deliberators.map(d => d.id),
    )

    const memberSockets = [await connected(url, f.deliberators[0]!.cookie), await connected(url, f.deliberators[1]!.cookie)]
    const observerSockets = [await connected(url), await connected(url)]
    // All four join together, well within the second before the server next lists the room.
    const stringify = vi.spyOn(JSON, 'stringify')
    const [members, observers] = await Promise.all([
      Promise.all(memberSockets.map(join => join(f.meeting.id))),
      Promise.all(observerSockets.map(join => join(f.meeting.id))),
    ])
    const encodings = presenceEncodings(stringify, 4)
    stringify.mockRestore()

    for (const m of members) {
      for (const d of f.deliberators) expect(m.presence.online).toContainEqual({ userId: d.id, role: 'deliberator', name: names.get(d.id) })
      expect(m.presence.online).toContainEqual({ userId: f.facilitator.id, role: 'facilitator', name: expect.any(String) })
    }
    for (const o of observers) {
      expect(o.presence.online).toHaveLength(4)
      const wire = JSON.stringify(o.presence)
      for (const d of f.deliberators) expect(wire).not.toContain(names.get(d.id))
      expect(o.presence.online.every(p => p.userId < 0)).toBe(true)
      expect(o.presence).toEqual(observers[0]!.presence)
    }
    // One serialisation for the members' answers and one for the observers', not one per joiner.
    expect(encodings).toBe(2)
  })
})
