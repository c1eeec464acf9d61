import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useT } from '#app/i18n/index'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { StatusBadge } from '#app/components/status-badge'
import { liveRoster } from '#meetings/visibility'
import { meetingAccess, meetingIdParam, meetingView, participantsView } from '#app/services/meetings.server'
import { useMeeting } from '#app/components/meeting/use-meeting'
import { AgendaNow, Balance, ConnectionBadge, ErrorToast, FloorAndQueue, People, Proposals, RecorderPanel, RoomError, Statements, Votes, useRun } from '#app/components/meeting/room'
import meetingStyles from '#app/components/meeting/meeting.css'
import { ZhText } from '#app/components/zh-text'
import { metaT } from '#app/utils/meta'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: [data?.meeting.title, metaT(matches)('app.name')].filter(Boolean).join(' · ') }]

/** The live room for participants (the invitation link). Open meetings send others to the public view. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = meetingIdParam(params.id)
  const { user, meeting, role } = meetingAccess(request, id)
  if (!role) {
    if (meeting.isPublic) throw redirect(`/meetings/${id}/observe`)
    throw new Response('Forbidden', { status: 403 })
  }
  return json({ meeting: meetingView(meeting), participants: participantsView(id), me: { userId: user!.id, role } })
}

export default function MeetingRoomPage() {
  const t = useT()
  const { meeting, participants, me } = useLoaderData<typeof loader>()
  const { session, connected } = useMeeting(meeting.id)
  const { run, error, clearError } = useRun(session)
  const s = session?.state
  // Newcomers appear as they join, without a reload.
  const roster = s && session ? liveRoster(s, participants, session.online) : participants
  return (
    <article>
      <header className="stack" style={{ gap: '.25rem' }}>
        <h1>
          <ZhText>{meeting.title}</ZhText>
        </h1>
        <div className="room-status">
          <StatusBadge status={s?.status ?? meeting.status} />
          <ConnectionBadge session={session} connected={connected} />
          <span className="hint">{t('room.youAre', { role: t(`meeting.role.${me.role}`) })}</span>
        </div>
        <nav className="row no-print" aria-label={t('meeting.links.room')}>
          {me.role === 'facilitator' ? <Link to={`/meetings/${meeting.id}/console`}>{t('meeting.links.console')}</Link> : null}
          <Link to={`/meetings/${meeting.id}/projector`}>{t('meeting.links.projector')}</Link>
          <Link to={`/meetings/${meeting.id}/minutes`}>{t('meeting.links.minutes')}</Link>
        </nav>
      </header>
      <RoomError session={session} />
      {session && s && session.joined ? (
        <div className="room two-col">
          <div className="stack">
            <AgendaNow meeting={meeting} s={s} offset={session.clockOffset} />
            <FloorAndQueue s={s} me={me} run={run} offset={session.clockOffset} facilitate={false} />
            <Votes s={s} me={me} run={run} voted={session.myVotes} facilitate={false} />
            {me.role === 'recorder' ? <RecorderPanel s={s} run={run} /> : null}
            <Proposals s={s} run={run} facilitate={false} />
          </div>
          <div className="stack">
            <Statements s={s} me={me} run={run} facilitate={false} />
            <Balance s={s} participants={roster} run={run} facilitate={false} />
            <People s={s} participants={roster} session={session} run={run} facilitate={false} me={me} />
          </div>
        </div>
      ) : null}
      <ErrorToast error={error} onClose={clearError} />
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
