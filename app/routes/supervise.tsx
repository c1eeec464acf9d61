import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { asc, eq } from '#app/utils/db.server'
import { getDb } from '#app/utils/db.server'
import { workOrders } from '#app/utils/db.server'
import { requireRole } from '#app/utils/auth.server'
import { PAGE_ROLES } from '#app/utils/access'
import { useT } from '#app/i18n/index'
import { GeneralErrorBoundary } from '#app/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  requireRole(request, PAGE_ROLES['/supervise'])
  const rows = getDb()
    .select({ id: workOrders.id, title: workOrders.title, place: workOrders.place, dueAt: workOrders.dueAt })
    .from(workOrders)
    .where(eq(workOrders.status, 'awaiting_verification'))
    .orderBy(asc(workOrders.dueAt))
    .all()
  return json({ rows })
}

export default function Supervise() {
  const t = useT()
  const { rows } = useLoaderData<typeof loader>()
  return (
    <section>
      <h1>{t('supervise.title')}</h1>
      {rows.length === 0 ? (
        <p>{t('supervise.empty')}</p>
      ) : (
        <ul className="list">
          {rows.map(r => (
            <li key={r.id}>
              {r.title} · {r.place}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
