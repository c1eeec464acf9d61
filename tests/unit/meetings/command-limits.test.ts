import { describe, expect, it } from 'vitest'
import { commandFieldIssues, decodeFieldIssue, encodeFieldIssue, TEXT_LIMITS } from '#meetings/commands'
import { planCommand } from '#meetings/planning'
import { initialMeetingState } from '#meetings/state'

const live = () => {
  const s = initialMeetingState()
  s.status = 'live'
  return s
}
const facilitator = { userId: 1, role: 'facilitator' as const, name: '主持人', agendaItemIds: [], speakerSeconds: 120 }

describe('a command’s text over its limit', () => {
  it('is refused naming the field and the limit, not cut to fit', () => {
    const question = '是否同意'.repeat(98)
    expect(question.length).toBeGreaterThan(TEXT_LIMITS.question)
    const plan = planCommand(live(), facilitator, 'vote.open', { question, kind: 'single', options: ['同意', '反对'] })
    expect(plan).toEqual({ ok: false, error: 'invalid-payload', issue: `question:too-long:${TEXT_LIMITS.question}` })
  })

  it('names each problem of a command: an option too long, a title left empty', () => {
    expect(commandFieldIssues('vote.open', { question: '是否同意？', kind: 'single', options: ['同意', '方'.repeat(TEXT_LIMITS.option + 1)] })).toEqual([
      { field: 'options.1', problem: 'too-long', limit: TEXT_LIMITS.option },
    ])
    expect(commandFieldIssues('proposal.draft', { title: '   ', text: '说明'.repeat(2001) })).toEqual([
      { field: 'title', problem: 'required' },
      { field: 'text', problem: 'too-long', limit: TEXT_LIMITS.proposalText },
    ])
    expect(commandFieldIssues('statement.post', { text: '发言' })).toEqual([])
  })

  it('reads an objection’s reason inside a ballot', () => {
    expect(commandFieldIssues('vote.cast', { voteSeq: 3, ballot: { consent: 'object', reason: '理'.repeat(TEXT_LIMITS.reason + 1) } })).toEqual([
      { field: 'ballot.reason', problem: 'too-long', limit: TEXT_LIMITS.reason },
    ])
  })

  it('travels as text and back', () => {
    const issue = { field: 'question', problem: 'too-long', limit: 300 } as const
    expect(encodeFieldIssue(issue)).toBe('question:too-long:300')
    expect(decodeFieldIssue('question:too-long:300')).toEqual(issue)
    expect(decodeFieldIssue('title:required')).toEqual({ field: 'title', problem: 'required' })
    expect(decodeFieldIssue('already-voted')).toBeNull()
  })
})
