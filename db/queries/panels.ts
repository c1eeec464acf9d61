// Panels drawn from the pool: the bridge from the database to the pure
// selector in panel/, seed commitment, the saved draw with its seats, and the
// invitation life cycle (invite → accept | decline → next alternate | waitlist).
// Data access only: the civic commands in app/commands/panels.server.ts call
// these and push the notifications they return.
import crypto from 'node:crypto'
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm'
import {
  InfeasibleError,
  ValidationError,
  nextAlternate,
  panelComposition,
  parseRequest,
  reasonsFor,
  selectPanel,
  type CompositionLine,
  type MemberReason,
  type PanelRequest,
  type PanelRequestInput,
  type PanelResult,
  type PoolMember,
} from '../../panel/index'
import type { Db, DbOrTx } from '../client'
import { DomainError } from '../errors'
import { auditEvents, deliberators, meetings, panelMembers, panels, roleAssignments, topics, users } from '../schema/index'
import { writeAudit, type Actor } from './audit'
import { addMeetingParticipant, seatPanel, upcomingMeetingWithoutPanel } from './meetings'
import { createNotification } from './notifications'
import { getPoolMember, holdsStaffRole, invitationUsername, phoneKey } from './pool'
import { responsibleUsers } from './topics'
import { getUnit, unitAncestry, unitDescendantIds, unitIdsWithin } from './units'

export type PanelRow = typeof panels.$inferSelect
export type PanelMemberRow = typeof panelMembers.$inferSelect

// ---------------------------------------------------------------------------
// Drawing a panel

export type PanelOptions = {
  seats: number
  seed: string
  roleSeats: Record<string, number>
  quotas: Record<string, Record<string, [number, number]>>
  alternates: number
  language: 'zh' | 'en'
  /** Reference day for the rotation penalty; defaults to today (UTC). */
  now?: string
}

/** The street a topic belongs to (its panel is drawn from the street's pool). */
export function topicStreetId(db: DbOrTx, unitId: number): number {
  const chain = unitAncestry(db, unitId)
  return (chain.find(u => u.kind === 'street') ?? chain[0])?.id ?? unitId
}

/**
 * One row per non-empty phone (by comparable phone): the one linked to an
 * account, else the most recently added; rows without a phone all stay.
 * Returned in the order given.
 */
function onePerPhone<R extends { id: number; phone: string | null; userId: number | null }>(rows: R[]): R[] {
  const kept = new Map<string, R>()
  for (const r of rows) {
    const key = phoneKey(r.phone)
    const held = key ? kept.get(key) : undefined
    if (key && (!held || (held.userId == null && (r.userId != null || r.id > held.id)))) kept.set(key, r)
  }
  return rows.filter(r => !phoneKey(r.phone) || kept.get(phoneKey(r.phone)) === r)
}

/**
 * The selector's request for a topic: the pool of every community of the
 * topic's street (ids only, no names or phones), the topic's category,
 * keywords, place and community, and the worker's constraints.
 */
export function buildPanelRequest(
  db: DbOrTx,
  topic: Pick<typeof topics.$inferSelect, 'unitId' | 'category' | 'keywords' | 'place'>,
  opts: PanelOptions,
): PanelRequestInput {
  const street = topicStreetId(db, topic.unitId)
  const communityIds = unitDescendantIds(db, street)
  // The selector sees no phones and workers count a person once only per community: one phone is one candidate here.
  const rows = onePerPhone(db.select().from(deliberators).where(inArray(deliberators.communityId, communityIds)).orderBy(asc(deliberators.id)).all())
  const unit = getUnit(db, topic.unitId)
  const pool: PoolMember[] = rows.map(r => ({
    id: r.id,
    community: getUnit(db, r.communityId)?.nameZh ?? null,
    roles: r.roles,
    interests: r.interests,
    expertise: r.expertise,
    attributes: r.attributes,
    timesServed: r.timesServed,
    lastServedAt: r.lastServedAt ? r.lastServedAt.toISOString() : null,
  }))
  return {
    seats: opts.seats,
    seed: opts.seed,
    topic: { category: topic.category, keywords: topic.keywords, place: topic.place, community: unit?.kind === 'community' ? unit.nameZh : null },
    roleSeats: Object.fromEntries(Object.entries(opts.roleSeats).filter(([, n]) => n > 0)),
    quotas: opts.quotas,
    pool,
    now: opts.now ?? new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString(),
    alternates: opts.alternates,
    language: opts.language,
  }
}

