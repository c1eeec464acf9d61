import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { desc, eq } from '#app/utils/db.server'
import { getDb } from '#app/utils/db.server'
import { meetings, topics } from '#app/utils/db.server'
import { unitCovers } from '#app/utils/db.server'
import { requireRole, scopeUnitIds } from '#app/utils/auth.server'
import { PAGE_ROLES } from '#app/utils/access'
import { useT } from '#app/i18n/index'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { StatusBadge } from '#app/components/status-badge'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/meetings'])
  const db = getDb()
  const scope = scopeUnitIds(user, PAGE_ROLES['/meetings'])
  const rows = db
    .select({ id: meetings.id, title: meetings.title, mode: meetings.mode, startsAt: meetings.startsAt, status: meetings.status, unitId: topics.unitId })
    .from(meetings)
    .innerJoin(topics, eq(topics.id, meetings.topicId))
    .orderBy(desc(meetings.startsAt))
    .all()
    .filter(m => !scope || scope.some(s => unitCovers(db, s, m.unitId)))
  return json({ rows })
}

export default function Meetings() {
  const t = useT()
  const { rows } = useLoaderData<typeof loader>()
  return (
    <section>
      <h1>{t('meetings.title')}</h1>
      {rows.length === 0 ? (
        <p>{t('meetings.empty')}</p>
      ) : (
        <ul className="list">
          {rows.map(m => (
            <li key={m.id}>
              {m.title} <StatusBadge status={m.status} />
              <div className="hint">{new Date(m.startsAt).toLocaleString('zh-CN')}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
