import type { ReactNode } from 'react'
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
  return (
    <>
      <AgendaNow meeting={meeting} s={s} offset={offset} />
      <FloorAndQueue s={s} me={me} run={run} offset={offset} facilitate={false} />
      <Votes s={s} me={me} run={run} voted={voted} facilitate={false} />
      {roleTools}
      <Proposals s={s} run={run} facilitate={false} />
    </>
  )
}
