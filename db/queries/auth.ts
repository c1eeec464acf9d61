import crypto from 'node:crypto'
import { and, desc, eq, gt, inArray, isNotNull, isNull, or } from 'drizzle-orm'
import { hash, verify } from '@node-rs/argon2'
import type { Db, DbOrTx } from '../client'
import { apiTokens, loginAttempts, roleAssignments, sessions, users } from '../schema/index'
import { ROLES, type Role } from '../enums'
import { unitCovers } from './units'
import { writeAudit, type Actor } from './audit'

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000

export type RoleGrant = { role: Role; unitId: number | null }
export type SessionUser = {
  id: number
  username: string
  displayName: string
  homeUnitId: number | null
  grants: RoleGrant[]
  /** How the request authenticated: a browser session or an API token. */
  via: 'session' | 'token'
}

export function hashPassword(password: string) {
  // Argon2id with the library's defaults (19 MiB, t=2): OWASP's minimum recommendation.
  return hash(password)
}

export function verifyPassword(passwordHash: string, password: string) {
  return verify(passwordHash, password).catch(() => false)
}

export function listGrants(db: DbOrTx, userId: number): RoleGrant[] {
  return db
    .select({ role: roleAssignments.role, unitId: roleAssignments.unitId })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, userId))
    .all() as RoleGrant[]
}

/** True when the user holds one of `roles` with a scope covering `unitId` (undefined: any scope). */
export function hasRole(db: DbOrTx, user: Pick<SessionUser, 'grants'>, roles: Role | readonly Role[], unitId?: number | null) {
  const wanted = typeof roles === 'string' ? [roles] : roles
  return user.grants.some(
    g => (wanted.includes(g.role) || g.role === 'admin') && (unitId === undefined || unitCovers(db, g.unitId, unitId)),
  )
}

export async function createUser(
  db: Db,
  input: { username: string; password?: string; displayName: string; phone?: string; homeUnitId?: number | null; isDemo?: boolean },
  grants: RoleGrant[],
  actor: Actor,
) {
  const passwordHash = input.password ? await hashPassword(input.password) : null
  return db.transaction(tx => {
    const user = tx
      .insert(users)
      .values({ username: input.username, passwordHash, displayName: input.displayName, phone: input.phone, homeUnitId: input.homeUnitId ?? null, isDemo: input.isDemo ?? false })
      .returning({ id: users.id, username: users.username })
      .get()
    for (const g of grants) tx.insert(roleAssignments).values({ userId: user.id, role: g.role, unitId: g.unitId }).run()
    writeAudit(tx, actor, 'user.create', { type: 'user', id: user.id }, { after: { username: user.username, grants } })
    return user
  })
}

export function createSession(db: DbOrTx, userId: number) {
  const id = crypto.randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS)
  db.insert(sessions).values({ id, userId, csrfToken: crypto.randomBytes(16).toString('hex'), expiresAt }).run()
  return { id, expiresAt }
}

export function deleteSession(db: DbOrTx, id: string) {
  db.delete(sessions).where(eq(sessions.id, id)).run()
}

export function getUserBySessionId(db: DbOrTx, sessionId: string): SessionUser | null {
  const row = db
    .select({ id: users.id, username: users.username, displayName: users.displayName, homeUnitId: users.homeUnitId, disabledAt: users.disabledAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, new Date())))
    .get()
  if (!row || row.disabledAt) return null
  return { id: row.id, username: row.username, displayName: row.displayName, homeUnitId: row.homeUnitId, grants: listGrants(db, row.id), via: 'session' }
}

const WINDOW_MS = 15 * 60 * 1000
const MAX_PER_USERNAME = 5
const MAX_PER_IP = 30

/** Fixed-window login throttle. Returns false when the key is over its limit. */
function bump(db: DbOrTx, key: string, max: number, now: Date): boolean {
  const row = db.select().from(loginAttempts).where(eq(loginAttempts.key, key)).get()
  if (!row || now.getTime() - row.windowStart.getTime() > WINDOW_MS) {
    db.insert(loginAttempts).values({ key, count: 1, windowStart: now }).onConflictDoUpdate({ target: loginAttempts.key, set: { count: 1, windowStart: now } }).run()
    return true
  }
  db.update(loginAttempts).set({ count: row.count + 1 }).where(eq(loginAttempts.key, key)).run()
  return row.count + 1 <= max
}

export type LoginResult = { ok: true; userId: number } | { ok: false; reason: 'invalid' | 'rate_limited' }

