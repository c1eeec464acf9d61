// Intake queries: the bulk-import fast path, "similar issues" search,
// attachments, duplicate links and the public (Open311) listing.
import type Database from 'better-sqlite3'
import { and, desc, eq, gte, inArray, lte, notInArray, or, sql, type SQL } from 'drizzle-orm'
import { scrubPersonalData } from '../../nlp/scrub'
import type { Db, DbOrTx } from '../client'
import { addDays, DAY_MS } from '../dates'
import { CHANNELS, type ComplaintStatus } from '../enums'
import { DomainError } from '../errors'
import { attachments, complaintStatusEvents, complaints, topicComplaints, topics } from '../schema/index'
import { writeAudit, type Actor } from './audit'
import { LIMITS, complainantKeyOf, contentHashOf, filedBy, newTrackingCode, resolveHandlingUnits, type Filer, type NewComplaint } from './complaints'
import { isPublicTopic } from './outcomes-report'

export { LIMITS }

/** Statuses that count as "open" for Open311 and for duplicate suggestions. */
export const OPEN_STATUSES: ComplaintStatus[] = ['received', 'classified', 'in_topic']

/**
 * Mask personal data that residents often type into the text itself (phones,
 * ID numbers, flats, plates, names, and the complainant's own name when
 * given) before the text is shown in public.
 */
export function redactPublicText(text: string, names: readonly (string | null | undefined)[] = []): string {
  return scrubPersonalData(text, { names }).text
}

/** The complainants' names of these complaints, only to scrub them out of public text. */
export function complainantNamesOf(db: DbOrTx, ids: number[]): Map<number, string | null> {
  const out = new Map<number, string | null>()
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    for (const r of db.select({ id: complaints.id, name: complaints.complainantName }).from(complaints).where(inArray(complaints.id, chunk)).all())
      out.set(r.id, r.name)
  }
  return out
}

// ---------------------------------------------------------------------------
// Bulk import fast path
// ---------------------------------------------------------------------------

export type BatchRowResult =
  { status: 'imported'; id: number; unitId: number | null } | { status: 'duplicate'; id: number } | { status: 'error'; error: string }

type Stmts = {
  byExternal: Database.Statement
  byHash: Database.Statement
  insert: Database.Statement
  event: Database.Statement
  queue: Database.Statement
  audit: Database.Statement
  eventMany: Database.Statement
  queueMany: Database.Statement
  auditMany: Database.Statement
}
const stmtCache = new WeakMap<Database.Database, Stmts>()

function statements(sqlite: Database.Database): Stmts {
  let s = stmtCache.get(sqlite)
  if (!s) {
    s = {
      byExternal: sqlite.prepare('select id from complaints where channel = ? and external_id = ?').pluck(),
      byHash: sqlite.prepare('select id from complaints where content_hash = ? limit 1').pluck(),
      insert: sqlite.prepare(
        `insert into complaints (tracking_code, channel, external_id, community_id, unit_id, place_text, lat, lng, subject, body, received_at,
          complainant_name, complainant_phone, complainant_address, complainant_key, complainant_user_id, supporters_count, status, service_code,
          content_hash, entered_by_user_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?)`,
      ),
      event: sqlite.prepare(`insert into complaint_status_events (complaint_id, status, actor_id) values (?, 'received', ?)`),
      queue: sqlite.prepare('insert or ignore into nlp_queue (complaint_id) values (?)'),
      audit: sqlite.prepare(
        `insert into audit_events (actor_kind, actor_id, action, subject_type, subject_id, after) values (?, ?, 'complaint.create', 'complaint', ?, ?)`,
      ),
      // The same rows for a whole batch in one statement each (a JSON array of ids, or of [id, after]).
      eventMany: sqlite.prepare(
        `insert into complaint_status_events (complaint_id, status, actor_id) select value, 'received', ? from json_each(?) order by key`,
      ),
      queueMany: sqlite.prepare('insert or ignore into nlp_queue (complaint_id) select value from json_each(?) order by key'),
      auditMany: sqlite.prepare(
        `insert into audit_events (actor_kind, actor_id, action, subject_type, subject_id, after)
         select ?, ?, 'complaint.create', 'complaint', value ->> 0, value ->> 1 from json_each(?) order by key`,
      ),
    }
    stmtCache.set(sqlite, s)
  }
  return s
}

