import { describe, expect, it } from 'vitest'
import { makeT } from '#app/i18n/index'
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
      '# [common.labelled {"label":"[minutes.title]","value":"议事会"}]',
      '',
      '- [common.labelled {"label":"[minutes.md.topic]","value":"路口"}]',
      '- [common.labelled {"label":"[minutes.md.time]","value":"<date 2026-11-21T11:00:00Z>"}]',
      '- [common.labelled {"label":"[minutes.md.mode]","value":"[meeting.mode.online]"}]',
    ])
    // No punctuation of its own: an English draft gets English colons.
    expect(md).not.toMatch(/[：（）、]/)
    expect(md).toContain('- [minutes.md.attendanceLine {"name":"居民甲","role":"[meeting.role.deliberator]","where":"[room.onlineMark]"}]')
    expect(md).toContain('[minutes.md.noDecisions]')
  })

  it('writes an English draft without Chinese punctuation and names the vote a decision rests on by its question', () => {
    const s = initialMeetingState()
    let seq = 0
    const at = (min: number) => `2026-11-21T11:${String(min).padStart(2, '0')}:00Z`
    const apply = (type: string, actorId: number | null, payload: object, inRoom = false) =>
      applyMeetingEvent(s, { meetingId: 1, seq: ++seq, type, actorId, inRoom, payload, createdAt: at(seq) } as Parameters<typeof applyMeetingEvent>[1])
    apply('meeting.start', 1, {})
    apply('attendance.checkin', null, { key: 'r:Mrs Wang', name: 'Mrs Wang', room: true }, true)
    apply('statement.post', null, { key: 'r:Mrs Wang', name: 'Mrs Wang', text: 'Parents park on the crossing.' }, true)
    apply('proposal.draft', 1, { title: 'Open 19 parking spaces', text: 'Across the school.', fromSeqs: [3] })
    apply('vote.open', 1, {
      question: 'Open the spaces?',
      kind: 'single',
      options: ['Yes', 'No'],
      anonymous: false,
      hideResults: false,
      quorum: 0,
      proposalSeq: 4,
    })
    apply('vote.close', 1, { voteSeq: 5, results: { ballots: 1, online: 0, inRoom: 1, perOption: [1, 0], quorum: 0, quorumMet: true, leader: 0 } })
    apply('proposal.decide', 1, { proposalSeq: 4, outcome: 'adopted', voteSeq: 5 })
    apply('meeting.end', 1, {})
    const md = buildMinutesMarkdown({ title: 'Crossing meeting', topicTitle: 'Crossing', startsAt: at(0), place: 'Hall', mode: 'hybrid', agenda: [] }, [], s, {
      t: makeT('en'),
      time: x => String(x),
    })
    expect(md).toContain('# Minutes: Crossing meeting')
    expect(md).toContain('1. Mrs Wang (in room): Parents park on the crossing.')
    expect(md).toContain('- **Open 19 parking spaces**: Across the school.')
    expect(md).toContain('  - Yes: 1')
    expect(md).toContain('- Adopted: Open 19 parking spaces (by the vote: Open the spaces?)')
    expect(md).not.toMatch(/[：（）、]|\(#\d+\)/)
  })
})
