import type { LoaderFunctionArgs } from '@remix-run/node'
import { open311Error, open311Json, toOpen311Requests } from '#app/services/open311.server'
import { getDb, getPublicComplaint } from '#app/utils/db.server'

/** GET /open311/v2/requests/{id}.json: one service request, as a one-element array (per the spec). */
export async function loader({ params }: LoaderFunctionArgs) {
  const raw = params.id ?? ''
  if (!raw.endsWith('.json')) return open311Error(400, 'Only the .json format is supported')
  const id = raw.slice(0, -'.json'.length)
  const db = getDb()
  const c = getPublicComplaint(db, id)
  // Petitions (信访) are confidential and never published.
  if (!c || c.channel === 'petition') return open311Error(404, `service_request_id ${id.slice(0, 40)} not found`)
  return open311Json(toOpen311Requests(db, [c]))
}