/**
 * Import many complaints in one transaction: the same rules as createComplaint
 * (dedupe by channel + external id and by content, community resolution,
 * first status event, NLP queue entry, audit row), through prepared statements.
 * A row the database refuses never takes its neighbours down with it and
 * leaves nothing behind. `hashWithoutTime` rows (no time in the source) are
 * hashed without a time so that re-importing them is idempotent too.
 */
export function importComplaintBatch(db: Db, rows: (NewComplaint & { hashWithoutTime?: boolean })[], actor: Actor): BatchRowResult[] {
  const sqlite = db.$client
  const st = statements(sqlite)
  const actorId = 'id' in actor ? actor.id : null
  const now = new Date()
  const userId = actor.kind === 'user' ? actor.id : null
  const auditAfter = (input: NewComplaint, unitId: number | null) =>
    JSON.stringify({ channel: input.channel, externalId: input.externalId ?? null, unitId, via: 'import' })
  /** Inserts the complaint; its status event, queue entry and audit row are left to `created`. */
  const insertComplaint = (input: NewComplaint & { hashWithoutTime?: boolean }): BatchRowResult => {
    if (!CHANNELS.includes(input.channel)) return { status: 'error', error: `unknown channel ${input.channel}` }
    if (input.externalId) {
      const id = st.byExternal.get(input.channel, input.externalId) as number | undefined
      if (id != null) return { status: 'duplicate', id }
    }
    const receivedAt = input.receivedAt ?? now
    const contentHash = contentHashOf({ ...input, receivedAt: input.hashWithoutTime ? undefined : receivedAt })
    const same = st.byHash.get(contentHash) as number | undefined
    if (same != null) return { status: 'duplicate', id: same }
    const { communityId, unitId } = resolveHandlingUnits(db, input)
    const info = st.insert.run(
      newTrackingCode(),
      input.channel,
      input.externalId ?? null,
      communityId,
      unitId,
      input.placeText ?? null,
      input.lat ?? null,
      input.lng ?? null,
      input.subject,
      input.body,
      receivedAt.getTime(),
      input.complainantName ?? null,
      input.complainantPhone ?? null,
      input.complainantAddress ?? null,
      complainantKeyOf(input),
      input.complainantUserId ?? null,
      input.supportersCount ?? 0,
      input.serviceCode ?? null,
      contentHash,
      input.enteredByUserId ?? null,
    )
    return { status: 'imported', id: Number(info.lastInsertRowid), unitId }
  }
  // Fast path: the whole batch in one transaction, without a savepoint per row
  // (which would double the cost of a row), and the status events, queue
  // entries and audit rows of all its complaints in one statement each. A row
  // that throws rolls the batch back, and the batch is redone row by row.
  const whole = sqlite.transaction((items: typeof rows) => {
    const results = items.map(insertComplaint)
    const ids: number[] = []
    const audits: [string, string][] = []
    results.forEach((r, i) => {
      if (r.status !== 'imported') return
      ids.push(r.id)
      audits.push([String(r.id), auditAfter(items[i]!, r.unitId)])
    })
    if (ids.length) {
      const idList = JSON.stringify(ids)
      st.eventMany.run(userId, idList)
      st.queueMany.run(idList)
      st.auditMany.run(actor.kind, actorId, JSON.stringify(audits))
    }
    return results
  })
  try {
    return whole(rows)
  } catch {
    const one = sqlite.transaction((input: NewComplaint & { hashWithoutTime?: boolean }): BatchRowResult => {
      const r = insertComplaint(input)
      if (r.status !== 'imported') return r
      st.event.run(r.id, userId)
      st.queue.run(r.id)
      st.audit.run(actor.kind, actorId, String(r.id), auditAfter(input, r.unitId))
      return r
    })
    const rowByRow = sqlite.transaction((items: typeof rows) =>
      items.map(input => {
        try {
          return one(input)
        } catch (error) {
          return { status: 'error', error: error instanceof Error ? error.message : String(error) } as BatchRowResult
        }
      }),
    )
    return rowByRow(rows)
  }
}

