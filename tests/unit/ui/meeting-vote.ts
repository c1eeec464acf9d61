import type { Vote } from '#meetings/types'

/** An open single-choice vote as the meeting state holds it, for rendering the room's components. */
export function openVote(over: Partial<Vote> = {}): Vote {
  return {
    seq: 9,
    at: '2026-11-21T11:05:00Z',
    question: '是否开放临时车位？',
    kind: 'single',
    options: ['同意', '不同意'],
    anonymous: false,
    quorum: 0,
    hideResults: false,
    proposalSeq: null,
    maxChoices: 1,
    scoreMax: 5,
    status: 'open',
    ballots: {},
    results: null,
    ...over,
  }
}
