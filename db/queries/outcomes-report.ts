// Read models for the street-office dashboard and the public disclosure
// timeline (公示). Nothing here names a complainant: the public side reads
// topics, meetings, decisions and work orders only, and scrubs free text.
import { and, asc, count, eq, gte, inArray, lt, notInArray, sql } from 'drizzle-orm'
import type { PublicPerson } from '../../meetings/pseudonyms'
import type { DbOrTx } from '../client'
import { isPastDeadline, startOfChinaDay } from '../dates'
import {
  complaints,
  decisionTargets,
  decisions,
  deliberators,
  meetingEvents,
  meetingParticipants,
  meetings,
  minutes,
  panelMembers,
  panels,
  satisfactionRatings,
  targetMeasurements,
  topicComplaints,
  topics,
  units,
  workOrderEvents,
  workOrderStatuses,
  workOrders,
  users,
} from '../schema/index'
import { orderSetbacks } from './decisions'
import { callbackRate, makeRatio, meanDays, monthKeyCst, monthRange, onTimeRate, satisfactionRate, type Ratio } from './kpi'
import { meetingHeldAt, pseudonymizeMeetingText } from './meetings'
import { countPanelDraws } from './panels'
import { maskName } from './pii'

// ---------------------------------------------------------------------------
// Dashboard

export type OutcomeFigures = {
  complaints: number
  suggested: number
  approved: number
  meetings: number
  decisions: number
  delivered: number
  ordersOnTime: number
  ordersLate: number
  ordersOverdueOpen: number
  onTime: Ratio
  callback: Ratio
  satisfaction: Ratio
  /** Mean days from a topic's appearance (hot topic) to its first meeting. */
  daysToMeeting: number | null
  /** Mean days from the meeting to the delivery of its decision. */
  daysToDelivery: number | null
}

type Acc = {
  complaints: number
  suggested: number
  approved: number
  meetings: number
  decisions: number
  delivered: number
  orders: { dueAt: number; finishedAt: number | null }[]
  overdueOpen: number
  requests: { answeredAt: number | null; rating: number | null }[]
  toMeeting: { from: number; to: number }[]
  toDelivery: { from: number; to: number }[]
}
const emptyAcc = (): Acc => ({
  complaints: 0,
  suggested: 0,
  approved: 0,
  meetings: 0,
  decisions: 0,
  delivered: 0,
  orders: [],
  overdueOpen: 0,
  requests: [],
  toMeeting: [],
  toDelivery: [],
})

function finish(a: Acc): OutcomeFigures {
  const onTime = onTimeRate(a.orders)
  return {
    complaints: a.complaints,
    suggested: a.suggested,
    approved: a.approved,
    meetings: a.meetings,
    decisions: a.decisions,
    delivered: a.delivered,
    ordersOnTime: onTime.num,
    ordersLate: onTime.den - onTime.num,
    ordersOverdueOpen: a.overdueOpen,
    onTime,
    callback: callbackRate(a.requests),
    satisfaction: satisfactionRate(a.requests),
    daysToMeeting: meanDays(a.toMeeting),
    daysToDelivery: meanDays(a.toDelivery),
  }
}

/** Topic statuses that mean "taken up" (anything a reviewer approved and kept). */
const NOT_TAKEN_UP = ['suggested', 'rejected', 'merged', 'snoozed']

/**
 * Figures per community, per month and in total over `months` (YYYY-MM, China
 * time), for the communities given. Counts are bucketed by when each thing
 * happened: complaints by receipt, topics by creation (approved by review),
 * orders by delivery (late/open-overdue by due date), callbacks by request.
 */
