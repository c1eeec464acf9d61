import type { Db } from '#db/client'
import { getTaxonomyVersion, listTaxonomyVersions, storeTaxonomyDiff } from '#db/queries/taxonomy'
import { listOpenSuggestionComplaintIds } from '#db/queries/topics'
import { diffTaxonomies, loadTaxonomy, type NodeDiff, type Taxonomy } from '#nlp/taxonomy'
import type { Notifier } from '#realtime/index'
import { getPipeline, processComplaint } from './nlp.server'
import { refreshAllSuggestions, resetTopicEngine } from './topics.server'

/**
 * After a taxonomy save or rollback: re-classify the complaints behind open
 * suggestions with the new taxonomy, rebuild the engine and re-score every
 * open suggestion (keywords, category, heat).
 */
export function applyTaxonomyChange(db: Db, notify: Notifier) {
  const pipeline = getPipeline(db)
  const ids = listOpenSuggestionComplaintIds(db)
  for (const id of ids) processComplaint(db, id, pipeline)
  resetTopicEngine()
  return { reclassified: ids.length, suggestions: refreshAllSuggestions(db, notify, new Date(), { all: true }).length }
}

/** The editor shows the first changed nodes and terms of a version; more would not be read. */
const DIFF_NODES = 20
const DIFF_TERMS = 30

/** A version's change list as stored with it. */
export type StoredNodeDiff = NodeDiff

/** What changed from `before` to `after`, trimmed to what the version history shows. */
export function taxonomyDiff(before: Taxonomy | null, after: Taxonomy): StoredNodeDiff[] {
  if (!before) return []
  return diffTaxonomies(before, after)
    .slice(0, DIFF_NODES)
    .map(d => ({ ...d, added: d.added.slice(0, DIFF_TERMS), removed: d.removed.slice(0, DIFF_TERMS), changed: d.changed.slice(0, DIFF_TERMS) }))
}

/**
 * The newest versions with what each changed. Versions saved before diffs were
 * stored get theirs computed once, here, and kept.
 */
export function listTaxonomyVersionsWithDiff(db: Db, limit: number) {
  return listTaxonomyVersions(db, limit).map(v => {
    if (v.diff) return { ...v, diff: v.diff as StoredNodeDiff[] }
    const data = getTaxonomyVersion(db, v.version)
    const prev = getTaxonomyVersion(db, v.version - 1)
    const diff = data ? taxonomyDiff(prev ? loadTaxonomy(prev.data) : null, loadTaxonomy(data.data)) : []
    storeTaxonomyDiff(db, v.version, diff)
    return { ...v, diff }
  })
}
