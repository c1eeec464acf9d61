import { createElement, type ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Proposals } from '#app/components/meeting/proposals'
import { Statements } from '#app/components/meeting/statements'
import { LocaleContext } from '#app/i18n/index'
import { draftMinutes } from '#app/services/meetings.server'
import type { MeetingEvent } from '#meetings/commands'
import { planCommand } from '#meetings/planning'
import { foldForAudience, fromSnapshot, toSnapshot } from '#meetings/snapshot'
import { applyMeetingEvent, foldMeeting, initialMeetingState } from '#meetings/state'
import type { MeetingState, ParticipantRole } from '#meetings/types'

const FAC = 1
const ANN = 2
const BEN = 3
const roles: Record<number, ParticipantRole> = { [FAC]: 'facilitator', [ANN]: 'deliberator', [BEN]: 'deliberator' }

/** A fresh meeting: started, an agenda item, a timer and a raised hand before anyone says anything (five events), then three statements, one hidden. */
function freshMeeting() {
  const s = initialMeetingState()
  const log: MeetingEvent[] = []
  let clock = Date.parse('2026-11-21T11:00:00Z')
  const run = (userId: number, type: string, payload: unknown = {}) => {
    const plan = planCommand(s, { userId, role: roles[userId] ?? null, name: `u${userId}`, agendaItemIds: [10], speakerSeconds: 120 }, type, payload)
    if (!plan.ok) throw new Error(`${type}: ${plan.error}`)
    clock += 30_000
    const e = { ...plan.event, meetingId: 1, seq: s.lastSeq + 1, actorId: userId, createdAt: new Date(clock).toISOString() } as MeetingEvent
    log.push(e)
    applyMeetingEvent(s, e)
    return e.seq
  }
  run(FAC, 'meeting.start')
  run(FAC, 'agenda.set', { itemId: 10 })
  run(FAC, 'timer.start', { seconds: 120 })
  run(FAC, 'timer.stop')
  run(BEN, 'hand.raise')
  const first = run(ANN, 'statement.post', { text: '路口需要协管员' })
  const second = run(BEN, 'statement.post', { text: '同意', replyTo: first })
  const third = run(ANN, 'statement.post', { text: '我的电话 13800001111' })
  run(FAC, 'message.hide', { targetSeq: third, reason: '个人信息' })
  run(FAC, 'proposal.draft', { title: '设协管员', fromSeqs: [first, second] })
  return { s, log, seqs: [first, second, third] }
}

const noop = async () => false
const render = <P extends object>(node: (props: P) => ReactElement, props: P) =>
  renderToStaticMarkup(createElement(LocaleContext.Provider, { value: 'zh' }, createElement(node, props)))

describe('statement numbers', () => {
  it('count the statements of the meeting, 1, 2, 3, not their place in its log', () => {
    const { s, seqs } = freshMeeting()
    expect(seqs[0]).toBeGreaterThan(5)
    expect(s.statements.map(st => st.no)).toEqual([1, 2, 3])
  })

  it('are the same after a reload, from a snapshot, and for observers who do not see a hidden text', () => {
    const { s, log } = freshMeeting()
    expect(foldMeeting(log).statements.map(st => st.no)).toEqual([1, 2, 3])
    const half = foldMeeting(log.slice(0, 7))
    const resumed = foldMeeting(log.slice(7), fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(half)))))
    expect(resumed.statements.map(st => st.no)).toEqual([1, 2, 3])
    expect(foldForAudience(log, s, 'observer').statements.map(st => st.no)).toEqual([1, 2, 3])
  })

  it('are what the room, the proposals and the minutes show', () => {
    const { s } = freshMeeting()
    const room = render(Statements, { s, me: { userId: ANN, role: 'deliberator' }, run: noop, facilitate: false })
    expect([...room.matchAll(/<span class="hint">#(\d+)<\/span>/g)].map(m => m[1]).sort()).toEqual(['1', '2'])
    const console = render(Statements, { s, me: { userId: FAC, role: 'facilitator' }, run: noop, facilitate: true })
    expect([...console.matchAll(/<span class="hint">#(\d+)<\/span>/g)].map(m => m[1]).sort()).toEqual(['1', '2', '3'])
    expect(console).toContain('u2 #1')
    expect(render(Proposals, { s, run: noop, facilitate: false })).toContain('来自发言 #1, #2')
    const md = draftMinutes(
      { title: '议事会', topicTitle: '路口', startsAt: '2026-11-21T11:00:00Z', place: null, mode: 'online', agenda: [] },
      [],
      s as MeetingState,
      'zh',
    )
    expect(md).toContain('同意（回复 #1）')
  })
})
