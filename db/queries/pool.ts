// The deliberator pool: members with their consent, the filters workers list
// them by, participation history, and bulk import rows. Data access only: the
// civic commands in app/commands/panels.server.ts call these.
import { and, asc, count, desc, eq, inArray, like, ne, or, sql, type SQL } from 'drizzle-orm'
import type { Db, DbOrTx } from '../client'
import { DomainError } from '../errors'
import { deliberators, panelMembers, roleAssignments, taxonomyVersions, users } from '../schema/index'
import { writeAudit, type Actor } from './audit'
import { forgetMessagesTo } from './messages'
import { getUnit, unitIdsWithin } from './units'

export type PoolMemberRow = typeof deliberators.$inferSelect

export { POOL_ROLES } from '../enums'

/** Consented quota attributes and their values. */
export const POOL_ATTRIBUTES = {
  gender: ['女', '男'],
  ageBand: ['18-39', '40-59', '60+'],
  tenure: ['<5y', '5-15y', '15y+'],
} as const
export type PoolAttribute = keyof typeof POOL_ATTRIBUTES

/**
 * Topic stakeholder codes (from the taxonomy and the place, see nlp/topic-text.ts)
 * → the pool role that can speak for them. Codes without a pool role are left out.
 */
export const STAKEHOLDER_ROLE: Record<string, string> = {
  traffic_police: 'police',
  police: 'police',
  public_security: 'police',
  school: 'school_rep',
  schools: 'school_rep',
  education: 'school_rep',
  nearby_shops: 'shop_owner',
  shop_owners: 'shop_owner',
  shops: 'shop_owner',
  market_management: 'shop_owner',
  merchants: 'shop_owner',
  property_management: 'property_management',
  homeowners_committee: 'resident_supervisor',
  grid: 'grid_worker',
  grid_workers: 'grid_worker',
}

/** Role seats suggested for a topic: one per distinct pool role its stakeholders map to. */
export function suggestRoleSeats(stakeholders: string[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const s of stakeholders) {
    const role = STAKEHOLDER_ROLE[s]
    if (role) out[role] = 1
  }
  return out
}

// ---------------------------------------------------------------------------
// Pool

export type PoolMemberInput = {
  communityId: number
  name: string
  phone?: string | null
  building?: string | null
  interests: string[]
  expertise: string[]
  roles: string[]
  attributes: Record<string, string>
  availability?: string | null
  accessibilityNeeds?: string | null
  languages: string[]
  capability?: number | null
}

/** The audit view of a member: no name, phone or building, so leaving really removes them. */
function auditView(m: Partial<PoolMemberRow> & PoolMemberInput) {
  return { communityId: m.communityId, roles: m.roles, interests: m.interests, expertise: m.expertise, attributeKeys: Object.keys(m.attributes ?? {}) }
}

function cleanAttributes(a: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(a)) if (v && v.trim()) out[k] = v.trim()
  return out
}

export type PoolFilter = {
  /** Communities (or units above them) the viewer may see; null = everywhere. */
  scopeUnitIds: number[] | null
  communityId?: number | null
  q?: string
  role?: string
  interest?: string
  limit?: number
  offset?: number
}

function poolWhere(db: DbOrTx, f: PoolFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = []
  if (f.scopeUnitIds) {
    const ids = unitIdsWithin(db, f.scopeUnitIds)
    conds.push(inArray(deliberators.communityId, ids.length ? ids : [-1]))
  }
  if (f.communityId) conds.push(eq(deliberators.communityId, f.communityId))
  if (f.q?.trim()) {
    const q = `%${f.q.trim()}%`
    conds.push(or(like(deliberators.name, q), like(deliberators.phone, q), like(deliberators.building, q), like(deliberators.expertise, q)))
  }
  if (f.role) conds.push(sql`exists (select 1 from json_each(${deliberators.roles}) where value = ${f.role})`)
  if (f.interest) conds.push(sql`exists (select 1 from json_each(${deliberators.interests}) where value = ${f.interest})`)
  return conds.length ? and(...conds) : undefined
}