export type DrawOutcome =
  | { ok: true; request: PanelRequest; result: PanelResult }
  | { ok: false; kind: 'infeasible'; message: string; conflicts: string[] }
  | { ok: false; kind: 'invalid'; issues: string[] }

/** Run the selector; infeasible and invalid requests come back as values to show, not exceptions. */
export async function drawPanel(request: PanelRequestInput): Promise<DrawOutcome> {
  try {
    const parsed = parseRequest(request)
    const result = await selectPanel(parsed)
    return { ok: true, request: parsed, result }
  } catch (e) {
    if (e instanceof InfeasibleError) return { ok: false, kind: 'infeasible', message: e.message, conflicts: e.conflicts }
    if (e instanceof ValidationError) return { ok: false, kind: 'invalid', issues: e.issues }
    throw e
  }
}

const newToken = () => crypto.randomBytes(18).toString('base64url')

/** Why a pool member holds `seat` (a waiting alternate, `alternate`, holds none yet), as data. */
function seatReasons(request: Pick<PanelRequest, 'topic' | 'roleSeats'>, member: PoolMember, seat: string): MemberReason[] {
  if (seat !== 'alternate') return reasonsFor(member, request.topic, seat, request.roleSeats)
  return reasonsFor(member, request.topic, 'general', request.roleSeats).filter(r => r.kind !== 'seat')
}

// ---------------------------------------------------------------------------
// Seed commitment: a topic's draw seed is fixed (and written to the audit log)
// the first time its draw is opened, so drawing again and again with other
// seeds until a wanted name comes up is impossible, and every draw is on record.

function committedSeed(db: DbOrTx, topicId: number): string | null {
  const row = db
    .select({ after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'panel.seed'), eq(auditEvents.subjectType, 'topic'), eq(auditEvents.subjectId, String(topicId))))
    .orderBy(asc(auditEvents.id))
    .get()
  return (row?.after as { seed?: string } | null)?.seed ?? null
}

/** A fresh public seed: the date and six random digits, easy to read out and write down. */
export function newPanelSeed(now = new Date()) {
  return `${now.toISOString().slice(0, 10).replace(/-/g, '')}-${crypto.randomInt(100000, 999999)}`
}

/** The topic's draw seed, fixed and recorded on first use; later calls return the same seed. */
export function openPanelDraw(db: Db, topicId: number, actor: Actor, seed = newPanelSeed()): string {
  return db.transaction(tx => {
    const existing = committedSeed(tx, topicId)
    if (existing) return existing
    writeAudit(tx, actor, 'panel.seed', { type: 'topic', id: topicId }, { after: { seed } })
    return seed
  })
}

/** Record one draw (a preview or the saved one) in the audit log: who, with which options, whom it picked. */
export function recordPanelDraw(
  db: Db,
  input: {
    topicId: number
    request: Pick<PanelRequestInput, 'seed' | 'seats' | 'roleSeats' | 'quotas' | 'alternates'>
    result: PanelResult | null
    intent: 'preview' | 'save'
  },
  actor: Actor,
) {
  const { request, result } = input
  writeAudit(
    db,
    actor,
    'panel.draw',
    { type: 'topic', id: input.topicId },
    {
      after: {
        intent: input.intent,
        seed: String(request.seed),
        seats: request.seats,
        roleSeats: request.roleSeats,
        quotas: request.quotas,
        alternates: request.alternates,
        members: result ? result.panel.map(p => Number(p.id)) : null,
        alternatesDrawn: result ? result.alternates.map(Number) : null,
      },
    },
  )
}

/** How many draws were made for a topic (previews included). */
export function countPanelDraws(db: DbOrTx, topicId: number): number {
  return (
    db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'panel.draw'), eq(auditEvents.subjectType, 'topic'), eq(auditEvents.subjectId, String(topicId))))
      .get()?.n ?? 0
  )
}

