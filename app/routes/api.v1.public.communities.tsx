import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { getDb, listPublicCommunities } from '#app/utils/db.server'
import { baseUrlOf } from '#app/services/outcomes.server'

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, OPTIONS', 'access-control-allow-headers': 'content-type' }

/**
 * Open data (CONTRACT): GET /api/v1/public/communities →
 * { communities: [{ id, code, name: {zh, en}, topics, decisions, delivered, timeline }] }
 * where `timeline` is the absolute address of the community's timeline. No personal data.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const base = baseUrlOf(request)
  const communities = listPublicCommunities(getDb()).map(c => ({
    id: c.id,
    code: c.code,
    name: { zh: c.nameZh, en: c.nameEn },
    topics: c.topics,
    decisions: c.decisions,
    delivered: c.delivered,
    timeline: `${base}/api/v1/public/communities/${c.id}/timeline`,
    page: `${base}/public/${c.code}`,
    feed: `${base}/public/${c.code}/feed.xml`,
  }))
  return json({ communities }, { headers: { ...CORS, 'cache-control': 'public, max-age=60' } })
}

/** CORS preflight; the API is read-only. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS })
  return json({ error: 'method-not-allowed' }, { status: 405, headers: { ...CORS, allow: 'GET, OPTIONS' } })
}
