import crypto from 'node:crypto'
import { and, asc, count, desc, eq, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { Db, DbOrTx } from '../client'
import { CHANNELS, COMPLAINT_TEXT_LIMITS, type Channel, type ComplaintStatus } from '../enums'
import { complaintStatusEvents, complaintSupports, complaints, nlpQueue, topicComplaints, topics, users } from '../schema/index'
import { cachedAggregate } from './aggregate-cache'
import { writeAudit, type Actor } from './audit'
import { maskAddress, maskName, maskPhone } from './pii'
import { getUnit, getUnitTree, listUnits, unitDescendantIds, unitIdsWithin, type UnitRow } from './units'

export type ComplaintRow = typeof complaints.$inferSelect

export type NewComplaint = {
  channel: Channel
  externalId?: string | null
  communityId?: number | null
  placeText?: string | null
  lat?: number | null
  lng?: number | null
  subject: string
  body: string
  receivedAt?: Date
  complainantName?: string | null
  complainantPhone?: string | null
  complainantAddress?: string | null
  complainantKey?: string | null
  complainantUserId?: number | null
  supportersCount?: number
  serviceCode?: string | null
  enteredByUserId?: number | null
}

/** Limits shared by every intake door (form, staff entry, import, Open311). */
export const LIMITS = COMPLAINT_TEXT_LIMITS

/** Text segmenter used for the full-text index (jieba, injected so db/ stays NLP-free). */
export type Segment = (text: string) => string

const TRACKING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
// Random bytes for tracking codes, drawn from the CSPRNG 4 KB at a time: a call
// per code is a sizeable part of the cost of an imported row.
const randomPool = Buffer.alloc(4096)
let randomUsed = randomPool.length

export function newTrackingCode() {
  if (randomUsed + 10 > randomPool.length) {
    crypto.randomFillSync(randomPool)
    randomUsed = 0
  }
  let s = ''
  for (let i = randomUsed; i < randomUsed + 10; i++) s += TRACKING_ALPHABET[randomPool[i]! % TRACKING_ALPHABET.length]
  randomUsed += 10
  return `TH-${s.slice(0, 5)}-${s.slice(5)}`
}

/** Identity of a complaint's content: the same letter imported twice hashes the same. */
export function contentHashOf(input: Pick<NewComplaint, 'subject' | 'body' | 'receivedAt' | 'complainantKey' | 'complainantPhone'>) {
  const norm = (s: string | null | undefined) => (s ?? '').normalize('NFKC').replace(/\s+/g, '')
  return crypto
    .createHash('sha1')
    .update([norm(input.subject), norm(input.body), input.receivedAt?.toISOString() ?? '', norm(input.complainantKey ?? input.complainantPhone)].join('\u0001'))
    .digest('hex')
}

/**
 * Resolve the community a complaint concerns from free text (address, place,
 * body): the longest community name or alias that appears wins.
 */
export function resolveCommunity(db: DbOrTx, ...texts: (string | null | undefined)[]): UnitRow | undefined {
  const haystack = texts.filter(Boolean).join(' ')
  if (!haystack) return undefined
  let best: { unit: UnitRow; len: number } | undefined
  for (const u of listUnits(db, 'community')) {
    for (const name of [u.nameZh, ...u.aliases]) {
      if (name.length >= 2 && haystack.includes(name) && (!best || name.length > best.len)) best = { unit: u, len: name.length }
    }
  }
  return best?.unit
}

/** The root district: the handling level of last resort. */
function rootUnit(db: DbOrTx): UnitRow | undefined {
  return listUnits(db, 'district').find(u => u.parentId == null)
}

function resolveStreet(db: DbOrTx, text: string): UnitRow | undefined {
  return listUnits(db, 'street').find(u => [u.nameZh, ...u.aliases].some(n => n.length >= 2 && text.includes(n)))
}

/**
 * Where a complaint belongs: the chosen community if it is one, else the
 * community named in the address/place/text, else a street named in the text,
 * else the root district (handling level of last resort).
 */
export function resolveHandlingUnits(
  db: DbOrTx,
  input: Pick<NewComplaint, 'communityId' | 'complainantAddress' | 'placeText' | 'subject' | 'body'>,
): { communityId: number | null; unitId: number | null } {
  let communityId = input.communityId ?? null
  if (communityId != null && getUnit(db, communityId)?.kind !== 'community') communityId = null
  const resolved = communityId == null ? resolveCommunity(db, input.complainantAddress, input.placeText, input.subject, input.body) : undefined
  communityId ??= resolved?.id ?? null
  const unitId = communityId ?? resolveStreet(db, `${input.placeText ?? ''} ${input.subject} ${input.body}`)?.id ?? rootUnit(db)?.id ?? null
  return { communityId, unitId }
}

/** The key that tells distinct residents apart (board handle, account, or phone). */
export function complainantKeyOf(input: Pick<NewComplaint, 'complainantKey' | 'complainantUserId' | 'complainantPhone'>): string | null {
  return input.complainantKey ?? (input.complainantUserId ? `user:${input.complainantUserId}` : (input.complainantPhone ?? null))
}

/** A phone number as the digits that identify it: spacing, punctuation and the +86 / 0086 country code left out. */
export function phoneDigits(phone: string | null | undefined): string | null {
  let digits = (phone ?? '').replace(/\D/g, '')
  if (digits.startsWith('0086')) digits = digits.slice(4)
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2)
  return digits.length >= 7 ? digits : null
}

