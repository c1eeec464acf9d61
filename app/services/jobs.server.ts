import type { Db } from '#db/client'
import type { Notifier } from '#realtime/index'
import { getEnv } from '#app/utils/env.server'
import { processQueue } from './nlp.server'
import { afterClassified, escalateStaleSuggestions, refreshAllSuggestions } from './topics.server'
import { flagOverdueWorkOrders } from '#db/queries/outcomes'

const PERIODIC_MS = 10 * 60 * 1000

/**
 * In-process background work: drain the NLP queue and update suggestions
 * (every second), refresh heat and escalate stale suggestions (every 10 min).
 * Polling tables keeps it crash-safe: whatever was not done is still there.
 */
export function startBackgroundJobs({ db, notify, intervalMs = 1000 }: { db: Db; notify: Notifier; intervalMs?: number }) {
  let running = false
  let lastPeriodic = 0
  const tick = () => {
    if (running) return
    running = true
    try {
      const done = processQueue(db)
      if (done.length) afterClassified(db, notify, done)
      if (Date.now() - lastPeriodic > PERIODIC_MS) {
        lastPeriodic = Date.now()
        refreshAllSuggestions(db, notify)
        escalateStaleSuggestions(db, notify, getEnv().ESCALATE_AFTER_DAYS)
        for (const job of periodicJobs) job(db, notify, new Date())
      }
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

/** Other periodic jobs (e.g. overdue work orders) register here. */
const periodicJobs: ((db: Db, notify: Notifier, now: Date) => void)[] = [(db, notify, now) => void flagOverdueWorkOrders(db, now, notify)]
