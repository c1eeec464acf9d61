import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { and, count, eq, notInArray } from '#app/utils/db.server'
import { getDb } from '#app/utils/db.server'
import { complaints, topics } from '#app/utils/db.server'
import { listUnits, unitDescendantIds } from '#app/utils/db.server'
import { requireRole, scopeUnitIds } from '#app/utils/auth.server'
import { PAGE_ROLES } from '#app/utils/access'
import { useLocale, useT } from '#app/i18n/index'
import { GeneralErrorBoundary } from '#app/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/street'])
  const db = getDb()
  const scope = scopeUnitIds(user, PAGE_ROLES['/street'])
  const visible = scope ? new Set(scope.flatMap(id => unitDescendantIds(db, id))) : null
  const communities = listUnits(db, 'community').filter(u => !visible || visible.has(u.id))
  const rows = communities.map(c => {
    const total = db.select({ n: count() }).from(complaints).where(eq(complaints.communityId, c.id)).get()?.n ?? 0
    const open = db.select({ n: count() }).from(complaints).where(and(eq(complaints.communityId, c.id), notInArray(complaints.status, ['resolved', 'closed']))).get()?.n ?? 0
    const byStatus = db.select({ status: topics.status, n: count() }).from(topics).where(eq(topics.unitId, c.id)).groupBy(topics.status).all()
    const topicCount = (s: string) => byStatus.find(r => r.status === s)?.n ?? 0
    return { id: c.id, code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, total, open, suggested: topicCount('suggested'), approved: topicCount('approved') }
  })
  return json({ rows })
}

export default function Street() {
  const t = useT()
  const locale = useLocale()
  const { rows } = useLoaderData<typeof loader>()
  return (
    <section>
      <h1>{t('street.title')}</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('common.community')}</th>
              <th scope="col">{t('street.complaints')}</th>
              <th scope="col">{t('street.unresolved')}</th>
              <th scope="col">{t('street.suggested')}</th>
              <th scope="col">{t('street.approved')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(r => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/inbox?community=${r.id}`}>{locale === 'zh' ? r.nameZh : r.nameEn}</Link>
                </th>
                <td>{r.total}</td>
                <td>{r.open}</td>
                <td>{r.suggested}</td>
                <td>{r.approved}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
