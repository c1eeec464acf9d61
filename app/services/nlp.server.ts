import { desc, eq, sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client'
import { followComplaintCategory } from '#db/queries/answers'
import { SYSTEM } from '#db/queries/audit'
import { indexComplaintText, setComplaintStatus } from '#db/queries/complaints'
import { latestCorrectionId, listCorrectedExamples } from '#db/queries/corrections'
import { getUnitTree, listUnits } from '#db/queries/units'
import { complaintPrepared, complaints, nlpQueue, taxonomyVersions } from '#db/schema/index'
import { createClassifier, type Classification, type Classifier } from '#nlp/classify'
import { withCorrections } from '#nlp/corrections'
import { normalize } from '#nlp/normalize'
import type { GazetteerEntry } from '#nlp/places'
import { prepareComplaint } from '#nlp/prepare'
import { encodePrepared, preparedStamp } from '#nlp/prepared-codec'
import { loadTaxonomy, taxonomyUserWords, type Taxonomy } from '#nlp/taxonomy'
import { createSegmenter, type Segmenter } from '#nlp/tokenize'

export type Pipeline = {
  version: number
  taxonomy: Taxonomy
  classifier: Classifier
  /** Newest category correction the classifier has learned (0: none). */
  learnedCorrectionId: number
  segmenter: Segmenter
  segment: (text: string) => string
}

let cached: { db: Db; pipeline: Pipeline } | undefined

/** The taxonomy in force: the newest saved version. */
export function getCurrentTaxonomy(db: Db): { version: number; taxonomy: Taxonomy } | undefined {
  const row = db.select().from(taxonomyVersions).orderBy(desc(taxonomyVersions.version)).limit(1).get()
  return row ? { version: row.version, taxonomy: loadTaxonomy(row.data) } : undefined
}

/** The current taxonomy's classifier, taught by every category correction workers made so far. */
function learnCorrections(db: Db, taxonomy: Taxonomy) {
  const learnedCorrectionId = latestCorrectionId(db)
  const examples = listCorrectedExamples(db).map(e => ({ subject: e.subject, text: `${e.placeText ?? ''} ${e.body}`, label: e.path[0]!, path: e.path }))
  return { classifier: withCorrections(createClassifier({ taxonomy }), examples), learnedCorrectionId }
}

/**
 * Classifier and segmenter built from the current taxonomy (plus community names
 * as user words) and workers' category corrections. Rebuilt when a new taxonomy
 * version is saved; corrections made since are learned by {@link retrainClassifier}.
 */
export function getPipeline(db: Db): Pipeline {
  const latest = db.select({ v: taxonomyVersions.version }).from(taxonomyVersions).orderBy(desc(taxonomyVersions.version)).limit(1).get()?.v ?? 0
  if (cached && cached.db === db && cached.pipeline.version === latest) return cached.pipeline
  const current = getCurrentTaxonomy(db)
  if (!current) throw new Error('No taxonomy in the database: run the server once or `npm run db:seed`.')
  const places = listUnits(db).flatMap(u => [u.nameZh, ...u.aliases])
  const segmenter = createSegmenter({ userWords: [...taxonomyUserWords(current.taxonomy), ...places] })
  const pipeline: Pipeline = {
    version: current.version,
    taxonomy: current.taxonomy,
    ...learnCorrections(db, current.taxonomy),
    segmenter,
    segment: text => segmenter.cut(normalize(text)).join(' '),
  }
  cached = { db, pipeline }
  return pipeline
}

/**
 * Teach the cached classifier the corrections made since it was built. The
 * topic engine keeps its state: it reads stored categories, and a corrected
 * complaint is re-clustered on its own.
 */
export function retrainClassifier(db: Db): Pipeline {
  const pipeline = getPipeline(db)
  if (latestCorrectionId(db) === pipeline.learnedCorrectionId) return pipeline
  Object.assign(pipeline, learnCorrections(db, pipeline.taxonomy))
  return pipeline
}

let retrainTimer: NodeJS.Timeout | undefined
/** Corrections often come in a row: learn them together, shortly after the last one, off the request. */
export function scheduleRetrain(db: Db, delayMs = 2000) {
  clearTimeout(retrainTimer)
  retrainTimer = setTimeout(() => {
    retrainTimer = undefined
    try {
      retrainClassifier(db)
    } catch (error) {
      console.error('Learning category corrections failed', error)
    }
  }, delayMs)
  retrainTimer.unref()
}

/** A stored complaint's text as the classifier and the topic engine read it. */
export const complaintText = (c: { placeText: string | null; body: string }) => `${c.placeText ?? ''} ${c.body}`

const engineGazetteers = new WeakMap<object, { gazetteer: GazetteerEntry[]; stamp: number }>()
/**
 * The places the topic engine knows by name (the district's communities and their
 * other names), and the stamp of preparations made with them (nlp/prepared-codec).
 * Computed once per state of the units.
 */
export function engineGazetteer(db: DbOrTx): { gazetteer: GazetteerEntry[]; stamp: number } {
  const tree = getUnitTree(db)
  let out = engineGazetteers.get(tree)
  if (!out) {
    const gazetteer = listUnits(db, 'community').map(u => ({ name: u.nameZh, aliases: u.aliases, kind: 'community' as const }))
    out = { gazetteer, stamp: preparedStamp({ gazetteer, learnNames: true }) }
    engineGazetteers.set(tree, out)
  }
  return out
}

/** Names the classifier in force (taxonomy version and corrections learned) for classifications stored with preparations. */
export const classifierKey = (pipeline: Pipeline) => `${pipeline.version}/${pipeline.learnedCorrectionId}`

/**
 * A classified complaint prepared for the topic engine and encoded for storing, so that
 * a rebuild does not compute it again; undefined when it cannot be stored (it is then
 * prepared at the rebuild). One left without a category is classified again by the
 * engine at every rebuild: its preparation keeps that classification, made here by the
 * same classifier.
 */
export function encodeForEngine(
  db: DbOrTx,
  c: { subject: string; placeText: string | null; body: string },
  classification: Classification,
  pipeline: Pipeline,
) {
  const { gazetteer, stamp } = engineGazetteer(db)
  const source = { subject: c.subject, text: complaintText(c) }
  try {
    if (!classification.path.length) {
      const prepared = prepareComplaint(source, { classifier: pipeline.classifier, gazetteer, learnNames: true })
      return { stamp, data: encodePrepared(prepared, { ...source, classifiedBy: classifierKey(pipeline) }) }
    }
    return { stamp, data: encodePrepared(prepareComplaint({ ...source, classification }, { gazetteer, learnNames: true }), source) }
  } catch (error) {
    console.error('preparing a complaint for the topic engine failed', error)
    return undefined
  }
}

/** Stores a complaint's encoded preparation (replacing an older one). */
export function storePrepared(tx: DbOrTx, complaintId: number, prepared: { stamp: number; data: Buffer }) {
  tx.insert(complaintPrepared)
    .values({ complaintId, ...prepared })
    .onConflictDoUpdate({ target: complaintPrepared.complaintId, set: prepared })
    .run()
}

/**
 * Classify one complaint, index its text for search, store its preparation for the
 * topic engine and mark it classified.
 */
export function processComplaint(db: Db, complaintId: number, pipeline = getPipeline(db)) {
  const c = db.select().from(complaints).where(eq(complaints.id, complaintId)).get()
  if (!c) return undefined
  const result = pipeline.classifier.classify({ subject: c.subject, text: complaintText(c) })
  const prepared = encodeForEngine(db, c, result, pipeline)
  db.transaction(tx => {
    tx.update(complaints)
      .set({ categoryPath: result.path, categoryScore: result.score, keywords: result.keywords.slice(0, 12) })
      .where(eq(complaints.id, c.id))
      .run()
    followComplaintCategory(tx, c.id, result.path)
    if (prepared) storePrepared(tx, c.id, prepared)
    indexComplaintText(tx, c, pipeline.segment)
    if (c.status === 'received') setComplaintStatus(tx, c.id, 'classified', SYSTEM, result.category || undefined)
    tx.delete(nlpQueue).where(eq(nlpQueue.complaintId, c.id)).run()
  })
  return result
}

/**
 * Index the text of complaints that have no search entry: rows written without
 * the pipeline (the demo's history, a restored backup, a direct import) would
 * otherwise never be offered to residents as the same issue. Returns how many.
 */
export function indexMissingComplaintText(db: Db, { limit = 500 } = {}): number {
  const missing = db
    .select({ id: complaints.id, subject: complaints.subject, body: complaints.body, placeText: complaints.placeText })
    .from(complaints)
    .where(sql`${complaints.id} not in (select rowid from complaints_fts)`)
    .limit(limit)
    .all()
  if (!missing.length) return 0
  const { segment } = getPipeline(db)
  db.transaction(tx => {
    for (const c of missing) indexComplaintText(tx, c, segment)
  })
  return missing.length
}

/**
 * Drain up to `limit` queued complaints, oldest first. The queue is a table,
 * so after a crash or restart nothing is skipped: whatever was not deleted is
 * processed again.
 */
export function processQueue(db: Db, { limit = 500 } = {}): number[] {
  const pending = db.select().from(nlpQueue).orderBy(nlpQueue.enqueuedAt, nlpQueue.complaintId).limit(limit).all()
  if (!pending.length) return []
  const pipeline = getPipeline(db)
  const done: number[] = []
  for (const item of pending) {
    try {
      processComplaint(db, item.complaintId, pipeline)
      done.push(item.complaintId)
    } catch (error) {
      console.error(`NLP failed for complaint ${item.complaintId}`, error)
      db.update(nlpQueue)
        .set({ attempts: item.attempts + 1, lastError: String(error).slice(0, 500), enqueuedAt: new Date() })
        .where(eq(nlpQueue.complaintId, item.complaintId))
        .run()
    }
  }
  return done
}
