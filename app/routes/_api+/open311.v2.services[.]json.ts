import type { LoaderFunctionArgs } from '@remix-run/node'
import { listServices, open311Json } from '#app/services/open311.server'
import { getDb } from '#app/utils/db.server'

/** GET /open311/v2/services.json: the taxonomy's categories as Open311 services. */
export async function loader(_args: LoaderFunctionArgs) {
  return open311Json(listServices(getDb()).services)
}