export function getOutcomeDashboard(db: DbOrTx, opts: { communityIds: number[]; months: string[]; now?: Date }) {
  const now = opts.now ?? new Date()
  const months = [...opts.months].sort()
  const ids = opts.communityIds
  const communities = ids.length
    ? db
        .select({ id: units.id, code: units.code, nameZh: units.nameZh, nameEn: units.nameEn })
        .from(units)
        .where(inArray(units.id, ids))
        .orderBy(asc(units.id))
        .all()
    : []
  const byCommunity = new Map<number, Acc>(communities.map(c => [c.id, emptyAcc()]))
  const byMonth = new Map<string, Acc>(months.map(m => [m, emptyAcc()]))
  const total = emptyAcc()
  if (!communities.length || !months.length)
    return {
      months,
      communities: communities.map(c => ({ ...c, figures: finish(emptyAcc()) })),
      byMonth: months.map(m => ({ month: m, figures: finish(emptyAcc()) })),
      total: finish(total),
    }
  const from = monthRange(months[0]!).from
  const to = monthRange(months.at(-1)!).to
  const inRange = (t: Date | number | null | undefined) => t != null && +t >= +from && +t < +to
  /** Add to the community's, the month's and the total accumulator. */
  const add = (communityId: number | null, at: Date | number, f: (a: Acc) => void) => {
    const c = communityId != null ? byCommunity.get(communityId) : undefined
    const m = byMonth.get(monthKeyCst(at))
    if (!c || !m) return
    f(c)
    f(m)
    f(total)
  }

  // Complaints: aggregated in SQL (a district has hundreds of thousands).
  const monthExpr = sql<string>`strftime('%Y-%m', ${complaints.receivedAt} / 1000, 'unixepoch', '+8 hours')`
  const complaintRows = db
    .select({ communityId: complaints.communityId, month: monthExpr, n: count() })
    .from(complaints)
    .where(and(inArray(complaints.communityId, ids), gte(complaints.receivedAt, from), lt(complaints.receivedAt, to)))
    .groupBy(complaints.communityId, monthExpr)
    .all()
  for (const r of complaintRows) add(r.communityId, monthRange(r.month).from.getTime() + 3600_000, a => (a.complaints += r.n))

  const topicRows = db
    .select({ id: topics.id, unitId: topics.unitId, status: topics.status, createdAt: topics.createdAt, reviewedAt: topics.reviewedAt })
    .from(topics)
    .where(inArray(topics.unitId, ids))
    .all()
  const topicById = new Map(topicRows.map(t => [t.id, t]))
  for (const t of topicRows) {
    if (inRange(t.createdAt)) add(t.unitId, t.createdAt, a => a.suggested++)
    const approvedAt = t.reviewedAt ?? t.createdAt
    if (!NOT_TAKEN_UP.includes(t.status) && inRange(approvedAt)) add(t.unitId, approvedAt, a => a.approved++)
  }
  const topicIds = topicRows.map(t => t.id)

  const meetingRows = topicIds.length
    ? db
        .select({ id: meetings.id, topicId: meetings.topicId, startsAt: meetings.startsAt, status: meetings.status })
        .from(meetings)
        .where(and(inArray(meetings.topicId, topicIds), notInArray(meetings.status, ['cancelled'])))
        .all()
    : []
  const firstMeeting = new Map<number, number>()
  const meetingStart = new Map<number, number>()
  for (const m of meetingRows) {
    meetingStart.set(m.id, +m.startsAt)
    if (+m.startsAt > +now) continue
    const unitId = topicById.get(m.topicId)!.unitId
    if (inRange(m.startsAt)) add(unitId, m.startsAt, a => a.meetings++)
    firstMeeting.set(m.topicId, Math.min(firstMeeting.get(m.topicId) ?? Infinity, +m.startsAt))
  }
  for (const [topicId, at] of firstMeeting) {
    const t = topicById.get(topicId)!
    if (inRange(at) && at >= +t.createdAt) add(t.unitId, at, a => a.toMeeting.push({ from: +t.createdAt, to: at }))
  }

  const decisionRows = topicIds.length
    ? db
        .select({
          id: decisions.id,
          topicId: decisions.topicId,
          meetingId: decisions.meetingId,
          createdAt: decisions.createdAt,
          deliveredAt: decisions.deliveredAt,
        })
        .from(decisions)
        .where(inArray(decisions.topicId, topicIds))
        .all()
    : []
  const decisionUnit = new Map(decisionRows.map(d => [d.id, topicById.get(d.topicId)!.unitId]))
  for (const d of decisionRows) {
    const unitId = decisionUnit.get(d.id)!
    if (inRange(d.createdAt)) add(unitId, d.createdAt, a => a.decisions++)
    if (d.deliveredAt && inRange(d.deliveredAt)) {
      add(unitId, d.deliveredAt, a => a.delivered++)
      const start = d.meetingId != null ? meetingStart.get(d.meetingId) : undefined
      if (start != null && +d.deliveredAt >= start) add(unitId, d.deliveredAt, a => a.toDelivery.push({ from: start, to: +d.deliveredAt! }))
    }
  }
  const decisionIds = decisionRows.map(d => d.id)

  const orderRows = decisionIds.length
    ? db
        .select({ id: workOrders.id, decisionId: workOrders.decisionId, status: workOrders.status, dueAt: workOrders.dueAt })
        .from(workOrders)
        .where(inArray(workOrders.decisionId, decisionIds))
        .all()
    : []
  const finishedAt = finishedAtOf(
    db,
    orderRows.filter(o => o.status === 'verified' || o.status === 'closed').map(o => o.id),
  )
  for (const o of orderRows) {
    const unitId = decisionUnit.get(o.decisionId)!
    const done = finishedAt.get(o.id)
    if (done != null) {
      if (inRange(done)) add(unitId, done, a => a.orders.push({ dueAt: +o.dueAt, finishedAt: done }))
    } else if (o.status !== 'draft' && isPastDeadline(o.dueAt, now) && inRange(o.dueAt)) add(unitId, o.dueAt, a => a.overdueOpen++)
  }

  const ratingRows = decisionIds.length
    ? db
        .select({
          decisionId: satisfactionRatings.decisionId,
          askedAt: satisfactionRatings.askedAt,
          answeredAt: satisfactionRatings.answeredAt,
          rating: satisfactionRatings.rating,
        })
        .from(satisfactionRatings)
        .where(inArray(satisfactionRatings.decisionId, decisionIds))
        .all()
    : []
  for (const r of ratingRows) {
    if (inRange(r.askedAt))
      add(decisionUnit.get(r.decisionId)!, r.askedAt, a => a.requests.push({ answeredAt: r.answeredAt ? +r.answeredAt : null, rating: r.rating }))
  }

  return {
    months,
    communities: communities.map(c => ({ ...c, figures: finish(byCommunity.get(c.id)!) })),
    byMonth: months.map(m => ({ month: m, figures: finish(byMonth.get(m)!) })),
    total: finish(total),
  }
}

