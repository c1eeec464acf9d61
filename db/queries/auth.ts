import crypto from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { Placeholder, and, desc, eq, gt, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '../client'
import { addDays } from '../dates'
import { ROLES, type Role } from '../enums'
import { apiTokens, loginAttempts, roleAssignments, sessions, users } from '../schema/index'
import { writeAudit, type Actor } from './audit'
import { unitCovers } from './units'

/** The longest a session can last (residents). */
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
  const prepared = sessionReads(db)
  if (prepared) return prepared.grants.all({ userId }) as RoleGrant[]
  return grantsQuery(db, userId).all() as RoleGrant[]
}

const grantsQuery = (db: DbOrTx, userId: number | Placeholder) =>
  db.select({ role: roleAssignments.role, unitId: roleAssignments.unitId }).from(roleAssignments).where(eq(roleAssignments.userId, userId))

const sessionUserQuery = (db: DbOrTx, key: string | Placeholder, now: number | Placeholder) =>
  db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      homeUnitId: users.homeUnitId,
      disabledAt: users.disabledAt,
      lastSeenAt: sessions.lastSeenAt,
      createdAt: sessions.createdAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    // A placeholder is bound as given, so `now` comes in the column's stored form (milliseconds).
    .where(and(eq(sessions.id, key), gt(sessions.expiresAt, now instanceof Placeholder ? now : new Date(now))))

/**
 * Every page reads its session and the roles behind it, often twice (the
 * layout and the page): on a database connection these statements are built
 * and compiled once instead of at every read. Inside a transaction the
 * plain queries run.
 */
const preparedSessionReads = new WeakMap<object, { user: ReturnType<typeof prepareSessionUser>; grants: ReturnType<typeof prepareGrants> }>()
const prepareSessionUser = (db: DbOrTx) => sessionUserQuery(db, sql.placeholder('key'), sql.placeholder('now')).prepare()
const prepareGrants = (db: DbOrTx) => grantsQuery(db, sql.placeholder('userId')).prepare()

function sessionReads(db: DbOrTx) {
  if (!('$client' in db)) return undefined
  let reads = preparedSessionReads.get(db.$client)
  if (!reads) {
    reads = { user: prepareSessionUser(db), grants: prepareGrants(db) }
    preparedSessionReads.set(db.$client, reads)
  }
  return reads
}

/** True when the user holds one of `roles` with a scope covering `unitId` (undefined: any scope). */
export function hasRole(db: DbOrTx, user: Pick<SessionUser, 'grants'>, roles: Role | readonly Role[], unitId?: number | null) {
  const wanted = typeof roles === 'string' ? [roles] : roles
  return user.grants.some(g => (wanted.includes(g.role) || g.role === 'admin') && (unitId === undefined || unitCovers(db, g.unitId, unitId)))
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
      .values({
        username: input.username,
        passwordHash,
        displayName: input.displayName,
        phone: input.phone,
        homeUnitId: input.homeUnitId ?? null,
        isDemo: input.isDemo ?? false,
      })
      .returning({ id: users.id, username: users.username })
      .get()
    for (const g of grants) tx.insert(roleAssignments).values({ userId: user.id, role: g.role, unitId: g.unitId }).run()
    writeAudit(tx, actor, 'user.create', { type: 'user', id: user.id }, { after: { username: user.username, grants } })
    return user
  })
}

/**
 * Session lifetimes. Staff sessions open complainants' personal data, so they
 * end after 8 idle hours and 12 hours in all; residents stay logged in longer.
 */
export const SESSION_LIMITS = {
  staff: { idleMs: 8 * 3600 * 1000, absoluteMs: 12 * 3600 * 1000 },
  resident: { idleMs: 14 * 24 * 3600 * 1000, absoluteMs: SESSION_TTL_MS },
} as const
/** Activity is written back at most this often, so reads stay reads. */
const SESSION_TOUCH_MS = 60 * 1000

const isStaff = (grants: readonly RoleGrant[]) => grants.some(g => g.role !== 'resident')
export const sessionLimitsFor = (grants: readonly RoleGrant[]) => (isStaff(grants) ? SESSION_LIMITS.staff : SESSION_LIMITS.resident)

/** Only the SHA-256 of a session id is stored; the cookie carries the id itself. */
export const sessionKey = (sessionId: string) => crypto.createHash('sha256').update(sessionId).digest('hex')

export function createSession(db: DbOrTx, userId: number) {
  const id = crypto.randomBytes(32).toString('base64url')
  const now = new Date()
  const limits = sessionLimitsFor(listGrants(db, userId))
  const expiresAt = new Date(now.getTime() + limits.absoluteMs)
  db.insert(sessions)
    .values({ id: sessionKey(id), userId, csrfToken: crypto.randomBytes(16).toString('hex'), expiresAt, lastSeenAt: now, createdAt: now })
    .run()
  return { id, expiresAt, maxAgeSeconds: Math.floor(limits.absoluteMs / 1000) }
}

