import { desc, eq } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { taxonomyVersions } from '../schema/index'
import { writeAudit, type Actor } from './audit'

/**
 * The notes the system writes on the versions it makes itself (the taxonomy
 * shipped with the system, an import, a rollback), and their reading back, so
 * pages can put them in the reader's language. Staff notes are left as typed.
 */
export const SYSTEM_VERSION_NOTE = {
  initial: 'default taxonomy',
  import: 'import',
  rollback: (version: number) => `rollback to v${version}`,
}
export type SystemVersionNote = { kind: 'initial' } | { kind: 'import' } | { kind: 'rollback'; version: number }

export function readSystemVersionNote(note: string | null): SystemVersionNote | null {
  if (note === SYSTEM_VERSION_NOTE.initial) return { kind: 'initial' }
  if (note === SYSTEM_VERSION_NOTE.import) return { kind: 'import' }
  const rollback = note ? /^rollback to v(\d+)$/.exec(note) : null
  return rollback ? { kind: 'rollback', version: Number(rollback[1]) } : null
}

export function listTaxonomyVersions(db: DbOrTx, limit = 50) {
  return db
    .select({
      id: taxonomyVersions.id,
      version: taxonomyVersions.version,
      note: taxonomyVersions.note,
      diff: taxonomyVersions.diff,
      createdBy: taxonomyVersions.createdBy,
      createdAt: taxonomyVersions.createdAt,
    })
    .from(taxonomyVersions)
    .orderBy(desc(taxonomyVersions.version))
    .limit(limit)
    .all()
}

export function getTaxonomyVersion(db: DbOrTx, version: number) {
  return db.select().from(taxonomyVersions).where(eq(taxonomyVersions.version, version)).get()
}

export function latestTaxonomyVersion(db: DbOrTx) {
  return db.select().from(taxonomyVersions).orderBy(desc(taxonomyVersions.version)).limit(1).get()
}

/**
 * Store taxonomy data (already validated by the caller) as the next version,
 * with its audit row, inside the caller's transaction. History is
 * append-only: a rollback is a new version with old data.
 */
export function writeTaxonomyVersion(tx: DbOrTx, input: { data: Record<string, unknown>; diff: unknown[]; note: string; rollbackOf?: number }, actor: Actor) {
  const latest = latestTaxonomyVersion(tx)
  const version = (latest?.version ?? 0) + 1
  const row = tx
    .insert(taxonomyVersions)
    .values({ version, data: { ...input.data, version }, diff: input.diff, note: input.note, createdBy: actor.kind === 'user' ? actor.id : null })
    .returning()
    .get()
  writeAudit(
    tx,
    actor,
    input.rollbackOf ? 'taxonomy.rollback' : 'taxonomy.save',
    { type: 'taxonomy', id: version },
    { before: { version: latest?.version ?? null }, after: { version, note: input.note, rollbackOf: input.rollbackOf ?? null } },
  )
  return row
}

/**
 * Fill in the stored change list of a version saved before versions kept
 * their diff (derived data, the same for every reader: no audit row).
 */
export function storeTaxonomyDiff(db: DbOrTx, version: number, diff: unknown[]) {
  db.update(taxonomyVersions).set({ diff }).where(eq(taxonomyVersions.version, version)).run()
}
