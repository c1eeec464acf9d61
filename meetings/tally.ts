// Counting votes and checking ballots.
import type { Ballot } from './commands'
import { CONSENT_CHOICES, type Vote, type VoteResults } from './types'

/** Count a vote's ballots (ballots redacted for the viewer are skipped). */
export function tallyVote(v: Vote): VoteResults {
  const entries = Object.values(v.ballots)
  const n = v.options.length
  const perOption = new Array<number>(n).fill(0)
  const visible = entries.flatMap(b => (b.ballot ? [{ ...b, ballot: b.ballot }] : []))
  let consent: VoteResults['consent']
  let objections: VoteResults['objections']
  for (const { ballot, name } of visible) {
    if (v.kind === 'single' && 'choice' in ballot) perOption[ballot.choice]! += 1
    if (v.kind === 'multiple' && 'choices' in ballot) for (const c of ballot.choices) perOption[c]! += 1
    if (v.kind === 'score' && 'scores' in ballot) ballot.scores.forEach((x, i) => (perOption[i]! += x))
    // Borda count: first place earns n-1 points, last place 0; unranked options earn nothing.
    if (v.kind === 'ranked' && 'ranking' in ballot) ballot.ranking.forEach((opt, place) => (perOption[opt]! += n - 1 - place))
    if (v.kind === 'consent' && 'consent' in ballot) {
      consent ??= { agree: 0, stand_aside: 0, object: 0 }
      objections ??= []
      consent[ballot.consent] += 1
      if (ballot.consent === 'object') objections.push({ name: v.anonymous ? null : name, reason: ballot.reason ?? '' })
    }
  }
  if (v.kind === 'consent') {
    consent ??= { agree: 0, stand_aside: 0, object: 0 }
    objections ??= []
    CONSENT_CHOICES.forEach((c, i) => (perOption[i] = consent![c]))
  }
  if (v.kind === 'score') {
    for (let i = 0; i < n; i++) perOption[i] = visible.length ? Math.round((perOption[i]! / visible.length) * 100) / 100 : 0
  }
  let leader: number | null = null
  if (v.kind !== 'consent') {
    const max = Math.max(0, ...perOption)
    const top = perOption.flatMap((x, i) => (x === max && max > 0 ? [i] : []))
    leader = top.length === 1 ? top[0]! : null
  }
  const ballots = entries.length
  const inRoom = entries.filter(b => b.inRoom).length
  return { ballots, online: ballots - inRoom, inRoom, quorum: v.quorum, quorumMet: ballots >= v.quorum, perOption, consent, objections, leader }
}

/** Consent passes when quorum is met and nobody objects. */
export const consentPassed = (r: VoteResults) => r.quorumMet && !!r.consent && r.consent.object === 0 && r.ballots > 0

/** Whether a ballot fits the vote: the right shape for its kind, options in range, limits kept. */
export function ballotFits(v: Vote, b: Ballot): boolean {
  const n = v.options.length
  const inRange = (i: number) => i >= 0 && i < n
  switch (v.kind) {
    case 'single':
      return 'choice' in b && inRange(b.choice)
    case 'multiple':
      return 'choices' in b && b.choices.every(inRange) && new Set(b.choices).size === b.choices.length && b.choices.length <= v.maxChoices
    case 'consent':
      return 'consent' in b && (b.consent !== 'object' || !!b.reason?.trim())
    case 'score':
      return 'scores' in b && b.scores.length === n && b.scores.every(x => x <= v.scoreMax)
    case 'ranked':
      return 'ranking' in b && b.ranking.every(inRange) && new Set(b.ranking).size === b.ranking.length
  }
}
