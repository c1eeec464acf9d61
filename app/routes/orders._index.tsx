import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { asc, inArray } from '#app/utils/db.server'
import { getDb } from '#app/utils/db.server'
import { workOrders } from '#app/utils/db.server'
import { listUnits, unitDescendantIds } from '#app/utils/db.server'
import { requireRole, scopeUnitIds } from '#app/utils/auth.server'
import { PAGE_ROLES } from '#app/utils/access'
import { useT } from '#app/i18n/index'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { StatusBadge } from '#app/components/status-badge'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/orders'])
  const db = getDb()
  const scope = scopeUnitIds(user, PAGE_ROLES['/orders'])
  const depts = listUnits(db, 'department').filter(d => !scope || scope.some(s => unitDescendantIds(db, s).includes(d.id)))
  const rows = depts.length
    ? db
        .select({ id: workOrders.id, title: workOrders.title, place: workOrders.place, status: workOrders.status, dueAt: workOrders.dueAt, departmentId: workOrders.departmentId, progress: workOrders.progress })
        .from(workOrders)
        .where(inArray(workOrders.departmentId, depts.map(d => d.id)))
        .orderBy(asc(workOrders.dueAt))
        .all()
    : []
  const names = Object.fromEntries(depts.map(d => [d.id, d.nameZh]))
  return json({ rows: rows.map(r => ({ ...r, department: names[r.departmentId] ?? '' })) })
}

export default function Orders() {
  const t = useT()
  const { rows } = useLoaderData<typeof loader>()
  return (
    <section>
      <h1>{t('orders.title')}</h1>
      {rows.length === 0 ? (
        <p>{t('orders.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('inbox.subject')}</th>
                <th scope="col">{t('orders.department')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('orders.due')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(r => (
                <tr key={r.id}>
                  <td>{r.title}</td>
                  <td>{r.department}</td>
                  <td>
                    <StatusBadge status={r.status} /> {r.progress}%
                  </td>
                  <td>{new Date(r.dueAt).toLocaleDateString('zh-CN')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
