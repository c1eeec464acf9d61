import { type LoaderFunctionArgs, json } from '@remix-run/node'
import { baseUrlOf } from '#app/services/outcomes.server'
import { getDb, listPublicCommunities } from '#app/utils/db.server'

// Simple GETs need no preflight; the API is read-only (other methods get Remix's 405).
const CORS = { 'access-control-allow-origin': '*' }

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
