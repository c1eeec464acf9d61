import { type LoaderFunctionArgs, json, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DataTable } from '#app/components/data-table'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { ZhText } from '#app/components/zh-text'
import { isMessageKey, useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { requireRole } from '#app/utils/auth.server'
import { adminOverview, getDb, listUnits } from '#app/utils/db.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'admin.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  requireRole(request, PAGE_ROLES['/admin'])
  const db = getDb()
  const units = listUnits(db).map(u => ({ id: u.id, kind: u.kind, code: u.code, nameZh: u.nameZh, nameEn: u.nameEn, parentId: u.parentId }))
  // People by name, so the log reads as who did what.
  const { accounts, grants, audit, names } = adminOverview(db)
  return json({
    units,
    accounts: accounts.map(a => ({ ...a, grants: grants.filter(g => g.userId === a.id).map(g => ({ role: g.role, unitId: g.unitId })) })),
    audit: audit.map(e => ({
      id: e.id,
      createdAt: e.createdAt,
      actorKind: e.actorKind,
      actorId: e.actorId,
      actorName: e.actorKind === 'user' && e.actorId != null ? (names.get(e.actorId) ?? null) : null,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      subjectName: e.subjectType === 'user' && e.subjectId ? (names.get(Number(e.subjectId)) ?? null) : null,
    })),
  })
}

export default function Admin() {
  const t = useT()
  const locale = useLocale()
  const { units, accounts, audit } = useLoaderData<typeof loader>()
  const unitName = (id: number | null) =>
    id == null
      ? '—'
      : localName(
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
      </nav>
      <h2>{t('admin.units')}</h2>
      <ul className="list">
        {units.map(u => (
          <li key={u.id}>
            {isMessageKey(`unit.${u.kind}`) ? t(`unit.${u.kind}` as 'unit.street') : u.kind}: {localName(u, locale)} <code>{u.code}</code>
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
            cell: a => a.grants.map(g => `${isMessageKey(`role.${g.role}`) ? t(`role.${g.role}` as 'role.admin') : g.role} @ ${unitName(g.unitId)}`).join('；'),
          },
        ]}
      />
      <h2>{t('admin.audit')}</h2>
      <DataTable
        caption={t('admin.audit')}
        captionHidden
        stackOnPhone
        rows={audit}
        rowKey={e => e.id}
        columns={[
          { key: 'time', header: t('common.time'), cell: e => fmtDateTime(e.createdAt, locale) },
          {
            key: 'actor',
            header: t('admin.audit.actor'),
            cell: e =>
              e.actorName ? (
                <Person {...e.actorName} />
              ) : e.actorKind === 'token' ? (
                t('admin.audit.token', { id: e.actorId ?? '' })
              ) : e.actorKind === 'user' ? (
                `#${e.actorId}`
              ) : (
                t(e.actorKind === 'system' ? 'admin.audit.system' : 'admin.audit.anonymous')
              ),
          },
          {
            key: 'action',
            header: t('admin.audit.action'),
            cell: e => (isMessageKey(`audit.action.${e.action}`) ? t(`audit.action.${e.action}` as 'audit.action.user.create') : <code>{e.action}</code>),
          },
          { key: 'subject', header: t('admin.audit.subject'), cell: e => <AuditSubject type={e.subjectType} id={e.subjectId} name={e.subjectName} /> },
        ]}
      />
    </section>
  )
}

const SUBJECT_LINKS: Record<string, (id: string) => string> = {
  topic: id => `/topics/${id}`,
  complaint: id => `/complaints/${id}`,
  // Admins read every meeting's minutes; the room opens only to its participants.
  meeting: id => `/meetings/${id}/minutes`,
  decision: id => `/decisions/${id}`,
  work_order: id => `/orders/${id}`,
  panel: id => `/panels/${id}`,
  unit: id => `/admin/units?unit=${id}`,
}

/** "议题 #12" as a link to it, or the person's name for accounts. */
/** A person in the log: the name as registered, then the account. */
function Person({ displayName, username }: { displayName: string; username: string }) {
  const locale = useLocale()
  return (
    <>
      <ZhText>{displayName}</ZhText>
      {locale === 'zh' ? `（${username}）` : ` (${username})`}
    </>
  )
}

function AuditSubject({ type, id, name }: { type: string; id: string | null; name: { displayName: string; username: string } | null }) {
  const t = useT()
  const label = isMessageKey(`audit.subject.${type}`) ? t(`audit.subject.${type}` as 'audit.subject.user') : type
  if (name)
    return (
      <>
        {label} <Person {...name} />
      </>
    )
  if (!id) return <>{label}</>
  const link = SUBJECT_LINKS[type]
  return link ? <Link to={link(id)}>{`${label} #${id}`}</Link> : <>{`${label} #${id}`}</>
}

export const ErrorBoundary = GeneralErrorBoundary
