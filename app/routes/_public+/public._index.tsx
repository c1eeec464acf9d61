import { type LoaderFunctionArgs, type MetaFunction, json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { getDb, listPublicCommunities } from '#app/utils/db.server'
import { pageTitle } from '#app/utils/meta'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'outcome.public.title') }]

/** 公示: every community's disclosure timeline, open to anyone. */
export async function loader(_: LoaderFunctionArgs) {
  return json({ communities: listPublicCommunities(getDb()) })
}

export default function PublicIndex() {
  const t = useT()
  const locale = useLocale()
  const { communities } = useLoaderData<typeof loader>()
  return (
    <section className="stack">
      <h1>{t('outcome.public.title')}</h1>
      <p className="hint">{t('outcome.public.lead')}</p>
      <ul className="list">
        {communities.map(c => (
          <li key={c.id}>
            <Link to={`/public/${c.code}`}>
              <strong>{localName(c, locale)}</strong>
            </Link>{' '}
            <span className="hint">{t('outcome.public.counts', { topics: c.topics, decisions: c.decisions, delivered: c.delivered })}</span> ·{' '}
            <a href={`/public/${c.code}/feed.xml`} title={t('outcome.public.feedHint')}>
              {t('outcome.public.feed')}
            </a>
          </li>
        ))}
      </ul>
      <p className="hint">
        <a className="tap" href="/api/v1/public/communities">
          {t('outcome.public.api')}
        </a>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