export function deleteSession(db: DbOrTx, id: string) {
  db.delete(sessions)
    .where(eq(sessions.id, sessionKey(id)))
    .run()
}

/** The user behind a session cookie, unless the session expired, sat idle too long or the account is disabled. */
export function getUserBySessionId(db: DbOrTx, sessionId: string): SessionUser | null {
  return getUserBySessionKey(db, sessionKey(sessionId))
}

/**
 * The same, by the stored key. `touch: false` checks without counting as
 * activity (an open live connection must not keep an idle session alive).
 */
export function getUserBySessionKey(db: DbOrTx, key: string, { touch = true } = {}): SessionUser | null {
  const now = Date.now()
  const prepared = sessionReads(db)
  const row = prepared ? prepared.user.get({ key, now }) : sessionUserQuery(db, key, now).get()
  if (!row || row.disabledAt) return null
  const grants = listGrants(db, row.id)
  const limits = sessionLimitsFor(grants)
  const lastSeen = (row.lastSeenAt ?? row.createdAt).getTime()
  // Roles are read per request, so a resident made staff gets the staff limits at once.
  if (now - lastSeen > limits.idleMs || now - row.createdAt.getTime() > limits.absoluteMs) {
    db.delete(sessions).where(eq(sessions.id, key)).run()
    return null
  }
  if (touch && now - lastSeen > SESSION_TOUCH_MS)
    db.update(sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(sessions.id, key))
      .run()
  return { id: row.id, username: row.username, displayName: row.displayName, homeUnitId: row.homeUnitId, grants, via: 'session' }
}

/** True when the database holds the demo district's accounts (seeded for trying Teahouse out). */
export function holdsDemoData(db: DbOrTx): boolean {
  return !!db.select({ id: users.id }).from(users).where(eq(users.isDemo, true)).limit(1).get()
}

/** True while demo accounts still have their well-known passwords. */
export function demoPasswordsInPlace(db: DbOrTx): boolean {
  return !!db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.isDemo, true), isNotNull(users.passwordHash)))
    .limit(1)
    .get()
}

/**
 * Login throttling. Every attempt is counted, atomically, before the slow
 * hash is verified, so parallel guesses cannot slip between check and count:
 * - per (account, address): 5 wrong passwords, then a lock that doubles with
 *   each further failure (15 min, 30 min, … up to a day); guessing from one
 *   address never locks the real user out from another address;
 * - per address: 50 attempts per 15 minutes over all accounts.
 */
export const LOGIN_LIMITS = { perPair: 5, perAddress: 50, windowMs: 15 * 60 * 1000, maxLockMs: 24 * 3600 * 1000 }

/** How long a (account, address) pair stays locked after `failures` wrong passwords. */
export function loginLockMs(failures: number) {
  if (failures < LOGIN_LIMITS.perPair) return 0
  return Math.min(LOGIN_LIMITS.windowMs * 2 ** (failures - LOGIN_LIMITS.perPair), LOGIN_LIMITS.maxLockMs)
}

type Counter = { count: number; windowStart: Date }

function readCounter(db: DbOrTx, key: string): Counter | undefined {
  return db.select({ count: loginAttempts.count, windowStart: loginAttempts.windowStart }).from(loginAttempts).where(eq(loginAttempts.key, key)).get()
}

function writeCounter(db: DbOrTx, key: string, value: Counter) {
  db.insert(loginAttempts)
    .values({ key, ...value })
    .onConflictDoUpdate({ target: loginAttempts.key, set: value })
    .run()
}

/** The pair's failures still in force: forgotten after a quiet window (or a day after its lock ended). */
function livePairFailures(row: Counter | undefined, now: number) {
  if (!row) return 0
  const age = now - row.windowStart.getTime()
  const forgetAfter = row.count < LOGIN_LIMITS.perPair ? LOGIN_LIMITS.windowMs : loginLockMs(row.count) + LOGIN_LIMITS.maxLockMs
  return age > forgetAfter ? 0 : row.count
}

/**
 * Take one attempt for (account, address) and the address, or refuse it.
 * Synchronous and in an immediate transaction: atomic across requests and processes.
 */
