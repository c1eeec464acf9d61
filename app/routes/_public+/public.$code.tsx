import { type LoaderFunctionArgs, type MetaFunction, json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { BackLink } from '#app/components/back-link'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { TimelineEntry } from '#app/components/outcomes/timeline-entry'
import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { communityTimeline } from '#app/services/timeline.server'
import { errorTitle, pageTitle, metaLocale } from '#app/utils/meta'
import { markZh } from '#app/utils/zh-marks'

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) =>
  data
    ? [
        { title: pageTitle(matches, 'outcome.public.title', localName(data.community, metaLocale(matches))) },
        {
          tagName: 'link',
          rel: 'alternate',
          type: 'application/atom+xml',
          href: `/public/${data.community.code}/feed.xml`,
          title: localName(data.community, metaLocale(matches)),
        },
      ]
    : [{ title: errorTitle(matches, error) }]

/** A community's public timeline: topic → panel → meeting → minutes → decisions → work orders → satisfaction. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, entries } = communityTimeline(request, params.code, { limit: 300, mark: markZh })
  return json({
    community: { code: community.code, nameZh: community.nameZh, nameEn: community.nameEn },
    entries: entries.map(({ refId: _, ...entry }) => entry),
  })
}

export default function CommunityTimeline() {
  const t = useT()
  const locale = useLocale()
  const { community, entries } = useLoaderData<typeof loader>()
  return (
    <section className="stack">
      <BackLink to="/public">{t('outcome.public.title')}</BackLink>
      <h1>{t('outcome.public.timeline', { community: localName(community, locale) })}</h1>
      <p>
        <a className="tap" href={`/public/${community.code}/feed.xml`} title={t('outcome.public.feedHint')}>
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
