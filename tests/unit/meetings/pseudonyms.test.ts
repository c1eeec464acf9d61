import { describe, expect, it } from 'vitest'
import { translate } from '#app/i18n/index'
import type { MeetingEvent } from '#meetings/commands'
import { publicName, publicNameReplacer, publicPeople, readPublicName, ROLE_NAMES, STAFF_ROLE_NAMES, type StaffRole } from '#meetings/pseudonyms'
import { foldMeeting } from '#meetings/state'
import { PARTICIPANT_ROLES } from '#meetings/types'

const at = (seq: number) => new Date(Date.UTC(2026, 10, 21, 11, seq)).toISOString()
const ev = (seq: number, type: string, payload: object, actorId: number | null = 9, inRoom = false) =>
  ({ meetingId: 1, seq, type, payload, actorId, inRoom, createdAt: at(seq) }) as MeetingEvent

describe('the public’s names for the people in a meeting', () => {
  it('are written as the Chinese catalog writes them, and read back', () => {
    for (const role of Object.keys(STAFF_ROLE_NAMES) as StaffRole[]) {
      expect(publicName({ role })).toBe(translate('zh', `meeting.role.${role}`))
      expect(readPublicName(publicName({ role }))).toEqual({ role })
    }
    expect(publicName({ role: 'deliberator', n: 3 })).toBe(translate('zh', 'meeting.pseudonym', { n: 3 }))
    expect(publicName({ role: 'deliberator', n: null })).toBe(translate('zh', 'meeting.pseudonymAny'))
    expect(readPublicName('议事员 12')).toEqual({ role: 'deliberator', n: 12 })
    expect(readPublicName('楼道长')).toBeNull()
    for (const role of PARTICIPANT_ROLES) expect(ROLE_NAMES[role]).toBe(translate('zh', `meeting.role.${role}`))
  })

  it('replace names in minutes without repeating the role a name is followed by', () => {
    const replace = publicNameReplacer(
      new Map([
        ['周老师', '促动师'],
        ['张三丰', '议事员 1'],
      ]),
    )
    expect(replace('- 周老师（促动师，线上）\n- 张三丰（议事代表，现场）\n张三丰：同意周老师（促动师）的意见')).toBe(
      '- 促动师（线上）\n- 议事员 1（现场）\n议事员 1：同意促动师的意见',
    )
  })

  it('number residents in the order the log first names them, staff aside, and keep each number as others come', () => {
    const log = [
      ev(1, 'meeting.start', {}),
      ev(2, 'attendance.joined', { key: 'u:9', name: '周老师', role: 'facilitator' }),
      ev(3, 'statement.post', { key: 'r:楼道长', name: '楼道长', text: '…', itemId: null }, 4, true),
      ev(4, 'attendance.joined', { key: 'u:5', name: '张三丰', role: 'deliberator' }, 5),
      ev(5, 'hand.raise', { key: 'r:保洁班长', name: '保洁班长' }, 4, true),
      ev(6, 'hand.lower', { key: 'r:保洁班长' }, 4, true),
    ]
    const early = publicPeople(foldMeeting(log))
    expect([...early].map(([key, p]) => [key, publicName(p)])).toEqual([
      ['u:9', '促动师'],
      ['r:楼道长', '议事员 1'],
      ['u:5', '议事员 2'],
      ['r:保洁班长', '议事员 3'],
    ])
    const later = publicPeople(foldMeeting([...log, ev(7, 'statement.post', { key: 'r:网格员', name: '网格员', text: '…', itemId: null }, 4, true)]))
    expect(publicName(later.get('r:保洁班长')!)).toBe('议事员 3')
    expect(publicName(later.get('r:网格员')!)).toBe('议事员 4')
  })
})
