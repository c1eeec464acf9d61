import { type LoaderFunctionArgs, json } from '@remix-run/node'
import { isHistorical } from '#app/services/topics.server'
import { requireRole, requireScope, scopeUnitIds } from '#app/utils/auth.server'
import { complaintIdsByTopic, getDb, getUnit, getUnitByCode, listTopics } from '#app/utils/db.server'
import { parsePeriod } from '#app/utils/period'
import { PAGE_ROLES } from '#app/utils/permissions'
import { TOPIC_STATUSES, type TopicStatus } from '#db/enums'

/**
 * GET /api/v1/topics?status=<suggested|approved|rejected|merged>&community=<id|code>[&from=&to=|&period=month|90d|year]
 * Bearer token with the topics:read scope (or a session); returns the topics visible to the token's scope,
 * hottest first. `from`/`to` (YYYY-MM-DD or ISO time) keep topics whose
 * complaints fall in that period; without them, topics of every period.
 * `historical`: the latest complaint is long past (imported letters).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireScope(requireRole(request, PAGE_ROLES['/topics']), 'topics:read')
  const url = new URL(request.url)
  const db = getDb()
  const statusParam = url.searchParams.get('status')
  if (statusParam && !(TOPIC_STATUSES as readonly string[]).includes(statusParam)) {
    return json({ error: 'invalid_status', message: `status must be one of ${TOPIC_STATUSES.join(', ')}` }, { status: 400 })
  }
  const communityParam = url.searchParams.get('community')
  let unitId: number | undefined
  if (communityParam) {
    const unit = /^\d+$/.test(communityParam) ? getUnit(db, Number(communityParam)) : getUnitByCode(db, communityParam)
    if (!unit) return json({ error: 'unknown_community', message: `no community ${communityParam}` }, { status: 404 })
    unitId = unit.id
  }
  const now = new Date()
  const period = parsePeriod(url.searchParams, now)
  if (period.invalid)
    return json(
      { error: 'invalid_period', message: 'from/to must be YYYY-MM-DD or ISO times with from ≤ to; period one of month, 90d, year, all' },
      { status: 400 },
    )
  const rows = listTopics(db, {
    scopeUnitIds: scopeUnitIds(user, PAGE_ROLES['/topics']),
    status: (statusParam as TopicStatus) ?? undefined,
    unitId,
    from: period.from,
    to: period.to,
    limit: 1000,
  })
  const ids = complaintIdsByTopic(
    db,
    rows.map(r => r.id),
  )
  return json(
    {
      topics: rows.map(t => ({
        id: t.id,
        status: t.status,
        title: t.title,
        description: t.description,
        community: getUnit(db, t.unitId)?.code ?? null,
        communityId: t.unitId,
        category: t.category,
        categoryPath: t.categoryPath,
        place: t.place,
        keywords: t.keywords,
        stakeholders: t.stakeholders,
        heat: t.heat,
        heatBreakdown: t.heatBreakdown,
        from: t.fromTime?.toISOString() ?? null,
        to: t.toTime?.toISOString() ?? null,
        historical: isHistorical(t.toTime, now),
        complaintIds: ids.get(t.id) ?? [],
        mergedIntoId: t.mergedIntoId,
        version: t.version,
      })),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}
