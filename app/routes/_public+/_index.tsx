import { type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ProgressMeter, fmtDate, fmtDateTime } from '#app/components/outcomes-ui'
import { TopicTitle, ZhText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { getUser } from '#app/utils/auth.server'
import { getDb, getHomeShowcase } from '#app/utils/db.server'
import { localCategoryName } from '#app/utils/labels.server'
import { metaT } from '#app/utils/meta'
import { getPrefs } from '#app/utils/prefs.server'
import { ROLE_HOME, ROLES } from '#db/enums'

export const meta: MetaFunction = ({ matches }) => [{ title: `${metaT(matches)('app.name')} · ${metaT(matches)('app.tagline')}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = getUser(request)
  if (user) {
    // Land on the home of the most specific staff role held (admin last).
    const held = ROLES.filter(r => user.grants.some(g => g.role === r))
    const role = held.find(r => r !== 'admin') ?? held[0]
    if (role) throw redirect(ROLE_HOME[role])
  }
  const db = getDb()
  const category = localCategoryName(db, getPrefs(request).locale)
  const { hot, recent, upcoming } = getHomeShowcase(db)
  return json({ hot: hot.map(h => ({ ...h, category: h.category ? category(h.category) : '' })), recent, upcoming })
}

const LOOP = [
  ['home.loop.report', 'home.loop.reportText'],
  ['home.loop.topic', 'home.loop.topicText'],
  ['home.loop.deliberate', 'home.loop.deliberateText'],
  ['home.loop.decide', 'home.loop.decideText'],
  ['home.loop.publish', 'home.loop.publishText'],
] as const

export default function Index() {
  const t = useT()
  const locale = useLocale()
  const { hot, recent, upcoming } = useLoaderData<typeof loader>()
  const name = (c: { nameZh: string; nameEn: string } | null) => localName(c, locale)
  return (
    <div className="stack home">
      <section className="hero">
        <h1>{t('app.name')}</h1>
        <p className="lead">{t('home.public.lead')}</p>
        <ul className="action-list">
          <li>
            <Link className="button primary" to="/complaints/new">
              {t('home.public.submit')}
            </Link>
          </li>
          <li>
            <Link className="button" to="/answers">
              {t('nav.answers')}
            </Link>
          </li>
          <li>
            <Link className="button" to="/track">
              {t('home.public.track')}
            </Link>
          </li>
          <li>
            <Link className="button" to="/public">
              {t('nav.public')}
            </Link>
          </li>
        </ul>
        <p className="hint">
          {t('home.public.residentsLogin')}{' '}
          <Link className="tap" to="/login">
            {t('nav.login')}
          </Link>
        </p>
      </section>

      <section aria-labelledby="loop-title" className="card">
        <h2 id="loop-title">{t('home.loop.title')}</h2>
        <ol className="loop">
          {LOOP.map(([title, text]) => (
            <li key={title}>
              <strong>{t(title)}</strong>
              <span className="hint">{t(text)}</span>
            </li>
          ))}
        </ol>
      </section>

      <div className="home-grid">
        <section aria-labelledby="hot-title" className="card stack">
          <h2 id="hot-title">{t('home.hot.title')}</h2>
          <p className="hint">{t('home.hot.lead')}</p>
          {hot.length ? (
            <ol className="hot-list" data-testid="home-hot">
              {hot.map(h => (
                <li key={h.id}>
                  <Link to={`/public/topics/${h.id}`}>
                    <TopicTitle title={h.title} />
                  </Link>
                  <span className="hint">
                    {name(h.community)}
                    {h.category ? ` · ${h.category}` : ''} · {t('outcome.public.complaints', { count: h.complaints })}
                  </span>
                </li>
              ))}
            </ol>
          ) : (
            <p>{t('home.hot.empty')}</p>
          )}
        </section>

        <section aria-labelledby="decisions-title" className="card stack">
          <h2 id="decisions-title">{t('home.decisions.title')}</h2>
          {recent.length ? (
            <ul className="list" data-testid="home-decisions">
              {recent.map(d => (
                <li key={d.id}>
                  <Link to={`/public/topics/${d.topicId}`}>
                    <ZhText>{d.title}</ZhText>
                  </Link>
                  <div className="hint">
                    {name(d.community)} ·{' '}
                    {d.status === 'delivered' ? t('outcome.decision.deliveredAt', { date: fmtDate(d.deliveredAt, locale) }) : t('outcome.decision.open')}
                  </div>
                  <ProgressMeter value={d.progress} label={t('outcome.decision.progress')} />
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('home.decisions.empty')}</p>
          )}
        </section>

        <section aria-labelledby="meetings-title" className="card stack">
          <h2 id="meetings-title">{t('home.meetings.title')}</h2>
          {upcoming.length ? (
            <ul className="list" data-testid="home-meetings">
              {upcoming.map(m => (
                <li key={m.id}>
                  <Link to={`/meetings/${m.id}/observe`}>
                    <ZhText>{m.title}</ZhText>
                  </Link>
                  <div className="hint">
                    {fmtDateTime(m.startsAt, locale)} · {name(m.community)}
                    {m.place ? (
                      <>
                        {' · '}
                        <ZhText>{m.place}</ZhText>
                      </>
                    ) : null}{' '}
                    · {t(`meeting.mode.${m.mode}` as 'meeting.mode.online')}
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('home.meetings.empty')}</p>
          )}
          <p className="hint">{t('home.meetings.hint')}</p>
        </section>
      </div>
    </div>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
