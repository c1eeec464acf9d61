import { type LoaderFunctionArgs, type MetaFunction, json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { StatusBadge } from '#app/components/status-badge'
import { MarkedText, TopicTitle, ZhText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'
import { meetingLinksFor } from '#app/services/meetings.server'
import { requireRole, scopeUnitIds } from '#app/utils/auth.server'
import { getDb, listMeetingsForParticipant, listMeetingsInArea } from '#app/utils/db.server'
import { meetingWhen, type MeetingTimes } from '#app/utils/meeting-when'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'
import { markZh } from '#app/utils/zh-marks'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'meetings.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/meetings'])
  const db = getDb()
  const rows = listMeetingsInArea(db, scopeUnitIds(user, PAGE_ROLES['/meetings']))
  const mine = listMeetingsForParticipant(db, user.id)
  const { locale } = getPrefs(request)
  // Staff see their area's meetings, most of which they take no part in: each leads where they may go.
  const linkTo = meetingLinksFor(request, 'room')
  const view = (m: { id: number; title: string; mode: string; status: string } & MeetingTimes) => ({
    id: m.id,
    href: linkTo(m.id),
    title: m.title,
    mode: m.mode,
    status: m.status,
    when: meetingWhen(m, locale),
  })
  const scheduled = Number(new URL(request.url).searchParams.get('scheduled'))
  return json({
    scheduled: rows.find(m => m.id === scheduled)?.title ?? null,
    mine: mine.map(m => ({ ...view(m), role: m.role })),
    rows: rows.map(m => ({ ...view(m), topicTitle: m.topicTitle })),
  })
}

export default function Meetings() {
  const t = useT()
  const { rows, mine, scheduled } = useLoaderData<typeof loader>()
  return (
    <section className="stack">
      <h1>{t('meetings.title')}</h1>
      {scheduled ? (
        <p role="status" className="ok">
          <MarkedText text={t('meetings.scheduled', { title: markZh(scheduled) })} />
        </p>
      ) : null}
      <p>
        <Link to="/meetings/new" className="button primary">
          {t('meetings.new')}
        </Link>
      </p>
      {mine.length ? (
        <>
          <h2>{t('meetings.mine')}</h2>
          <ul className="list">
            {mine.map(m => (
              <li key={m.id}>
                <MeetingTitle href={m.href} title={m.title} /> <StatusBadge status={m.status} /> <span className="badge">{t(`meeting.role.${m.role}`)}</span>
                <div className="hint">
                  {m.when} · {t(`meeting.mode.${m.mode}` as 'meeting.mode.online')}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('meetings.scope')}</h2>
      {rows.length === 0 ? (
        <p>{t('meetings.empty')}</p>
      ) : (
        <ul className="list">
          {rows.map(m => (
            <li key={m.id}>
              <MeetingTitle href={m.href} title={m.title} /> <StatusBadge status={m.status} />
              <div className="hint">
                {m.when} · {t(`meeting.mode.${m.mode}` as 'meeting.mode.online')} · <TopicTitle title={m.topicTitle} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function MeetingTitle({ href, title }: { href: string | null; title: string }) {
  return href ? (
    <Link to={href}>
      <ZhText>{title}</ZhText>
    </Link>
  ) : (
    <ZhText>{title}</ZhText>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