/** An account as the filer of reports: the account itself and the phone number an administrator recorded for it. */
export type Filer = { userId: number; phone: string | null }

export function filerOf(db: DbOrTx, userId: number): Filer {
  const phone = db.select({ phone: users.phone }).from(users).where(eq(users.id, userId)).get()?.phone ?? null
  return { userId, phone: phoneDigits(phone) }
}

/**
 * Whether the account filed this report: logged in, or under the phone number
 * it holds (filed before logging in, or phoned in and typed in by staff).
 */
export function filedBy(c: Pick<ComplaintRow, 'complainantUserId' | 'complainantPhone'>, filer: Filer): boolean {
  if (c.complainantUserId != null && c.complainantUserId === filer.userId) return true
  return filer.phone != null && phoneDigits(c.complainantPhone) === filer.phone
}

export type CreateResult = { complaint: ComplaintRow; duplicate: boolean }

/**
 * Intake one complaint from any channel: insert, first status event, search
 * index row, NLP queue entry and audit row, in one transaction. Re-submitting
 * the same source record (same channel + external id, or same content) returns
 * the existing complaint with `duplicate: true` instead of a second row.
 */
export function createComplaint(db: DbOrTx, input: NewComplaint, actor: Actor, opts: { segment?: Segment } = {}): CreateResult {
  if (!CHANNELS.includes(input.channel)) throw new Error(`unknown channel ${input.channel}`)
  const run = (tx: DbOrTx): CreateResult => {
    const receivedAt = input.receivedAt ?? new Date()
    if (input.externalId) {
      const existing = tx
        .select()
        .from(complaints)
        .where(and(eq(complaints.channel, input.channel), eq(complaints.externalId, input.externalId)))
        .get()
      if (existing) return { complaint: existing, duplicate: true }
    }
    const contentHash = contentHashOf({ ...input, receivedAt })
    const sameContent = tx.select().from(complaints).where(eq(complaints.contentHash, contentHash)).get()
    if (sameContent) return { complaint: sameContent, duplicate: true }

    const { communityId, unitId } = resolveHandlingUnits(tx, input)

    const complaint = tx
      .insert(complaints)
      .values({
        trackingCode: newTrackingCode(),
        channel: input.channel,
        externalId: input.externalId ?? null,
        communityId,
        unitId,
        placeText: input.placeText ?? null,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        subject: input.subject,
        body: input.body,
        receivedAt,
        complainantName: input.complainantName ?? null,
        complainantPhone: input.complainantPhone ?? null,
        complainantAddress: input.complainantAddress ?? null,
        complainantKey: complainantKeyOf(input),
        complainantUserId: input.complainantUserId ?? null,
        supportersCount: input.supportersCount ?? 0,
        serviceCode: input.serviceCode ?? null,
        contentHash,
        enteredByUserId: input.enteredByUserId ?? null,
        status: 'received',
      })
      .returning()
      .get()
    tx.insert(complaintStatusEvents)
      .values({ complaintId: complaint.id, status: 'received', actorId: actor.kind === 'user' ? actor.id : null })
      .run()
    tx.insert(nlpQueue).values({ complaintId: complaint.id }).run()
    if (opts.segment) indexComplaintText(tx, complaint, opts.segment)
    writeAudit(
      tx,
      actor,
      'complaint.create',
      { type: 'complaint', id: complaint.id },
      { after: { channel: complaint.channel, externalId: complaint.externalId, unitId } },
    )
    return { complaint, duplicate: false }
  }
  // Inside an outer transaction this becomes a savepoint, so a bulk import can batch rows.
  return (db as Db).transaction(run)
}

