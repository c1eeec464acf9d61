import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { AgendaNow } from '#app/components/meeting/agenda-now'
import { FollowColumn } from '#app/components/meeting/follow-column'
import type { MeetingSession } from '#app/components/meeting/meeting-session'
import { MeetingShell } from '#app/components/meeting/meeting-shell'
import { Statements } from '#app/components/meeting/statements'
import { actingAs } from '#app/components/meeting/view-types'
import { initialMeetingState } from '#meetings/state'
import type { MeetingState } from '#meetings/types'
import { openVote } from './meeting-vote'

const noop = async () => false
const shell = (session: Partial<MeetingSession>, status: string) =>
  renderToStaticMarkup(
    createElement(MeetingShell, {
      title: '路口议事会',
      session: { state: initialMeetingState(), joined: false, error: null, pendingCount: 0, ...session } as MeetingSession,
      connected: true,
      status,
      live: () => null,
    }),
  )

describe('entering the live room', () => {
  it('shows the meeting’s stored status while connecting, not “not started” for a meeting that is live', () => {
    const html = shell({}, 'live')
    expect(html).toContain('进行中')
    expect(html).not.toContain('未开始')
    expect(html).toContain('正在连接…')
  })

  it('when entry is refused, says why and no longer claims to be connecting', () => {
    const html = shell({ error: 'forbidden' }, 'live')
    expect(html).toContain('您不能进入这个会场。')
    expect(html).not.toContain('正在连接…')
  })
})

describe('a deliberator removed by the facilitator', () => {
  it('keeps following the meeting with nothing left to press', () => {
    const s: MeetingState = initialMeetingState()
    s.status = 'live'
    s.removed[2] = true
    s.votes = [openVote()]
    const meeting = { id: 1, title: '议事会', agenda: [] } as unknown as Parameters<typeof FollowColumn>[0]['meeting']
    const me = actingAs(s.removed, { userId: 2, role: 'deliberator' })
    const html = renderToStaticMarkup(
      createElement(
        'div',
        null,
        createElement(FollowColumn, { meeting, s, offset: 0, voted: new Set<number>(), me, run: noop }),
        createElement(Statements, { s, me, run: noop, facilitate: false }),
      ),
    )
    expect(html).toContain('是否开放临时车位？')
    for (const control of ['举手发言', '>投票<', '<textarea']) expect(html).not.toContain(control)
    // Someone still in the meeting keeps them.
    expect(actingAs(s.removed, { userId: 3, role: 'deliberator' })).toEqual({ userId: 3, role: 'deliberator' })
  })
})

describe('the room once the meeting has ended', () => {
  it('shows no current item or timer and offers no reactions', () => {
    const s: MeetingState = initialMeetingState()
    s.status = 'ended'
    s.currentItemId = 10
    s.timer = { at: '2026-11-21T11:00:00Z', seconds: 600 } as MeetingState['timer']
    s.statements = [
      {
        seq: 3,
        no: 1,
        key: 'u:2',
        userId: 2,
        name: '王阿姨',
        inRoom: false,
        at: '2026-11-21T11:01:00Z',
        text: '路口需要协管员',
        replyTo: null,
        hidden: null,
        reactions: {},
      },
    ]
    const meeting = { id: 1, title: '议事会', agenda: [{ id: 10, position: 1, title: '情况通报', plannedMinutes: 10 }] } as unknown as Parameters<
      typeof AgendaNow
    >[0]['meeting']
    const now = renderToStaticMarkup(createElement(AgendaNow, { meeting, s, offset: 0 }))
    expect(now).toContain('会议已结束。')
    expect(now).not.toContain('情况通报')
    expect(now).not.toContain('role="timer"')
    const list = renderToStaticMarkup(createElement(Statements, { s, me: { userId: 5, role: 'deliberator' }, run: noop, facilitate: false }))
    const reactions = [...list.matchAll(/<button[^>]*aria-pressed[^>]*>/g)].map(m => m[0])
    expect(reactions).toHaveLength(2)
    for (const b of reactions) expect(b).toContain('disabled')
  })
})
