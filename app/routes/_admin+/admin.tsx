import { type LoaderFunctionArgs, json, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AuditTable } from '#app/components/admin/audit-log'
import { DataTable } from '#app/components/data-table'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { isMessageKey, useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { requireRole } from '#app/utils/auth.server'
import { adminOverview, getDb, listUnits } from '#app/utils/db.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'
import { auditPeople } from '#db/queries/audit'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'admin.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  requireRole(request, PAGE_ROLES['/admin'])
  const db = getDb()
  const units = listUnits(db).map(u => ({ id: u.id, kind: u.kind, code: u.code, nameZh: u.nameZh, nameEn: u.nameEn, parentId: u.parentId }))
  // The latest actions, people by name, so the log reads as who did what; the whole log is on /audit.
  const { accounts, grants, audit } = adminOverview(db)
  return json({
    units,
    accounts: accounts.map(a => ({ ...a, grants: grants.filter(g => g.userId === a.id).map(g => ({ role: g.role, unitId: g.unitId })) })),
    audit: auditPeople(db, audit, { staffOnly: false }),
  })
}

export default function Admin() {
  const t = useT()
  const locale = useLocale()
  const { units, accounts, audit } = useLoaderData<typeof loader>()
  const unitName = (id: number) =>
    localName(
      units.find(u => u.id === id),
      locale,
    ) || String(id)
  return (
    <section>
      <h1>{t('admin.title')}</h1>
      <nav className="row" aria-label={t('admin.title')}>
        <Link className="button" to="/admin/units">
          {t('admin.links.units')}
        </Link>
        <Link className="button" to="/admin/users">
          {t('admin.links.users')}
        </Link>
        <Link className="button" to="/admin/tokens">
          {t('admin.tokens')}
        </Link>
        <Link className="button" to="/admin/outbox">
          {t('outbox.link')}
        </Link>
        <Link className="button" to="/import">
          {t('admin.links.import')}
        </Link>
        <Link className="button" to="/pool">
          {t('nav.pool')}
        </Link>
      </nav>
      <h2>{t('admin.units')}</h2>
      <ul className="list">
        {units.map(u => (
          <li key={u.id}>
            {t('admin.units.heading', { kind: isMessageKey(`unit.${u.kind}`) ? t(`unit.${u.kind}` as 'unit.street') : u.kind, name: localName(u, locale) })}{' '}
            <code>{u.code}</code>
            {u.parentId ? <span className="hint"> ← {unitName(u.parentId)}</span> : null}
          </li>
        ))}
      </ul>
      <h2>{t('admin.users')}</h2>
      <DataTable
        caption={t('admin.users')}
        captionHidden
        stackOnPhone
        rows={accounts}
        rowKey={a => a.id}
        columns={[
          { key: 'username', header: t('login.username'), rowHeader: true, cell: a => a.username },
          { key: 'name', header: t('admin.users.displayName'), cell: a => <span lang="zh-CN">{a.displayName}</span> },
          {
            key: 'roles',
            header: t('admin.users.role'),
            // A role held everywhere is named alone; a scoped one with its unit.
            cell: a =>
              a.grants
                .map(g => {
                  const role = isMessageKey(`role.${g.role}`) ? t(`role.${g.role}` as 'role.admin') : g.role
                  return g.unitId == null ? role : t('admin.users.roleIn', { role, unit: unitName(g.unitId) })
                })
                .join(t('admin.users.rolesSep')),
          },
        ]}
      />
      <h2>{t('admin.audit')}</h2>
      <p className="hint">{t('admin.audit.latest')}</p>
      <AuditTable rows={audit} />
      <p>
        <Link to="/audit">{t('admin.audit.all')}</Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
