import { describe, expect, it } from 'vitest'
import type { MeetingEvent } from '#meetings/commands'
import { maskEventForObservers, maskPresenceForObservers, meetingPseudonyms } from '#realtime/observer-view'

const attendance = {
  'u:41': { key: 'u:41', userId: 41, name: '欧阳发言', inRoom: false, at: '' },
  'r:张桂兰': { key: 'r:张桂兰', userId: null, name: '张桂兰', inRoom: true, at: '' },
  'u:7': { key: 'u:7', userId: 7, name: '李主持', inRoom: false, at: '', role: 'facilitator' },
}

describe('the observers’ view of meeting events', () => {
  it('numbers people by arrival, the same on every process folding the same log', () => {
    const a = meetingPseudonyms({ attendance } as never)
    const b = meetingPseudonyms({ attendance: { ...attendance } } as never)
    expect([a.id(41), a.id(7), a.id(99)]).toEqual([-1, -3, 0])
    expect([b.id(41), b.id(7)]).toEqual([a.id(41), a.id(7)])
    expect(a.tag('张桂兰')).toBe('#2')
  })

  it('masks names (residents as 议事员 1, 2… by arrival, staff by role), ids and keys wherever they sit in an event', () => {
    const p = meetingPseudonyms({ attendance } as never)
    const floor: MeetingEvent = {
      meetingId: 1,
      seq: 9,
      type: 'floor.give',
      actorId: 7,
      inRoom: false,
      createdAt: '',
      payload: { key: 'r:张桂兰', userId: null, name: '张桂兰', inRoom: true, seconds: 120 },
    }
    expect(maskEventForObservers(floor, p)).toEqual({
      ...floor,
      actorId: -3,
      payload: { key: 'r:#2', userId: null, name: '议事员 2', inRoom: true, seconds: 120 },
    })
    const ballot: MeetingEvent = {
      meetingId: 1,
      seq: 10,
      type: 'vote.cast',
      actorId: 41,
      inRoom: false,
      createdAt: '',
      payload: { voteSeq: 8, voter: 'u:41', name: '欧阳发言', ballot: { choice: 0 } },
    }
    expect(maskEventForObservers(ballot, p).payload).toEqual({ voteSeq: 8, voter: 'u:-1', name: '议事员 1', ballot: { choice: 0 } })
    const online = [
      { userId: 41, role: 'deliberator', name: '欧阳发言' },
      { userId: 7, role: 'facilitator', name: '李主持' },
    ]
    expect(maskPresenceForObservers({ meetingId: 1, online, offline: [7], anonymous: 2 }, p)).toEqual({
      meetingId: 1,
      online: [
        { userId: -1, role: 'deliberator', name: '议事员 1' },
        { userId: -3, role: 'facilitator', name: '促动师' },
      ],
      offline: [-3],
      anonymous: 2,
    })
  })
})
