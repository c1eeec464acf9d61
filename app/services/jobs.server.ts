import { flagOverdueWorkOrders } from '#app/commands/outcomes.server'
import { getEnv } from '#app/utils/env.server'
import type { Db } from '#db/client'
import type { Notifier } from '#realtime/index'
import { indexMissingComplaintText, processQueue } from './nlp.server'
import { sendResidentMessages } from './sms/messages.server'
import { afterClassified, backfillWaiting, escalateStaleSuggestions, refreshAllSuggestions, topicEngineIfReady } from './topics.server'

const PERIODIC_MS = 10 * 60 * 1000
/** Longest stretch the NLP worker holds the event loop before yielding. */
const SLICE_MS = 40

/**
 * In-process background work: drain the NLP queue and update suggestions
 * (every second), refresh heat, index complaints missing from search and
 * escalate stale suggestions (every 10 min, and once at start).
 * Polling tables keeps it crash-safe: whatever was not done is still there.
 */
export function startBackgroundJobs({ db, notify, intervalMs = 1000 }: { db: Db; notify: Notifier; intervalMs?: number }) {
  let running = false
  let lastPeriodic = 0
  let stopped = false
  // Complaints classified while the topic engine was still being built (at start or
  // after a taxonomy change): their suggestions are synced as soon as it is ready.
  let waitingForEngine: number[] = []
  let refreshDue = false
  const tick = () => {
    if (running || stopped) return
    running = true
    let more = false
    try {
      // Small batches within a time budget keep the event loop responsive
      // (requests and sockets wait at most ~one slice); a backlog continues
      // on the next turn of the loop instead of waiting for the interval.
      const started = Date.now()
      const done: number[] = []
      let batch: number[]
      do {
        batch = processQueue(db, { limit: 25 })
        done.push(...batch)
      } while (batch.length === 25 && Date.now() - started < SLICE_MS)
      more = batch.length === 25
      const engineReady = !!topicEngineIfReady(db)
      if (engineReady) {
        const ids = waitingForEngine.length ? [...waitingForEngine, ...done] : done
        waitingForEngine = []
        // A backfill of past letters is clustered once the queue is drained (`more`: not yet).
        if (ids.length || (!more && backfillWaiting())) afterClassified(db, notify, ids, new Date(), { more, background: true })
      } else waitingForEngine.push(...done)
      const periodic = Date.now() - lastPeriodic > PERIODIC_MS
      if (periodic) {
        lastPeriodic = Date.now()
        refreshDue = true
      }
      if (refreshDue && engineReady) {
        refreshDue = false
        refreshAllSuggestions(db, notify)
      }
      if (periodic) {
        indexMissingComplaintText(db)
        escalateStaleSuggestions(db, notify, getEnv().ESCALATE_AFTER_DAYS)
        for (const job of periodicJobs) job(db, notify, new Date())
      }
    } catch (error) {
      console.error('background job failed', error)
    } finally {
      running = false
    }
    if (more) setImmediate(tick)
  }
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  setImmediate(tick)
  return {
    stop: () => {
      stopped = true
      clearInterval(timer)
    },
    tick,
  }
}

/** Other periodic jobs (e.g. overdue work orders) register here. */
const periodicJobs: ((db: Db, notify: Notifier, now: Date) => void)[] = [
  (db, notify, now) => void flagOverdueWorkOrders({ db, notify, actor: { kind: 'system' } }, now),
  // Retries of failed SMS, and anything an action queued but could not send.
  db => void sendResidentMessages(db),
]