// ---------------------------------------------------------------------------
// Similar open complaints ("someone already reported this")
// ---------------------------------------------------------------------------

export type SimilarComplaint = {
  id: number
  trackingCode: string
  subject: string
  placeText: string | null
  communityId: number | null
  status: string
  supportersCount: number
  receivedAt: Date
  score: number
  /** Filed by the account the search is for (`filer`): the resident's own report, never one to support. */
  own: boolean
}

/** A report as `judge` reads it (its text stays here: only the subject and place, scrubbed, leave). */
export type SimilarCandidate = { subject: string; placeText: string | null; body: string }

/**
 * Open complaints in a community (or anywhere, without one) from the last
 * `days` days that the search index finds by any of `terms`; `judge` decides
 * which are about the same problem (a score, best first) and which are not
 * (null). Petitions and reports marked as duplicates are never offered.
 */
export function findSimilarComplaints(
  db: DbOrTx,
  opts: {
    /** Words as the search index holds them (segmented). */
    terms: string[]
    judge: (c: SimilarCandidate) => number | null
    communityId?: number | null
    days?: number
    limit?: number
    /** How many of the index's best matches are judged. */
    candidates?: number
    excludeId?: number
    /** The account searching: its own reports are marked `own`. */
    filer?: Filer | null
  },
): SimilarComplaint[] {
  const terms = [...new Set(opts.terms.map(w => w.trim()).filter(w => w.length >= 2))].slice(0, 48)
  if (!terms.length) return []
  const match = terms.map(w => `"${w.replace(/"/g, '""')}"`).join(' OR ')
  const since = addDays(Date.now(), -(opts.days ?? 90))
  const conds: SQL[] = [
    inArray(complaints.status, OPEN_STATUSES),
    gte(complaints.receivedAt, since),
    sql`${complaints.duplicateOfId} is null`,
    // Petitions (信访) are confidential: never offered to other residents.
    sql`${complaints.channel} <> 'petition'`,
  ]
  if (opts.communityId) conds.push(eq(complaints.communityId, opts.communityId))
  if (opts.excludeId) conds.push(sql`${complaints.id} <> ${opts.excludeId}`)
  const rows = db
    .select({
      id: complaints.id,
      trackingCode: complaints.trackingCode,
      subject: complaints.subject,
      placeText: complaints.placeText,
      body: complaints.body,
      communityId: complaints.communityId,
      status: complaints.status,
      supportersCount: complaints.supportersCount,
      receivedAt: complaints.receivedAt,
      complainantName: complaints.complainantName,
      complainantUserId: complaints.complainantUserId,
      complainantPhone: complaints.complainantPhone,
    })
    .from(sql`complaints_fts f`)
    .innerJoin(complaints, sql`${complaints.id} = f.rowid`)
    .where(and(sql`complaints_fts match ${match}`, ...conds))
    .orderBy(sql`bm25(complaints_fts)`)
    .limit(opts.candidates ?? 200)
    .all()
  const out: SimilarComplaint[] = []
  for (const r of rows) {
    const score = opts.judge({ subject: r.subject, placeText: r.placeText, body: r.body })
    if (score == null) continue
    const { body: _b, complainantName, complainantUserId, complainantPhone, ...rest } = r
    out.push({
      ...rest,
      subject: redactPublicText(rest.subject, [complainantName]),
      placeText: rest.placeText ? redactPublicText(rest.placeText, [complainantName]) : null,
      score,
      own: opts.filer ? filedBy({ complainantUserId, complainantPhone }, opts.filer) : false,
    })
  }
  out.sort((a, b) => b.score - a.score || b.supportersCount - a.supportersCount)
  return out.slice(0, opts.limit ?? 5)
}

/** The public topic (approved or later, not private) each of these complaints was gathered into. */
export function publicTopicsOfComplaints(db: DbOrTx, complaintIds: number[]): Map<number, { id: number; title: string }> {
  const out = new Map<number, { id: number; title: string }>()
  if (!complaintIds.length) return out
  const rows = db
    .select({ complaintId: topicComplaints.complaintId, id: topics.id, title: topics.title, status: topics.status, isPublic: topics.isPublic })
    .from(topicComplaints)
    .innerJoin(topics, eq(topics.id, topicComplaints.topicId))
    .where(inArray(topicComplaints.complaintId, complaintIds))
    .all()
  for (const r of rows) if (isPublicTopic(r)) out.set(r.complaintId, { id: r.id, title: r.title })
  return out
}