/** Pool members the viewer may see, newest first, with the total for paging. */
export function listPool(db: DbOrTx, f: PoolFilter): { rows: PoolMemberRow[]; total: number } {
  const where = poolWhere(db, f)
  const rows = db
    .select()
    .from(deliberators)
    .where(where)
    .orderBy(desc(deliberators.id))
    .limit(f.limit ?? 50)
    .offset(f.offset ?? 0)
    .all()
  const total = db.select({ n: count() }).from(deliberators).where(where).get()?.n ?? 0
  return { rows, total }
}

export function getPoolMember(db: DbOrTx, id: number): PoolMemberRow | undefined {
  return db.select().from(deliberators).where(eq(deliberators.id, id)).get()
}

export function getPoolMemberByUserId(db: DbOrTx, userId: number): PoolMemberRow | undefined {
  return db.select().from(deliberators).where(eq(deliberators.userId, userId)).get()
}

/** The phone on a resident's account (to prefill their pool profile when they join). */
export function getAccountPhone(db: DbOrTx, userId: number): string | null {
  return db.select({ phone: users.phone }).from(users).where(eq(users.id, userId)).get()?.phone ?? null
}

export type ParticipationHistory = { invitations: number; accepted: number; declined: number; attended: number; ratingAvg: number | null; ratings: number }

/** Participation history per member, derived from their panel rows. */
export function poolHistory(db: DbOrTx, ids: number[]): Map<number, ParticipationHistory> {
  const out = new Map<number, ParticipationHistory>()
  if (!ids.length) return out
  const rows = db
    .select({
      id: panelMembers.deliberatorId,
      invitations: sql<number>`sum(case when ${panelMembers.invitedAt} is not null then 1 else 0 end)`,
      accepted: sql<number>`sum(case when ${panelMembers.status} = 'accepted' then 1 else 0 end)`,
      declined: sql<number>`sum(case when ${panelMembers.status} in ('declined', 'replaced') then 1 else 0 end)`,
      attended: sql<number>`sum(case when ${panelMembers.attended} = 1 then 1 else 0 end)`,
      ratingAvg: sql<number | null>`avg(${panelMembers.facilitatorRating})`,
      ratings: sql<number>`count(${panelMembers.facilitatorRating})`,
    })
    .from(panelMembers)
    .where(inArray(panelMembers.deliberatorId, ids))
    .groupBy(panelMembers.deliberatorId)
    .all()
  for (const r of rows)
    out.set(r.id!, {
      invitations: r.invitations ?? 0,
      accepted: r.accepted ?? 0,
      declined: r.declined ?? 0,
      attended: r.attended ?? 0,
      ratingAvg: r.ratingAvg,
      ratings: r.ratings ?? 0,
    })
  return out
}

function memberValues(input: PoolMemberInput) {
  return {
    communityId: input.communityId,
    name: input.name.trim(),
    phone: input.phone?.trim() || null,
    building: input.building?.trim() || null,
    interests: [...new Set(input.interests.map(s => s.trim()).filter(Boolean))],
    expertise: [...new Set(input.expertise.map(s => s.trim()).filter(Boolean))],
    roles: [...new Set(input.roles.map(s => s.trim()).filter(Boolean))],
    attributes: cleanAttributes(input.attributes),
    availability: input.availability?.trim() || null,
    accessibilityNeeds: input.accessibilityNeeds?.trim() || null,
    languages: [...new Set(input.languages.map(s => s.trim()).filter(Boolean))],
    capability: input.capability ?? null,
  }
}

function requireCommunity(db: DbOrTx, unitId: number) {
  if (getUnit(db, unitId)?.kind !== 'community') throw new DomainError('invalid', 'pool.error.notCommunity', { field: 'communityId' })
}

/** A member's name as the worker may see it (masked without the right to personal data). */
export type MemberNameOf = (m: PoolMemberRow) => string | null

/**
 * Refuse values that would record again someone already in the pool (other
 * than `except`, the member being edited): a member of the same community
 * with the same phone or, without a phone, the same name and building (see
 * findPoolDuplicate), or the same phone in any other community, as on /join
 * and in the draw. A worker is told which other community only when
 * `communityNames` (the communities they manage, by the name to give them)
 * has it, so a worker elsewhere learns nothing of where the person lives; a
 * member editing her own profile is answered as on joining, never told where.
 * The member repeated is named (by `nameOf`, as the worker may see them) and
 * identified, for a link to their entry, only in a community `communityNames`
 * has.
 */
