import fs from 'node:fs'
import path from 'node:path'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireRole } from '#app/utils/auth.server'
import { getEnv } from '#app/utils/env.server'
import { PAGE_ROLES } from '#app/utils/permissions'

/**
 * GET /resources/import-rejects?file=u12-….rejects.csv: the rejects file of an
 * upload. Rejected rows hold personal data, so only the uploader (or an admin) gets it.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/import'])
  const name = new URL(request.url).searchParams.get('file') ?? ''
  const isAdmin = user.grants.some(g => g.role === 'admin')
  if (!/^u\d+-[A-Za-z0-9-]+\.rejects\.(csv|jsonl)$/.test(name) || (!isAdmin && !name.startsWith(`u${user.id}-`)))
    throw new Response('Not found', { status: 404 })
  const file = path.join(getEnv().DATA_DIR, 'uploads', name)
  if (!fs.existsSync(file)) throw new Response('Not found', { status: 404 })
  return new Response(fs.readFileSync(file), {
    headers: {
      'Content-Type': name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