// ---------------------------------------------------------------------------
// Attachments and duplicate links
// ---------------------------------------------------------------------------

export type NewAttachment = { complaintId: number; storagePath: string; mimeType: string; sizeBytes: number; originalName: string }

/** Record stored files (photos, or an Open311 media_url) against a complaint. */
export function addComplaintAttachments(db: DbOrTx, files: NewAttachment[], actor: Actor) {
  return files.map(f => {
    const row = db.insert(attachments).values(f).returning().get()
    writeAudit(
      db,
      actor,
      'complaint.attach',
      { type: 'complaint', id: f.complaintId },
      { after: { attachmentId: row.id, mimeType: f.mimeType, sizeBytes: f.sizeBytes } },
    )
    return row
  })
}

export function listComplaintAttachments(db: DbOrTx, complaintId: number) {
  return db
    .select({
      id: attachments.id,
      mimeType: attachments.mimeType,
      sizeBytes: attachments.sizeBytes,
      originalName: attachments.originalName,
      storagePath: attachments.storagePath,
    })
    .from(attachments)
    .where(eq(attachments.complaintId, complaintId))
    .orderBy(attachments.id)
    .all()
}

export function getAttachment(db: DbOrTx, id: number) {
  return db.select().from(attachments).where(eq(attachments.id, id)).get()
}

/** Media type used for an Open311 `media_url`: the row stores the URL, not a file. */
export const MEDIA_URL_TYPE = 'text/uri-list'

/**
 * Link a complaint to the complaint it duplicates (or clear the link with
 * null), inside the caller's transaction. Refuses self-links and chains: the
 * target must not itself be a duplicate.
 */
export function writeComplaintDuplicate(tx: DbOrTx, input: { complaintId: number; duplicateOfId: number | null }, actor: Actor) {
  const refuse = (reason: 'self' | 'not_found' | 'chain') => new DomainError('invalid', `intake.detail.duplicateError.${reason}`, { field: 'target' })
  const c = tx.select({ id: complaints.id, duplicateOfId: complaints.duplicateOfId }).from(complaints).where(eq(complaints.id, input.complaintId)).get()
  if (!c) throw new DomainError('not-found', 'intake.detail.duplicateError.not_found')
  if (input.duplicateOfId != null) {
    if (input.duplicateOfId === c.id) throw refuse('self')
    const target = tx
      .select({ id: complaints.id, duplicateOfId: complaints.duplicateOfId })
      .from(complaints)
      .where(eq(complaints.id, input.duplicateOfId))
      .get()
    if (!target) throw refuse('not_found')
    if (target.duplicateOfId != null) throw refuse('chain')
  }
  tx.update(complaints).set({ duplicateOfId: input.duplicateOfId }).where(eq(complaints.id, c.id)).run()
  writeAudit(
    tx,
    actor,
    'complaint.duplicate',
    { type: 'complaint', id: c.id },
    { before: { duplicateOfId: c.duplicateOfId }, after: { duplicateOfId: input.duplicateOfId } },
  )
}

/** Complaints that point at this one as their original. */
export function listDuplicatesOf(db: DbOrTx, complaintId: number) {
  return db
    .select({ id: complaints.id, trackingCode: complaints.trackingCode, subject: complaints.subject })
    .from(complaints)
    .where(eq(complaints.duplicateOfId, complaintId))
    .all()
}

// ---------------------------------------------------------------------------
// Public listing (Open311 GET requests)
// ---------------------------------------------------------------------------

export type PublicRequestFilter = {
  start: Date
  end: Date
  status?: 'open' | 'closed'
  /** Each entry matches an explicit service code or a category name path prefix. */
  services?: { code: string; path: string[] }[]
  limit: number
}

