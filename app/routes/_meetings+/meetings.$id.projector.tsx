import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction, json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { Countdown } from '#app/components/meeting/countdown'
import { MeetingShell } from '#app/components/meeting/meeting-shell'
import meetingStyles from '#app/components/meeting/meeting.css'
import { PersonName } from '#app/components/meeting/public-name'
import { useMeeting } from '#app/components/meeting/use-meeting'
import { ProjectorVote } from '#app/components/meeting/votes'
import { ZhText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'
import { meetingAccess, meetingIdParam, meetingView } from '#app/services/meetings.server'
import { pageTitle } from '#app/utils/meta'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, 'projector.title', data?.meeting.title) }]

/** Large text for the screen in the room: current item, speaker, queue, latest vote. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = meetingIdParam(params.id)
  const { user, meeting, role } = meetingAccess(request, id, { requireLogin: false })
  if (!role && !meeting.isPublic) {
    if (!user) throw new Response('Unauthorized', { status: 403 })
    throw new Response('Forbidden', { status: 403 })
  }
  return json({ meeting: meetingView(meeting), anonymous: !user })
}

export default function Projector() {
  const t = useT()
  const { meeting, anonymous } = useLoaderData<typeof loader>()
  // The big screen shows the public view (pseudonyms, no names), also when the facilitator opened it.
  const { session, connected } = useMeeting(meeting.id, { ownSocket: anonymous, publicView: true })
  return (
    <MeetingShell
      projector
      title={meeting.title}
      session={session}
      connected={connected}
      status={meeting.status}
      live={(s, session) => {
        const item = meeting.agenda.find(a => a.id === s.currentItemId)
        const vote = s.votes.at(-1)
        return (
          <div className="room two-col">
            <div className="stack">
              <section>
                <h2>{t('room.currentItem')}</h2>
                <p>
                  {item ? (
                    <>
                      {item.position}. <ZhText>{item.title}</ZhText>
                    </>
                  ) : s.status === 'ended' ? (
                    t('room.ended')
                  ) : (
                    t('room.noItem')
                  )}
                </p>
                {s.timer ? <Countdown at={s.timer.at} seconds={s.timer.seconds} offsetMs={session.clockOffset} label={t('room.timer')} /> : null}
              </section>
              <section>
                <h2>{t('room.floor')}</h2>
                {s.floor ? (
                  <p>
                    <PersonName strong name={s.floor.name} />{' '}
                    <Countdown at={s.floor.at} seconds={s.floor.seconds} offsetMs={session.clockOffset} label={t('room.speakerTime')} />
                  </p>
                ) : (
                  <p>{t('room.nobodySpeaking')}</p>
                )}
              </section>
              <section>
                <h2>{t('room.queue')}</h2>
                {s.queue.length ? (
                  <ol className="list">
                    {s.queue.map(h => (
                      <li key={h.key}>
                        <PersonName name={h.name} /> {h.inRoom ? <span className="mark room">{t('room.inRoomMark')}</span> : null}
                      </li>
                    ))}
                  </ol>
                ) : (
                  <p>{t('room.queueEmpty')}</p>
                )}
              </section>
            </div>
            {vote ? <ProjectorVote vote={vote} /> : null}
          </div>
        )
      }}
    />
  )
}

export const ErrorBoundary = GeneralErrorBoundary
