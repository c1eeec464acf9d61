import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { desc, eq } from '#app/utils/db.server'
import { getDb } from '#app/utils/db.server'
import { complaints, listMeetingsForParticipant } from '#app/utils/db.server'
import { requireRole } from '#app/utils/auth.server'
import { PAGE_ROLES } from '#app/utils/permissions'
import { useLocale, useT } from '#app/i18n/index'
import { fmtDate, fmtDateTime } from '#app/components/outcomes-ui'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { MarkedText, ZhText } from '#app/components/zh-text'
import { markZh } from '#app/utils/zh-marks'
import { StatusBadge } from '#app/components/status-badge'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/me'])
  const mine = getDb()
    .select({ id: complaints.id, trackingCode: complaints.trackingCode, subject: complaints.subject, status: complaints.status, receivedAt: complaints.receivedAt })
    .from(complaints)
    .where(eq(complaints.complainantUserId, user.id))
    .orderBy(desc(complaints.receivedAt))
    .limit(100)
    .all()
  const meetings = listMeetingsForParticipant(getDb(), user.id).map(m => ({ id: m.id, title: m.title, startsAt: m.startsAt, status: m.status }))
  return json({ name: user.displayName, mine, meetings })
}

export default function MyComplaints() {
  const t = useT()
  const locale = useLocale()
  const { name, mine, meetings } = useLoaderData<typeof loader>()
  return (
    <section>
      <h1>
        <MarkedText text={t('home.welcome', { name: markZh(name) })} />
      </h1>
      <p>
        <Link className="button primary" to="/complaints/new">
          {t('nav.submit')}
        </Link>{' '}
        <Link className="button" to="/join">{t('join.link')}</Link>
      </p>
      {meetings.length ? (
        <>
          <h2>{t('me.meetings')}</h2>
          <ul className="list" data-testid="my-meetings">
            {meetings.map(m => (
              <li key={m.id}>
                <Link to={`/meetings/${m.id}`}>
                  <ZhText>{m.title}</ZhText>
                </Link> <StatusBadge status={m.status} />
                <div className="hint">{fmtDateTime(m.startsAt, locale)}</div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('nav.me')}</h2>
      {mine.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <ul className="list">
          {mine.map(c => (
            <li key={c.id}>
              <Link to={`/track/${c.trackingCode}`}>
                <ZhText>{c.subject}</ZhText>
              </Link> <StatusBadge status={c.status} audience="resident" />
              <div className="hint">
                {c.trackingCode} · {fmtDate(c.receivedAt, locale)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