function finishedAtOf(db: DbOrTx, orderIds: number[]) {
  const out = new Map<number, number>()
  if (!orderIds.length) return out
  const rows = db
    .select({ id: workOrderEvents.workOrderId, at: sql<number>`max(${workOrderEvents.createdAt})` })
    .from(workOrderEvents)
    .where(and(inArray(workOrderEvents.workOrderId, orderIds), eq(workOrderEvents.toStatus, 'verified')))
    .groupBy(workOrderEvents.workOrderId)
    .all()
  for (const r of rows) out.set(r.id, Number(r.at))
  return out
}

/** Lists for the printable monthly report: decisions delivered and orders overdue in the month. */
export function getMonthlyDetails(db: DbOrTx, opts: { communityIds: number[]; month: string; now?: Date }) {
  const now = opts.now ?? new Date()
  const { from, to } = monthRange(opts.month)
  if (!opts.communityIds.length) return { delivered: [], overdue: [] }
  // Deadlines on days before today have passed (isPastDeadline); months start on a China day too.
  const today = startOfChinaDay(now)
  const delivered = db
    .select({ id: decisions.id, title: decisions.title, deliveredAt: decisions.deliveredAt, topicTitle: topics.title, unitId: topics.unitId })
    .from(decisions)
    .innerJoin(topics, eq(topics.id, decisions.topicId))
    .where(and(inArray(topics.unitId, opts.communityIds), gte(decisions.deliveredAt, from), lt(decisions.deliveredAt, to)))
    .orderBy(asc(decisions.deliveredAt))
    .all()
  const overdue = db
    .select({
      id: workOrders.id,
      title: workOrders.title,
      status: workOrders.status,
      dueAt: workOrders.dueAt,
      department: units.nameZh,
      departmentEn: units.nameEn,
    })
    .from(workOrders)
    .innerJoin(units, eq(units.id, workOrders.departmentId))
    .innerJoin(decisions, eq(decisions.id, workOrders.decisionId))
    .innerJoin(topics, eq(topics.id, decisions.topicId))
    .where(
      and(
        inArray(topics.unitId, opts.communityIds),
        notInArray(workOrders.status, ['draft', 'verified', 'closed']),
        lt(workOrders.dueAt, to.getTime() < today.getTime() ? to : today),
      ),
    )
    .orderBy(asc(workOrders.dueAt))
    .all()
  return { delivered, overdue }
}

