import { describe, expect, it } from 'vitest'
import { makeT } from '#app/i18n/index'
import { buildMinutesMarkdown } from '#meetings/minutes'
import { applyMeetingEvent, initialMeetingState } from '#meetings/state'

// The minutes say how long each agenda item actually ran (not only when it
// started), and count turns in words that read right for one.

const at = (min: number, sec = 0) => new Date(Date.UTC(2026, 10, 21, 11, min, sec)).toISOString()

function meeting() {
  const s = initialMeetingState()
  let seq = 0
  const apply = (min: number, type: string, actorId: number | null, payload: object, sec = 0) =>
    applyMeetingEvent(s, { meetingId: 1, seq: ++seq, type, actorId, inRoom: false, payload, createdAt: at(min, sec) } as Parameters<
      typeof applyMeetingEvent
    >[1])
  apply(0, 'meeting.start', 1, {})
  apply(0, 'attendance.joined', 2, { key: 'u:2', name: '王阿姨', role: 'deliberator' })
  apply(1, 'agenda.set', 1, { itemId: 10 })
  apply(1, 'floor.give', 1, { key: 'u:2', userId: 2, name: '王阿姨', seconds: 120 })
  apply(2, 'floor.end', 1, {}, 30)
  // The briefing runs 1 → 13 (12 minutes), the statements 13 → 13:20, then back to the briefing 13:20 → 19:40.
  apply(13, 'agenda.set', 1, { itemId: 11 })
  apply(13, 'agenda.set', 1, { itemId: 10 }, 20)
  apply(19, 'meeting.end', 1, {}, 40)
  return s
}

const agenda = [
  { id: 10, title: '情况通报', plannedMinutes: 10 },
  { id: 11, title: '各方陈述', plannedMinutes: 30 },
  { id: 12, title: '表决', plannedMinutes: 10 },
]
const build = (locale: 'zh' | 'en') =>
  buildMinutesMarkdown(
    { title: '议事会', topicTitle: '路口', startsAt: at(0), place: null, mode: 'hybrid', agenda },
    [{ userId: 2, role: 'deliberator', name: '王阿姨' }],
    meeting(),
    { t: makeT(locale), time: x => new Date(x).toISOString().slice(11, 16) },
  )

describe('the minutes of a meeting that ran its agenda', () => {
  it('give each item its actual length beside the planned one, all its visits counted, in Chinese', () => {
    const md = build('zh')
    expect(md).toContain('1. 情况通报（计划 10 分钟，实际 18 分钟，11:01 开始）')
    expect(md).toContain('2. 各方陈述（计划 30 分钟，实际不到 1 分钟，11:13 开始）')
    expect(md).toContain('3. 表决（计划 10 分钟）')
    expect(md).toContain('- 王阿姨：1 次，共 90 秒')
  })

  it('and in English, where one turn is one turn', () => {
    const md = build('en')
    expect(md).toContain('1. 情况通报 (planned 10 min, took 18 min, started 11:01)')
    expect(md).toContain('2. 各方陈述 (planned 30 min, took under 1 min, started 11:13)')
    expect(md).toContain('- 王阿姨: 1 turn, 90 s in total')
    expect(md).not.toContain('turn(s)')
  })
})