/**
 * Persist a drawn panel and invite its members (one civic action): the panel
 * keeps the full request (with `now`) and seed so anyone can re-run it; members
 * are invited with a private token each, alternates wait in replacement order.
 * Members with an account get an in-app notice. The topic's next meeting
 * that holds no panel yet takes this one. Returns the notices to push.
 */
export function savePanelAndInvite(db: Db, input: { topicId: number; request: PanelRequest; result: PanelResult }, actor: Actor & { kind: 'user' }) {
  const { request, result } = input
  return db.transaction(tx => {
    const topic = tx.select().from(topics).where(eq(topics.id, input.topicId)).get()
    if (!topic || topic.status !== 'approved') throw new DomainError('conflict', 'panel.notApproved')
    // One panel per topic: a second one would be another chance at the names.
    if (tx.select({ id: panels.id }).from(panels).where(eq(panels.topicId, topic.id)).get()) throw new DomainError('conflict', 'panel.error.exists')
    const seed = committedSeed(tx, topic.id)
    if (seed == null) writeAudit(tx, actor, 'panel.seed', { type: 'topic', id: topic.id }, { after: { seed: String(request.seed) } })
    else if (seed !== String(request.seed)) throw new DomainError('conflict', 'panel.error.seedNotCommitted')
    const draws = countPanelDraws(tx, topic.id)
    const panel = tx
      .insert(panels)
      .values({
        topicId: topic.id,
        seats: request.seats,
        seed: String(request.seed),
        algorithm: result.algorithm,
        request: { ...request, now: result.now },
        probabilities: result.probabilities,
        drawn: {
          panel: result.panel.map(p => ({ id: Number(p.id), seat: p.seat })),
          alternates: result.alternates.map(Number),
          fairnessRatio: result.diagnostics.fairnessRatio,
        },
        createdBy: actor.id,
      })
      .returning()
      .get()
    const now = new Date()
    const notices = []
    const byId = new Map(request.pool.map(m => [String(m.id), m]))
    for (const [i, p] of result.panel.entries()) {
      const row = tx
        .insert(panelMembers)
        .values({
          panelId: panel.id,
          deliberatorId: Number(p.id),
          kind: 'member',
          position: i,
          seat: p.seat,
          reasons: seatReasons(request, byId.get(String(p.id))!, p.seat),
          status: 'invited',
          inviteToken: newToken(),
          invitedAt: now,
        })
        .returning()
        .get()
      const n = noticeForInvite(tx, row, topic.title)
      if (n) notices.push(n)
    }
    for (const [i, id] of result.alternates.entries()) {
      const m = byId.get(String(id))!
      const reasons = seatReasons(request, m, 'alternate')
      tx.insert(panelMembers)
        .values({ panelId: panel.id, deliberatorId: Number(id), kind: 'alternate', position: i, seat: 'alternate', reasons, status: 'waitlisted' })
        .run()
    }
    writeAudit(
      tx,
      actor,
      'panel.create',
      { type: 'panel', id: panel.id },
      {
        after: {
          topicId: topic.id,
          seats: request.seats,
          seed: String(request.seed),
          algorithm: result.algorithm,
          now: result.now,
          members: result.panel.map(p => Number(p.id)),
          alternates: result.alternates.map(Number),
          draws,
        },
      },
    )
    writeAudit(tx, actor, 'panel.invite', { type: 'panel', id: panel.id }, { after: { invited: result.panel.length } })
    // A meeting already scheduled on the topic takes the panel, so the invitations name it.
    const meeting = upcomingMeetingWithoutPanel(tx, topic.id)
    if (meeting) notices.push(...seatPanel(tx, { meeting, panelId: panel.id }, actor))
    return { panel, notices }
  })
}

function noticeForInvite(tx: DbOrTx, row: PanelMemberRow, topicTitle: string) {
  if (row.deliberatorId == null) return null
  const d = tx.select({ userId: deliberators.userId }).from(deliberators).where(eq(deliberators.id, row.deliberatorId)).get()
  if (!d?.userId) return null
  return createNotification(tx, {
    userId: d.userId,
    kind: 'panel',
    messageKey: 'panel.notice.invited',
    params: { topic: topicTitle },
    link: `/invite/${row.inviteToken}`,
  })
}

