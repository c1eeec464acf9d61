import { sqliteTable, integer, text, real, blob, index, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { createdAt, ts } from './_helpers'
import { units } from './units'
import { users } from './users'

/**
 * One complaint or letter, from whichever channel it came. Complainant details
 * live here and are masked on the way out for roles that may not see them.
 */
export const complaints = sqliteTable(
  'complaints',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    trackingCode: text('tracking_code').notNull(),
    channel: text('channel').notNull(),
    /** Id in the source system (board 留言编号, hotline ticket…); unique per channel. */
    externalId: text('external_id'),
    /** The community it concerns; null when it could not be resolved. */
    communityId: integer('community_id').references(() => units.id),
    /** The unit whose staff handle it: the community, else the street or district above. */
    unitId: integer('unit_id').references(() => units.id),
    placeText: text('place_text'),
    lat: real('lat'),
    lng: real('lng'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    receivedAt: ts('received_at').notNull(),
    complainantName: text('complainant_name'),
    complainantPhone: text('complainant_phone'),
    complainantAddress: text('complainant_address'),
    /** The board's user handle or the resident's account, for "distinct residents". */
    complainantKey: text('complainant_key'),
    complainantUserId: integer('complainant_user_id').references(() => users.id),
    supportersCount: integer('supporters_count').notNull().default(0),
    status: text('status').notNull().default('received'),
    serviceCode: text('service_code'),
    categoryPath: text('category_path', { mode: 'json' }).$type<string[]>(),
    categoryScore: real('category_score'),
    keywords: text('keywords', { mode: 'json' }).$type<string[]>(),
    duplicateOfId: integer('duplicate_of_id').references((): AnySQLiteColumn => complaints.id),
    /** Hash of normalised subject+body+source: makes re-imports idempotent. */
    contentHash: text('content_hash').notNull(),
    enteredByUserId: integer('entered_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  t => [
    uniqueIndex('complaints_tracking_uq').on(t.trackingCode),
    uniqueIndex('complaints_channel_external_uq').on(t.channel, t.externalId),
    index('complaints_hash_idx').on(t.contentHash),
    index('complaints_unit_idx').on(t.unitId, t.receivedAt),
    index('complaints_community_idx').on(t.communityId, t.receivedAt),
    index('complaints_status_idx').on(t.status),
    // Newest first across several units (a street's inbox) without sorting them all.
    index('complaints_received_idx').on(t.receivedAt, t.id),
  ],
)

/** Append-only status history; `complaints.status` is its latest entry. */
export const complaintStatusEvents = sqliteTable(
  'complaint_status_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    complaintId: integer('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    note: text('note'),
    actorId: integer('actor_id').references(() => users.id),
    createdAt: createdAt(),
  },
  t => [index('complaint_status_events_idx').on(t.complaintId)],
)

export const attachments = sqliteTable('attachments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  complaintId: integer('complaint_id').references(() => complaints.id, { onDelete: 'cascade' }),
  workOrderUpdateId: integer('work_order_update_id'),
  storagePath: text('storage_path').notNull(),
  mimeType: text('mime_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  originalName: text('original_name').notNull(),
  createdAt: createdAt(),
})

/** "Me too": a resident supports an existing complaint instead of filing a duplicate. */
export const complaintSupports = sqliteTable(
  'complaint_supports',
  {
    complaintId: integer('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    supporterKey: text('supporter_key').notNull(),
    createdAt: createdAt(),
  },
  t => [uniqueIndex('complaint_supports_uq').on(t.complaintId, t.supporterKey)],
)

/** Durable queue feeding the NLP pipeline; survives crashes and restarts. */
export const nlpQueue = sqliteTable('nlp_queue', {
  complaintId: integer('complaint_id')
    .primaryKey()
    .references(() => complaints.id, { onDelete: 'cascade' }),
  enqueuedAt: createdAt(),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
})

/**
 * A complaint's preparation for the topic engine (nlp/prepared-codec), stored when it
 * is classified so that a rebuild reads it instead of computing it again. `stamp`
 * says what it was prepared with; data under another stamp is prepared again.
 * Derived data, like the search index: kept apart so reading complaints does not carry it.
 */
export const complaintPrepared = sqliteTable('complaint_prepared', {
  complaintId: integer('complaint_id')
    .primaryKey()
    .references(() => complaints.id, { onDelete: 'cascade' }),
  stamp: integer('stamp').notNull(),
  data: blob('data', { mode: 'buffer' }).notNull(),
})

/** Versioned keyword taxonomy: every save is a new row; the newest is in force. */
export const taxonomyVersions = sqliteTable(
  'taxonomy_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    version: integer('version').notNull(),
    data: text('data', { mode: 'json' }).notNull(),
    /**
     * What changed since the previous version (nlp/taxonomy NodeDiff[], trimmed for
     * display), stored when the version is saved; null for versions saved before
     * the column existed, filled on first read.
     */
    diff: text('diff', { mode: 'json' }).$type<unknown[]>(),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  t => [uniqueIndex('taxonomy_versions_version_uq').on(t.version)],
)

/**
 * Append-only log of workers' category corrections. The newest row per
 * complaint is a labelled example the classifier learns from.
 */
export const categoryCorrections = sqliteTable(
  'category_corrections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    complaintId: integer('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    fromPath: text('from_path', { mode: 'json' }).$type<string[]>(),
    toPath: text('to_path', { mode: 'json' }).$type<string[]>().notNull(),
    actorId: integer('actor_id').references(() => users.id),
    createdAt: createdAt(),
  },
  t => [index('category_corrections_complaint_idx').on(t.complaintId)],
)
