// Administration: units (communities, departments…), accounts, roles and scopes.
// One function per action, each in one transaction with its audit row.
import { and, asc, count, eq, isNull } from 'drizzle-orm'
import type { Db, DbOrTx } from '../client'
import { ROLES, type Role, type UnitKind } from '../enums'
import { DomainError } from '../errors'
import { auditEvents, complaints, deliberators, roleAssignments, sessions, taxonomyVersions, units, users } from '../schema/index'
import { listAuditEvents, writeAudit, type Actor } from './audit'
import { createApiToken, hashPassword, type ApiScope } from './auth'
import { getUnit, invalidateUnits } from './units'

/** Which kind of unit may hang under which. */
const PARENT_KINDS: Record<UnitKind, UnitKind[]> = { district: [], street: ['district'], community: ['street'], department: ['district', 'street'] }

export type NewUnit = {
  kind: UnitKind
  parentId: number | null
  code: string
  nameZh: string
  nameEn: string
  aliases?: string[]
  serviceCode?: string | null
  heatThreshold?: number
}

export function adminCreateUnit(db: Db, input: NewUnit, actor: Actor) {
  const row = db.transaction(tx => {
    if (tx.select({ id: units.id }).from(units).where(eq(units.code, input.code)).get()) throw new DomainError('conflict', 'admin.error.codeTaken')
    const parent = input.parentId == null ? null : tx.select({ kind: units.kind }).from(units).where(eq(units.id, input.parentId)).get()
    const allowed = PARENT_KINDS[input.kind]
    if (allowed.length ? !parent || !allowed.includes(parent.kind) : input.parentId != null) throw new DomainError('invalid', 'admin.error.parent')
    const created = tx
      .insert(units)
      .values({
        kind: input.kind,
        parentId: input.parentId,
        code: input.code,
        nameZh: input.nameZh,
        nameEn: input.nameEn,
        aliases: input.aliases ?? [],
        serviceCode: input.serviceCode ?? null,
        heatThreshold: input.heatThreshold ?? 30,
      })
      .returning()
      .get()
    writeAudit(tx, actor, 'unit.create', { type: 'unit', id: created.id }, { after: created })
    return created
  })
  invalidateUnits()
  return row
}

/** A community's heat threshold and escalation delay (null: the installation's default). */
export function adminUpdateUnitSettings(db: Db, input: { unitId: number; heatThreshold: number; escalateAfterDays: number | null }, actor: Actor) {
  const row = db.transaction(tx => {
    const before = tx
      .select({ heatThreshold: units.heatThreshold, escalateAfterDays: units.escalateAfterDays })
      .from(units)
      .where(eq(units.id, input.unitId))
      .get()
    if (!before) throw new DomainError('not-found', 'admin.error.notFound')
    const after = { heatThreshold: input.heatThreshold, escalateAfterDays: input.escalateAfterDays }
    tx.update(units).set(after).where(eq(units.id, input.unitId)).run()
    writeAudit(tx, actor, 'unit.settings', { type: 'unit', id: input.unitId }, { before, after })
    return after
  })
  invalidateUnits()
  return row
}

/**
 * The kinds of unit each role works in, so the only units a grant or an API token of that role may be
 * scoped to: a community worker's inbox is a community's, a department's work orders are sent to a
 * department. Facilitators and supervisors follow an area. An empty list: every unit, and no unit
 * alone (administrators).
 */
export const ROLE_UNIT_KINDS: Record<Role, readonly UnitKind[]> = {
  resident: ['community'],
  community_worker: ['community'],
  street_staff: ['street'],
  department_staff: ['department'],
  facilitator: ['district', 'street', 'community'],
  supervisor: ['district', 'street', 'community'],
  admin: [],
}

/**
 * The one check of a role and its scope (`unitId`, null for every unit), for accounts and API tokens
 * alike: refuses an unknown role or unit, and a unit of a kind the role does not work in, as an error
 * of the scope field naming what the role needs.
 */
export function requireRoleScope(db: DbOrTx, role: Role, unitId: number | null) {
  if (!ROLES.includes(role)) throw new DomainError('invalid', 'admin.error.role', { field: 'role' })
  const unit = unitId == null ? null : db.select({ kind: units.kind }).from(units).where(eq(units.id, unitId)).get()
  if (unitId != null && !unit) throw new DomainError('invalid', 'admin.error.unit', { field: 'unitId' })
  const kinds = ROLE_UNIT_KINDS[role]
  if (unit ? !kinds.includes(unit.kind) : kinds.length > 0) throw new DomainError('invalid', `admin.error.scopeFor.${role}`, { field: 'unitId' })
}

