import type { ReactNode } from 'react'
import { StatusBadge } from '#app/components/status-badge'
import type { MeetingState } from '#meetings/types'
import type { MeetingSession } from './meeting-session'
import { ConnectionBadge, RoomError } from './status'

/**
 * The frame every live view of a meeting shares: the title, the meeting's
 * status and the connection, a refusal to join, and the live content once the
 * room has been joined. The projector shows only the title and the
 * connection above the room; the other views a header with status and links.
 */
export function MeetingShell({
  title,
  session,
  connected,
  status,
  intro,
  statusExtra,
  nav,
  projector = false,
  live,
  children,
}: {
  title: ReactNode
  session: MeetingSession | null
  connected: boolean
  /** The stored status, shown until the live state arrives. */
  status: string
  /** Lines under the title (the observers' notice). */
  intro?: ReactNode
  /** More in the status row (the viewer's role, who is online). */
  statusExtra?: ReactNode
  nav?: ReactNode
  projector?: boolean
  /** The room, once joined. */
  live: (s: MeetingState, session: MeetingSession) => ReactNode
  /** After the room: forms that work without the live connection, the error toast. */
  children?: ReactNode
}) {
  const s = session?.state
  const room = session && s && session.joined ? live(s, session) : null
  // Until the room is joined the session's state is the empty one ("not started"): show the stored status instead.
  const shownStatus = session?.joined ? (s?.status ?? status) : status
  if (projector) {
    return (
      <article className="projector">
        <h1>{title}</h1>
        <ConnectionBadge session={session} connected={connected} />
        <RoomError session={session} />
        {room}
        {children}
      </article>
    )
  }
  return (
    <article>
      <header className="stack" style={{ gap: '.25rem' }}>
        <h1>{title}</h1>
        {intro}
        <div className="room-status">
          <StatusBadge status={shownStatus} />
          <ConnectionBadge session={session} connected={connected} />
          {statusExtra}
        </div>
        {nav}
      </header>
      <RoomError session={session} />
      {room}
      {children}
    </article>
  )
}

/** The room's two columns: what happens now on the left, the conversation and the people on the right. */
export function RoomColumns({ left, right }: { left: ReactNode; right: ReactNode }) {
  return (
    <div className="room two-col">
      <div className="stack">{left}</div>
      <div className="stack">{right}</div>
    </div>
  )
}
