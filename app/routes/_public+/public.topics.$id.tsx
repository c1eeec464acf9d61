import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { BackLink } from '#app/components/back-link'
import { CsrfInput } from '#app/components/csrf'
import { DataTable } from '#app/components/data-table'
import { DecisionTargets } from '#app/components/decision-targets'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { FollowButton } from '#app/components/follow-button'
import { TimelineEntry } from '#app/components/outcomes/timeline-entry'
import { DecisionDelivery, ProgressMeter, fmtDate, fmtDateTime, pct } from '#app/components/outcomes-ui'
import { MarkedText, PublicText, TopicTitle, ZhText } from '#app/components/zh-text'
import { makeT, useLocale, useT } from '#app/i18n/index'
import { localName, localText } from '#app/i18n/local-name'
import { followStateFor } from '#app/services/answers.server'
import { baseUrlOf } from '#app/services/outcomes.server'
import { qrSvg } from '#app/services/qr.server'
import { formatTimelineEntry } from '#app/services/timeline'
import { getUser, validateCsrf } from '#app/utils/auth.server'
import { getDb, getPublicTopic, isFollowing, setTopicFollow } from '#app/utils/db.server'
import { localCategoryName } from '#app/utils/labels.server'
import { errorTitle, pageTitle } from '#app/utils/meta'
import { getPrefs } from '#app/utils/prefs.server'
import { loginPath } from '#app/utils/safe-redirect'
import { localTopicSummary } from '#app/utils/topic-summary'
import { markZh } from '#app/utils/zh-marks'

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => [
  { title: data ? pageTitle(matches, 'outcome.public.title', data.topic.title) : errorTitle(matches, error) },
]

