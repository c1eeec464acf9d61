// What the landing page shows anyone: the public hot list, recent decisions
// and their delivery, upcoming public meetings. Public rows only, no people.
import { and, count, desc, eq, gt, inArray } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { DAY_MS } from '../dates'
import { decisions, meetings, topicComplaints, topics, units } from '../schema/index'
import { isPublicTopic, scrubPublicText } from './outcomes-report'

export function getHomeShowcase(db: DbOrTx, now = new Date(), opts: { limit?: number } = {}) {
  const limit = opts.limit ?? 5
  const communityName = new Map(
    db
      .select({ id: units.id, nameZh: units.nameZh, nameEn: units.nameEn, code: units.code })
      .from(units)
      .all()
      .map(u => [u.id, u]),
  )
  const publicRows = db
    .select({
      id: topics.id,
      unitId: topics.unitId,
      title: topics.title,
      status: topics.status,
      isPublic: topics.isPublic,
      heat: topics.heat,
      category: topics.category,
      place: topics.place,
      reviewedAt: topics.reviewedAt,
    })
    .from(topics)
    .all()
    .filter(isPublicTopic)
  const publicIds = publicRows.map(t => t.id)
  const byId = new Map(publicRows.map(t => [t.id, t]))
  const unitView = (unitId: number) => {
    const u = communityName.get(unitId)
    return u ? { code: u.code, nameZh: u.nameZh, nameEn: u.nameEn } : null
  }
  const complaintsOf = new Map(
    publicIds.length
      ? db
          .select({ topicId: topicComplaints.topicId, n: count() })
          .from(topicComplaints)
          .where(inArray(topicComplaints.topicId, publicIds))
          .groupBy(topicComplaints.topicId)
          .all()
          .map(r => [r.topicId, r.n])
      : [],
  )
  const decided = new Set(
    publicIds.length
      ? db
          .select({ topicId: decisions.topicId })
          .from(decisions)
          .where(and(inArray(decisions.topicId, publicIds), eq(decisions.status, 'delivered')))
          .all()
          .map(r => r.topicId)
      : [],
  )

  // 民意热点榜: the public topics people raise most that are not yet delivered, hottest first.
  const hot = publicRows
    .filter(t => !decided.has(t.id))
    .map(t => ({
      id: t.id,
      title: scrubPublicText(t.title),
      category: t.category,
      place: t.place,
      complaints: complaintsOf.get(t.id) ?? 0,
      heat: t.heat,
      community: unitView(t.unitId),
    }))
    .sort((a, b) => b.complaints - a.complaints || b.heat - a.heat || b.id - a.id)
    .slice(0, limit)

  const recent = publicIds.length
    ? db
        .select({
          id: decisions.id,
          topicId: decisions.topicId,
          title: decisions.title,
          status: decisions.status,
          progress: decisions.progress,
          deliveredAt: decisions.deliveredAt,
          createdAt: decisions.createdAt,
        })
        .from(decisions)
        .where(inArray(decisions.topicId, publicIds))
        .orderBy(desc(decisions.createdAt))
        .all()
        .filter(recentWithDeliveries(limit))
        .map(d => ({
          ...d,
          title: scrubPublicText(d.title),
          topicTitle: scrubPublicText(byId.get(d.topicId)!.title),
          community: unitView(byId.get(d.topicId)!.unitId),
        }))
    : []

  const upcoming = publicIds.length
    ? db
        .select({ id: meetings.id, topicId: meetings.topicId, title: meetings.title, mode: meetings.mode, startsAt: meetings.startsAt, place: meetings.place })
        .from(meetings)
        .where(
          and(
            inArray(meetings.topicId, publicIds),
            eq(meetings.isPublic, true),
            eq(meetings.status, 'scheduled'),
            gt(meetings.startsAt, new Date(now.getTime() - DAY_MS / 24)),
          ),
        )
        .orderBy(meetings.startsAt)
        .limit(limit)
        .all()
        .map(m => ({ ...m, title: scrubPublicText(m.title), community: unitView(byId.get(m.topicId)!.unitId) }))
    : []

  return { hot, recent, upcoming }
}

/** How many of the landing page's recent decisions are kept for the latest deliveries: a busy week of new decisions does not hide what was done. */
const DELIVERIES_SHOWN = 2

/**
 * A filter over decisions, newest first: the newest, with room kept for the
 * most recently delivered (DELIVERIES_SHOWN), `limit` in all, in their order.
 */
function recentWithDeliveries<T extends { status: string; deliveredAt: Date | null }>(limit: number) {
  let kept: Set<T> | undefined
  return (d: T, _i: number, all: T[]) => {
    if (!kept) {
      const delivered = all.filter(x => x.status === 'delivered').sort((a, b) => (b.deliveredAt?.getTime() ?? 0) - (a.deliveredAt?.getTime() ?? 0))
      kept = new Set(delivered.slice(0, Math.min(DELIVERIES_SHOWN, limit)))
      for (const x of all) if (kept.size < limit) kept.add(x)
    }
    return kept.has(d)
  }
}