export function getPanel(db: DbOrTx, id: number): PanelRow | undefined {
  return db.select().from(panels).where(eq(panels.id, id)).get()
}

export function listTopicPanels(db: DbOrTx, topicId: number) {
  return db
    .select({ id: panels.id, seats: panels.seats, seed: panels.seed, createdAt: panels.createdAt })
    .from(panels)
    .where(eq(panels.topicId, topicId))
    .orderBy(desc(panels.id))
    .all()
}

/** Every row of a panel with the member's profile (null when they left the pool). */
export function listPanelMembers(db: DbOrTx, panelId: number) {
  return db
    .select({
      row: panelMembers,
      name: deliberators.name,
      phone: deliberators.phone,
      communityId: deliberators.communityId,
      userId: deliberators.userId,
      roles: deliberators.roles,
      attributes: deliberators.attributes,
      accessibilityNeeds: deliberators.accessibilityNeeds,
      languages: deliberators.languages,
    })
    .from(panelMembers)
    .leftJoin(deliberators, eq(deliberators.id, panelMembers.deliberatorId))
    .where(eq(panelMembers.panelId, panelId))
    .orderBy(asc(panelMembers.kind), asc(panelMembers.position))
    .all()
    .sort((a, b) => (a.row.kind === b.row.kind ? a.row.position - b.row.position : a.row.kind === 'member' ? -1 : 1))
}

/**
 * How a panel's invitations stand, as counts and nothing about anyone: those
 * who accepted, declined (a declined member an alternate replaced counts
 * here) and have not answered yet. Alternates not yet invited are not counted.
 */
export function panelReplies(db: DbOrTx, panelId: number) {
  const rows = db.select({ status: panelMembers.status }).from(panelMembers).where(eq(panelMembers.panelId, panelId)).all()
  const count = (...statuses: string[]) => rows.filter(r => statuses.includes(r.status)).length
  return { accepted: count('accepted'), declined: count('declined', 'replaced'), waiting: count('invited') }
}

/**
 * Why the row's person is on the panel, as data. Rows saved with their reasons
 * as text (in the language of the draw) are worked out again from the stored
 * request, which gives the same reasons; the text is kept only where the
 * request does not know the person.
 */
export function panelMemberReasons(panel: PanelRow, row: PanelMemberRow): (MemberReason | string)[] {
  if (row.reasons.every(r => typeof r !== 'string')) return row.reasons
  const request = panel.request as PanelRequest
  const id = requestId(panel, row)
  const member = id == null ? undefined : request.pool.find(m => String(m.id) === String(id))
  return member ? seatReasons(request, member, row.seat) : row.reasons
}

/** The meeting held for a panel (or, failing that, the latest one on its topic that has not ended). */
export function meetingForPanel(db: DbOrTx, panel: Pick<PanelRow, 'id' | 'topicId'>) {
  return (
    db.select().from(meetings).where(eq(meetings.panelId, panel.id)).orderBy(desc(meetings.id)).get() ??
    db
      .select()
      .from(meetings)
      .where(and(eq(meetings.topicId, panel.topicId), sql`${meetings.status} != 'ended'`))
      .orderBy(desc(meetings.id))
      .get()
  )
}

/** Everything the public invitation page needs, by token. */
export function getInvitation(db: DbOrTx, token: string) {
  if (!token) return undefined
  const row = db.select().from(panelMembers).where(eq(panelMembers.inviteToken, token)).get()
  if (!row) return undefined
  const panel = getPanel(db, row.panelId)!
  const topic = db
    .select({ id: topics.id, title: topics.title, description: topics.description, place: topics.place, unitId: topics.unitId })
    .from(topics)
    .where(eq(topics.id, panel.topicId))
    .get()!
  const member = row.deliberatorId == null ? undefined : getPoolMember(db, row.deliberatorId)
  return { row, panel, topic, member, meeting: meetingForPanel(db, panel) }
}