export type NewAccount = { username: string; displayName: string; password: string; phone?: string | null; role: Role; unitId: number | null }

/** Create an account with its first role; residents belong to the community they are scoped to. */
export async function adminCreateUser(db: Db, input: NewAccount, actor: Actor) {
  requireRoleScope(db, input.role, input.unitId)
  const passwordHash = await hashPassword(input.password)
  return db.transaction(tx => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.username, input.username)).get()) throw new DomainError('conflict', 'admin.error.usernameTaken')
    const user = tx
      .insert(users)
      .values({
        username: input.username,
        passwordHash,
        displayName: input.displayName,
        phone: input.phone ?? null,
        homeUnitId: input.role === 'resident' ? input.unitId : null,
      })
      .returning({ id: users.id, username: users.username, displayName: users.displayName })
      .get()
    tx.insert(roleAssignments).values({ userId: user.id, role: input.role, unitId: input.unitId }).run()
    writeAudit(
      tx,
      actor,
      'user.create',
      { type: 'user', id: user.id },
      { after: { username: user.username, displayName: user.displayName, grants: [{ role: input.role, unitId: input.unitId }] } },
    )
    return user
  })
}

function requireAccount(tx: DbOrTx, userId: number) {
  const u = tx.select({ id: users.id, username: users.username, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId)).get()
  if (!u) throw new DomainError('not-found', 'admin.error.notFound')
  return u
}

/** Admins left who can still log in, other than `exceptUserId`. */
function otherActiveAdmins(tx: DbOrTx, exceptUserId: number) {
  return tx
    .select({ id: users.id })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, 'admin'), isNull(users.disabledAt)))
    .all()
    .filter(r => r.id !== exceptUserId).length
}

/** Give an account a role in a unit; false, with nothing written, when it already has that role there. */
export function adminGrantRole(db: Db, input: { userId: number; role: Role; unitId: number | null }, actor: Actor): boolean {
  const { userId, role, unitId } = input
  return db.transaction(tx => {
    requireAccount(tx, userId)
    requireRoleScope(tx, role, unitId)
    // The unique index does not see two grants with no unit as the same (NULLs differ in SQLite): looked for here.
    const held = tx
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.userId, userId),
          eq(roleAssignments.role, role),
          unitId == null ? isNull(roleAssignments.unitId) : eq(roleAssignments.unitId, unitId),
        ),
      )
      .get()
    if (held) return false
    tx.insert(roleAssignments).values({ userId, role, unitId }).run()
    writeAudit(tx, actor, 'user.role.grant', { type: 'user', id: userId }, { after: { role, unitId } })
    return true
  })
}

/** An API token made on the admin page: its role and scope pass the same check as an account's. */
export function adminCreateApiToken(
  db: Db,
  input: { name: string; role: Role; unitId: number | null; scopes: readonly ApiScope[]; expiresAt: Date },
  actor: Actor,
) {
  requireRoleScope(db, input.role, input.unitId)
  return createApiToken(db, input, actor)
}

export function adminRevokeRole(db: Db, input: { userId: number; grantId: number }, actor: Actor) {
  return db.transaction(tx => {
    const grant = tx
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.id, input.grantId), eq(roleAssignments.userId, input.userId)))
      .get()
    if (!grant) throw new DomainError('not-found', 'admin.error.notFound')
    if (grant.role === 'admin' && otherActiveAdmins(tx, input.userId) === 0) throw new DomainError('conflict', 'admin.error.lastAdmin')
    tx.delete(roleAssignments).where(eq(roleAssignments.id, grant.id)).run()
    writeAudit(tx, actor, 'user.role.revoke', { type: 'user', id: input.userId }, { before: { role: grant.role, unitId: grant.unitId } })
  })
}

/** Set a new password; the person's open sessions end. */
export async function adminResetPassword(db: Db, input: { userId: number; password: string }, actor: Actor) {
  const passwordHash = await hashPassword(input.password)
  return db.transaction(tx => {
    requireAccount(tx, input.userId)
    tx.update(users).set({ passwordHash }).where(eq(users.id, input.userId)).run()
    tx.delete(sessions).where(eq(sessions.userId, input.userId)).run()
    writeAudit(tx, actor, 'user.password.reset', { type: 'user', id: input.userId }, {})
  })
}

