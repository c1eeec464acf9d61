import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { complainantNamesOf, getComplaintHistory, getComplaintTopics, getDb, getPublicComplaint, getUnit, complaints, eq, redactPublicText } from '#app/utils/db.server'
import { useLocale, useT } from '#app/i18n/index'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { StatusBadge } from '#app/components/status-badge'
import { pageTitle } from '#app/utils/meta'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'intake.track.title') }, { name: 'robots', content: 'noindex' }]

/** Public tracking page: what happened to a report, with no personal data at all. */
export async function loader({ params }: LoaderFunctionArgs) {
  const db = getDb()
  const code = (params.code ?? '').trim().toUpperCase()
  const c = getPublicComplaint(db, code)
  if (!c) return json({ found: false as const, code: code.slice(0, 40) }, { status: 404 })
  const original = c.duplicateOfId ? db.select({ code: complaints.trackingCode }).from(complaints).where(eq(complaints.id, c.duplicateOfId)).get()?.code ?? null : null
  const unit = c.communityId ? getUnit(db, c.communityId) : c.unitId ? getUnit(db, c.unitId) : undefined
  // A tracking code can be forwarded or guessed: a petition shows only its progress, never its text.
  const confidential = c.channel === 'petition'
  const names = [complainantNamesOf(db, [c.id]).get(c.id)]
  return json({
    found: true as const,
    complaint: {
      trackingCode: c.trackingCode,
      subject: confidential ? null : redactPublicText(c.subject, names),
      body: confidential ? null : redactPublicText(c.body, names),
      placeText: confidential || !c.placeText ? null : redactPublicText(c.placeText, names),
      status: c.status,
      receivedAt: c.receivedAt.toISOString(),
      category: c.categoryPath?.join(' / ') ?? null,
      supporters: c.supportersCount,
      unit: unit ? { nameZh: unit.nameZh, nameEn: unit.nameEn } : null,
      duplicateOf: original,
    },
    history: getComplaintHistory(db, c.id).map(h => ({ status: h.status, at: h.createdAt.toISOString() })),
    topics: getComplaintTopics(db, c.id).map(tp => ({ id: tp.id, title: tp.title })),
  })
}

const fmt = (iso: string, locale: string) => new Date(iso).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' })

export default function TrackCode() {
  const t = useT()
  const locale = useLocale()
  const data = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  if (!data.found) {
    return (
      <p className="error" role="alert">
        {t('intake.track.notFound', { code: data.code })}
      </p>
    )
  }
  const c = data.complaint
  return (
    <article className="card stack" aria-labelledby="track-subject">
      {params.get('new') ? (
        <div role="status" className="ok">
          <h2>{t('intake.created.title')}</h2>
          <p data-testid="tracking-code">{t('intake.created.code', { code: c.trackingCode })}</p>
          <p className="hint">{t('intake.created.keep')}</p>
        </div>
      ) : null}
      {params.get('dup') ? (
        <p role="status" className="hint">
          {t('intake.duplicate', { code: c.trackingCode })}
        </p>
      ) : null}
      <h2 id="track-subject">{c.subject ?? t('intake.track.confidential')}</h2>
      <p>
        <StatusBadge status={c.status} /> <span className="hint">{c.trackingCode}</span>
      </p>
      <dl>
        <dt>{t('intake.track.received')}</dt>
        <dd>{fmt(c.receivedAt, locale)}</dd>
        {c.unit ? (
          <>
            <dt>{t('common.community')}</dt>
            <dd>{locale === 'zh' ? c.unit.nameZh : c.unit.nameEn}</dd>
          </>
        ) : null}
        {c.placeText ? (
          <>
            <dt>{t('inbox.place')}</dt>
            <dd>{c.placeText}</dd>
          </>
        ) : null}
        {c.category ? (
          <>
            <dt>{t('intake.track.category')}</dt>
            <dd>{c.category}</dd>
          </>
        ) : null}
        <dt>{t('intake.track.supporters')}</dt>
        <dd>{c.supporters}</dd>
      </dl>
      {c.body ? <p style={{ whiteSpace: 'pre-wrap' }}>{c.body}</p> : <p className="hint">{t('intake.track.confidentialHint')}</p>}
      {c.duplicateOf ? (
        <p className="hint">
          {t('intake.track.duplicateOf')} <Link to={`/track/${c.duplicateOf}`}>{c.duplicateOf}</Link>
        </p>
      ) : null}
      {data.topics.length ? (
        <>
          <h3>{t('intake.track.topics')}</h3>
          <ul>
            {data.topics.map(tp => (
              <li key={tp.id}>{tp.title}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('intake.track.history')}</h3>
      <ol className="list">
        {data.history.map((h, i) => (
          <li key={i}>
            <StatusBadge status={h.status} /> <span className="hint">{fmt(h.at, locale)}</span>
          </li>
        ))}
      </ol>
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