/** (Re)write a complaint's row in the full-text index from segmented text. */
export function indexComplaintText(db: DbOrTx, c: Pick<ComplaintRow, 'id' | 'subject' | 'body' | 'placeText'>, segment: Segment) {
  db.run(sql`delete from complaints_fts where rowid = ${c.id}`)
  db.run(sql`insert into complaints_fts(rowid, segmented) values (${c.id}, ${segment(`${c.subject}\n${c.placeText ?? ''}\n${c.body}`)})`)
}

export function setComplaintStatus(db: DbOrTx, complaintId: number, status: ComplaintStatus, actor: Actor, note?: string) {
  const before = db.select({ status: complaints.status }).from(complaints).where(eq(complaints.id, complaintId)).get()
  if (!before || before.status === status) return
  db.update(complaints).set({ status }).where(eq(complaints.id, complaintId)).run()
  db.insert(complaintStatusEvents)
    .values({ complaintId, status, note, actorId: actor.kind === 'user' ? actor.id : null })
    .run()
  writeAudit(db, actor, 'complaint.status', { type: 'complaint', id: complaintId }, { before, after: { status } })
}

export type InboxFilter = {
  /** Units the viewer may see (their scopes); null = everywhere. */
  scopeUnitIds: number[] | null
  channel?: string
  communityId?: number
  category?: string
  status?: string
  from?: Date
  to?: Date
  /** Pre-segmented query (space-separated tokens). */
  query?: string
  /** What the same search box may name instead of words: a tracking code, a phone number or a full name (staff who see personal data). */
  identity?: { trackingCode?: string; phoneDigits?: string; name?: string }
  /** The order of the list: newest first (the default), waiting longest first, or most supported first. */
  sort?: InboxSort
  page?: number
  pageSize?: number
}

export const INBOX_SORTS = ['newest', 'oldest', 'supporters'] as const
export type InboxSort = (typeof INBOX_SORTS)[number]

/** The order asked for in a URL's `sort`; anything else is newest first. */
export function inboxSortOf(value: string | null | undefined): InboxSort {
  return (INBOX_SORTS as readonly string[]).includes(value ?? '') ? (value as InboxSort) : 'newest'
}

/**
 * `newestFirst`: the conditions of a page read in time order. SQLite would
 * otherwise start from the few-valued channel/status indexes, from every
 * unit of a street at once, or from every full-text match, and sort them all
 * to show 25; a unary plus keeps such a column out of index choice, so the
 * page walks a unit's or the whole time index from the newest and stops.
 */
