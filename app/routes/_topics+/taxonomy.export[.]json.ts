import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireRole } from '#app/utils/auth.server'
import { getDb, latestTaxonomyVersion } from '#app/utils/db.server'
import { PAGE_ROLES } from '#app/utils/permissions'
import { loadTaxonomy, saveTaxonomy } from '#nlp/taxonomy'

/** The taxonomy in force as a JSON file (the same format the import accepts). */
export async function loader({ request }: LoaderFunctionArgs) {
  requireRole(request, PAGE_ROLES['/taxonomy'])
  const row = latestTaxonomyVersion(getDb())
  if (!row) throw new Response('Not found', { status: 404 })
  return new Response(saveTaxonomy(loadTaxonomy(row.data)), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `attachment; filename="teahouse-taxonomy-v${row.version}.json"` },
  })
}
