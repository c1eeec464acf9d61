import { applyTaxonomyChange, taxonomyDiff } from '#app/services/taxonomy.server'
import { DomainError } from '#db/errors'
import { SYSTEM_VERSION_NOTE, getTaxonomyVersion, latestTaxonomyVersion, writeTaxonomyVersion } from '#db/queries/taxonomy'
import { loadTaxonomy, saveTaxonomy, validateTaxonomy, walkTaxonomy, type Taxonomy, type Keyword } from '#nlp/taxonomy'
import type { CommandContext } from './context'

export type SavedTaxonomy = { version: number; rescored: number }

/** The taxonomy in force and its version number. */
export function currentTaxonomy(ctx: Pick<CommandContext, 'db'>): { version: number; taxonomy: Taxonomy } {
  const row = latestTaxonomyVersion(ctx.db)
  if (!row) throw new Error('no taxonomy version stored')
  return { version: row.version, taxonomy: loadTaxonomy(row.data) }
}

/**
 * Store a taxonomy as the next version (history is append-only: a rollback is
 * a new version with old data) with what changed and its audit row, then re-classify the
 * complaints behind open suggestions, rebuild the engine and re-score them.
 */
function saveVersion(ctx: CommandContext, taxonomy: Taxonomy, note: string, rollbackOf?: number): SavedTaxonomy {
  const checked = validateTaxonomy(JSON.parse(saveTaxonomy(taxonomy)))
  if (!checked.ok) {
    const first = checked.errors[0]
    throw new DomainError('invalid', 'taxonomy.error.invalid', { params: { path: first?.path ?? '', field: first?.field ?? '' } })
  }
  const row = ctx.db.transaction(tx => {
    const previous = latestTaxonomyVersion(tx)
    const diff = taxonomyDiff(previous ? loadTaxonomy(previous.data) : null, checked.taxonomy)
    return writeTaxonomyVersion(tx, { data: JSON.parse(saveTaxonomy(checked.taxonomy)), diff, note, rollbackOf }, ctx.actor)
  })
  const rescored = applyTaxonomyChange(ctx.db, ctx.notify)
  return { version: row.version, rescored: rescored.suggestions }
}

export type NodeEdit = { nodeId: string; keywords: Keyword[]; exclusions: string[]; note: string }

/** Replace one category's keywords and exclusions. */
export function editTaxonomyNode(ctx: CommandContext, input: NodeEdit): SavedTaxonomy {
  const { taxonomy } = currentTaxonomy(ctx)
  const found = walkTaxonomy(taxonomy).find(n => n.node.id === input.nodeId)
  if (!found) throw new DomainError('invalid', 'taxonomy.error.node', { field: 'nodeId' })
  found.node.keywords = input.keywords
  found.node.exclusions = input.exclusions
  return saveVersion(ctx, taxonomy, input.note)
}

/** Bring back an earlier version's data as the newest version. */
export function rollbackTaxonomy(ctx: CommandContext, input: { version: number }): SavedTaxonomy & { from: number } {
  const old = getTaxonomyVersion(ctx.db, input.version)
  if (!old) throw new DomainError('invalid', 'taxonomy.error.node', { field: 'version' })
  return { from: input.version, ...saveVersion(ctx, loadTaxonomy(old.data), SYSTEM_VERSION_NOTE.rollback(input.version), input.version) }
}

/** Put an uploaded taxonomy (already checked against the format) in force. */
export function importTaxonomy(ctx: CommandContext, input: { taxonomy: Taxonomy }): SavedTaxonomy {
  return saveVersion(ctx, input.taxonomy, SYSTEM_VERSION_NOTE.import)
}
