import type { Db } from '#db/client'
import type { Notifier } from '#realtime/index'
import { processQueue } from './nlp.server'
import { afterClassified } from './topics.server'

/**
 * In-process background work: drain the NLP queue, refresh suggested topics
 * and escalate stale ones. Polling a table keeps it crash-safe and simple.
 */
export function startBackgroundJobs({ db, notify, intervalMs = 1000 }: { db: Db; notify: Notifier; intervalMs?: number }) {
  let running = false
  const tick = () => {
    if (running) return
    running = true
    try {
      const done = processQueue(db)
      if (done.length) afterClassified(db, notify, done)
    } catch (error) {
      console.error('background job failed', error)
    } finally {
      running = false
    }
  }
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  setImmediate(tick)
  return { stop: () => clearInterval(timer), tick }
}
