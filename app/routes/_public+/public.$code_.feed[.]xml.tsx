import type { LoaderFunctionArgs } from '@remix-run/node'
import { localName } from '#app/i18n/local-name'
import { baseUrlOf } from '#app/services/outcomes.server'
import { communityTimeline } from '#app/services/timeline.server'

const esc = (s: string) => s.replace(/[<>&"']/g, c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)

/** Atom feed of a community's public timeline (for subscriptions and personal push, as in Luohu). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, locale, t, entries } = communityTimeline(request, params.code, { limit: 100 })
  const base = baseUrlOf(request)
  const self = `${base}/public/${community.code}/feed.xml`
  const name = localName(community, locale)
  const updated = entries[0]?.at ?? new Date(community.createdAt).toISOString()
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale === 'zh' ? 'zh-CN' : 'en'}">
  <id>${esc(self)}</id>
  <title>${esc(t('outcome.public.timeline', { community: name }))}</title>
  <link rel="self" type="application/atom+xml" href="${esc(self)}"/>
  <link rel="alternate" type="text/html" href="${esc(`${base}/public/${community.code}`)}"/>
  <updated>${updated}</updated>
  <author><name>${esc(name)}</name></author>
${entries
  .map(
    e => `  <entry>
    <id>${esc(`${base}${e.path}#${e.type}-${e.refId}-${e.at}`)}</id>
    <title>${esc(e.title)}</title>
    <link rel="alternate" type="text/html" href="${esc(base + e.path)}"/>
    <updated>${e.at}</updated>
    <category term="${e.type}"/>
    <summary>${esc([e.topic, e.summary].filter(Boolean).join(' — '))}</summary>
  </entry>`,
  )
  .join('\n')}
</feed>
`
  return new Response(xml, { headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=60' } })
}