function refuseRecordedAgain(
  tx: DbOrTx,
  values: ReturnType<typeof memberValues>,
  opts: { except?: number; communityNames?: ReadonlyMap<number, string>; nameOf?: MemberNameOf; ownProfile?: boolean },
) {
  // A worker editing a member is told the number is another member's, whose entry is the one to change.
  const editing = opts.except != null
  const visible = (m: PoolMemberRow) => {
    const name = !opts.ownProfile && opts.communityNames?.has(m.communityId) ? opts.nameOf?.(m) : null
    return name ? { member: m.id, name } : null
  }
  const dup = findPoolDuplicate(tx, values, opts.except)
  if (dup) {
    const field = values.phone ? 'phone' : 'name'
    if (opts.ownProfile) throw new DomainError('conflict', 'join.error.recorded', { field })
    const seen = visible(getPoolMember(tx, dup.id)!)
    if (seen) throw new DomainError('conflict', editing ? 'pool.error.edit.duplicateOf' : 'pool.error.duplicateOf', { field, params: seen })
    throw new DomainError('conflict', editing ? 'pool.error.edit.duplicate' : 'pool.error.duplicate', { field })
  }
  const elsewhere = values.phone ? membersWithPhone(tx, values.phone).filter(r => r.id !== opts.except) : []
  if (!elsewhere.length) return
  if (opts.ownProfile) throw new DomainError('conflict', 'join.error.recordedElsewhere', { field: 'phone' })
  const named = elsewhere.find(r => opts.communityNames?.has(r.communityId))
  if (named)
    throw new DomainError('conflict', editing ? 'pool.error.edit.recordedIn' : 'pool.error.recordedIn', {
      field: 'phone',
      params: { community: opts.communityNames!.get(named.communityId)!, ...visible(named) },
    })
  throw new DomainError('conflict', editing ? 'pool.error.edit.recordedElsewhere' : 'pool.error.recordedElsewhere', { field: 'phone' })
}

/**
 * Add a member to the pool. `consentText` is what the person agreed to (the
 * text shown on the join page, or the paper form a worker recorded). A worker
 * may not record again someone already in the pool (see refuseRecordedAgain,
 * which names the other community only when `communityNames` has it).
 */
export function addPoolMember(
  db: Db,
  input: PoolMemberInput & {
    consentText: string
    consentAt?: Date
    userId?: number | null
    communityNames?: ReadonlyMap<number, string>
    nameOf?: MemberNameOf
  },
  actor: Actor,
): PoolMemberRow {
  return db.transaction(tx => {
    requireCommunity(tx, input.communityId)
    if (input.userId != null && getPoolMemberByUserId(tx, input.userId)) throw new DomainError('conflict', 'pool.error.alreadyMember')
    // Staff sit on panels only as the residents they also are, under a separate resident account.
    if (input.userId != null && holdsStaffRole(tx, input.userId)) throw new DomainError('forbidden', 'pool.error.staffAccount')
    if (input.userId == null) refuseRecordedAgain(tx, memberValues(input), { communityNames: input.communityNames, nameOf: input.nameOf })
    const row = tx
      .insert(deliberators)
      .values({ ...memberValues(input), userId: input.userId ?? null, consentAt: input.consentAt ?? new Date(), consentText: input.consentText })
      .returning()
      .get()
    writeAudit(
      tx,
      actor,
      input.userId != null && actor.kind === 'user' && actor.id === input.userId ? 'pool.join' : 'pool.add',
      { type: 'deliberator', id: row.id },
      { after: { ...auditView(row), consentAt: row.consentAt.toISOString() } },
    )
    return row
  })
}

/**
 * A phone as compared in code, by the rule comparablePhone applies in SQL: the
 * number as typed without spaces, dashes or brackets, and without the mainland
 * country code (+86, 0086), which workers' lists write for some and not others.
 */
export const phoneKey = (phone: string | null | undefined) => (phone ?? '').replace(/[\s\-()（）]/g, '').replace(/^(?:\+|00)86/, '')

