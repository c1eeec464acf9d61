import type { Db } from '#db/client'
import { listOpenSuggestionComplaintIds } from '#db/queries/topics'
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