/** Check a password login, with throttling per username and per client address. */
export async function verifyLogin(db: Db, input: { username: string; password: string; ip: string }): Promise<LoginResult> {
  const now = new Date()
  const userKey = `u:${input.username.toLowerCase()}`
  const ipKey = `ip:${input.ip}`
  const current = db.select().from(loginAttempts).where(eq(loginAttempts.key, userKey)).get()
  if (current && now.getTime() - current.windowStart.getTime() <= WINDOW_MS && current.count >= MAX_PER_USERNAME) {
    return { ok: false, reason: 'rate_limited' }
  }
  const user = db.select().from(users).where(eq(users.username, input.username)).get()
  const good = !!user?.passwordHash && !user.disabledAt && (await verifyPassword(user.passwordHash, input.password))
  if (good) {
    db.delete(loginAttempts).where(eq(loginAttempts.key, userKey)).run()
    return { ok: true, userId: user!.id }
  }
  const userOk = bump(db, userKey, MAX_PER_USERNAME, now)
  const ipOk = bump(db, ipKey, MAX_PER_IP, now)
  return { ok: false, reason: userOk && ipOk ? 'invalid' : 'rate_limited' }
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex')

/** What an API token may be allowed to do; each /api or /open311 route asks for one. */
export const API_SCOPES = ['topics:read', 'open311:write'] as const
export type ApiScope = (typeof API_SCOPES)[number]
/** What a token gets when its maker names no scope: what API clients have always used. */
export const DEFAULT_API_SCOPES: readonly ApiScope[] = ['topics:read', 'open311:write']
export const DEFAULT_TOKEN_DAYS = 90

/** Create an API token; the plain token is returned once and only its hash stored. */
export function createApiToken(
  db: Db,
  input: { name: string; role: Role; unitId: number | null; scopes?: readonly ApiScope[]; expiresAt?: Date },
  actor: Actor,
) {
  if (!ROLES.includes(input.role)) throw new Error(`unknown role ${input.role}`)
  const scopes = [...new Set(input.scopes ?? DEFAULT_API_SCOPES)]
  if (!scopes.length || scopes.some(s => !API_SCOPES.includes(s))) throw new Error(`scopes must be some of ${API_SCOPES.join(', ')}`)
  const expiresAt = input.expiresAt ?? new Date(Date.now() + DEFAULT_TOKEN_DAYS * 86_400_000)
  const token = `th_${crypto.randomBytes(24).toString('base64url')}`
  return db.transaction(tx => {
    const row = tx.insert(apiTokens).values({ name: input.name, tokenHash: sha256(token), role: input.role, unitId: input.unitId, scopes, expiresAt }).returning().get()
    writeAudit(tx, actor, 'api_token.create', { type: 'api_token', id: row.id }, { after: { name: row.name, role: row.role, unitId: row.unitId, scopes, expiresAt: expiresAt.toISOString() } })
    return { id: row.id, token, expiresAt }
  })
}

export type TokenUser = SessionUser & { tokenId: number; scopes: string[] }

/** The client behind a bearer token, unless the token is unknown, revoked or expired. */
export function getUserByApiToken(db: DbOrTx, token: string): TokenUser | null {
  const now = new Date()
  const row = db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))))
    .get()
  if (!row) return null
  db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run()
  return {
    id: -row.id,
    tokenId: row.id,
    username: `token:${row.name}`,
    displayName: row.name,
    homeUnitId: null,
    grants: [{ role: row.role as Role, unitId: row.unitId }],
    via: 'token',
    scopes: row.scopes,
  }
}

/** Every token, newest first, without anything that could be replayed. */
export function listApiTokens(db: DbOrTx) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      unitId: apiTokens.unitId,
      scopes: apiTokens.scopes,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .orderBy(desc(apiTokens.id))
    .all()
}

/** Revoke a token for good. Returns false when it did not exist or was already revoked. */
export function revokeApiToken(db: Db, tokenId: number, actor: Actor): boolean {
  return db.transaction(tx => {
    const row = tx.select().from(apiTokens).where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt))).get()
    if (!row) return false
    const revokedAt = new Date()
    tx.update(apiTokens).set({ revokedAt }).where(eq(apiTokens.id, tokenId)).run()
    writeAudit(tx, actor, 'api_token.revoke', { type: 'api_token', id: tokenId }, { before: { name: row.name, role: row.role, unitId: row.unitId }, after: { revokedAt: revokedAt.toISOString() } })
    return true
  })
}

/**
 * Production never keeps demo passwords: wipe the password hashes of demo
 * accounts (a database seeded in development and then run in production).
 * Returns how many accounts were disabled.
 */
export function removeDemoPasswords(db: Db): number {
  return db.transaction(tx => {
    const demo = tx.select({ id: users.id }).from(users).where(and(eq(users.isDemo, true), isNotNull(users.passwordHash))).all()
    if (!demo.length) return 0
    tx.update(users).set({ passwordHash: null }).where(eq(users.isDemo, true)).run()
    tx.delete(sessions).where(inArray(sessions.userId, demo.map(d => d.id))).run()
    writeAudit(tx, { kind: 'system' }, 'user.demo-passwords-removed', { type: 'user' }, { after: { userIds: demo.map(d => d.id) } })
    return demo.length
  })
}
