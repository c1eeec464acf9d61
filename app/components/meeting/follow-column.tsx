import type { ReactNode } from 'react'
import { useT } from '#app/i18n/index'
import type { MeetingState } from '#meetings/types'
import { AgendaNow } from './agenda-now'
import { FloorAndQueue } from './floor'
import { Proposals } from './proposals'
import type { Me, MeetingView, Run } from './view-types'
import { Votes } from './votes'

/**
 * What everyone who does not chair the meeting follows: the current item, the
 * floor, the votes and the proposals. `roleTools` sits above the proposals
 * (the recorder's panel); an observer's `run` refuses everything.
 */
export function FollowColumn({
  meeting,
  s,
  offset,
  voted,
  me,
  run,
  roleTools,
}: {
  meeting: MeetingView
  s: MeetingState
  offset: number
  voted: Set<number>
  me: Me
  run: Run
  roleTools?: ReactNode
}) {
  const t = useT()
  // The newest open vote this viewer has not answered yet, announced when it opens (the votes list further down is not a live region).
  const waiting = [...s.votes].reverse().find(v => v.status === 'open' && !voted.has(v.seq))
  return (
    <>
      <p role="status" className="visually-hidden">
        {waiting ? t('room.voteOpenedAnnounce', { question: waiting.question }) : ''}
      </p>
      <AgendaNow meeting={meeting} s={s} offset={offset} />
      <FloorAndQueue s={s} me={me} run={run} offset={offset} facilitate={false} />
      <Votes s={s} me={me} run={run} voted={voted} facilitate={false} />
      {roleTools}
      <Proposals s={s} run={run} facilitate={false} />
    </>
  )
}
