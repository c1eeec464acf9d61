import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { createdAt, ts } from './_helpers'
import { units } from './units'

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull(),
    /** argon2id hash; null for accounts that cannot log in with a password. */
    passwordHash: text('password_hash'),
    displayName: text('display_name').notNull(),
    phone: text('phone'),
    /** Home community for residents (the unit they belong to). */
    homeUnitId: integer('home_unit_id').references(() => units.id),
    locale: text('locale', { enum: ['zh', 'en'] })
      .notNull()
      .default('zh'),
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
    disabledAt: ts('disabled_at'),
    createdAt: createdAt(),
  },
  t => [uniqueIndex('users_username_uq').on(t.username)],
)

/** A role held by a user within a unit scope (a worker of one community, staff of one street…). */
export const roleAssignments = sqliteTable(
  'role_assignments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    unitId: integer('unit_id').references(() => units.id),
    createdAt: createdAt(),
  },
  t => [uniqueIndex('role_assignments_uq').on(t.userId, t.role, t.unitId), index('role_assignments_unit_idx').on(t.unitId)],
)

/**
 * Database-backed sessions: the cookie carries a random id and only its
 * SHA-256 is stored, so a copy of the database cannot be replayed as logins.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    /** Absolute end of the session, whatever the activity. */
    expiresAt: ts('expires_at').notNull(),
    /** Last request seen (refreshed at most once a minute), for the idle timeout. */
    lastSeenAt: ts('last_seen_at'),
    createdAt: createdAt(),
  },
  t => [index('sessions_user_idx').on(t.userId)],
)

/** Bearer tokens for /api and Open311 clients; only a SHA-256 of the token is kept. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    role: text('role').notNull(),
    unitId: integer('unit_id').references(() => units.id),
    /** What the token may do, e.g. ["topics:read","open311:write"]. */
    scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull().default(['topics:read', 'open311:write']),
    /** Null only for tokens made before expiry existed. */
    expiresAt: ts('expires_at'),
    createdAt: createdAt(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  t => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)],
)

/** Append-only audit log written by every state change. */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorKind: text('actor_kind', { enum: ['user', 'token', 'system', 'anonymous'] }).notNull(),
    actorId: integer('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    createdAt: createdAt(),
  },
  t => [
    index('audit_subject_idx').on(t.subjectType, t.subjectId),
    index('audit_created_idx').on(t.createdAt),
    // The audit log's filters: a kind of action, one person's actions.
    index('audit_action_idx').on(t.action),
    index('audit_actor_idx').on(t.actorKind, t.actorId),
  ],
)

/** Notification centre entries (pushed live over Socket.IO, persisted here). */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** Message key + params, rendered in the reader's language. */
    messageKey: text('message_key').notNull(),
    params: text('params', { mode: 'json' }).$type<Record<string, string | number>>().notNull().default({}),
    link: text('link'),
    createdAt: createdAt(),
    readAt: ts('read_at'),
  },
  t => [index('notifications_user_idx').on(t.userId, t.readAt)],
)

/** Fixed-window login attempt counters (per username and per IP). */
export const loginAttempts = sqliteTable('login_attempts', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowStart: ts('window_start').notNull(),
})
