import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { Balance } from '#app/components/meeting/floor'
import { FollowColumn } from '#app/components/meeting/follow-column'
import { MeetingLinks } from '#app/components/meeting/meeting-links'
import { MeetingShell, RoomColumns } from '#app/components/meeting/meeting-shell'
import meetingStyles from '#app/components/meeting/meeting.css'
import { People } from '#app/components/meeting/people'
import { RecorderPanel } from '#app/components/meeting/recorder-panel'
import { Statements } from '#app/components/meeting/statements'
import { ErrorToast } from '#app/components/meeting/status'
import { useMeeting } from '#app/components/meeting/use-meeting'
import { useRun } from '#app/components/meeting/use-run'
import { actingAs } from '#app/components/meeting/view-types'
import { ZhText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'
import { meetingAccess, meetingIdParam, meetingView, participantsView } from '#app/services/meetings.server'
import { metaT } from '#app/utils/meta'
import { liveRoster } from '#meetings/visibility'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: [data?.meeting.title, metaT(matches)('app.name')].filter(Boolean).join(' · ') },
]

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
  return (
    <MeetingShell
      title={<ZhText>{meeting.title}</ZhText>}
      session={session}
      connected={connected}
      status={meeting.status}
      statusExtra={<span className="hint">{t('room.youAre', { role: t(`meeting.role.${me.role}`) })}</span>}
      nav={<MeetingLinks meetingId={meeting.id} label={t('meeting.links.room')} pages={[me.role === 'facilitator' && 'console', 'projector', 'minutes']} />}
      live={(s, session) => {
        // Newcomers appear as they join, without a reload.
        const roster = liveRoster(s, participants, session.online)
        // Removed by the facilitator: told so at once, and left with nothing to press that would only be refused.
        const removed = !!s.removed[me.userId]
        const acting = actingAs(s.removed, me)
        return (
          <>
            {removed ? (
              <p role="alert" className="error">
                {t('room.error.removed')}
              </p>
            ) : null}
            <RoomColumns
              left={
                <FollowColumn
                  meeting={meeting}
                  s={s}
                  offset={session.clockOffset}
                  voted={session.myVotes}
                  me={acting}
                  run={run}
                  roleTools={acting.role === 'recorder' ? <RecorderPanel s={s} run={run} /> : null}
                />
              }
              right={
                <>
                  <Statements s={s} me={acting} run={run} facilitate={false} />
                  <Balance s={s} participants={roster} run={run} facilitate={false} />
                  <People s={s} participants={roster} session={session} run={run} facilitate={false} me={me} />
                </>
              }
            />
          </>
        )
      }}
    >
      <ErrorToast error={error} onClose={clearError} />
    </MeetingShell>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