/** The id the selector knew a panel row by (from the stored draw, so it survives a member leaving). */
function requestId(panel: PanelRow, row: PanelMemberRow): number | null {
  const drawn = panel.drawn
  if (!drawn) return row.deliberatorId
  return row.kind === 'member' ? (drawn.panel[row.position]?.id ?? null) : (drawn.alternates[row.position] ?? null)
}

/**
 * The current occupant of each seat: a seat starts with the drawn member and
 * passes along `replacesId` to each alternate who was invited in their place.
 */
function seatOccupants(rows: PanelMemberRow[]): PanelMemberRow[] {
  const replacedBy = new Map<number, PanelMemberRow>()
  for (const r of rows) if (r.replacesId != null) replacedBy.set(r.replacesId, r)
  return rows
    .filter(r => r.kind === 'member')
    .sort((a, b) => a.position - b.position)
    .map(r => {
      let cur = r
      while (replacedBy.has(cur.id)) cur = replacedBy.get(cur.id)!
      return cur
    })
}

/** Staff to tell about answers: the panel's creator and the workers responsible for the topic. */
function panelStaff(tx: DbOrTx, panel: PanelRow, topicUnitId: number): number[] {
  return [...new Set([...(panel.createdBy ? [panel.createdBy] : []), ...responsibleUsers(tx, topicUnitId)])]
}

/** An invitation to a meeting that has ended can no longer be answered: accepting would seat someone in a finished meeting, declining would invite an alternate to it. */
function requireMeetingNotEnded(inv: NonNullable<ReturnType<typeof getInvitation>>) {
  if (inv.meeting?.status === 'ended') throw new DomainError('conflict', 'invite.error.meetingEnded')
}

export type AcceptResult = { userId: number; createdUser: boolean; meetingId: number | null; notices: ReturnType<typeof createNotification>[] }

/**
 * Accept an invitation. The member's participation history is updated now
 * (timesServed +1, lastServedAt = now): rotation should count a seat from the
 * moment it is taken. A member without an account gets a password-less
 * resident account (username d<id>) so the invitation link can log their phone
 * in; if the topic has a meeting, they become a deliberator participant.
 */
export function acceptInvitation(db: Db, input: { token: string }, actor: Actor): AcceptResult {
  return db.transaction(tx => {
    const inv = getInvitation(tx, input.token)
    if (!inv) throw new DomainError('not-found', 'panel.error.notFound')
    if (inv.row.status !== 'invited') throw new DomainError('conflict', 'invite.error.answered')
    requireMeetingNotEnded(inv)
    if (!inv.member) throw new DomainError('not-found', 'invite.left')
    const now = new Date()
    tx.update(panelMembers).set({ status: 'accepted', respondedAt: now }).where(eq(panelMembers.id, inv.row.id)).run()
    tx.update(deliberators)
      .set({ timesServed: inv.member.timesServed + 1, lastServedAt: now })
      .where(eq(deliberators.id, inv.member.id))
      .run()
    let userId = inv.member.userId
    let createdUser = false
    if (userId == null) {
      let username = invitationUsername(inv.member.id)
      const found = tx.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.username, username)).get()
      // Reuse only the member's own earlier invitation account, never a look-alike with a password or a staff role.
      const existing = found && !found.passwordHash && !holdsStaffRole(tx, found.id) ? found : undefined
      if (found && !existing) username = `${username}-${crypto.randomBytes(3).toString('hex')}`
      if (existing) {
        userId = existing.id
        tx.update(users).set({ displayName: inv.member.name, phone: inv.member.phone, disabledAt: null }).where(eq(users.id, userId)).run()
      } else {
        userId = tx
          .insert(users)
          .values({ username, passwordHash: null, displayName: inv.member.name, phone: inv.member.phone, homeUnitId: inv.member.communityId })
          .returning({ id: users.id })
          .get().id
        tx.insert(roleAssignments).values({ userId, role: 'resident', unitId: inv.member.communityId }).run()
        createdUser = true
        writeAudit(tx, actor, 'user.create', { type: 'user', id: userId }, { after: { username, via: 'panel.invitation', deliberatorId: inv.member.id } })
      }
      tx.update(deliberators).set({ userId }).where(eq(deliberators.id, inv.member.id)).run()
    }
    // Nested transaction (a savepoint): the meetings module writes its own audit row.
    if (inv.meeting) addMeetingParticipant(db, { meetingId: inv.meeting.id, userId, role: 'deliberator' }, actor)
    writeAudit(
      tx,
      actor,
      'panel.accept',
      { type: 'panel_member', id: inv.row.id },
      { before: { status: inv.row.status }, after: { status: 'accepted', panelId: inv.panel.id, meetingId: inv.meeting?.id ?? null } },
    )
    const notices = panelStaff(tx, inv.panel, inv.topic.unitId).map(uid =>
      createNotification(tx, {
        userId: uid,
        kind: 'panel',
        messageKey: 'panel.notice.accepted',
        params: { topic: inv.topic.title, seat: inv.row.position + 1 },
        link: `/panels/${inv.panel.id}`,
      }),
    )
    return { userId, createdUser, meetingId: inv.meeting?.id ?? null, notices }
  })
}

