import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction, json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { FollowColumn } from '#app/components/meeting/follow-column'
import { MeetingShell, RoomColumns } from '#app/components/meeting/meeting-shell'
import meetingStyles from '#app/components/meeting/meeting.css'
import { Statements } from '#app/components/meeting/statements'
import { PresenceLine } from '#app/components/meeting/status'
import { useMeeting } from '#app/components/meeting/use-meeting'
import { MarkedText, ZhText, topicTitleText } from '#app/components/zh-text'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { meetingAccess, meetingIdParam, meetingView } from '#app/services/meetings.server'
import { meetingWhen } from '#app/utils/meeting-when'
import { errorTitle, pageTitle } from '#app/utils/meta'
import { getPrefs } from '#app/utils/prefs.server'
import { markZh } from '#app/utils/zh-marks'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => [
  { title: data ? pageTitle(matches, 'observe.title', data.meeting.title) : errorTitle(matches, error) },
]

/** Public, read-only, live: open meetings only, no login needed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = meetingIdParam(params.id)
  const { user, meeting } = meetingAccess(request, id, { requireLogin: false })
  if (!meeting.isPublic) throw new Response('Not found', { status: 404 })
  return json({ meeting: meetingView(meeting), when: meetingWhen(meeting, getPrefs(request).locale), anonymous: !user })
}

const noop = async () => false

export default function ObserveMeeting() {
  const t = useT()
  const locale = useLocale()
  const { meeting, when, anonymous } = useLoaderData<typeof loader>()
  const { session, connected } = useMeeting(meeting.id, { ownSocket: anonymous })
  const me = { userId: null, role: 'observer' }
  return (
    <MeetingShell
      title={<ZhText>{meeting.title}</ZhText>}
      session={session}
      connected={connected}
      status={meeting.status}
      intro={
        <p className="hint">
          {t('observe.readOnly')}{' '}
          <MarkedText text={t('common.labelled', { label: t('meeting.topic'), value: markZh(topicTitleText(meeting.topicTitle, locale)) })} />
          <br />
          {/* Someone who came from the list of upcoming meetings wants to know when and where. */}
          <span data-testid="meeting-when">
            {t('common.labelled', { label: t('meeting.when'), value: when })}
            {meeting.place ? (
              <>
                {' · '}
                <ZhText>{meeting.place}</ZhText>
              </>
            ) : null}
            {' · '}
            {t(`meeting.mode.${meeting.mode}` as MessageKey)}
          </span>
        </p>
      }
      statusExtra={session ? <PresenceLine session={session} s={session.state} /> : null}
      live={(s, session) => (
        <RoomColumns
          left={<FollowColumn meeting={meeting} s={s} offset={session.clockOffset} voted={session.myVotes} me={me} run={noop} />}
          right={<Statements s={s} me={me} run={noop} facilitate={false} />}
        />
      )}
    />
  )
}

export const ErrorBoundary = GeneralErrorBoundary
