import { createTopicEngine, type ComplaintInput, type TopicEngineOptions } from './cluster'
import type { SuggestedTopic } from './topic-text'

/**
 * Batch convenience: feeds the complaints (in time order) to a fresh topic
 * engine and returns its suggested topics, hottest first.
 */
export function suggestTopics(complaints: Iterable<ComplaintInput>, opts: TopicEngineOptions & { limit?: number }): SuggestedTopic[] {
  const engine = createTopicEngine(opts)
  const withTime = [...complaints].map(c => ({ c, t: c.time instanceof Date ? c.time.getTime() : Date.parse(c.time) }))
  // Time order makes windows and "first complaint" meaningful regardless of input order.
  withTime.sort((a, b) => (a.t || 0) - (b.t || 0))
  for (const { c } of withTime) engine.add(c)
  return engine.topics({ limit: opts.limit })
}