export type DeclineResult = {
  /** The alternate now invited for the seat, or null when nobody suitable was left (seat waitlisted). */
  replacement: { rowId: number; token: string; deliberatorId: number } | null
  notices: ReturnType<typeof createNotification>[]
}

/**
 * Decline an invitation (with an optional reason). The seat goes to the first
 * waiting alternate who keeps every role seat and quota (panel/nextAlternate
 * over the stored request); the declined row becomes `replaced`. When no
 * alternate fits, the row stays `declined` and the seat is marked vacant on the
 * waitlist for the worker. Workers are told either way.
 */
export function declineInvitation(db: Db, input: { token: string; reason?: string | null }, actor: Actor): DeclineResult {
  return db.transaction(tx => {
    const inv = getInvitation(tx, input.token)
    if (!inv) throw new DomainError('not-found', 'panel.error.notFound')
    if (inv.row.status !== 'invited') throw new DomainError('conflict', 'invite.error.answered')
    requireMeetingNotEnded(inv)
    const now = new Date()
    const rows = tx.select().from(panelMembers).where(eq(panelMembers.panelId, inv.panel.id)).all()
    const occupants = seatOccupants(rows)
    const declinedId = requestId(inv.panel, inv.row)
    const used = rows
      .filter(r => r.kind === 'alternate' && (r.status !== 'waitlisted' || r.deliberatorId == null))
      .map(r => requestId(inv.panel, r))
      .filter((id): id is number => id != null)
    const request = inv.panel.request as PanelRequest
    const panelIds = occupants.map(r => requestId(inv.panel, r))
    let alt: number | null = null
    if (declinedId != null && panelIds.every(id => id != null) && inv.panel.drawn) {
      alt = nextAlternate(
        { panel: panelIds.map(id => ({ id: id!, seat: '', reasons: '' })), alternates: inv.panel.drawn.alternates },
        request,
        declinedId,
        used,
      ) as number | null
    }
    let replacement: DeclineResult['replacement'] = null
    if (alt != null) {
      const altRow = rows.find(r => r.kind === 'alternate' && requestId(inv.panel, r) === alt)!
      const m = request.pool.find(p => String(p.id) === String(alt))!
      const reasons = seatReasons(request, m, inv.row.seat)
      const token = newToken()
      tx.update(panelMembers)
        .set({ status: 'invited', inviteToken: token, invitedAt: now, replacesId: inv.row.id, seat: inv.row.seat, reasons })
        .where(eq(panelMembers.id, altRow.id))
        .run()
      replacement = { rowId: altRow.id, token, deliberatorId: altRow.deliberatorId! }
    }
    const status = replacement ? 'replaced' : 'declined'
    const reason = input.reason?.trim() || null
    tx.update(panelMembers).set({ status, respondedAt: now, declineReason: reason }).where(eq(panelMembers.id, inv.row.id)).run()
    writeAudit(
      tx,
      actor,
      'panel.decline',
      { type: 'panel_member', id: inv.row.id },
      { before: { status: inv.row.status }, after: { status, panelId: inv.panel.id, reason } },
    )
    const notices: ReturnType<typeof createNotification>[] = []
    if (replacement) {
      writeAudit(tx, actor, 'panel.invite.alternate', { type: 'panel_member', id: replacement.rowId }, { after: { replaces: inv.row.id, seat: inv.row.seat } })
      const altRow = tx.select().from(panelMembers).where(eq(panelMembers.id, replacement.rowId)).get()!
      const n = noticeForInvite(tx, altRow, inv.topic.title)
      if (n) notices.push(n)
    } else {
      writeAudit(tx, actor, 'panel.seat.waitlisted', { type: 'panel_member', id: inv.row.id }, { after: { seat: inv.row.seat, position: inv.row.position } })
    }
    for (const uid of panelStaff(tx, inv.panel, inv.topic.unitId)) {
      notices.push(
        createNotification(tx, {
          userId: uid,
          kind: 'panel',
          messageKey: replacement ? 'panel.notice.replaced' : 'panel.notice.waitlisted',
          params: { topic: inv.topic.title, seat: seatNumber(occupants, inv.row) },
          link: `/panels/${inv.panel.id}`,
        }),
      )
    }
    return { replacement, notices }
  })
}