/**
 * A resident joins the pool through their own account. A row a worker
 * recorded with the account's own phone, in any community, and not yet linked
 * to an account, is this resident: no second row is made, that row is linked
 * to the account and takes what the resident entered (the community they pick
 * included), with their consent; what only workers record (official roles,
 * the capability assessment) stays. Anyone else the entered details repeat
 * (the same phone anywhere in the pool, or without a phone the same name and
 * building in the community) is refused, and nothing the worker recorded, nor
 * where, is shown. `residentRoles` are the roles a resident may claim for
 * themselves.
 */
export function joinPool(
  db: Db,
  input: PoolMemberInput & { userId: number; consentText: string; residentRoles: readonly string[] },
  actor: Actor,
): { row: PoolMemberRow; linked: boolean } {
  return db.transaction(tx => {
    requireCommunity(tx, input.communityId)
    if (getPoolMemberByUserId(tx, input.userId)) throw new DomainError('conflict', 'pool.error.alreadyMember')
    if (holdsStaffRole(tx, input.userId)) throw new DomainError('forbidden', 'pool.error.staffAccount')
    const values = memberValues(input)
    // Only the account's own phone shows that a recorded person is this resident; a linked row is someone's account.
    const accountPhone = phoneKey(getAccountPhone(tx, input.userId))
    const hers = accountPhone ? membersWithPhone(tx, accountPhone).filter(r => r.userId == null) : []
    const twin = hers.find(r => r.communityId === values.communityId) ?? hers[0]
    // A draw spans the street's communities, so the same phone anywhere is the same person.
    const found = values.phone ? undefined : findPoolDuplicate(tx, values)
    const repeats = values.phone ? membersWithPhone(tx, values.phone) : found ? [getPoolMember(tx, found.id)!] : []
    const clash = repeats.find(r => !hers.some(h => h.id === r.id))
    if (clash)
      throw new DomainError('conflict', clash.communityId === values.communityId ? 'join.error.recorded' : 'join.error.recordedElsewhere', {
        field: values.phone ? 'phone' : 'name',
      })
    if (!twin) {
      const { residentRoles: _, ...member } = input
      // Nested transaction (a savepoint): a new row is added as any other, with its own audit row.
      return { row: addPoolMember(db, member, actor), linked: false }
    }
    const row = tx
      .update(deliberators)
      .set({
        ...values,
        roles: [...new Set([...values.roles, ...twin.roles.filter(r => !input.residentRoles.includes(r))])],
        capability: twin.capability,
        userId: input.userId,
        consentAt: new Date(),
        consentText: input.consentText,
      })
      .where(eq(deliberators.id, twin.id))
      .returning()
      .get()
    writeAudit(
      tx,
      actor,
      'pool.join',
      { type: 'deliberator', id: row.id },
      {
        before: { ...auditView(twin), consentAt: twin.consentAt.toISOString() },
        after: { ...auditView(row), consentAt: row.consentAt.toISOString(), linkedAccount: true },
      },
    )
    return { row, linked: true }
  })
}

/**
 * Edit a member's profile (by a worker in scope, or by the member). An edit
 * that would make them someone else already in the pool is refused as adding
 * that person again would be (see refuseRecordedAgain, `communityNames` as
 * for addPoolMember); keeping their own phone, however written, is them still,
 * in whichever community the edit puts them.
 */
export function updatePoolMember(
  db: Db,
  id: number,
  input: PoolMemberInput & { communityNames?: ReadonlyMap<number, string>; nameOf?: MemberNameOf },
  actor: Actor,
): PoolMemberRow {
  return db.transaction(tx => {
    const before = getPoolMember(tx, id)
    if (!before) throw new DomainError('not-found', 'pool.error.notFound')
    requireCommunity(tx, input.communityId)
    const values = memberValues(input)
    // Only a changed phone (or, without one, a changed name, building or community) can repeat someone:
    // rows recorded twice before one phone was one person would otherwise refuse every edit of either.
    const samePhone = phoneKey(values.phone) === phoneKey(before.phone)
    const sameName = values.name === before.name && values.building === before.building && values.communityId === before.communityId
    if (!samePhone || (!values.phone && !sameName)) {
      const ownProfile = actor.kind === 'user' && before.userId != null && actor.id === before.userId
      refuseRecordedAgain(tx, values, { except: id, communityNames: input.communityNames, nameOf: input.nameOf, ownProfile })
    }
    const row = tx.update(deliberators).set(values).where(eq(deliberators.id, id)).returning().get()
    writeAudit(tx, actor, 'pool.update', { type: 'deliberator', id }, { before: auditView(before), after: auditView(row) })
    return row
  })
}

