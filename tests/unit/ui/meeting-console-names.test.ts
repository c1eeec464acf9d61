import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { AgendaControls } from '#app/components/meeting/console-controls'
import { Balance, FloorAndQueue } from '#app/components/meeting/floor'
import { FollowColumn } from '#app/components/meeting/follow-column'
import type { MeetingSession } from '#app/components/meeting/meeting-session'
import { People } from '#app/components/meeting/people'
import { Votes } from '#app/components/meeting/votes'
import { LocaleContext } from '#app/i18n/index'
import { initialMeetingState } from '#meetings/state'
import type { MeetingState } from '#meetings/types'
import { openVote } from './meeting-vote'

const noop = async () => false
const facilitator = { userId: 1, role: 'facilitator' }
const participants = [
  { userId: 1, role: 'facilitator', name: '周老师' },
  { userId: 2, role: 'deliberator', name: '王阿姨' },
  { userId: 3, role: 'deliberator', name: '李师傅' },
]
function liveRoom(): MeetingState {
  const s = initialMeetingState()
  s.status = 'live'
  s.queue = [
    { key: 'u:2', userId: 2, name: '王阿姨', inRoom: false, at: '2026-11-21T11:00:00Z' },
    { key: 'u:3', userId: 3, name: '李师傅', inRoom: true, at: '2026-11-21T11:01:00Z' },
  ] as MeetingState['queue']
  return s
}
const render = (el: ReturnType<typeof createElement>, locale: 'zh' | 'en' = 'zh') =>
  renderToStaticMarkup(createElement(LocaleContext.Provider, { value: locale }, el))
/** Each button's accessible name: its aria-label, else its text. */
const buttonNames = (html: string) =>
  [...html.matchAll(/<button([^>]*)>(.*?)<\/button>/g)].map(m => /aria-label="([^"]*)"/.exec(m[1]!)?.[1] ?? m[2]!.replace(/<[^>]+>/g, ''))

describe('the facilitator’s per-person buttons', () => {
  it('keep the name out of the button text, so it is not on the page twice', () => {
    const html = render(createElement(FloorAndQueue, { s: liveRoom(), me: facilitator, run: noop, offset: 0, facilitate: true }))
    expect(html.match(/王阿姨/g)).toHaveLength(3)
    expect([...html.matchAll(/<button[^>]*>(.*?)<\/button>/g)].map(m => m[1])).toEqual(['请发言', '移出队列', '请发言', '移出队列'])
  })

  it('name the person in the queue and among those not yet heard', () => {
    const s = liveRoom()
    expect(buttonNames(render(createElement(FloorAndQueue, { s, me: facilitator, run: noop, offset: 0, facilitate: true })))).toEqual([
      '请发言（王阿姨）',
      '移出队列（王阿姨）',
      '请发言（李师傅）',
      '移出队列（李师傅）',
    ])
    expect(buttonNames(render(createElement(Balance, { s, participants, run: noop, facilitate: true }), 'en'))).toEqual([
      'Give the floor (王阿姨)',
      'Give the floor (李师傅)',
    ])
  })

  it('name the participant on mute and remove', () => {
    const session = { online: new Map(), anonymous: 0 } as unknown as MeetingSession
    const names = buttonNames(render(createElement(People, { s: liveRoom(), participants, session, run: noop, facilitate: true, me: facilitator })))
    expect(names).toEqual(['静音（王阿姨）', '移出会议（王阿姨）', '静音（李师傅）', '移出会议（李师傅）'])
  })
})

describe('being given the floor', () => {
  it('is said in a status region that is there before the floor is given, so a screen reader reads it out', () => {
    const me = { userId: 2, role: 'deliberator' }
    const waiting = liveRoom()
    const before = render(createElement(FloorAndQueue, { s: waiting, me, run: noop, offset: 0, facilitate: false }))
    expect(before).toMatch(/<p role="status" class="visually-hidden"><\/p>/)
    const speaking = liveRoom()
    speaking.queue = speaking.queue.slice(1)
    speaking.floor = { key: 'u:2', userId: 2, name: '王阿姨', inRoom: false, at: '2026-11-21T11:02:00Z', seconds: 120 } as MeetingState['floor']
    expect(render(createElement(FloorAndQueue, { s: speaking, me, run: noop, offset: 0, facilitate: false }))).toContain(
      '<p role="status" class="ok">轮到您发言了，请开始。</p>',
    )
    // Someone else speaking is not announced as the viewer's turn.
    expect(
      render(createElement(FloorAndQueue, { s: speaking, me: { userId: 3, role: 'deliberator' }, run: noop, offset: 0, facilitate: false })),
    ).not.toContain('轮到您发言')
  })
})

describe('a vote opening', () => {
  it('is announced in a status region until the viewer has voted', () => {
    const s = liveRoom()
    const meeting = { id: 1, title: '议事会', agenda: [] } as unknown as Parameters<typeof FollowColumn>[0]['meeting']
    const me = { userId: 2, role: 'deliberator' }
    const column = (voted: Set<number>) => render(createElement(FollowColumn, { meeting, s, offset: 0, voted, me, run: noop }))
    expect(column(new Set())).toContain('<p role="status" class="visually-hidden"></p>')
    s.votes = [openVote()]
    expect(column(new Set())).toContain('<p role="status" class="visually-hidden">表决已开始：是否开放临时车位？</p>')
    expect(column(new Set([9]))).not.toContain('表决已开始')
  })
})

describe('the facilitator’s per-item buttons', () => {
  it('name the agenda item to go to and the vote to close', () => {
    const s = liveRoom()
    const meeting = {
      id: 1,
      title: '议事会',
      agenda: [
        { id: 10, position: 1, title: '情况通报', plannedMinutes: 10 },
        { id: 11, position: 2, title: '方案讨论', plannedMinutes: 40 },
      ],
    } as unknown as Parameters<typeof AgendaControls>[0]['meeting']
    s.currentItemId = 10
    expect(buttonNames(render(createElement(AgendaControls, { meeting, s, run: noop }))).filter(n => n.startsWith('进入此议程'))).toEqual([
      '进入此议程（方案讨论）',
    ])
    s.votes = [openVote()]
    expect(buttonNames(render(createElement(Votes, { s, me: facilitator, run: noop, voted: new Set<number>(), facilitate: true })))).toContain(
      '结束表决（是否开放临时车位？）',
    )
  })
})
