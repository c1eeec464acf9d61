import type { Db } from '#db/client'

/** GET /healthz: 200 {"status":"ok"} when the database answers, 503 otherwise. */
export function checkHealth(db: Db): { status: 200 | 503; body: { status: 'ok' | 'unavailable' } } {
  try {
    db.$client.prepare('select 1').get()
    return { status: 200, body: { status: 'ok' } }
  } catch {
    return { status: 503, body: { status: 'unavailable' } }
  }
}