/**
 * Leave the pool: the member row (name, phone, building, profile, consent) is
 * deleted. Panel rows keep an anonymous seat (deliberatorId → null); an account
 * that was created only for invitations is blanked and disabled. A resident's
 * own account stays (it is theirs), only its link to the pool goes.
 */
export function leavePool(db: Db, id: number, actor: Actor) {
  return db.transaction(tx => {
    const row = getPoolMember(tx, id)
    if (!row) throw new DomainError('not-found', 'pool.error.notFound')
    // SMS sent to them carry their name and phone: those go too.
    forgetMessagesTo(
      tx,
      tx
        .select({ id: panelMembers.id })
        .from(panelMembers)
        .where(eq(panelMembers.deliberatorId, id))
        .all()
        .map(r => r.id),
    )
    tx.delete(deliberators).where(eq(deliberators.id, id)).run()
    if (row.userId != null) {
      const u = tx.select({ username: users.username, passwordHash: users.passwordHash }).from(users).where(eq(users.id, row.userId)).get()
      if (u && u.username === invitationUsername(id) && !u.passwordHash) {
        tx.update(users).set({ displayName: '—', phone: null, disabledAt: new Date() }).where(eq(users.id, row.userId)).run()
      }
    }
    writeAudit(tx, actor, 'pool.leave', { type: 'deliberator', id }, { before: { communityId: row.communityId } })
  })
}

/** A phone as compared (see phoneKey): whatever spaces, dashes or brackets it was typed with, and without +86 or 0086. */
const comparablePhone = (column: typeof deliberators.phone) => {
  const typed = sql`replace(replace(replace(replace(replace(replace(${column}, ' ', ''), '-', ''), '(', ''), ')', ''), '（', ''), '）', '')`
  return sql`(case when ${typed} like '+86%' then substr(${typed}, 4) when ${typed} like '0086%' then substr(${typed}, 5) else ${typed} end)`
}

/** Members with this phone in any community, newest first. */
function membersWithPhone(db: DbOrTx, phone: string): PoolMemberRow[] {
  return db
    .select()
    .from(deliberators)
    .where(eq(comparablePhone(deliberators.phone), phoneKey(phone)))
    .orderBy(desc(deliberators.id))
    .all()
}

/**
 * Members of these communities recorded more than once with one phone (by
 * phoneKey), as groups of two or more, each oldest first. Rows recorded before
 * one phone was one person stay until someone edits or removes one; the draw
 * counts each group once, but a worker should keep one. Members elsewhere are
 * left out, so a worker is never told of someone they may not see.
 */
export function poolSharedPhones(db: DbOrTx, communityIds: readonly number[]): PoolMemberRow[][] {
  if (!communityIds.length) return []
  const rows = db
    .select()
    .from(deliberators)
    .where(and(inArray(deliberators.communityId, [...communityIds]), sql`coalesce(${deliberators.phone}, '') <> ''`))
    .orderBy(asc(deliberators.id))
    .all()
  const byKey = new Map<string, PoolMemberRow[]>()
  for (const r of rows) {
    const key = phoneKey(r.phone)
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), r])
  }
  return [...byKey.values()].filter(g => g.length > 1)
}

/**
 * The member a new row would repeat: one in the same community with the same
 * phone (or, without a phone, the same name and building), other than
 * `except` (a member being edited). Import, hand entry and editing count a
 * person once by the same rule.
 */
export function findPoolDuplicate(db: DbOrTx, v: Pick<ReturnType<typeof memberValues>, 'communityId' | 'phone' | 'name' | 'building'>, except?: number) {
  return db
    .select({ id: deliberators.id })
    .from(deliberators)
    .where(
      and(
        eq(deliberators.communityId, v.communityId),
        except != null ? ne(deliberators.id, except) : undefined,
        v.phone
          ? eq(comparablePhone(deliberators.phone), phoneKey(v.phone))
          : and(eq(deliberators.name, v.name), v.building ? eq(deliberators.building, v.building) : sql`${deliberators.building} is null`),
      ),
    )
    .get()
}

