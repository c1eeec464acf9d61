// The stored selector request of a panel (pool as ids and consented attributes,
// no names or phones), for re-running the draw: npm run --silent panel -- select < request.json
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireRole } from '#app/utils/auth.server'
import { requireManagedPanel } from '#app/utils/panels.server'
import { PAGE_ROLES } from '#app/utils/permissions'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/topics'])
  const { panel } = requireManagedPanel(user, Number(params.id))
  return new Response(JSON.stringify(panel.request, null, 2) + '\n', {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="panel-${panel.id}-request.json"`,
      'cache-control': 'no-store',
    },
  })
}