function seatNumber(occupants: PanelMemberRow[], row: PanelMemberRow) {
  return occupants.findIndex(o => o.id === row.id) + 1
}

/** Seat-by-seat view for the status page: each seat with its chain of people, drawn member first. */
export function panelSeatChains(rows: PanelMemberRow[]): PanelMemberRow[][] {
  const replacedBy = new Map<number, PanelMemberRow>()
  for (const r of rows) if (r.replacesId != null) replacedBy.set(r.replacesId, r)
  return rows
    .filter(r => r.kind === 'member')
    .sort((a, b) => a.position - b.position)
    .map(r => {
      const chain = [r]
      while (replacedBy.has(chain[chain.length - 1].id)) chain.push(replacedBy.get(chain[chain.length - 1].id)!)
      return chain
    })
}

export type { CompositionLine }

/** How a drawn panel meets each role seat and quota the worker asked for. */
export function drawnComposition(request: PanelRequest, result: Pick<PanelResult, 'panel'>): CompositionLine[] {
  return panelComposition(
    request,
    result.panel.map(p => p.id),
  )
}

/**
 * How a saved panel meets its role seats and quotas now: counted over the
 * people holding its seats (invited or accepted; a replacement in place of
 * whoever declined), a seat left empty by a decline counting for no one.
 */
export function currentComposition(panel: PanelRow, rows: PanelMemberRow[]): CompositionLine[] {
  const held = seatOccupants(rows).filter(r => r.status === 'invited' || r.status === 'accepted')
  const ids = held.map(r => requestId(panel, r)).filter((id): id is number => id != null)
  return panelComposition(panel.request as PanelRequest, ids)
}

export type VerifyOutcome = {
  reproduced: boolean
  panelMatches: boolean
  alternatesMatch: boolean
  rerun: { panel: { id: number; seat: string }[]; alternates: number[] } | null
  error?: string
}

/**
 * "Verify this draw": run the selector again on the stored request and seed
 * and compare with what was drawn and saved.
 */
export async function verifyPanelDraw(db: DbOrTx, panelId: number): Promise<VerifyOutcome> {
  const panel = getPanel(db, panelId)
  if (!panel?.drawn) throw new DomainError('not-found', 'panel.error.notFound')
  const out = await drawPanel(panel.request as PanelRequestInput)
  if (!out.ok)
    return {
      reproduced: false,
      panelMatches: false,
      alternatesMatch: false,
      rerun: null,
      error: out.kind === 'infeasible' ? out.message : out.issues.join('; '),
    }
  const rerun = { panel: out.result.panel.map(p => ({ id: Number(p.id), seat: p.seat })), alternates: out.result.alternates.map(Number) }
  const panelMatches = JSON.stringify(rerun.panel) === JSON.stringify(panel.drawn.panel)
  const alternatesMatch = JSON.stringify(rerun.alternates) === JSON.stringify(panel.drawn.alternates)
  return { reproduced: panelMatches && alternatesMatch, panelMatches, alternatesMatch, rerun }
}