/** Deactivate (or reactivate) an account: a deactivated account cannot log in and its sessions end. */
export function adminSetActive(db: Db, input: { userId: number; active: boolean }, actor: Actor) {
  return db.transaction(tx => {
    const u = requireAccount(tx, input.userId)
    if (!input.active && actor.kind === 'user' && actor.id === input.userId) throw new DomainError('conflict', 'admin.error.self')
    const isAdmin = !!tx
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(and(eq(roleAssignments.userId, u.id), eq(roleAssignments.role, 'admin')))
      .get()
    if (!input.active && isAdmin && otherActiveAdmins(tx, u.id) === 0) throw new DomainError('conflict', 'admin.error.lastAdmin')
    const disabledAt = input.active ? null : new Date()
    tx.update(users).set({ disabledAt }).where(eq(users.id, u.id)).run()
    if (!input.active) tx.delete(sessions).where(eq(sessions.userId, u.id)).run()
    writeAudit(
      tx,
      actor,
      input.active ? 'user.reactivate' : 'user.deactivate',
      { type: 'user', id: u.id },
      { before: { disabled: !!u.disabledAt }, after: { disabled: !input.active } },
    )
  })
}

/**
 * What a new community still needs before the loop can run: complaints in,
 * deliberators in the pool, a worker, a reviewed taxonomy, its own threshold.
 */
export function communityChecklist(db: DbOrTx, unitId: number) {
  const unit = getUnit(db, unitId)
  if (!unit) throw new DomainError('not-found', 'admin.error.notFound')
  const nComplaints = db.select({ n: count() }).from(complaints).where(eq(complaints.communityId, unitId)).get()?.n ?? 0
  const nDeliberators = db.select({ n: count() }).from(deliberators).where(eq(deliberators.communityId, unitId)).get()?.n ?? 0
  const workers = db
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, 'community_worker'), eq(roleAssignments.unitId, unitId), isNull(users.disabledAt)))
    .all().length
  const taxonomyVersions_ = db.select({ n: count() }).from(taxonomyVersions).get()?.n ?? 0
  const thresholdChecked = !!db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'unit.settings'), eq(auditEvents.subjectType, 'unit'), eq(auditEvents.subjectId, String(unitId))))
    .get()
  return [
    { key: 'worker', done: workers > 0, count: workers, link: `/admin/users?unit=${unitId}` },
    { key: 'complaints', done: nComplaints > 0, count: nComplaints, link: '/import' },
    { key: 'deliberators', done: nDeliberators > 0, count: nDeliberators, link: '/pool/import' },
    { key: 'taxonomy', done: taxonomyVersions_ > 1, count: taxonomyVersions_, link: '/taxonomy' },
    { key: 'threshold', done: thresholdChecked || unit.heatThreshold !== 30, count: unit.heatThreshold, link: `/admin/units?unit=${unitId}#settings` },
  ] as const
}

/**
 * The administration overview: accounts with their role grants, and the latest audit rows other than
 * sign-ins and message deliveries (the whole log, filtered and a page at a time, is `listAuditEvents`).
 */
export function adminOverview(db: DbOrTx, opts: { accounts?: number; audit?: number } = {}) {
  const accounts = db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .orderBy(users.id)
    .limit(opts.accounts ?? 200)
    .all()
  const grants = db.select().from(roleAssignments).all()
  const audit = listAuditEvents(db, {}, { page: 1, pageSize: opts.audit ?? 20 }).rows
  return { accounts, grants, audit }
}

/** Every account with its role grants, for the accounts page (optionally only those holding a role in one unit). */
export function listAccountsWithGrants(db: DbOrTx, unitId: number | null = null) {
  const grants = db.select().from(roleAssignments).all()
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName, disabledAt: users.disabledAt, isDemo: users.isDemo })
    .from(users)
    .orderBy(asc(users.id))
    .all()
    .map(a => ({ ...a, grants: grants.filter(g => g.userId === a.id).map(g => ({ id: g.id, role: g.role, unitId: g.unitId })) }))
    .filter(a => !unitId || a.grants.some(g => g.unitId === unitId))
}
