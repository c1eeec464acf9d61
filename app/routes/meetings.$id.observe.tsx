import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useLocale, useT } from '#app/i18n/index'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { StatusBadge } from '#app/components/status-badge'
import { meetingAccess, meetingIdParam, meetingView } from '#app/services/meetings.server'
import { useMeeting } from '#app/components/meeting/use-meeting'
import { AgendaNow, ConnectionBadge, FloorAndQueue, PresenceLine, Proposals, RoomError, Statements, Votes } from '#app/components/meeting/room'
import meetingStyles from '#app/components/meeting/meeting.css'
import { MarkedText, ZhText, topicTitleText } from '#app/components/zh-text'
import { markZh } from '#app/utils/zh-marks'
import { pageTitle } from '#app/utils/meta'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, 'observe.title', data?.meeting.title) }]

/** Public, read-only, live: open meetings only, no login needed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = meetingIdParam(params.id)
  const { user, meeting } = meetingAccess(request, id, { requireLogin: false })
  if (!meeting.isPublic) throw new Response('Not found', { status: 404 })
  return json({ meeting: meetingView(meeting), anonymous: !user })
}

const noop = async () => false

export default function ObserveMeeting() {
  const t = useT()
  const locale = useLocale()
  const { meeting, anonymous } = useLoaderData<typeof loader>()
  const { session, connected } = useMeeting(meeting.id, { ownSocket: anonymous })
  const s = session?.state
  const me = { userId: null, role: 'observer' }
  return (
    <article>
      <header className="stack" style={{ gap: '.25rem' }}>
        <h1>
          <ZhText>{meeting.title}</ZhText>
        </h1>
        <p className="hint">
          {t('observe.readOnly')} <MarkedText text={t('common.labelled', { label: t('meeting.topic'), value: markZh(topicTitleText(meeting.topicTitle, locale)) })} />
        </p>
        <div className="room-status">
          <StatusBadge status={s?.status ?? meeting.status} />
          <ConnectionBadge session={session} connected={connected} />
          {session && s ? <PresenceLine session={session} s={s} /> : null}
        </div>
      </header>
      <RoomError session={session} />
      {session && s && session.joined ? (
        <div className="room two-col">
          <div className="stack">
            <AgendaNow meeting={meeting} s={s} offset={session.clockOffset} />
            <FloorAndQueue s={s} me={me} run={noop} offset={session.clockOffset} facilitate={false} />
            <Votes s={s} me={me} run={noop} voted={session.myVotes} facilitate={false} />
            <Proposals s={s} run={noop} facilitate={false} />
          </div>
          <div className="stack">
            <Statements s={s} me={me} run={noop} facilitate={false} />
          </div>
        </div>
      ) : null}
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