export type PoolImportRow = PoolMemberInput & { consentText: string; consentAt?: Date }
export type PoolImportResult =
  | { line: number; status: 'imported'; id: number }
  /**
   * The member the row repeats and its community (the row's own, or another where the phone is recorded);
   * `repeatsLine` when that member was imported from an earlier row of the same file.
   */
  | { line: number; status: 'duplicate'; id: number; communityId: number; repeatsLine?: number }

/**
 * Import validated rows in one transaction. A row is a duplicate when the same
 * community already has a member with the same phone (or, without a phone, the
 * same name and building), or when its phone is in the pool in another
 * community (rows of the same file included); duplicates are reported, not
 * overwritten. Which member a row repeats is for the caller to show only to
 * whoever may see it.
 */
export function importPoolMembers(db: Db, rows: (PoolImportRow & { line: number })[], actor: Actor): PoolImportResult[] {
  return db.transaction(tx => {
    const out: PoolImportResult[] = []
    // Members imported by this file, by the line they came from.
    const lineOf = new Map<number, number>()
    for (const r of rows) {
      const v = memberValues(r)
      const here = findPoolDuplicate(tx, v)
      const dup = here ? { id: here.id, communityId: v.communityId } : v.phone ? membersWithPhone(tx, v.phone)[0] : undefined
      if (dup) {
        const repeatsLine = lineOf.get(dup.id)
        out.push({ line: r.line, status: 'duplicate', id: dup.id, communityId: dup.communityId, ...(repeatsLine != null ? { repeatsLine } : {}) })
        continue
      }
      const row = tx
        .insert(deliberators)
        .values({ ...v, consentAt: r.consentAt ?? new Date(), consentText: r.consentText })
        .returning({ id: deliberators.id })
        .get()
      lineOf.set(row.id, r.line)
      out.push({ line: r.line, status: 'imported', id: row.id })
    }
    const imported = out.filter(r => r.status === 'imported').map(r => r.id)
    writeAudit(
      tx,
      actor,
      'pool.import',
      { type: 'deliberator', id: null },
      { after: { imported: imported.length, duplicates: out.length - imported.length, ids: imported } },
    )
    return out
  })
}

/** Username of the account created for a pool member who accepts an invitation without having one. */
export const invitationUsername = (deliberatorId: number) => `d${deliberatorId}`

/** Whether the account holds any role beyond resident. */
export function holdsStaffRole(db: DbOrTx, userId: number) {
  return db
    .select({ role: roleAssignments.role })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, userId))
    .all()
    .some(g => g.role !== 'resident')
}

/**
 * Whether a member's invitation link may also log their phone in: only when
 * the account is (or will be) the passwordless resident account an invitation
 * made for them. Anyone holding a password or a staff role logs in themselves,
 * so a link that leaks can at worst answer the invitation.
 */
export function invitationOpensAccount(db: DbOrTx, member: { id: number; userId: number | null }) {
  if (member.userId == null) return true
  const u = db.select({ username: users.username, passwordHash: users.passwordHash }).from(users).where(eq(users.id, member.userId)).get()
  const own = invitationUsername(member.id)
  return !!u && (u.username === own || u.username.startsWith(`${own}-`)) && !u.passwordHash && !holdsStaffRole(db, member.userId)
}

/** Interests a member can pick: the top-level categories of the current taxonomy. */
export function poolInterestOptions(db: DbOrTx): { value: string; zh: string; en: string }[] {
  const latest = db.select({ data: taxonomyVersions.data }).from(taxonomyVersions).orderBy(desc(taxonomyVersions.version)).limit(1).get()
  const cats = ((latest?.data as { categories?: { nameZh?: string; nameEn?: string }[] } | undefined)?.categories ?? []).filter(c => c.nameZh)
  return cats.map(c => ({ value: c.nameZh!, zh: c.nameZh!, en: c.nameEn ?? c.nameZh! }))
}