function claimLoginAttempt(db: Db, pairKey: string, addressKey: string, now: Date): boolean {
  return db.transaction(
    tx => {
      const t = now.getTime()
      const address = readCounter(tx, addressKey)
      const addressLive = address && t - address.windowStart.getTime() <= LOGIN_LIMITS.windowMs ? address : undefined
      if (addressLive && addressLive.count >= LOGIN_LIMITS.perAddress) return false
      const pair = readCounter(tx, pairKey)
      const failures = livePairFailures(pair, t)
      // Past the limit, one attempt is allowed each time the (growing) lock runs out.
      if (failures >= LOGIN_LIMITS.perPair && t - pair!.windowStart.getTime() < loginLockMs(failures)) return false
      writeCounter(tx, addressKey, addressLive ? { count: addressLive.count + 1, windowStart: addressLive.windowStart } : { count: 1, windowStart: now })
      const pairStart = failures === 0 ? now : failures + 1 >= LOGIN_LIMITS.perPair ? now : pair!.windowStart
      writeCounter(tx, pairKey, { count: failures + 1, windowStart: pairStart })
      return true
    },
    { behavior: 'immediate' },
  )
}

/** A successful login clears its pair and does not use up the address's budget. */
function settleSuccessfulLogin(db: Db, pairKey: string, addressKey: string) {
  db.transaction(tx => {
    tx.delete(loginAttempts).where(eq(loginAttempts.key, pairKey)).run()
    const address = readCounter(tx, addressKey)
    if (address && address.count > 0)
      tx.update(loginAttempts)
        .set({ count: address.count - 1 })
        .where(eq(loginAttempts.key, addressKey))
        .run()
  })
}

// Unknown usernames still cost one hash verification, so response times do not tell which accounts exist.
let dummyHash: Promise<string> | undefined
const getDummyHash = () => (dummyHash ??= hashPassword(crypto.randomBytes(18).toString('base64url')))

/**
 * The address a login is throttled under. One IPv6 subscriber usually holds a
 * whole /64, so IPv6 addresses count by their /64; IPv4(-mapped) as they are.
 */
export function throttleAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped) return mapped[1]!
  if (!ip.includes(':')) return ip
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]!.split('::')
  const left = head ? head.split(':') : []
  const right = ip.includes('::') && tail ? tail.split(':') : []
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left
  return `${groups
    .slice(0, 4)
    .map(g => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

export type LoginResult = { ok: true; userId: number } | { ok: false; reason: 'invalid' | 'rate_limited' }

/** Check a password login, throttled per (username, address) and per address before any hash is verified. */
export async function verifyLogin(db: Db, input: { username: string; password: string; ip: string }): Promise<LoginResult> {
  const address = throttleAddress(input.ip)
  const pairKey = `p:${input.username.trim().toLowerCase()}|${address}`
  const addressKey = `ip:${address}`
  if (!claimLoginAttempt(db, pairKey, addressKey, new Date())) return { ok: false, reason: 'rate_limited' }
  const user = db.select().from(users).where(eq(users.username, input.username)).get()
  const usable = !!user?.passwordHash && !user.disabledAt
  const matches = await verifyPassword(usable ? user.passwordHash! : await getDummyHash(), input.password)
  if (!usable || !matches) return { ok: false, reason: 'invalid' }
  settleSuccessfulLogin(db, pairKey, addressKey)
  return { ok: true, userId: user.id }
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
  const expiresAt = input.expiresAt ?? addDays(Date.now(), DEFAULT_TOKEN_DAYS)
  const token = `th_${crypto.randomBytes(24).toString('base64url')}`
  return db.transaction(tx => {
    const row = tx
      .insert(apiTokens)
      .values({ name: input.name, tokenHash: sha256(token), role: input.role, unitId: input.unitId, scopes, expiresAt })
      .returning()
      .get()
    writeAudit(
      tx,
      actor,
      'api_token.create',
      { type: 'api_token', id: row.id },
      { after: { name: row.name, role: row.role, unitId: row.unitId, scopes, expiresAt: expiresAt.toISOString() } },
    )
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
    const row = tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .get()
    if (!row) return false
    const revokedAt = new Date()
    tx.update(apiTokens).set({ revokedAt }).where(eq(apiTokens.id, tokenId)).run()
    writeAudit(
      tx,
      actor,
      'api_token.revoke',
      { type: 'api_token', id: tokenId },
      { before: { name: row.name, role: row.role, unitId: row.unitId }, after: { revokedAt: revokedAt.toISOString() } },
    )
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
    const demo = tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.isDemo, true), isNotNull(users.passwordHash)))
      .all()
    if (!demo.length) return 0
    tx.update(users).set({ passwordHash: null }).where(eq(users.isDemo, true)).run()
    tx.delete(sessions)
      .where(
        inArray(
          sessions.userId,
          demo.map(d => d.id),
        ),
      )
      .run()
    writeAudit(tx, { kind: 'system' }, 'user.demo-passwords-removed', { type: 'user' }, { after: { userIds: demo.map(d => d.id) } })
    return demo.length
  })
}
