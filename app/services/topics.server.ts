import os from 'node:os'
import type { Statement } from 'better-sqlite3'
import { and, count, eq, gte, inArray, isNotNull, ne, notInArray, sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client'
import { addDays, chinaDay, DAY_MS } from '#db/dates'
import { writeAudit, SYSTEM } from '#db/queries/audit'
import { lastPushHeat, listStaleSuggestions, recordTopicPush, wakeSnoozedTopics, type TopicRow } from '#db/queries/topics'
import { createUnit, getUnit, getUnitByCode, getUnitTree, listUnits, unitAncestry } from '#db/queries/units'
import { complaints, topicComplaints, topicEvents, topics } from '#db/schema/index'
import type { Classification } from '#nlp/classify'
import {
  createTopicEngine,
  DEFAULT_HEAT_WEIGHTS,
  heatOf,
  type Cluster,
  type ComplaintInput,
  type Member,
  type SupporterBaseline,
  type TopicEngine,
} from '#nlp/cluster'
import { guessKind } from '#nlp/places'
import type { PreparedComplaint } from '#nlp/prepare'
import { decodePrepared, encodePrepared } from '#nlp/prepared-codec'
import type { Taxonomy } from '#nlp/taxonomy'
import { parseTopicSummary, topicCategory, topicPeriod, topicStakeholders, type SuggestedTopic, type TopicSummaryParts } from '#nlp/topic-text'
import type { Notifier } from '#realtime/index'
import { classifierKey, complaintText, engineGazetteer, getPipeline } from './nlp.server'
import { createPreparePool } from './prepare-pool.server'

/**
 * A suggestion whose latest complaint is older than this is historical: it is
 * kept for review (importing past letters sorts out what residents cared about
 * in earlier years) but pushes nobody and is not refreshed every few minutes.
 */
export const HISTORICAL_AFTER_DAYS = 60
/** A suggestion is pushed again when its heat grows by this factor since the last push. */
const SURGE_FACTOR = 1.5

/** Newest complaint time in the engine, for telling a backfill of older letters from live ones. */
type EngineState = { db: Db; version: number; engine: TopicEngine; unitByCode: Map<string, number>; newest: number }
let state: EngineState | undefined
/**
 * A classified batch older than the engine's newest complaint by more than this is a
 * backfill (imported past letters), not a live complaint entered a little late.
 */
const BACKFILL_TOLERANCE_MS = 86_400_000
let backfillPending = false
let resyncPending = false

type ComplaintForEngine = Pick<
  typeof complaints.$inferSelect,
  | 'id'
  | 'subject'
  | 'body'
  | 'placeText'
  | 'receivedAt'
  | 'unitId'
  | 'supportersCount'
  | 'complainantKey'
  | 'channel'
  | 'categoryPath'
  | 'categoryScore'
  | 'keywords'
>

const engineColumns = {
  id: complaints.id,
  subject: complaints.subject,
  body: complaints.body,
  placeText: complaints.placeText,
  receivedAt: complaints.receivedAt,
  unitId: complaints.unitId,
  supportersCount: complaints.supportersCount,
  complainantKey: complaints.complainantKey,
  channel: complaints.channel,
  categoryPath: complaints.categoryPath,
  categoryScore: complaints.categoryScore,
  keywords: complaints.keywords,
}

function unitCode(db: Db, unitId: number | null) {
  return unitId == null ? '' : (getUnit(db, unitId)?.code ?? '')
}

/** A row whose preparation is computed, not read: nothing stored. */
const UNPREPARED = `p.data is null`
/**
 * The stored complaints the engine is built from, read with one prepared statement
 * and mapped by hand: at a district-year the ORM's per-row mapping was a large share
 * of the rebuild. Same columns and filter as {@link engineColumns} and `openClassified`,
 * with each one's preparation stored under the stamp given. The texts are read only
 * where nothing is stored: the stored preparation stands for them, checked against
 * their lengths (and read later if it turns out not to be valid). Read as arrays:
 * {@link engineRow} names the columns in this order.
 */
const ENGINE_ROW_SQL = `select c.id, c.received_at, c.unit_id, c.supporters_count, c.complainant_key, c.channel,
    c.category_path, c.category_score, c.keywords, p.data as prepared,
    case when p.data is not null then length(c.subject) end as subject_chars,
    case when p.data is not null then length(coalesce(c.place_text, '') || ' ' || c.body) end as text_chars,
    case when ${UNPREPARED} then c.subject end as subject,
    case when ${UNPREPARED} then c.body end as body,
    case when ${UNPREPARED} then c.place_text end as place_text
  from complaints c left join complaint_prepared p on p.complaint_id = c.id and p.stamp = ?
  where c.category_path is not null and c.status not in ('resolved', 'closed')`
type EngineRowRaw = {
  id: number
  /** Null when not read (see ENGINE_ROW_SQL and withText). */
  subject: string | null
  body: string | null
  place_text: string | null
  subject_chars: number | null
  text_chars: number | null
  received_at: number
  unit_id: number | null
  supporters_count: number
  complainant_key: string | null
  channel: string
  category_path: string
  category_score: number | null
  keywords: string | null
  prepared: Buffer | null
}
const engineStatements = new WeakMap<
  object,
  { all: Statement; ordered: Statement; byIds: Statement; unprepared: Statement; store: Statement; texts: Statement }
>()
function engineRowStatements(db: Db) {
  let st = engineStatements.get(db.$client)
  if (!st) {
    st = {
      all: db.$client.prepare(`${ENGINE_ROW_SQL} order by c.received_at, c.id`).raw(),
      ordered: db.$client
        .prepare(`select id from complaints where category_path is not null and status not in ('resolved', 'closed') order by received_at, id`)
        .pluck(),
      byIds: db.$client.prepare(`${ENGINE_ROW_SQL} and c.id in (select value from json_each(?)) order by c.received_at, c.id`).raw(),
      unprepared: db.$client
        .prepare(
          `select count(*) from complaints c left join complaint_prepared p on p.complaint_id = c.id and p.stamp = ?
            where c.category_path is not null and c.status not in ('resolved', 'closed') and p.complaint_id is null`,
        )
        .pluck(),
      texts: db.$client.prepare(`select subject, body, place_text from complaints where id = ?`),
      // A complaint deleted meanwhile is skipped (it has nothing to refer to).
      store: db.$client.prepare(
        `insert or replace into complaint_prepared (complaint_id, stamp, data) select ?, ?, ? where exists (select 1 from complaints where id = ?)`,
      ),
    }
    engineStatements.set(db.$client, st)
  }
  return st
}
/** A row of ENGINE_ROW_SQL read as an array (cheaper than the driver building each object), by column order. */
const engineRow = (a: unknown[]): EngineRowRaw => ({
  id: a[0] as number,
  received_at: a[1] as number,
  unit_id: a[2] as number | null,
  supporters_count: a[3] as number,
  complainant_key: a[4] as string | null,
  channel: a[5] as string,
  category_path: a[6] as string,
  category_score: a[7] as number | null,
  keywords: a[8] as string | null,
  prepared: a[9] as Buffer | null,
  subject_chars: a[10] as number | null,
  text_chars: a[11] as number | null,
  subject: a[12] as string | null,
  body: a[13] as string | null,
  place_text: a[14] as string | null,
})

// The same few hundred category paths recur in every row: parsed once each (the engine only reads them).
const parsedPaths = new Map<string, string[] | null>()
function parsePath(json: string): string[] | null {
  let path = parsedPaths.get(json)
  if (path === undefined) {
    path = JSON.parse(json) as string[] | null
    if (parsedPaths.size < 10_000) parsedPaths.set(json, path)
  }
  return path
}

const fromRaw = (r: EngineRowRaw): ComplaintForEngine => ({
  id: r.id,
  subject: r.subject ?? '',
  body: r.body ?? '',
  placeText: r.place_text,
  receivedAt: new Date(r.received_at),
  unitId: r.unit_id,
  supportersCount: r.supporters_count,
  complainantKey: r.complainant_key,
  channel: r.channel,
  categoryPath: parsePath(r.category_path),
  categoryScore: r.category_score,
  keywords: r.keywords == null ? null : (JSON.parse(r.keywords) as string[]),
})

/** The row as the engine takes it, its texts read first if they were not (to prepare it). */
function withText(db: Db, r: EngineRowRaw, input: ComplaintInput): ComplaintInput {
  if (r.subject == null) {
    const t = engineRowStatements(db).texts.get(r.id) as Pick<EngineRowRaw, 'subject' | 'body' | 'place_text'> | undefined
    if (t) Object.assign(r, t)
  }
  return { ...input, subject: r.subject ?? '', text: complaintText({ placeText: r.place_text, body: r.body ?? '' }) }
}

/** Feed one stored complaint to the engine, reusing its stored classification. */
function addToEngine(db: Db, engine: TopicEngine, c: ComplaintForEngine) {
  engine.add(engineInput(db, c))
}

/** A stored complaint as the engine takes it, with its stored classification. */
function engineInput(db: Db, c: ComplaintForEngine): ComplaintInput {
  const path = c.categoryPath ?? []
  const classification: Classification | undefined = path.length
    ? { category: path[0]!, path, nodeId: '', keywords: c.keywords ?? [], score: c.categoryScore ?? 0, matches: [], categoryScores: {} }
    : undefined
  return {
    id: String(c.id),
    subject: c.subject,
    text: complaintText(c),
    time: c.receivedAt,
    community: unitCode(db, c.unitId),
    likes: c.supportersCount,
    user: c.complainantKey ?? undefined,
    channel: c.channel,
    classification,
  }
}

/** Complaint ids a worker has already taken out of automatic clustering (reviewed, merged or split topics). */
function manualComplaintIds(db: Db): Set<number> {
  const rows = db
    .select({ id: topicComplaints.complaintId })
    .from(topicComplaints)
    .innerJoin(topics, eq(topics.id, topicComplaints.topicId))
    // A suggestion the engine folded into another keeps its last complaint for history; a worker's merge copied its complaints to the target.
    .where(and(sql`${topics.clusterKey} is null`, ne(topics.status, 'merged')))
    .all()
  return new Set(rows.map(r => r.id))
}

/** Open classified complaints: what the engine is built from. */
const openClassified = and(isNotNull(complaints.categoryPath), notInArray(complaints.status, ['resolved', 'closed']))

function newEngine(db: Db, pipeline: ReturnType<typeof getPipeline>) {
  return createTopicEngine({
    taxonomy: pipeline.taxonomy,
    classifier: pipeline.classifier,
    gazetteer: engineGazetteer(db).gazetteer,
    // Complaints carry their unit's code; a summary names the community.
    communityName: code => getUnitByCode(db, code)?.nameZh,
  })
}

/**
 * One complaint in every this many with stored preparations is prepared again and
 * compared (~1% of a rebuild's time): a change to what preparing computes that alters
 * even one complaint in a hundred is found with near certainty, though PREPARE_VERSION
 * was not bumped.
 */
const CHECK_STORED_EVERY = 100

/**
 * The preparations of one build: read from storage when stored under the current stamp,
 * else computed by the engine and queued to be stored for the next build. Stored data is
 * not trusted blindly: the first complaint with stored data and one in every
 * CHECK_STORED_EVERY after it are prepared again and compared byte for byte. A difference
 * (the preparation's code changed without a new PREPARE_VERSION) sets `distrusted`, and
 * the build starts over preparing everything (`trust` false), storing what it computes.
 */
function storedPreparations(db: Db, engine: TopicEngine, classifiedBy: string, trust: boolean) {
  const { stamp } = engineGazetteer(db)
  let checked = 0
  // A complaint without a stored category is classified by the engine: its stored preparation holds that classification.
  const encode = (prepared: PreparedComplaint, input: ComplaintInput) =>
    encodePrepared(prepared, { subject: input.subject, text: input.text, ...(input.classification ? {} : { classifiedBy }) })
  const freshEncoding = (r: EngineRowRaw, input: ComplaintInput) => {
    const full = withText(db, r, input)
    return encode(engine.prepare(full), full)
  }
  const out = {
    stamp,
    distrusted: false,
    /** How many preparations were read from storage, and how many computed. */
    counts: { stored: 0, prepared: 0 },
    /** The stored preparation of a row, if valid. */
    read(r: EngineRowRaw, input: ComplaintInput): PreparedComplaint | undefined {
      if (!trust || !r.prepared || r.subject_chars == null || r.text_chars == null) return undefined
      const chars = [r.subject_chars, r.text_chars] as const
      const stored = decodePrepared(r.prepared, input.classification ? { chars, classification: input.classification } : { chars, classifiedBy })
      if (stored && checked++ % CHECK_STORED_EVERY === 0 && !freshEncoding(r, input).equals(r.prepared)) {
        console.warn('stored topic-engine preparations differ from fresh ones: preparing every complaint again (bump PREPARE_VERSION)')
        out.distrusted = true
        return undefined
      }
      if (stored) out.counts.stored++
      return stored
    },
    /** Queues a fresh preparation to be stored. */
    keep(id: number, input: ComplaintInput, prepared: PreparedComplaint) {
      out.counts.prepared++
      try {
        queueStore(db, id, stamp, encode(prepared, input))
      } catch (error) {
        console.error('storing a topic-engine preparation failed', error)
      }
    },
    /** The preparation of a row: stored, else computed now (and kept). */
    of(r: EngineRowRaw, input: ComplaintInput): PreparedComplaint {
      const stored = out.read(r, input)
      if (stored || out.distrusted) return stored!
      const full = withText(db, r, input)
      const fresh = engine.prepare(full)
      out.keep(r.id, full, fresh)
      return fresh
    },
  }
  return out
}

let lastCounts: { stored: number; prepared: number } | undefined
/** How the last finished build got its preparations: read from storage or computed. */
export function lastBuildPreparations() {
  return lastCounts
}

/** Preparations computed by builds, waiting to be stored. */
const toStore: { db: Db; id: number; stamp: number; data: Buffer }[] = []
let storing: Promise<void> | undefined
/** Preparations stored per turn of the event loop (~10 ms). */
const STORE_BATCH = 500

function queueStore(db: Db, id: number, stamp: number, data: Buffer) {
  toStore.push({ db, id, stamp, data })
  storing ??= storeQueued()
}

/** Stores queued preparations in the background, a batch per turn of the event loop. */
async function storeQueued() {
  while (toStore.length) {
    await yieldToEventLoop()
    const batch = toStore.splice(0, STORE_BATCH)
    const dbs = new Set(batch.map(x => x.db))
    for (const db of dbs)
      try {
        const { store } = engineRowStatements(db)
        db.$client.transaction(() => {
          for (const x of batch) if (x.db === db) store.run(x.id, x.stamp, x.data, x.id)
        })()
      } catch (error) {
        // A database closed meanwhile (tests): its preparations are simply computed again next time.
        console.error('storing topic-engine preparations failed', error)
      }
  }
  storing = undefined
}

/** Resolves when the preparations computed by builds so far are stored. */
export function preparationsStored(): Promise<void> {
  return storing ?? Promise.resolve()
}

function install(db: Db, version: number, engine: TopicEngine, newest: number) {
  state = { db, version, engine, unitByCode: new Map([...getUnitTree(db).byCode].map(([k, u]) => [k, u.id])), newest }
  building = undefined
}

/**
 * The in-memory topic engine, built from every open classified complaint
 * (minus those workers already handled) in the order they were received, and
 * rebuilt when the taxonomy changes. Clustering follows the complaints' own
 * times, not the clock: a year of imported letters forms that year's issues.
 * Adding one complaint afterwards is incremental. Builds at once (blocking);
 * the server uses {@link topicEngineIfReady}, which builds in slices.
 */
export function getTopicEngine(db: Db): TopicEngine {
  const pipeline = getPipeline(db)
  if (state && state.db === db && state.version === pipeline.version) return state.engine
  const skip = manualComplaintIds(db)
  const build = (trust: boolean) => {
    const engine = newEngine(db, pipeline)
    const stored = storedPreparations(db, engine, classifierKey(pipeline), trust)
    let newest = -Infinity
    for (const a of engineRowStatements(db).all.iterate(stored.stamp) as IterableIterator<unknown[]>) {
      const r = engineRow(a)
      if (skip.has(r.id)) continue
      const input = engineInput(db, fromRaw(r))
      const prepared = stored.of(r, input)
      if (stored.distrusted) return undefined
      engine.add(input, prepared)
      newest = Math.max(newest, r.received_at)
    }
    lastCounts = stored.counts
    install(db, pipeline.version, engine, newest)
    return engine
  }
  return build(true) ?? build(false)!
}

/** Rows read and clustered per page of a background build (a page is ~20 ms of work at 100,000 complaints). */
const BUILD_PAGE = 100
/** Longest stretch a background build holds the event loop before yielding. */
const BUILD_SLICE_MS = 40
/**
 * A background build of this many complaints or more prepares them in two worker threads
 * while the main thread joins, when each of the three has a core of its own. On two cores
 * the threads only compete with the join: measured over 100,000 complaints, one or two
 * threads cost 2–5 s more CPU than preparing in the main thread and finished no sooner.
 */
const BUILD_THREADS_FROM = os.availableParallelism() >= 3 ? 20_000 : Infinity
/** Pages read and handed to the threads ahead of the join (bounds what waits in memory). */
const BUILD_AHEAD = 16

type Building = { db: Db; version: number; engine: TopicEngine; skip: Set<number>; promise: Promise<TopicEngine | undefined> }
let building: Building | undefined

/**
 * The engine if it is built for the current taxonomy; otherwise starts building it
 * in the background ({@link buildTopicEngine}) and returns undefined, so that a
 * district-year of complaints does not stop the server answering while it builds.
 */
export function topicEngineIfReady(db: Db): TopicEngine | undefined {
  const pipeline = getPipeline(db)
  if (state && state.db === db && state.version === pipeline.version) return state.engine
  void buildTopicEngine(db)
  return undefined
}

const yieldToEventLoop = () => new Promise<void>(resolve => setImmediate(resolve))

/**
 * Builds the engine in slices of at most ~40 ms that yield to the event loop,
 * reading complaints page by page in the order they were received: the order is
 * read once (ids only), each page by primary key (paging by time re-sorted the
 * whole table for every page). Complaints classified meanwhile are added by a
 * final catch-up pass done in the same turn of the loop as the switch to the new
 * engine, so none is lost; those resolved or closed meanwhile are left out.
 * Resolves to undefined when a blocking build or a newer taxonomy superseded it.
 * `threadsFrom`: number of complaints from which worker threads prepare them (see BUILD_THREADS_FROM).
 */
export function buildTopicEngine(db: Db, opts: { threadsFrom?: number } = {}): Promise<TopicEngine | undefined> {
  const pipeline = getPipeline(db)
  if (state && state.db === db && state.version === pipeline.version) return Promise.resolve(state.engine)
  if (building && building.db === db && building.version === pipeline.version) return building.promise
  const b: Building = { db, version: pipeline.version, engine: newEngine(db, pipeline), skip: manualComplaintIds(db), promise: Promise.resolve(undefined) }
  // The classifier the engine was made with (a retrained one replaces the pipeline's, not the engine's).
  let classifiedBy = classifierKey(pipeline)
  building = b
  const current = () => building === b && getPipeline(db).version === b.version
  b.promise = (async () => {
    const st = engineRowStatements(db)
    await yieldToEventLoop()
    if (!current()) return undefined
    const order = st.ordered.all() as number[]
    const { stamp, gazetteer } = engineGazetteer(db)
    let newest = -Infinity
    // Complaints without a stored preparation are prepared ahead in the threads (when
    // many); the join takes the pages strictly in order, so the engine is the same either way.
    const threadsFrom = opts.threadsFrom ?? BUILD_THREADS_FROM
    const threads = order.length >= threadsFrom && (st.unprepared.get(stamp) as number) >= threadsFrom
    const pool = threads ? createPreparePool({ threads: 2, gazetteer }) : undefined
    type Page = {
      rows: EngineRowRaw[]
      inputs: ComplaintInput[]
      prepared: (PreparedComplaint | undefined)[]
      missing: number[]
      fromThreads?: Promise<PreparedComplaint[] | undefined>
    }
    let counts: { stored: number; prepared: number } | undefined
    /** Joins every page in order: 'done', 'distrusted' (stored data differed, see storedPreparations) or 'superseded'. */
    const join = async (trust: boolean): Promise<'done' | 'distrusted' | 'superseded'> => {
      const stored = storedPreparations(db, b.engine, classifiedBy, trust)
      counts = stored.counts
      newest = -Infinity
      const ahead: Page[] = []
      let read = 0
      const readAhead = () => {
        while (read < order.length && ahead.length < (pool ? BUILD_AHEAD : 1)) {
          const rows = (st.byIds.all(stamp, JSON.stringify(order.slice(read, read + BUILD_PAGE))) as unknown[][]).map(engineRow).filter(r => !b.skip.has(r.id))
          const inputs = rows.map(r => engineInput(db, fromRaw(r)))
          const prepared = pool ? rows.map((r, i) => stored.read(r, inputs[i]!)) : []
          const missing = pool ? prepared.flatMap((p, i) => (p ? [] : [i])) : []
          for (const i of missing) inputs[i] = withText(db, rows[i]!, inputs[i]!)
          ahead.push({ rows, inputs, prepared, missing, fromThreads: missing.length ? pool!.prepare(missing.map(i => inputs[i]!)) : undefined })
          read += BUILD_PAGE
        }
      }
      // A slice starts with a turn of the event loop (the first one too).
      for (let started = -Infinity; ;) {
        if (Date.now() - started >= BUILD_SLICE_MS) {
          await yieldToEventLoop()
          if (!current()) return 'superseded'
          started = Date.now()
        }
        readAhead()
        const next = ahead.shift()
        if (!next) return 'done'
        // Waiting for a thread's answer yields to the event loop too.
        const ready = next.fromThreads && (await next.fromThreads)
        if (!current()) return 'superseded'
        if (ready)
          next.missing.forEach((i, k) => {
            next.prepared[i] = ready[k]
            stored.keep(next.rows[i]!.id, next.inputs[i]!, ready[k]!)
          })
        for (let i = 0; i < next.rows.length; i++) {
          const r = next.rows[i]!
          const input = next.inputs[i]!
          const prepared = next.prepared[i] ?? stored.of(r, input)
          if (stored.distrusted) return 'distrusted'
          b.engine.add(input, prepared)
          newest = Math.max(newest, r.received_at)
        }
      }
    }
    try {
      let outcome = await join(true)
      if (outcome === 'distrusted') {
        b.engine = newEngine(db, pipeline)
        classifiedBy = classifierKey(pipeline)
        outcome = await join(false)
      }
      if (outcome === 'superseded') return undefined
    } finally {
      void pool?.close()
    }
    const missing = db
      .select({ id: complaints.id })
      .from(complaints)
      .where(openClassified)
      .all()
      .map(r => r.id)
      .filter(id => !b.skip.has(id) && b.engine.clusterOf(String(id)) === undefined)
    for (let i = 0; i < missing.length; i += BUILD_PAGE) {
      const rows = db
        .select(engineColumns)
        .from(complaints)
        .where(inArray(complaints.id, missing.slice(i, i + BUILD_PAGE)))
        .orderBy(complaints.receivedAt, complaints.id)
        .all()
      for (const c of rows) {
        addToEngine(db, b.engine, c)
        newest = Math.max(newest, c.receivedAt.getTime())
      }
    }
    lastCounts = counts
    install(db, b.version, b.engine, newest)
    return b.engine
  })().catch(error => {
    if (building === b) building = undefined
    console.error('topic engine build failed', error)
    return undefined
  })
  return b.promise
}

/** Forget the engine (tests; a taxonomy change also triggers a rebuild by version). */
export function resetTopicEngine() {
  state = undefined
  building = undefined
  backfillPending = false
  resyncPending = false
}

/** Take complaints out of automatic clustering (after approve/reject/merge/split). */
export function removeFromEngine(complaintIds: number[]) {
  // An engine being built must not take them back in either.
  if (building) for (const id of complaintIds) (building.skip.add(id), building.engine.remove(String(id)))
  if (!state) return
  for (const id of complaintIds) state.engine.remove(String(id))
}

/** The unit most of a suggestion's complaints are handled by. */
function dominantUnit(db: DbOrTx, complaintIds: number[]): number | undefined {
  const rows = db
    .select({ unitId: complaints.unitId, n: count() })
    .from(complaints)
    .where(inArray(complaints.id, complaintIds))
    .groupBy(complaints.unitId)
    .all()
    .filter(r => r.unitId != null)
    .sort((a, b) => b.n - a.n)
  return rows[0]?.unitId ?? undefined
}

/**
 * The smallest unit responsible for every given complaint: their community when
 * they share one, else the street or district above them all. A suggestion
 * belongs there, so a community's topic never holds another community's complaints.
 * Complaints of no known community (letters imported without one) follow the
 * others; a suggestion made only of them is the whole district's.
 */
export function coveringUnit(db: DbOrTx, complaintIds: number[]): number | undefined {
  const filed = [
    ...new Set(
      db
        .select({ unitId: complaints.unitId })
        .from(complaints)
        .where(inArray(complaints.id, complaintIds))
        .all()
        .map(r => r.unitId),
    ),
  ]
  const unitIds = filed.filter((id): id is number => id != null)
  if (!unitIds.length) return filed.length ? topUnit(db) : undefined
  let common = unitAncestry(db, unitIds[0]!).map(u => u.id)
  for (const id of unitIds.slice(1)) {
    const mine = new Set(unitAncestry(db, id).map(u => u.id))
    common = common.filter(a => mine.has(a))
  }
  return common[0]
}

/** Data, not interface text: the unit a fresh installation's district gets until an administrator renames it. */
const FIRST_DISTRICT = { code: 'district', nameZh: '辖区', nameEn: 'District' }

/**
 * The top of the administrative tree (the district). A database without any unit
 * yet (letters imported before anyone set up communities) gets one district,
 * with an audit row, so their suggestions have somewhere to be reviewed.
 */
function topUnit(db: DbOrTx): number {
  const top = listUnits(db)
    .filter(u => u.parentId == null)
    .sort((a, b) => +(a.kind !== 'district') - +(b.kind !== 'district') || a.id - b.id)[0]
  if (top) return top.id
  return db.transaction(tx => {
    const created = createUnit(tx, { kind: 'district', ...FIRST_DISTRICT })
    writeAudit(tx, SYSTEM, 'unit.create', { type: 'unit', id: created.id }, { after: created })
    return created.id
  })
}

function appendHistory(history: [string, number][], now: Date, heat: number): [string, number][] {
  const key = chinaDay(now)
  const out = history.filter(([d]) => d !== key)
  out.push([key, Math.round(heat * 100) / 100])
  return out.slice(-60)
}

export type SyncOutcome = { topic: TopicRow; created: boolean; pushed: 'threshold' | 'surge' | null; historical: boolean }

/** A suggestion whose latest complaint is long past: reviewable, but not news. */
export function isHistorical(to: Date | string | number | null | undefined, now: Date): boolean {
  if (to == null) return false
  return new Date(to).getTime() < now.getTime() - HISTORICAL_AFTER_DAYS * DAY_MS
}

/**
 * Write one engine suggestion to the topics table: update the open suggestion
 * that shares most complaints with it, or create one. Pushes to the responsible
 * workers when it crosses its unit's heat threshold or surges.
 */
export function syncSuggestion(db: Db, s: SuggestedTopic, now: Date, claimed?: Set<number>): SyncOutcome | undefined {
  const ids = s.complaintIds.map(Number)
  const unitId = coveringUnit(db, ids)
  if (unitId == null) return undefined
  return db.transaction(tx => {
    const overlap = tx
      .select({ topicId: topicComplaints.topicId, n: count() })
      .from(topicComplaints)
      .innerJoin(topics, eq(topics.id, topicComplaints.topicId))
      .where(and(inArray(topicComplaints.complaintId, ids), inArray(topics.status, ['suggested', 'snoozed']), isNotNull(topics.clusterKey)))
      .groupBy(topicComplaints.topicId)
      .all()
      .sort((a, b) => b.n - a.n)
      // After a rebuild, two suggestions may share most complaints with one stored suggestion: only the first takes it over.
      .find(o => !claimed?.has(o.topicId))
    const existing = overlap ? tx.select().from(topics).where(eq(topics.id, overlap.topicId)).get() : undefined
    const values = {
      clusterKey: s.clusterId,
      title: s.title,
      description: s.summary,
      category: s.category,
      categoryPath: s.path,
      place: s.place || null,
      keywords: s.keywords,
      stakeholders: s.stakeholders,
      heat: s.heat,
      heatBreakdown: s.heatBreakdown as unknown as Record<string, unknown>,
      fromTime: new Date(s.from),
      toTime: new Date(s.to),
      updatedAt: now,
    }
    let topic: TopicRow
    let created = false
    if (existing) {
      const before = new Set(
        tx
          .select({ id: topicComplaints.complaintId })
          .from(topicComplaints)
          .where(eq(topicComplaints.topicId, existing.id))
          .all()
          .map(r => r.id),
      )
      // A worker may have reassigned it: keep their unit. Otherwise it follows its complaints.
      const reassigned = tx
        .select({ id: topicEvents.id })
        .from(topicEvents)
        .where(and(eq(topicEvents.topicId, existing.id), eq(topicEvents.kind, 'reassign')))
        .get()
      topic = tx
        .update(topics)
        .set({ ...values, ...(reassigned ? {} : { unitId }), heatHistory: appendHistory(existing.heatHistory, now, s.heat) })
        .where(eq(topics.id, existing.id))
        .returning()
        .get()
      const changedMembers = ids.length !== before.size || ids.some(id => !before.has(id))
      if (changedMembers) {
        tx.delete(topicComplaints).where(eq(topicComplaints.topicId, topic.id)).run()
        for (const id of ids) tx.insert(topicComplaints).values({ topicId: topic.id, complaintId: id }).onConflictDoNothing().run()
        writeAudit(
          tx,
          SYSTEM,
          'topic.refresh',
          { type: 'topic', id: topic.id },
          { before: { complaintIds: [...before] }, after: { complaintIds: ids, heat: s.heat } },
        )
      }
    } else {
      topic = tx
        .insert(topics)
        .values({ ...values, unitId, status: 'suggested', heatHistory: appendHistory([], now, s.heat) })
        .returning()
        .get()
      for (const id of ids) tx.insert(topicComplaints).values({ topicId: topic.id, complaintId: id }).onConflictDoNothing().run()
      writeAudit(tx, SYSTEM, 'topic.suggest', { type: 'topic', id: topic.id }, { after: { title: topic.title, complaintIds: ids, heat: s.heat } })
      created = true
    }
    claimed?.add(topic.id)
    absorbOverlaps(tx, topic, ids, now)
    let pushed: SyncOutcome['pushed'] = null
    const historical = isHistorical(s.to, now)
    // Pushes are for what is hot now: an imported year of letters pushes nobody.
    if (topic.status === 'suggested' && !historical) {
      const threshold = getUnit(tx, topic.unitId)?.heatThreshold ?? 15
      if (!topic.pushedAt && topic.heat >= threshold) pushed = 'threshold'
      else if (topic.pushedAt && topic.heat >= (lastPushHeat(tx, topic.id) ?? Infinity) * SURGE_FACTOR) pushed = 'surge'
      if (pushed) {
        const notes = recordTopicPush(tx, topic, pushed)
        topic = { ...topic, pushedAt: now }
        return { topic, created, pushed, historical, notes }
      }
    }
    return { topic, created, pushed, historical, notes: [] as ReturnType<typeof recordTopicPush> }
  })
}

/**
 * A complaint belongs to at most one open automatic suggestion. When the
 * engine merges clusters (or a cluster takes over complaints), the other
 * suggestions give those complaints up; one left with fewer than two is
 * marked merged into the surviving suggestion, and stays in history.
 */
function absorbOverlaps(tx: Parameters<Parameters<Db['transaction']>[0]>[0], topic: TopicRow, ids: number[], now: Date) {
  if (!ids.length) return
  const shared = tx
    .select({ topicId: topicComplaints.topicId, complaintId: topicComplaints.complaintId })
    .from(topicComplaints)
    .innerJoin(topics, eq(topics.id, topicComplaints.topicId))
    .where(
      and(
        inArray(topicComplaints.complaintId, ids),
        ne(topicComplaints.topicId, topic.id),
        inArray(topics.status, ['suggested', 'snoozed']),
        isNotNull(topics.clusterKey),
      ),
    )
    .all()
  const byTopic = new Map<number, number[]>()
  for (const r of shared) byTopic.set(r.topicId, [...(byTopic.get(r.topicId) ?? []), r.complaintId])
  for (const [otherId, moved] of byTopic) {
    tx.delete(topicComplaints)
      .where(and(eq(topicComplaints.topicId, otherId), inArray(topicComplaints.complaintId, moved)))
      .run()
    const left = tx.select({ n: count() }).from(topicComplaints).where(eq(topicComplaints.topicId, otherId)).get()?.n ?? 0
    if (left < 2) {
      tx.update(topics).set({ status: 'merged', mergedIntoId: topic.id, clusterKey: null, updatedAt: now }).where(eq(topics.id, otherId)).run()
      tx.insert(topicEvents)
        .values({ topicId: otherId, kind: 'merge', fromStatus: 'suggested', toStatus: 'merged', data: { into: topic.id, automatic: true } })
        .run()
    }
    writeAudit(
      tx,
      SYSTEM,
      left < 2 ? 'topic.auto-merge' : 'topic.refresh',
      { type: 'topic', id: otherId },
      { after: { movedTo: topic.id, complaintIds: moved, remaining: left } },
    )
  }
}

function emitTopic(db: Db, notify: Notifier, topic: TopicRow) {
  notify.toUnit(db, topic.unitId, 'topic:changed', { id: topic.id, unitId: topic.unitId, status: topic.status, heat: topic.heat, title: topic.title })
}

function emitNotes(notify: Notifier, notes: ReturnType<typeof recordTopicPush>) {
  for (const n of notes)
    notify.toUser(n.userId, 'notification:new', {
      id: n.id,
      kind: n.kind,
      messageKey: n.messageKey,
      params: n.params,
      link: n.link,
      createdAt: n.createdAt.toISOString(),
    })
}

/**
 * After the NLP worker classified complaints: add them to the engine and sync
 * the suggestions they touched. Only the changed clusters are written.
 */
export function afterClassified(
  db: Db,
  notify: Notifier,
  complaintIds: number[],
  now = new Date(),
  opts: { more?: boolean; background?: boolean } = {},
): SyncOutcome[] {
  const before = state?.engine
  // The rebuild after a backfill finished in the background: every suggestion is re-synced once.
  const resync = resyncPending && !!state && !building
  let engine = getTopicEngine(db)
  // Built just now: the batch is already in it, in time order (no backfill to wait for).
  const justBuilt = engine !== before
  const rows = complaintIds.length
    ? db.select(engineColumns).from(complaints).where(inArray(complaints.id, complaintIds)).orderBy(complaints.receivedAt, complaints.id).all()
    : []
  // Letters older than what the engine already holds (a past year imported in the
  // file's order, not by time) would join in another order than their own times:
  // the engine is rebuilt in time order once the queue is drained, so the issues
  // found do not depend on the order the letters came in.
  // Complaints a build already took in (classified while it ran) are no backfill.
  const oldest = justBuilt ? undefined : rows.find(r => engine.clusterOf(String(r.id)) === undefined)
  if (backfillPending || (oldest && state && oldest.receivedAt.getTime() < state.newest - BACKFILL_TOLERANCE_MS)) {
    backfillPending = true
    if (opts.more) return []
    backfillPending = false
    // The server rebuilds in slices, answering requests meanwhile; batches classified meanwhile wait for it.
    if (opts.background) {
      state = undefined
      resyncPending = true
      void buildTopicEngine(db)
      return []
    }
    resetTopicEngine()
    engine = getTopicEngine(db)
    return syncTopics(db, notify, engine.topics({ now }), now, new Set())
  }
  const touched = new Set<string>()
  for (const c of rows) {
    addToEngine(db, engine, c)
    if (state) state.newest = Math.max(state.newest, c.receivedAt.getTime())
    const clusterId = engine.clusterOf(String(c.id))
    if (clusterId) touched.add(clusterId)
  }
  if (resync) {
    resyncPending = false
    return syncTopics(db, notify, engine.topics({ now }), now, new Set())
  }
  if (!touched.size) return []
  return syncTopics(db, notify, engine.topics({ now, only: touched }), now)
}

/** Past letters are waiting to be clustered in time order, or their suggestions to be re-synced (see {@link afterClassified}). */
export function backfillWaiting() {
  return backfillPending || resyncPending
}

function syncTopics(db: Db, notify: Notifier, suggested: SuggestedTopic[], now: Date, claimed?: Set<number>): SyncOutcome[] {
  const out: SyncOutcome[] = []
  for (const s of suggested) {
    const r = syncSuggestion(db, s, now, claimed) as (SyncOutcome & { notes: ReturnType<typeof recordTopicPush> }) | undefined
    if (!r) continue
    // Past periods are written for review without a live event per suggestion.
    if (!r.historical) emitTopic(db, notify, r.topic)
    emitNotes(notify, r.notes)
    out.push({ topic: r.topic, created: r.created, pushed: r.pushed, historical: r.historical })
  }
  return out
}

/**
 * After a worker corrected a complaint's category: the engine takes it out of
 * its cluster and adds it again with the new category, so it joins the
 * suggestion it belongs to. The suggestion it left and the one it joined are
 * re-synced; a complaint already in a worker-handled topic stays there.
 */
export function reclusterComplaint(db: Db, notify: Notifier, complaintId: number, now = new Date()): SyncOutcome[] {
  const c = db.select(engineColumns).from(complaints).where(eq(complaints.id, complaintId)).get()
  if (!c || !c.categoryPath || manualComplaintIds(db).has(c.id)) return []
  const status = db.select({ status: complaints.status }).from(complaints).where(eq(complaints.id, complaintId)).get()?.status
  if (status === 'resolved' || status === 'closed') return []
  const engine = getTopicEngine(db)
  const id = String(c.id)
  const left = engine.clusterOf(id)
  engine.remove(id)
  addToEngine(db, engine, c)
  const joined = engine.clusterOf(id)
  const touched = new Set([left, joined].filter((k): k is string => !!k))
  const out: SyncOutcome[] = []
  // The suggestion it left first, so the one it joins is found by its own members.
  const built = engine.topics({ now, only: touched }).sort((a, b) => (a.clusterId === left ? -1 : b.clusterId === left ? 1 : 0))
  for (const s of built) {
    const r = syncSuggestion(db, s, now) as (SyncOutcome & { notes: ReturnType<typeof recordTopicPush> }) | undefined
    if (!r) continue
    if (!r.historical) emitTopic(db, notify, r.topic)
    emitNotes(notify, r.notes)
    out.push({ topic: r.topic, created: r.created, pushed: r.pushed, historical: r.historical })
  }
  // Now alone, or with too few others to be a suggestion: it leaves the open suggestion it was in.
  const keep = new Set(out.filter(o => built.some(s => s.clusterId === o.topic.clusterKey && s.complaintIds.includes(id))).map(o => o.topic.id))
  const stale = db
    .select({ topicId: topicComplaints.topicId })
    .from(topicComplaints)
    .innerJoin(topics, eq(topics.id, topicComplaints.topicId))
    .where(and(eq(topicComplaints.complaintId, c.id), inArray(topics.status, ['suggested', 'snoozed']), isNotNull(topics.clusterKey)))
    .all()
    .filter(r => !keep.has(r.topicId))
  for (const r of stale) {
    db.transaction(tx => {
      tx.delete(topicComplaints)
        .where(and(eq(topicComplaints.topicId, r.topicId), eq(topicComplaints.complaintId, c.id)))
        .run()
      writeAudit(tx, SYSTEM, 'topic.refresh', { type: 'topic', id: r.topicId }, { before: { complaintIds: [c.id] }, after: { removed: c.id } })
    })
  }
  return out
}

/**
 * Re-sync open suggestions (heat decays with time). By default only those with
 * recent complaints (historical ones change only when a complaint joins them);
 * `all` after a taxonomy change, which re-scores everything.
 */
export function refreshAllSuggestions(db: Db, notify: Notifier, now = new Date(), opts: { all?: boolean } = {}) {
  const engine = getTopicEngine(db)
  const out: SyncOutcome[] = []
  for (const s of engine.topics({ now })) {
    if (!opts.all && isHistorical(s.to, now)) continue
    const r = syncSuggestion(db, s, now) as (SyncOutcome & { notes: ReturnType<typeof recordTopicPush> }) | undefined
    if (!r) continue
    if ((r.created || r.pushed) && !r.historical) emitTopic(db, notify, r.topic)
    emitNotes(notify, r.notes)
    out.push({ topic: r.topic, created: r.created, pushed: r.pushed, historical: r.historical })
  }
  return out
}

/** Escalate suggestions nobody acted on within `days`, and wake snoozed ones whose time is up. */
export function escalateStaleSuggestions(db: Db, notify: Notifier, days: number, now = new Date()) {
  wakeSnoozedTopics(db, now)
  const escalated: number[] = []
  for (const t of listStaleSuggestions(db, days, now)) {
    const notes = db.transaction(tx => recordTopicPush(tx, t, 'escalation'))
    emitNotes(notify, notes)
    emitTopic(db, notify, t)
    escalated.push(t.id)
  }
  return escalated
}

/**
 * Heat of a hand-made topic (merged or split by a worker), with the same
 * explainable formula as the engine, from its complaints in the database.
 */
export function heatForComplaints(db: DbOrTx, complaintIds: number[], now = new Date()) {
  const rows = db.select(engineColumns).from(complaints).where(inArray(complaints.id, complaintIds)).all()
  if (!rows.length) return undefined
  const members = rows.map(
    r =>
      ({
        id: String(r.id),
        time: r.receivedAt.getTime(),
        user: r.complainantKey ?? undefined,
        likes: r.supportersCount,
        channel: r.channel,
        sameAuthorDuplicate: false,
      }) as unknown as Member,
  )
  const seen = new Set<string>()
  for (const m of members) {
    // The same resident writing twice counts once, as in the engine.
    const key = m.user ? `${m.user}` : ''
    if (key && seen.has(key)) (m as { sameAuthorDuplicate: boolean }).sameAuthorDuplicate = true
    if (key) seen.add(key)
  }
  const times = members.map(m => m.time)
  const cluster: Cluster = { id: 'manual', block: '', members, firstTime: Math.min(...times), lastTime: Math.max(...times) }
  const unitId = dominantUnit(db, complaintIds)
  const since = addDays(now, -90)
  const baseline =
    unitId == null
      ? 1
      : (db
          .select({ n: count() })
          .from(complaints)
          .where(and(eq(complaints.unitId, unitId), gte(complaints.receivedAt, since)))
          .get()?.n ?? 0) / 90
  return heatOf(cluster, { now: now.getTime(), baselinePerDay: baseline, weights: DEFAULT_HEAT_WEIGHTS, ...heatScale(db) })
}

/**
 * What the engine weighs supporters and channels against (usual supporters per
 * complaint on the channels that record them; the channels in use), read from
 * the complaints themselves, so a merged or split topic stays on the engine's scale.
 */
function heatScale(db: DbOrTx): { supporters: SupporterBaseline; channelCount: number } {
  const rows = db
    .select({ channel: complaints.channel, n: count(), likes: sql<number>`coalesce(sum(${complaints.supportersCount}), 0)` })
    .from(complaints)
    .groupBy(complaints.channel)
    .all()
  const recording = rows.filter(r => r.likes > 0)
  const n = recording.reduce((a, r) => a + r.n, 0)
  const likes = recording.reduce((a, r) => a + r.likes, 0)
  return { supporters: { perComplaint: n ? likes / n : 0, channels: new Set(recording.map(r => r.channel)) }, channelCount: rows.length }
}

/** As many keywords as the engine keeps for a topic, and as many its summary names. */
const TOPIC_KEYWORDS = 8
const SUMMARY_PROBLEMS = 3
/** The engine quotes this much of its example letter's subject. */
const EXAMPLE_CHARS = 60

/**
 * The summary sentence in the engine's stored format (nlp/topic-text writes it
 * for suggestions and parseTopicSummary reads it back), so a page shows it in
 * the reader's language as it does the engine's own (localTopicSummary).
 */
function summarySentence(p: TopicSummaryParts & { from: Date; to: Date }) {
  return (
    `${topicPeriod(p.from.getTime(), p.to.getTime())}，${p.complaints}条诉求（${p.residents}位居民${p.supporters ? `，${p.supporters}人支持` : ''}）` +
    `集中反映${p.where ? `${p.where}的` : ''}${p.problems}问题。${p.example ? `例：“${p.example}”` : ''}`
  )
}

/**
 * After a worker's merge or split (or a rejection taken back), everything the
 * engine derived from a topic's complaints is derived again from the complaints
 * it now holds: heat, period, keywords, the summary sentence with its counts,
 * the category (as the letters are filed, a worker's corrections included) and
 * who is to be invited about it. A description a worker wrote stays as written.
 * A reviewer chooses a topic's category only when approving it, and an approved
 * topic is neither split nor merged: the category here is always the letters'.
 * Runs in the caller's transaction; returns the topic as stored.
 */
export function refreshManualTopic(db: DbOrTx, topicId: number, taxonomy: Taxonomy, now = new Date()): TopicRow | undefined {
  const t = db.select().from(topics).where(eq(topics.id, topicId)).get()
  if (!t) return undefined
  const rows = db
    .select({
      id: complaints.id,
      subject: complaints.subject,
      body: complaints.body,
      receivedAt: complaints.receivedAt,
      keywords: complaints.keywords,
      categoryPath: complaints.categoryPath,
      supporters: complaints.supportersCount,
    })
    .from(topicComplaints)
    .innerJoin(complaints, eq(complaints.id, topicComplaints.complaintId))
    .where(eq(topicComplaints.topicId, topicId))
    .orderBy(complaints.receivedAt, complaints.id)
    .all()
  const heat = heatForComplaints(
    db,
    rows.map(r => r.id),
    now,
  )
  if (!heat || !rows.length) return t
  const from = rows[0]!.receivedAt
  const to = rows.at(-1)!.receivedAt
  const place = t.place ?? ''
  // Keywords as the engine counts them: once per letter, most letters first, none that is part of the place's name.
  const tally = new Map<string, number>()
  for (const r of rows) for (const k of new Set(r.keywords ?? [])) tally.set(k, (tally.get(k) ?? 0) + 1)
  const keywords = [...tally]
    .sort((a, b) => b[1] - a[1])
    .map(([k]) => k)
    .filter(k => !place.includes(k))
    .slice(0, TOPIC_KEYWORDS)
  // Filed as the engine files a suggestion; a letter filed under none does not count, and a topic none of whose letters are filed keeps its own.
  const filed = topicCategory(rows.flatMap(r => (r.categoryPath?.length ? [{ category: r.categoryPath[0]!, path: r.categoryPath }] : [])))
  const filing = filed.category
    ? {
        category: filed.category,
        categoryPath: filed.path,
        stakeholders: topicStakeholders(taxonomy, { ...filed, place, placeKind: place ? guessKind(place) : undefined }),
      }
    : {}
  // The summary it has, else (a topic just split off) the one it was split from: where the problem is and the letter quoted.
  const origin = t.splitFromId == null ? undefined : db.select({ description: topics.description }).from(topics).where(eq(topics.id, t.splitFromId)).get()
  const own = parseTopicSummary(t.description)
  const base = own ?? (t.description.trim() ? null : (parseTopicSummary(origin?.description ?? '') ?? { where: place, example: '' }))
  const quoted = (r: (typeof rows)[number]) => (r.subject || r.body).slice(0, EXAMPLE_CHARS)
  // The letter quoted before, if it is still among them; else the one most supported, the earliest of those.
  const example =
    base && rows.some(r => quoted(r) === base.example)
      ? base.example
      : quoted([...rows].sort((a, b) => b.supporters - a.supporters || +a.receivedAt - +b.receivedAt)[0]!)
  const description = base
    ? summarySentence({
        from,
        to,
        complaints: rows.length,
        residents: heat.distinctResidents.value,
        supporters: heat.supporters.value,
        where: base.where,
        problems: keywords.slice(0, SUMMARY_PROBLEMS).join('、') || ('problems' in base ? base.problems : '') || (filing.category ?? t.category),
        example,
      })
    : t.description
  return db
    .update(topics)
    .set({
      heat: heat.total,
      heatBreakdown: heat as unknown as Record<string, unknown>,
      heatHistory: appendHistory(t.heatHistory, now, heat.total),
      fromTime: from,
      toTime: to,
      keywords,
      description,
      ...filing,
    })
    .where(eq(topics.id, topicId))
    .returning()
    .get()
}