// ---------------------------------------------------------------------------
// Public disclosure

/** Mask what looks like a phone or ID number in free text before it goes public. */
export function scrubPublicText(text: string | null | undefined): string {
  if (!text) return ''
  return text
    .replace(/(?<!\d)\d{17}[\dXx](?!\d)/g, '******************')
    .replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2')
    .replace(/(?<!\d)(0\d{2,3}-?)\d{7,8}(?!\d)/g, '$1********')
}

/**
 * Published minutes name the people in the room (attendance, speakers,
 * statements). Their public copy names them as the public view of the live
 * meeting does: residents 议事员 1, 2…, staff by their role (see
 * pseudonymizeMeetingText), in `label`'s language (Chinese by default).
 */
export function scrubMinutesNames(db: DbOrTx, meetingId: number, topicId: number, text: string, label?: (p: PublicPerson) => string): string {
  return pseudonymizeMeetingText(db, meetingId, topicId, text, label)
}

/** A topic is public once taken up (approved or later) and not marked private. */
export function isPublicTopic(t: { status: string; isPublic: boolean }) {
  return t.isPublic && !NOT_TAKEN_UP.includes(t.status)
}

export type TimelineType = 'topic' | 'panel' | 'meeting' | 'minutes' | 'decision' | 'measurement' | 'work_order' | 'progress' | 'delivered' | 'satisfaction'
export type TimelineEntry = {
  type: TimelineType
  at: Date
  topicId: number
  topicTitle: string
  /** Id of the row the entry is about (topic, panel, meeting, decision, work order…). */
  refId: number
  data: Record<string, string | number | null>
}

function publicTopics(db: DbOrTx, where: { communityId?: number; topicId?: number }) {
  const rows = db
    .select({
      id: topics.id,
      unitId: topics.unitId,
      title: topics.title,
      description: topics.description,
      category: topics.category,
      place: topics.place,
      status: topics.status,
      isPublic: topics.isPublic,
      createdAt: topics.createdAt,
      reviewedAt: topics.reviewedAt,
      fromTime: topics.fromTime,
      toTime: topics.toTime,
    })
    .from(topics)
    // The same test as isPublicTopic, in SQL: a community holds hundreds of suggestions nobody outside sees.
    .where(
      and(
        where.topicId != null ? eq(topics.id, where.topicId) : eq(topics.unitId, where.communityId!),
        eq(topics.isPublic, true),
        notInArray(topics.status, NOT_TAKEN_UP),
      ),
    )
    .all()
  return rows.filter(isPublicTopic)
}

/**
 * The disclosure timeline of a community (or of one topic): topic taken up →
 * panel → meeting → minutes → decisions and targets → work orders and their
 * progress → delivery → satisfaction, newest first. No personal data: no
 * complainants, no panel members' names, no staff names, free text scrubbed.
 */
