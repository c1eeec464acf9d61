import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb, getPublicTimeline, getUnitByCode } from '#app/utils/db.server'
import { getPrefs } from '#app/utils/prefs.server'
import { formatTimelineEntry } from '#app/services/timeline'
import { markZh } from '#app/utils/zh-marks'
import { makeT, useLocale, useT } from '#app/i18n/index'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { pageTitle, metaLocale } from '#app/utils/meta'
import { localCategoryName } from '#app/utils/labels.server'
import { localName } from '#app/i18n/local-name'
import { TimelineEntry } from '#app/components/outcomes/timeline-entry'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? [
        { title: pageTitle(matches, 'outcome.public.title', localName(data.community, metaLocale(matches))) },
        { tagName: 'link', rel: 'alternate', type: 'application/atom+xml', href: `/public/${data.community.code}/feed.xml`, title: localName(data.community, metaLocale(matches)) },
      ]
    : []

/** A community's public timeline: topic → panel → meeting → minutes → decisions → work orders → satisfaction. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const community = getUnitByCode(db, params.code ?? '')
  if (!community || community.kind !== 'community') throw new Response('Not found', { status: 404 })
  const { locale } = getPrefs(request)
  const t = makeT(locale)
  const categoryName = localCategoryName(db, locale)
  const entries = getPublicTimeline(db, { communityId: community.id }, { limit: 300 }).map(e => formatTimelineEntry(e, t, locale, categoryName, markZh))
  return json({ community: { code: community.code, nameZh: community.nameZh, nameEn: community.nameEn }, entries })
}

export default function CommunityTimeline() {
  const t = useT()
  const locale = useLocale()
  const { community, entries } = useLoaderData<typeof loader>()
  return (
    <section className="stack">
      <p>
        <Link to="/public">← {t('outcome.public.title')}</Link>
      </p>
      <h1>{t('outcome.public.timeline', { community: localName(community, locale) })}</h1>
      <p>
        <a href={`/public/${community.code}/feed.xml`} title={t('outcome.public.feedHint')}>
          {t('outcome.public.feed')}
        </a>
      </p>
      {entries.length === 0 ? (
        <p>{t('outcome.public.empty')}</p>
      ) : (
        <ol className="list timeline" aria-label={t('outcome.public.timelineLabel')}>
          {entries.map((e, i) => (
            <TimelineEntry key={`${e.type}-${e.at}-${i}`} entry={e} linkTopic />
          ))}
        </ol>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