/** A topic's public page (the QR code on the notice board points here). No personal data. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const view = getPublicTopic(db, Number(params.id))
  if (!view) throw new Response('Not found', { status: 404 })
  const { locale } = getPrefs(request)
  const t = makeT(locale)
  const categoryName = localCategoryName(db, locale)
  const url = `${baseUrlOf(request)}/public/topics/${view.topic.id}`
  const user = getUser(request)
  return json({
    following: user && user.via === 'session' ? isFollowing(db, view.topic.id, user.id) : null,
    followed: followStateFor(db, user),
    categoryKey: view.topic.category || null,
    topic: {
      ...view.topic,
      summary: localTopicSummary(view.topic, locale, categoryName),
      category: view.topic.category ? localCategoryName(db, locale)(view.topic.category) : view.topic.category,
    },
    community: view.community,
    meetings: view.meetings,
    decisions: view.decisions,
    timeline: view.timeline.map(e => formatTimelineEntry(e, t, locale, categoryName, markZh)),
    url,
    qr: await qrSvg(url),
  })
}

/** Follow or unfollow (any logged-in person); anonymous visitors are sent to log in first. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const db = getDb()
  const view = getPublicTopic(db, Number(params.id))
  if (!view) throw new Response('Not found', { status: 404 })
  const user = getUser(request)
  if (!user || user.via !== 'session') throw redirect(loginPath(`/public/topics/${view.topic.id}`))
  setTopicFollow(db, { topicId: view.topic.id, userId: user.id, follow: form.get('intent') === 'follow' }, { kind: 'user', id: user.id })
  return json({ ok: true })
}

export default function PublicTopic() {
  const t = useT()
  const locale = useLocale()
  const data = useLoaderData<typeof loader>()
  const { topic, community } = data
  return (
    <article className="stack">
      <BackLink className="no-print" to={`/public/${community.code}`}>
        {t('outcome.public.timeline', { community: localName(community, locale) })}
      </BackLink>
      <h1>
        <TopicTitle title={topic.title} />
      </h1>
      <p className="hint">
        {localName(community, locale)}
        {topic.place ? (
          <>
            {' · '}
            <ZhText>{topic.place}</ZhText>
          </>
        ) : null}
        {topic.category ? ` · ${topic.category}` : ''} · {t('outcome.public.complaints', { count: topic.complaints })}
      </p>
      {topic.description ? (
        <p style={{ whiteSpace: 'pre-wrap' }}>
          <MarkedText text={topic.summary} />
        </p>
      ) : null}
      <section className="card no-print" aria-labelledby="follow-title">
        <h2 id="follow-title">{t('topics.follow.title')}</h2>
        <p className="hint">{data.following ? t('topics.follow.following') : t('topics.follow.hint')}</p>
        {data.following === null ? (
          <Link className="button" to={loginPath(`/public/topics/${topic.id}`)}>
            {t('topics.follow.login')}
          </Link>
        ) : (
          <Form method="post">
            <CsrfInput />
            <button type="submit" name="intent" value={data.following ? 'unfollow' : 'follow'} aria-pressed={data.following}>
              {data.following ? t('topics.action.unfollow') : t('topics.action.follow')}
            </button>
          </Form>
        )}
        {/* Anonymous visitors have the one login button above; after login they choose what to follow. */}
        {data.followed ? (
          <div className="row" data-testid="follow-topic-area">
            <FollowButton followed={data.followed} kind="place" targetKey={`community:${community.id}`} label="answers.follow.community" />
            {/* A one-character place is in nearly every text: following it would bring no news (see followedPlacesIn). */}
            {[...(topic.place?.trim() ?? '')].length >= 2 ? (
              <FollowButton followed={data.followed} kind="place" targetKey={`place:${topic.place!.trim()}`} label="answers.follow.place" />
            ) : null}
            {data.categoryKey ? <FollowButton followed={data.followed} kind="category" targetKey={data.categoryKey} label="answers.follow.category" /> : null}
          </div>
        ) : null}
      </section>

      <section className="card qr-card" aria-labelledby="qr-title">
        <h2 id="qr-title">{t('outcome.public.qr')}</h2>
        <div
          role="img"
          aria-label={t('outcome.public.qrAlt', { url: data.url })}
          dangerouslySetInnerHTML={{ __html: data.qr }}
          style={{ width: 240, height: 240 }}
        />
        <p className="hint">{t('outcome.public.qrHint')}</p>
        <p>
          <code>{data.url}</code>
        </p>
      </section>

      {data.meetings.length ? (
        <section className="card stack">
          <h2>{t('outcome.public.meetings')}</h2>
          <ul className="list">
            {data.meetings.map(m => (
              <li key={m.id}>
                <strong>
                  <ZhText>{m.title}</ZhText>
                </strong>{' '}
                · {fmtDateTime(m.startsAt, locale)} · {t(`meeting.mode.${m.mode}`)}
                {m.place ? (
                  <>
                    {' · '}
                    <ZhText>{m.place}</ZhText>
                  </>
                ) : null}
                {m.minutes ? (
                  <details>
                    <summary>{t('outcome.public.minutes')}</summary>
                    <div style={{ whiteSpace: 'pre-wrap' }}>
                      <PublicText text={m.minutes} />
                    </div>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.decisions.map(d => (
        <section key={d.id} className="card stack" aria-labelledby={`decision-${d.id}`}>
          <h2 id={`decision-${d.id}`}>
            {t('common.labelled', { label: t('outcome.public.decision'), value: '' })}
            <ZhText>{d.title}</ZhText>
          </h2>
          <p>
            <DecisionDelivery
              status={d.status}
              progress={d.progress}
              deliveredAt={d.deliveredAt}
              targets={d.targets}
              setbacks={{
                rework: d.orders.filter(o => o.setback === 'rework').length,
                returned: d.orders.filter(o => o.setback === 'returned').length,
              }}
            />
          </p>
          {d.description ? (
            <p style={{ whiteSpace: 'pre-wrap' }} lang="zh-CN">
              {d.description}
            </p>
          ) : null}
          <DecisionTargets targets={d.targets} filePrefix={`topic-${topic.id}`} />
          {d.orders.length ? (
            <DataTable
              caption={t('outcome.orders')}
              stackOnPhone
              rows={d.orders}
              rowKey={o => o.id}
              columns={[
                { key: 'department', header: t('orders.department'), rowHeader: true, cell: o => localText(o.department, o.departmentEn, locale) },
                {
                  key: 'status',
                  header: t('common.status'),
                  cell: o => (
                    <>
                      {localText(o.statusZh, o.statusEn, locale)}
                      {o.setback === 'rework' ? (
                        <>
                          {' '}
                          <span className="badge hot">{t('outcome.order.rework')}</span>
                        </>
                      ) : null}
                    </>
                  ),
                },
                { key: 'progress', header: t('outcome.progress'), cell: o => <ProgressMeter value={o.progress} /> },
                { key: 'due', header: t('orders.due'), cell: o => fmtDate(o.dueAt, locale) },
              ]}
            />
          ) : null}
          {d.callback.den > 0 ? (
            <p>{t('outcome.public.satisfaction', { satisfaction: pct(d.satisfaction.rate), answered: d.satisfaction.den, asked: d.callback.den })}</p>
          ) : null}
        </section>
      ))}

      <section className="card">
        <h2>{t('outcome.public.timelineLabel')}</h2>
        {data.timeline.length === 0 ? <p>{t('outcome.public.empty')}</p> : null}
        <ol className="list timeline">
          {data.timeline.map((e, i) => (
            <TimelineEntry key={`${e.type}-${e.at}-${i}`} entry={e} />
          ))}
        </ol>
      </section>
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