export function getPublicTimeline(db: DbOrTx, where: { communityId?: number; topicId?: number }, opts: { limit?: number } = {}): TimelineEntry[] {
  const ts = publicTopics(db, where)
  if (!ts.length) return []
  const titleOf = new Map(ts.map(t => [t.id, t.title]))
  const ids = ts.map(t => t.id)
  const out: TimelineEntry[] = []
  const push = (type: TimelineType, at: Date | number | null | undefined, topicId: number, refId: number, data: TimelineEntry['data']) => {
    if (at == null) return
    out.push({ type, at: new Date(at), topicId, topicTitle: titleOf.get(topicId) ?? '', refId, data })
  }
  const counts = new Map(
    db
      .select({ topicId: topicComplaints.topicId, n: count() })
      .from(topicComplaints)
      .where(inArray(topicComplaints.topicId, ids))
      .groupBy(topicComplaints.topicId)
      .all()
      .map(r => [r.topicId, r.n]),
  )
  for (const t of ts) push('topic', t.reviewedAt ?? t.createdAt, t.id, t.id, { complaints: counts.get(t.id) ?? 0, category: t.category, place: t.place })

  for (const p of db
    .select({ id: panels.id, topicId: panels.topicId, seats: panels.seats, seed: panels.seed, createdAt: panels.createdAt })
    .from(panels)
    .where(inArray(panels.topicId, ids))
    .all()) {
    const accepted =
      db
        .select({ n: count() })
        .from(panelMembers)
        .where(and(eq(panelMembers.panelId, p.id), eq(panelMembers.kind, 'member'), eq(panelMembers.status, 'accepted')))
        .get()?.n ?? 0
    // The seed and how many draws were made (previews included) are public, so a re-drawn panel shows.
    push('panel', p.createdAt, p.topicId, p.id, { seats: p.seats, accepted, seed: p.seed, draws: countPanelDraws(db, p.topicId) })
  }
  const ms = db
    .select({
      id: meetings.id,
      topicId: meetings.topicId,
      title: meetings.title,
      mode: meetings.mode,
      // A meeting is on the timeline when it took place (or is planned to).
      startsAt: meetingHeldAt(),
      place: meetings.place,
      status: meetings.status,
      minutesStatus: minutes.status,
      publishedAt: minutes.publishedAt,
    })
    .from(meetings)
    .leftJoin(minutes, eq(minutes.meetingId, meetings.id))
    .where(and(inArray(meetings.topicId, ids), eq(meetings.isPublic, true)))
    .all()
  for (const m of ms) {
    push('meeting', m.startsAt, m.topicId, m.id, { title: scrubPublicText(m.title), mode: m.mode, place: m.place, status: m.status })
    if (m.minutesStatus === 'published') push('minutes', m.publishedAt, m.topicId, m.id, { title: scrubPublicText(m.title) })
  }
  const ds = db.select().from(decisions).where(inArray(decisions.topicId, ids)).all()
  const decisionTopic = new Map(ds.map(d => [d.id, d.topicId]))
  for (const d of ds) {
    const targets = db.select().from(decisionTargets).where(eq(decisionTargets.decisionId, d.id)).orderBy(asc(decisionTargets.id)).all()
    push('decision', d.createdAt, d.topicId, d.id, {
      title: scrubPublicText(d.title),
      description: scrubPublicText(d.description),
      targets: targets.map(t => `${t.metric} ${fmtNum(t.baseline)} → ${fmtNum(t.target)}${t.unit ? ` ${t.unit}` : ''}`).join('；'),
      progress: d.progress,
      status: d.status,
    })
    if (d.deliveredAt && d.status === 'delivered') push('delivered', d.deliveredAt, d.topicId, d.id, { title: scrubPublicText(d.title) })
    for (const t of targets) {
      for (const m of db.select().from(targetMeasurements).where(eq(targetMeasurements.targetId, t.id)).orderBy(asc(targetMeasurements.measuredAt)).all()) {
        push('measurement', m.measuredAt, d.topicId, d.id, {
          metric: t.metric,
          unit: t.unit,
          baseline: t.baseline,
          target: t.target,
          value: m.value,
          decision: scrubPublicText(d.title),
        })
      }
    }
    const answered = db
      .select({
        asked: count(),
        answered: sql<number>`sum(case when ${satisfactionRatings.answeredAt} is not null then 1 else 0 end)`,
        satisfied: sql<number>`sum(case when ${satisfactionRatings.rating} >= 4 then 1 else 0 end)`,
        last: sql<number>`max(${satisfactionRatings.answeredAt})`,
      })
      .from(satisfactionRatings)
      .where(eq(satisfactionRatings.decisionId, d.id))
      .get()
    if (answered && Number(answered.answered) > 0) {
      push('satisfaction', Number(answered.last), d.topicId, d.id, {
        decision: scrubPublicText(d.title),
        asked: answered.asked,
        answered: Number(answered.answered),
        satisfied: Number(answered.satisfied),
      })
    }
  }
  if (ds.length) {
    const statusNames = new Map(
      db
        .select()
        .from(workOrderStatuses)
        .all()
        .map(s => [s.code, s]),
    )
    const orders = db
      .select({
        id: workOrders.id,
        decisionId: workOrders.decisionId,
        title: workOrders.title,
        dueAt: workOrders.dueAt,
        department: units.nameZh,
        departmentEn: units.nameEn,
      })
      .from(workOrders)
      .innerJoin(units, eq(units.id, workOrders.departmentId))
      .where(
        inArray(
          workOrders.decisionId,
          ds.map(d => d.id),
        ),
      )
      .all()
    const orderById = new Map(orders.map(o => [o.id, o]))
    const events = orders.length
      ? db
          .select({
            id: workOrderEvents.id,
            workOrderId: workOrderEvents.workOrderId,
            kind: workOrderEvents.kind,
            toStatus: workOrderEvents.toStatus,
            progress: workOrderEvents.progress,
            note: workOrderEvents.note,
            createdAt: workOrderEvents.createdAt,
          })
          .from(workOrderEvents)
          .where(
            inArray(
              workOrderEvents.workOrderId,
              orders.map(o => o.id),
            ),
          )
          .orderBy(asc(workOrderEvents.id))
          .all()
      : []
    for (const e of events) {
      const o = orderById.get(e.workOrderId)!
      const topicId = decisionTopic.get(o.decisionId)!
      const base = { order: scrubPublicText(o.title), department: o.department, departmentEn: o.departmentEn, progress: e.progress }
      if (e.kind === 'progress') push('progress', e.createdAt, topicId, o.id, { ...base, note: scrubPublicText(e.note) })
      else if (e.toStatus && e.toStatus !== 'draft') {
        const s = statusNames.get(e.toStatus)
        push('work_order', e.createdAt, topicId, o.id, {
          ...base,
          status: e.toStatus,
          statusZh: s?.nameZh ?? e.toStatus,
          statusEn: s?.nameEn ?? e.toStatus,
          dueAt: new Date(o.dueAt).toISOString(),
        })
      }
    }
  }
  out.sort((a, b) => +b.at - +a.at || b.refId - a.refId)
  return opts.limit ? out.slice(0, opts.limit) : out
}

