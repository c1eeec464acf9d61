import { and, count, countDistinct, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { complaints, topicComplaints, topics } from '../schema/index'
import { unitDescendantIds, unitIdsWithin } from './units'

export type StatsFilter = { unitIds: number[] | null; from: Date; to: Date }

function unitClause(db: DbOrTx, unitIds: number[] | null) {
  if (!unitIds) return sql`1 = 1`
  const ids = unitIdsWithin(db, unitIds)
  return ids.length
    ? sql`c.unit_id in (${sql.join(
        ids.map(i => sql`${i}`),
        sql`, `,
      )})`
    : sql`0 = 1`
}

/** 热词排行: the most frequent matched keywords of complaints in the period. */
export function hotWords(db: DbOrTx, f: StatsFilter, limit = 20): { word: string; count: number }[] {
  return db.all<{ word: string; count: number }>(sql`
    select j.value as word, count(*) as count
    from complaints c, json_each(c.keywords) j
    where c.keywords is not null and ${unitClause(db, f.unitIds)}
      and c.received_at >= ${f.from.getTime()} and c.received_at <= ${f.to.getTime()}
    group by j.value order by count desc, word limit ${limit}`)
}

const DAY_MS = 86_400_000
const CHINA_OFFSET_MS = 8 * 3_600_000
/** Longest run of weeks a trend starts before its first data (two years); "all time" starts at the data. */
const MAX_EMPTY_LEAD_WEEKS = 104

/** The Monday (China time, YYYY-MM-DD) of the week `ms` falls in. */
function chinaWeekStart(ms: number): string {
  const day = Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS)
  // Day 0 (1970-01-01) was a Thursday: three days after a Monday.
  const monday = day - ((((day + 3) % 7) + 7) % 7)
  return new Date(monday * DAY_MS).toISOString().slice(0, 10)
}

/** Every week from the one `first` starts to the one `last` starts (both Mondays, YYYY-MM-DD). */
function weeksBetween(first: string, last: string): string[] {
  const out: string[] = []
  for (let t = Date.parse(`${first}T00:00:00Z`), end = Date.parse(`${last}T00:00:00Z`); t <= end; t += 7 * DAY_MS)
    out.push(new Date(t).toISOString().slice(0, 10))
  return out
}

/**
 * 热词趋势: weekly counts (ISO week starting Monday, UTC+8) of the given words. Every week of the
 * period is listed, one without such complaints as 0, so a line keeps its time scale; over a very
 * long period ("all") the weeks start at the first with data.
 */
export function hotWordTrend(db: DbOrTx, f: StatsFilter, words: string[]): { weeks: string[]; series: { word: string; data: number[] }[] } {
  if (!words.length) return { weeks: [], series: [] }
  // The Monday on or before the day: back six days, then forward to a Monday.
  const rows = db.all<{ week: string; word: string; count: number }>(sql`
    select date((c.received_at / 1000) + 8 * 3600, 'unixepoch', '-6 days', 'weekday 1') as week, j.value as word, count(*) as count
    from complaints c, json_each(c.keywords) j
    where c.keywords is not null and ${unitClause(db, f.unitIds)}
      and c.received_at >= ${f.from.getTime()} and c.received_at <= ${f.to.getTime()}
      and j.value in (${sql.join(
        words.map(w => sql`${w}`),
        sql`, `,
      )})
    group by week, word order by week`)
  if (!rows.length) return { weeks: [], series: words.map(word => ({ word, data: [] })) }
  const withData = [...new Set(rows.map(r => r.week))].sort()
  const firstData = withData[0]!
  const lastData = withData[withData.length - 1]!
  let first = chinaWeekStart(f.from.getTime())
  if (first > firstData || weeksBetween(first, firstData).length > MAX_EMPTY_LEAD_WEEKS) first = firstData
  let last = chinaWeekStart(f.to.getTime())
  if (last < lastData) last = lastData
  const weeks = weeksBetween(first, last)
  const counts = new Map(rows.map(r => [`${r.week}|${r.word}`, r.count]))
  return {
    weeks,
    series: words.map(word => ({ word, data: weeks.map(w => counts.get(`${w}|${word}`) ?? 0) })),
  }
}

/** 民意热点榜: open and approved topics by heat. */
export function hotList(db: DbOrTx, f: StatsFilter, limit = 10) {
  const ids = unitIdsWithin(db, f.unitIds)
  const unitFilter = ids
    ? ids.length
      ? sql`t.unit_id in (${sql.join(
          ids.map(i => sql`${i}`),
          sql`, `,
        )})`
      : sql`0 = 1`
    : sql`1 = 1`
  return db.all<{ id: number; title: string; heat: number; status: string; place: string | null; category: string; complaints: number }>(sql`
    select t.id, t.title, t.heat, t.status, t.place, t.category, (select count(*) from topic_complaints tc where tc.topic_id = t.id) as complaints
    from topics t
    where t.status in ('suggested', 'approved') and ${unitFilter}
      and coalesce(t.to_time, t.created_at) >= ${f.from.getTime()} and coalesce(t.from_time, t.created_at) <= ${f.to.getTime()}
    order by t.heat desc limit ${limit}`)
}

/** Complaint counts by channel and by first-level category in the period. */
export function complaintBreakdown(db: DbOrTx, f: StatsFilter) {
  const where = sql`${unitClause(db, f.unitIds)} and c.received_at >= ${f.from.getTime()} and c.received_at <= ${f.to.getTime()}`
  const byChannel = db.all<{ key: string; count: number }>(
    sql`select c.channel as key, count(*) as count from complaints c where ${where} group by c.channel order by count desc`,
  )
  const byCategory = db.all<{ key: string; count: number }>(
    sql`select coalesce(json_extract(c.category_path, '$[0]'), '') as key, count(*) as count from complaints c where ${where} group by key order by count desc`,
  )
  return { byChannel, byCategory }
}

/**
 * Where one unit's complaints and topics stand, counted by status, and how many
 * complaints not yet taken up already sit in a suggestion waiting for review.
 * A community counts the complaints about it; a street or district counts its
 * own: those no community could be resolved for, which its staff handle.
 */
export function unitProgress(db: DbOrTx, unit: { id: number; kind: string }) {
  const mine = unit.kind === 'community' ? eq(complaints.communityId, unit.id) : and(eq(complaints.unitId, unit.id), isNull(complaints.communityId))
  const complaintsByStatus = db.select({ status: complaints.status, n: count() }).from(complaints).where(mine).groupBy(complaints.status).all()
  const topicsByStatus = db.select({ status: topics.status, n: count() }).from(topics).where(eq(topics.unitId, unit.id)).groupBy(topics.status).all()
  const inSuggestion =
    db
      .select({ n: countDistinct(complaints.id) })
      .from(complaints)
      .innerJoin(topicComplaints, eq(topicComplaints.complaintId, complaints.id))
      .innerJoin(topics, eq(topics.id, topicComplaints.topicId))
      .where(and(mine, inArray(complaints.status, ['received', 'classified']), eq(topics.status, 'suggested')))
      .get()?.n ?? 0
  return { complaintsByStatus, topicsByStatus, inSuggestion }
}