function inboxWhere(db: DbOrTx, f: InboxFilter, { newestFirst = false } = {}): SQL | undefined {
  const conds: SQL[] = []
  const plain = (column: SQLiteColumn) => (newestFirst ? sql`+${column}` : sql`${column}`)
  if (f.scopeUnitIds) {
    const visible = unitIdsWithin(db, f.scopeUnitIds)
    if (visible.length > 1)
      conds.push(
        sql`${plain(complaints.unitId)} in (${sql.join(
          visible.map(id => sql`${id}`),
          sql`, `,
        )})`,
      )
    else conds.push(eq(complaints.unitId, visible[0] ?? -1))
  }
  if (f.channel) conds.push(sql`${plain(complaints.channel)} = ${f.channel}`)
  if (f.communityId) conds.push(eq(complaints.communityId, f.communityId))
  if (f.status) conds.push(sql`${plain(complaints.status)} = ${f.status}`)
  if (f.category) conds.push(sql`json_extract(${complaints.categoryPath}, '$[0]') = ${f.category}`)
  if (f.from) conds.push(gte(complaints.receivedAt, f.from))
  if (f.to) conds.push(lte(complaints.receivedAt, f.to))
  const byWords: SQL[] = []
  if (f.query?.trim()) {
    const match = f.query
      .trim()
      .split(/\s+/)
      .map(tok => `"${tok.replace(/"/g, '""')}"`)
      .join(' ')
    // A page of a common word walks newest first and checks each complaint
    // against the index; a rare word starts from its few matches instead.
    // Counting a common word's matches reads its whole posting list: kept
    // like the other aggregates, since every page of every viewer asks again.
    const common =
      newestFirst &&
      cachedAggregate(
        db,
        `inbox.matches:${match}`,
        () => db.get<{ n: number }>(sql`select count(*) as n from complaints_fts where complaints_fts match ${match}`)?.n ?? 0,
      ) *
        20 >=
        (db.get<{ n: number | null }>(sql`select max(id) as n from complaints`)?.n ?? 0)
    byWords.push(
      common
        ? sql`exists (select 1 from complaints_fts where complaints_fts.rowid = ${complaints.id} and complaints_fts match ${match})`
        : sql`${complaints.id} in (select rowid from complaints_fts where complaints_fts match ${match})`,
    )
  }
  const id = f.identity
  if (id?.trackingCode) byWords.push(eq(complaints.trackingCode, id.trackingCode))
  // A phone or a name is looked for only when some report has it: a word such as 噪音 then keeps the search's fast path.
  const anyWith = (key: string, cond: SQL) =>
    cachedAggregate(db, `inbox.identity:${key}`, () => !!db.get<{ n: number }>(sql`select 1 as n from complaints where ${cond} limit 1`)?.n)
  if (id?.phoneDigits) {
    const cond = sql`${complaints.complainantPhone} like ${`%${id.phoneDigits}%`}`
    if (anyWith(`phone:${id.phoneDigits}`, cond)) byWords.push(cond)
  }
  if (id?.name) {
    const cond = eq(complaints.complainantName, id.name)
    if (anyWith(`name:${id.name}`, cond)) byWords.push(cond)
  }
  if (byWords.length) conds.push(byWords.length === 1 ? byWords[0]! : or(...byWords)!)
  return conds.length ? and(...conds) : undefined
}

/** One page of the inbox in the order asked for (newest first unless told), with the total for paging. */
export function listComplaints(db: DbOrTx, f: InboxFilter) {
  const pageSize = Math.min(Math.max(f.pageSize ?? 25, 1), 10_000)
  const page = Math.max(f.page ?? 1, 1)
  const where = inboxWhere(db, f)
  // Paging through one filter asks for the same total on every page.
  const { page: _p, pageSize: _s, sort = 'newest', ...filterKey } = f
  const total = cachedAggregate(db, `inbox.total:${JSON.stringify(filterKey)}`, () => db.select({ n: count() }).from(complaints).where(where).get()?.n ?? 0)
  // Nothing on this page (a filter or search that finds nothing, a page past
  // the end): walking newest first would read the whole scope to learn it.
  const rows =
    (page - 1) * pageSize >= total
      ? []
      : db
          .select()
          .from(complaints)
          // Oldest first walks the same time index from its other end; by supporters the whole match is sorted.
          .where(inboxWhere(db, f, { newestFirst: sort !== 'supporters' }))
          .orderBy(
            ...(sort === 'oldest'
              ? [asc(complaints.receivedAt), asc(complaints.id)]
              : sort === 'supporters'
                ? [desc(complaints.supportersCount), desc(complaints.receivedAt), desc(complaints.id)]
                : [desc(complaints.receivedAt), desc(complaints.id)]),
          )
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .all()
  return { rows, total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) }
}

export function getComplaint(db: DbOrTx, id: number) {
  return db.select().from(complaints).where(eq(complaints.id, id)).get()
}

/** The tracking code of a complaint (e.g. the original a duplicate points to). */
export function getTrackingCode(db: DbOrTx, id: number): string | null {
  return db.select({ code: complaints.trackingCode }).from(complaints).where(eq(complaints.id, id)).get()?.code ?? null
}

export function getComplaintByTrackingCode(db: DbOrTx, code: string) {
  return db.select().from(complaints).where(eq(complaints.trackingCode, code.trim().toUpperCase())).get()
}

export function getComplaintHistory(db: DbOrTx, id: number) {
  return db.select().from(complaintStatusEvents).where(eq(complaintStatusEvents.complaintId, id)).orderBy(complaintStatusEvents.id).all()
}

/** Approved/public topics a complaint belongs to (for the tracking page). */
export function getComplaintTopics(db: DbOrTx, id: number) {
  return db
    .select({ id: topics.id, title: topics.title, status: topics.status })
    .from(topicComplaints)
    .innerJoin(topics, eq(topics.id, topicComplaints.topicId))
    .where(and(eq(topicComplaints.complaintId, id), inArray(topics.status, ['approved'])))
    .all()
}

