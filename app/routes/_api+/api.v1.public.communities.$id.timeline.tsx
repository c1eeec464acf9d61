import { type LoaderFunctionArgs, json } from '@remix-run/node'
import { makeT } from '#app/i18n/index'
import { baseUrlOf } from '#app/services/outcomes.server'
import { formatTimelineEntry } from '#app/services/timeline'
import { getDb, getPublicTimeline, getUnit, getUnitByCode } from '#app/utils/db.server'
import { localCategoryName } from '#app/utils/labels.server'

// Simple GETs need no preflight; the API is read-only (other methods get Remix's 405).
const CORS = { 'access-control-allow-origin': '*' }

/**
 * Open data (CONTRACT): GET /api/v1/public/communities/<id>/timeline (id or code;
 * ?lang=zh|en, ?limit=1–1000) → { community, entries: [{ type, at, title, summary,
 * link, topic: {id, title, link}, refId, data }] }, newest first. No personal data.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const key = params.id ?? ''
  const community = /^\d+$/.test(key) ? getUnit(db, Number(key)) : getUnitByCode(db, key)
  if (!community || community.kind !== 'community') return json({ error: 'not-found' }, { status: 404, headers: CORS })
  const url = new URL(request.url)
  const locale = url.searchParams.get('lang') === 'en' ? 'en' : 'zh'
  const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit')) || 200))
  const t = makeT(locale)
  const categoryName = localCategoryName(db, locale)
  const base = baseUrlOf(request)
  const entries = getPublicTimeline(db, { communityId: community.id }, { limit }).map(e => {
    const f = formatTimelineEntry(e, t, locale, categoryName)
    return {
      type: f.type,
      at: f.at,
      title: f.title,
      summary: f.summary,
      link: base + f.path,
      topic: { id: e.topicId, title: e.topicTitle, link: base + f.path },
      refId: e.refId,
      data: e.data,
    }
  })
  return json(
    {
      community: { id: community.id, code: community.code, name: { zh: community.nameZh, en: community.nameEn }, page: `${base}/public/${community.code}` },
      lang: locale,
      entries,
    },
    { headers: { ...CORS, 'cache-control': 'public, max-age=60' } },
  )
}
