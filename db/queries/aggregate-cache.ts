// Aggregates over a district-year of complaints (dashboard figures, the
// inbox's total for paging) cost tens of milliseconds each and are asked for
// again and again by every member of staff in the same scope. They are kept
// here until the complaint data may have changed, or at most `ttlMs` (their
// time window slides with the clock).
//
// "May have changed" is read from a fingerprint of one cheap statement:
// every state change writes an audit row and every intake inserts a
// complaint, the NLP worker empties its queue as it classifies, and
// data_version moves when another connection (the import command beside a
// running server) commits. Writes that change none of these (a session's
// last-seen time) leave the cached figures in place.
import type Database from 'better-sqlite3'
import type { DbOrTx } from '../client'

type Entry = { fingerprint: string; at: number; value: unknown }
type Store = { entries: Map<string, Entry>; fingerprint: () => string }

const MAX_ENTRIES = 500
const stores = new WeakMap<object, Store>()

function storeFor(client: Database.Database): Store {
  let store = stores.get(client)
  if (!store) {
    const probe = client.prepare(
      `select (select max(id) from audit_events) as a, (select max(id) from complaints) as c,
              (select min(complaint_id) from nlp_queue) as q1, (select max(complaint_id) from nlp_queue) as q2`,
    )
    const dataVersion = client.prepare('pragma data_version').pluck()
    store = {
      entries: new Map(),
      fingerprint: () => {
        const r = probe.get() as { a: number | null; c: number | null; q1: number | null; q2: number | null }
        return `${r.a}:${r.c}:${r.q1}:${r.q2}:${dataVersion.get()}`
      },
    }
    stores.set(client, store)
  }
  return store
}

/**
 * `compute()`'s result for `key`, reused while the database's complaint data
 * is unchanged and for at most `ttlMs`. The key must name everything the
 * result depends on (query, scope, filters, window rounded to the TTL).
 */
export function cachedAggregate<T>(db: DbOrTx, key: string, compute: () => T, { ttlMs = 60_000, now = Date.now() } = {}): T {
  // Inside a transaction the caller may be reading its own uncommitted writes.
  const client = '$client' in db ? (db.$client as Database.Database) : undefined
  if (!client || client.inTransaction) return compute()
  const store = storeFor(client)
  const fingerprint = store.fingerprint()
  const hit = store.entries.get(key)
  if (hit && hit.fingerprint === fingerprint && now - hit.at < ttlMs) return hit.value as T
  const value = compute()
  store.entries.delete(key)
  store.entries.set(key, { fingerprint, at: now, value })
  // Oldest first in insertion order: drop the oldest when full.
  if (store.entries.size > MAX_ENTRIES) store.entries.delete(store.entries.keys().next().value!)
  return value
}

/** A time rounded down to `stepMs`, so that keys of a sliding window repeat within the step. */
export function windowKey(t: Date | undefined, stepMs = 60_000) {
  return t ? Math.floor(t.getTime() / stepMs) : ''
}