/** The account a resident filed from: its display name and phone (for viewers allowed to see personal data). */
export function getComplainantAccount(db: DbOrTx, c: Pick<ComplaintRow, 'complainantUserId'>) {
  if (!c.complainantUserId) return undefined
  return db.select({ name: users.displayName, phone: users.phone }).from(users).where(eq(users.id, c.complainantUserId)).get()
}

/** Who typed in a complaint taken by staff (their display name), or null. */
export function getEnteredByName(db: DbOrTx, c: Pick<ComplaintRow, 'enteredByUserId'>): string | null {
  if (!c.enteredByUserId) return null
  return db.select({ name: users.displayName }).from(users).where(eq(users.id, c.enteredByUserId)).get()?.name ?? null
}

/** Which of these complaints the supporter has already said "me too" to. */
export function supportedBy(db: DbOrTx, complaintIds: readonly number[], supporterKey: string): Set<number> {
  if (!complaintIds.length) return new Set()
  const rows = db
    .select({ id: complaintSupports.complaintId })
    .from(complaintSupports)
    .where(and(eq(complaintSupports.supporterKey, supporterKey), inArray(complaintSupports.complaintId, [...complaintIds])))
    .all()
  return new Set(rows.map(r => r.id))
}

/** "Me too", inside the caller's transaction: one supporter counts once; returns the new supporters count. */
export function addComplaintSupport(tx: DbOrTx, complaintId: number, supporterKey: string, actor: Actor): number {
  const inserted = tx.insert(complaintSupports).values({ complaintId, supporterKey }).onConflictDoNothing().run()
  if (inserted.changes > 0) {
    tx.update(complaints)
      .set({ supportersCount: sql`${complaints.supportersCount} + 1` })
      .where(eq(complaints.id, complaintId))
      .run()
    writeAudit(tx, actor, 'complaint.support', { type: 'complaint', id: complaintId })
  }
  return tx.select({ n: complaints.supportersCount }).from(complaints).where(eq(complaints.id, complaintId)).get()?.n ?? 0
}

export type ComplaintView = Omit<ComplaintRow, 'complainantName' | 'complainantPhone' | 'complainantAddress' | 'complainantKey' | 'contentHash'> & {
  complainantName: string | null
  complainantPhone: string | null
  complainantAddress: string | null
  piiMasked: boolean
  communityName: string | null
}

/** What a viewer may see of a complaint: PII in full only when `showPii`. */
export function toComplaintView(db: DbOrTx, c: ComplaintRow, showPii: boolean): ComplaintView {
  const { contentHash: _h, complainantKey: _k, ...rest } = c
  const tree = getUnitTree(db)
  return {
    ...rest,
    complainantName: showPii ? c.complainantName : maskName(c.complainantName),
    complainantPhone: showPii ? c.complainantPhone : maskPhone(c.complainantPhone),
    complainantAddress: showPii ? c.complainantAddress : maskAddress(c.complainantAddress),
    piiMasked: !showPii,
    communityName: c.communityId ? (tree.byId.get(c.communityId)?.nameZh ?? null) : null,
  }
}

/** Complaint counts per channel and per first-level category within units and dates. */
export function complaintStats(db: DbOrTx, f: { unitIds: number[] | null; from?: Date; to?: Date }) {
  const where = inboxWhere(db, { scopeUnitIds: f.unitIds, from: f.from, to: f.to })
  const byChannel = db.select({ key: complaints.channel, n: count() }).from(complaints).where(where).groupBy(complaints.channel).all()
  const catExpr = sql<string>`coalesce(json_extract(${complaints.categoryPath}, '$[0]'), '')`
  const byCategory = db.select({ key: catExpr, n: count() }).from(complaints).where(where).groupBy(catExpr).all()
  return { byChannel, byCategory }
}

/** A resident's own complaints, newest first (their personal page). */
export function listComplaintsOfResident(db: DbOrTx, userId: number, limit = 100) {
  return db
    .select({
      id: complaints.id,
      trackingCode: complaints.trackingCode,
      subject: complaints.subject,
      status: complaints.status,
      receivedAt: complaints.receivedAt,
    })
    .from(complaints)
    .where(eq(complaints.complainantUserId, userId))
    .orderBy(desc(complaints.receivedAt))
    .limit(limit)
    .all()
}
