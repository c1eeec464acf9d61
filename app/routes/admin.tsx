import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { desc } from '#app/utils/db.server'
import { getDb } from '#app/utils/db.server'
import { auditEvents, roleAssignments, users } from '#app/utils/db.server'
import { listUnits } from '#app/utils/db.server'
import { requireRole } from '#app/utils/auth.server'
import { PAGE_ROLES } from '#app/utils/access'
import { isMessageKey, useLocale, useT } from '#app/i18n/index'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { GeneralErrorBoundary } from '#app/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  requireRole(request, PAGE_ROLES['/admin'])
  const db = getDb()
  const units = listUnits(db).map(u => ({ id: u.id, kind: u.kind, code: u.code, nameZh: u.nameZh, nameEn: u.nameEn, parentId: u.parentId }))
  const accounts = db.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users).orderBy(users.id).limit(200).all()
  const grants = db.select().from(roleAssignments).all()
  const audit = db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(100).all()
  return json({ units, accounts: accounts.map(a => ({ ...a, grants: grants.filter(g => g.userId === a.id).map(g => ({ role: g.role, unitId: g.unitId })) })), audit })
}

export default function Admin() {
  const t = useT()
  const locale = useLocale()
  const { units, accounts, audit } = useLoaderData<typeof loader>()
  const unitName = (id: number | null) => (id == null ? '—' : units.find(u => u.id === id)?.[locale === 'zh' ? 'nameZh' : 'nameEn'] ?? String(id))
  return (
    <section>
      <h1>{t('admin.title')}</h1>
      <p>
        <Link to="/admin/tokens">{t('admin.tokens')}</Link>
      </p>
      <h2>{t('admin.units')}</h2>
      <ul className="list">
        {units.map(u => (
          <li key={u.id}>
            {isMessageKey(`unit.${u.kind}`) ? t(`unit.${u.kind}` as 'unit.street') : u.kind}: {locale === 'zh' ? u.nameZh : u.nameEn} <code>{u.code}</code>
            {u.parentId ? <span className="hint"> ← {unitName(u.parentId)}</span> : null}
          </li>
        ))}
      </ul>
      <h2>{t('admin.users')}</h2>
      <div className="table-wrap">
        <table>
          <tbody>
            {accounts.map(a => (
              <tr key={a.id}>
                <td>{a.username}</td>
                <td>{a.displayName}</td>
                <td>{a.grants.map(g => `${isMessageKey(`role.${g.role}`) ? t(`role.${g.role}` as 'role.admin') : g.role} @ ${unitName(g.unitId)}`).join('；')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('admin.audit')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('common.time')}</th>
              <th scope="col">{t('admin.audit.actor')}</th>
              <th scope="col">{t('admin.audit.action')}</th>
              <th scope="col">{t('admin.audit.subject')}</th>
            </tr>
          </thead>
          <tbody>
            {audit.map(e => (
              <tr key={e.id}>
                <td>{fmtDateTime(e.createdAt, locale)}</td>
                <td>
                  {e.actorKind}
                  {e.actorId ? `#${e.actorId}` : ''}
                </td>
                <td>{e.action}</td>
                <td>
                  {e.subjectType} {e.subjectId}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
