// A proposal is decided (通过 / 不通过) once its vote is over, not while people
// are still voting on it: the console says so instead of offering buttons that
// can only be refused, and the server refuses a decision sent all the same.
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Proposals } from '#app/components/meeting/proposals'
import { LocaleContext } from '#app/i18n/index'
import type { MeetingEvent } from '#meetings/commands'
import { planCommand } from '#meetings/planning'
import { applyMeetingEvent, initialMeetingState } from '#meetings/state'

const FAC = 1
const ANN = 2

function room() {
  const s = initialMeetingState()
  const run = (userId: number, type: string, payload: unknown = {}) => {
    const plan = planCommand(
      s,
      { userId, role: userId === FAC ? 'facilitator' : 'deliberator', name: `u${userId}`, agendaItemIds: [], speakerSeconds: 120 },
      type,
      payload,
    )
    if (plan.ok) applyMeetingEvent(s, { ...plan.event, meetingId: 1, seq: s.lastSeq + 1, actorId: userId, createdAt: new Date().toISOString() } as MeetingEvent)
    return plan
  }
  run(FAC, 'meeting.start')
  const proposal = run(FAC, 'proposal.draft', { title: '早市移到菜场内侧' }) && s.lastSeq
  run(FAC, 'vote.open', { question: '是否同意？', kind: 'single', options: ['同意', '反对'], proposalSeq: proposal })
  const vote = s.lastSeq
  return { s, run, proposal, vote }
}

const render = (s: ReturnType<typeof room>['s'], locale: 'zh' | 'en' = 'zh') =>
  renderToStaticMarkup(createElement(LocaleContext.Provider, { value: locale }, createElement(Proposals, { s, run: async () => false, facilitate: true })))
const decideButtons = (html: string) => [...html.matchAll(/<button([^>]*)>(通过|不通过|Adopt|Reject)<\/button>/g)].map(m => ({ attrs: m[1]!, label: m[2]! }))

describe('deciding a proposal whose vote is open', () => {
  it('is not offered: the buttons are disabled and say why, until the vote is closed', () => {
    const r = room()
    for (const locale of ['zh', 'en'] as const) {
      const html = render(r.s, locale)
      const buttons = decideButtons(html)
      expect(buttons).toHaveLength(2)
      for (const b of buttons) {
        expect(b.attrs).toContain('disabled')
        const why = /aria-describedby="([^"]+)"/.exec(b.attrs)?.[1]
        expect(why).toBeTruthy()
        const reason = new RegExp(`id="${why}"[^>]*>([^<]+)<`).exec(html)?.[1]
        expect(reason).toMatch(locale === 'zh' ? /表决.*结束/ : /vote.*clos/i)
      }
    }
    r.run(ANN, 'vote.cast', { voteSeq: r.vote, ballot: { choice: 0 } })
    r.run(FAC, 'vote.close', { voteSeq: r.vote })
    const after = decideButtons(render(r.s))
    expect(after).toHaveLength(2)
    for (const b of after) expect(b.attrs).not.toContain('disabled')
  })

  it('is refused by the server while the vote is open, with or without the vote named', () => {
    const r = room()
    expect(r.run(FAC, 'proposal.decide', { proposalSeq: r.proposal, outcome: 'adopted' })).toMatchObject({ ok: false, error: 'conflict', issue: 'vote-open' })
    expect(r.run(FAC, 'proposal.decide', { proposalSeq: r.proposal, outcome: 'adopted', voteSeq: r.vote })).toMatchObject({
      ok: false,
      error: 'conflict',
      issue: 'vote-open',
    })
    r.run(FAC, 'vote.close', { voteSeq: r.vote })
    expect(r.run(FAC, 'proposal.decide', { proposalSeq: r.proposal, outcome: 'adopted', voteSeq: r.vote })).toMatchObject({ ok: true })
  })
})