const fmtNum = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1))

/** Communities with public activity counts, for the public index and the open-data API. */
export function listPublicCommunities(db: DbOrTx) {
  const cs = db
    .select({ id: units.id, code: units.code, nameZh: units.nameZh, nameEn: units.nameEn })
    .from(units)
    .where(eq(units.kind, 'community'))
    .orderBy(asc(units.id))
    .all()
  return cs.map(c => {
    const ts = publicTopics(db, { communityId: c.id })
    const ids = ts.map(t => t.id)
    const nDecisions = ids.length ? (db.select({ n: count() }).from(decisions).where(inArray(decisions.topicId, ids)).get()?.n ?? 0) : 0
    const nDelivered = ids.length
      ? (db
          .select({ n: count() })
          .from(decisions)
          .where(and(inArray(decisions.topicId, ids), eq(decisions.status, 'delivered')))
          .get()?.n ?? 0)
      : 0
    return { ...c, topics: ts.length, decisions: nDecisions, delivered: nDelivered }
  })
}

/** A public topic's page: the topic, its meetings, decisions with targets, orders and satisfaction. */
export function getPublicTopic(db: DbOrTx, topicId: number) {
  const t = publicTopics(db, { topicId })[0]
  if (!t) return null
  const community = db.select({ id: units.id, code: units.code, nameZh: units.nameZh, nameEn: units.nameEn }).from(units).where(eq(units.id, t.unitId)).get()!
  const complaintsCount = db.select({ n: count() }).from(topicComplaints).where(eq(topicComplaints.topicId, topicId)).get()?.n ?? 0
  const ms = db
    .select({
      id: meetings.id,
      title: meetings.title,
      mode: meetings.mode,
      // When it took place once held, else when planned.
      startsAt: meetingHeldAt(),
      place: meetings.place,
      status: meetings.status,
      minutesStatus: minutes.status,
      minutesMarkdown: minutes.markdown,
    })
    .from(meetings)
    .leftJoin(minutes, eq(minutes.meetingId, meetings.id))
    .where(and(eq(meetings.topicId, topicId), eq(meetings.isPublic, true)))
    .orderBy(asc(meetings.startsAt))
    .all()
    .map(m => ({
      id: m.id,
      title: scrubPublicText(m.title),
      mode: m.mode,
      startsAt: m.startsAt,
      place: m.place,
      status: m.status,
      minutes: m.minutesStatus === 'published' ? scrubPublicText(scrubMinutesNames(db, m.id, topicId, m.minutesMarkdown ?? '')) : null,
    }))
  const ds = db.select().from(decisions).where(eq(decisions.topicId, topicId)).orderBy(asc(decisions.id)).all()
  const decisionViews = ds.map(d => {
    const targets = db.select().from(decisionTargets).where(eq(decisionTargets.decisionId, d.id)).orderBy(asc(decisionTargets.id)).all()
    const measures = targets.length
      ? db
          .select()
          .from(targetMeasurements)
          .where(
            inArray(
              targetMeasurements.targetId,
              targets.map(x => x.id),
            ),
          )
          .orderBy(asc(targetMeasurements.measuredAt))
          .all()
      : []
    const orders = db
      .select({
        id: workOrders.id,
        title: workOrders.title,
        status: workOrders.status,
        progress: workOrders.progress,
        dueAt: workOrders.dueAt,
        department: units.nameZh,
        departmentEn: units.nameEn,
        statusZh: workOrderStatuses.nameZh,
        statusEn: workOrderStatuses.nameEn,
      })
      .from(workOrders)
      .innerJoin(units, eq(units.id, workOrders.departmentId))
      .innerJoin(workOrderStatuses, eq(workOrderStatuses.code, workOrders.status))
      .where(and(eq(workOrders.decisionId, d.id), notInArray(workOrders.status, ['draft'])))
      .orderBy(asc(workOrders.id))
      .all()
    // Only whether work went backwards is public: the reason given is the staff's and may name people.
    const setbacks = orderSetbacks(
      db,
      orders.map(o => o.id),
    )
    const publicOrders = orders.map(o => ({ ...o, title: scrubPublicText(o.title), setback: setbacks.get(o.id)?.kind ?? null }))
    const ratings = db
      .select({ answeredAt: satisfactionRatings.answeredAt, rating: satisfactionRatings.rating })
      .from(satisfactionRatings)
      .where(eq(satisfactionRatings.decisionId, d.id))
      .all()
    return {
      id: d.id,
      title: scrubPublicText(d.title),
      description: scrubPublicText(d.description),
      status: d.status,
      progress: d.progress,
      deliveredAt: d.deliveredAt,
      createdAt: d.createdAt,
      targets: targets.map(x => {
        const values = measures.filter(m => m.targetId === x.id).map(m => ({ value: m.value, measuredAt: m.measuredAt }))
        return { id: x.id, metric: x.metric, unit: x.unit, baseline: x.baseline, target: x.target, latest: values.at(-1)?.value ?? null, measurements: values }
      }),
      orders: publicOrders,
      callback: callbackRate(ratings),
      satisfaction: satisfactionRate(ratings),
    }
  })
  return {
    topic: {
      id: t.id,
      title: scrubPublicText(t.title),
      description: scrubPublicText(t.description),
      category: t.category,
      place: t.place,
      status: t.status,
      createdAt: t.createdAt,
      fromTime: t.fromTime,
      toTime: t.toTime,
      complaints: complaintsCount,
    },
    community,
    meetings: ms,
    decisions: decisionViews,
    timeline: getPublicTimeline(db, { topicId }),
  }
}