/** The public columns of complaints (never complainant fields), newest first; petitions excluded. */
export function listPublicComplaints(db: DbOrTx, f: PublicRequestFilter) {
  const conds: SQL[] = [gte(complaints.receivedAt, f.start), lte(complaints.receivedAt, f.end), sql`${complaints.channel} <> 'petition'`]
  if (f.status === 'open') conds.push(inArray(complaints.status, OPEN_STATUSES))
  if (f.status === 'closed') conds.push(notInArray(complaints.status, OPEN_STATUSES))
  if (f.services) {
    const alts: SQL[] = [sql`0`]
    for (const s of f.services) {
      alts.push(eq(complaints.serviceCode, s.code))
      const parts = s.path.map((name, i) => sql`json_extract(${complaints.categoryPath}, ${`$[${i}]`}) = ${name}`)
      if (parts.length) alts.push(and(sql`${complaints.serviceCode} is null`, ...parts)!)
    }
    conds.push(or(...alts)!)
  }
  return db
    .select(publicColumns)
    .from(complaints)
    .where(and(...conds))
    .orderBy(desc(complaints.receivedAt), desc(complaints.id))
    .limit(f.limit)
    .all()
}

const publicColumns = {
  id: complaints.id,
  trackingCode: complaints.trackingCode,
  channel: complaints.channel,
  unitId: complaints.unitId,
  communityId: complaints.communityId,
  placeText: complaints.placeText,
  lat: complaints.lat,
  lng: complaints.lng,
  subject: complaints.subject,
  body: complaints.body,
  receivedAt: complaints.receivedAt,
  status: complaints.status,
  serviceCode: complaints.serviceCode,
  categoryPath: complaints.categoryPath,
  duplicateOfId: complaints.duplicateOfId,
  supportersCount: complaints.supportersCount,
}
export type PublicComplaint = { [K in keyof typeof publicColumns]: (typeof complaints.$inferSelect)[K] }

export function getPublicComplaint(db: DbOrTx, trackingCode: string): PublicComplaint | undefined {
  return db.select(publicColumns).from(complaints).where(eq(complaints.trackingCode, trackingCode.trim().toUpperCase())).get()
}

/** Latest status event time per complaint (Open311 `updated_datetime`). */
export function lastStatusTimes(db: DbOrTx, ids: number[]): Map<number, Date> {
  const out = new Map<number, Date>()
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    const rows = db
      .select({ id: complaintStatusEvents.complaintId, at: sql<number>`max(${complaintStatusEvents.createdAt})` })
      .from(complaintStatusEvents)
      .where(inArray(complaintStatusEvents.complaintId, chunk))
      .groupBy(complaintStatusEvents.complaintId)
      .all()
    for (const r of rows) out.set(r.id, new Date(r.at))
  }
  return out
}

/** First media_url stored for each complaint (Open311 `media_url`). */
export function mediaUrls(db: DbOrTx, ids: number[]): Map<number, string> {
  const out = new Map<number, string>()
  if (!ids.length) return out
  const rows = db
    .select({ id: attachments.complaintId, url: attachments.storagePath })
    .from(attachments)
    .where(and(inArray(attachments.complaintId, ids), eq(attachments.mimeType, MEDIA_URL_TYPE)))
    .orderBy(attachments.id)
    .all()
  for (const r of rows) if (r.id != null && !out.has(r.id)) out.set(r.id, r.url)
  return out
}

/**
 * The same text from the same person within `withinMs` (a double tap, a
 * resubmitted form): the resident form and Open311 treat it as a duplicate.
 */
export function findRecentSameComplaint(
  db: DbOrTx,
  input: { channel: string; subject: string; body: string; complainantKey: string | null; withinMs?: number },
) {
  const since = new Date(Date.now() - (input.withinMs ?? DAY_MS))
  return db
    .select()
    .from(complaints)
    .where(
      and(
        eq(complaints.channel, input.channel),
        eq(complaints.subject, input.subject),
        eq(complaints.body, input.body),
        input.complainantKey == null ? sql`${complaints.complainantKey} is null` : eq(complaints.complainantKey, input.complainantKey),
        gte(complaints.receivedAt, since),
      ),
    )
    .orderBy(desc(complaints.id))
    .get()
}
