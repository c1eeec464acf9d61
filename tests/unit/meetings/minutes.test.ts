import { describe, expect, it } from 'vitest'
import { buildMinutesMarkdown } from '#meetings/minutes'
import { applyMeetingEvent, initialMeetingState } from '#meetings/state'

describe('the minutes builder', () => {
  it('writes with the translations and the time format it is given, and nothing of its own', () => {
    const s = initialMeetingState()
    applyMeetingEvent(s, { meetingId: 1, seq: 1, type: 'meeting.start', actorId: 1, inRoom: false, payload: {}, createdAt: '2026-11-21T11:00:00Z' })
    applyMeetingEvent(s, {
      meetingId: 1,
      seq: 2,
      type: 'attendance.joined',
      actorId: 2,
      inRoom: false,
      payload: { key: 'u:2', name: '居民甲', role: 'deliberator' },
      createdAt: '2026-11-21T11:01:00Z',
    })
    const md = buildMinutesMarkdown(
      { title: '议事会', topicTitle: '路口', startsAt: '2026-11-21T11:00:00Z', place: null, mode: 'online', agenda: [] },
      [{ userId: 2, role: 'deliberator', name: '居民甲' }],
      s,
      {
        t: (key, params) => `[${key}${params ? ` ${JSON.stringify(params)}` : ''}]`,
        time: (at, withDate) => `<${withDate ? 'date ' : ''}${String(at)}>`,
      },
    )
    expect(md.split('\n').slice(0, 5)).toEqual([
      '# [minutes.title]：议事会',
      '',
      '- [minutes.md.topic]：路口',
      '- [minutes.md.time]：<date 2026-11-21T11:00:00Z>',
      '- [minutes.md.mode]：[meeting.mode.online]',
    ])
    expect(md).toContain('- [minutes.md.attendanceLine {"name":"居民甲","role":"[meeting.role.deliberator]","where":"[room.onlineMark]"}]')
    expect(md).toContain('[minutes.md.noDecisions]')
  })
})
