import { type LoaderFunctionArgs, json } from '@remix-run/node'
import { getImportProgress } from '#app/services/import.server'
import { requireRole } from '#app/utils/auth.server'
import { PAGE_ROLES } from '#app/utils/permissions'

/** GET /resources/import-progress?job=…: progress of the caller's own running import. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/import'])
  const job = new URL(request.url).searchParams.get('job') ?? ''
  return json({ progress: /^[A-Za-z0-9-]{8,64}$/.test(job) ? getImportProgress(job, user.id) : null }, { headers: { 'Cache-Control': 'no-store' } })
}
