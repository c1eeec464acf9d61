import { Link } from '@remix-run/react'
import { DataTable } from '#app/components/data-table'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { ZhText } from '#app/components/zh-text'
import { isMessageKey, useLocale, useT } from '#app/i18n/index'

import type { AuditGroup } from '#db/queries/audit'

type Person = { displayName: string; username: string }

/** The log's filters as the form and the links carry them. */
export type AuditQuery = { routine: boolean; group: AuditGroup | ''; actor: string; unit: number | null; from: string; to: string }

/**
 * The query string of a filtered view (and of one of its pages, read up to row `upTo`), with only the
 * filters set, always in this order.
 */
export function auditSearch(q: AuditQuery, page?: number, upTo?: number) {
  const s = new URLSearchParams()
  if (q.routine) s.set('routine', '1')
  if (q.group) s.set('group', q.group)
  if (q.actor) s.set('actor', q.actor)
  if (q.unit != null) s.set('unit', String(q.unit))
  if (q.from) s.set('from', q.from)
  if (q.to) s.set('to', q.to)
  if (upTo != null) s.set('upto', String(upTo))
  if (page && page > 1) s.set('page', String(page))
  const str = s.toString()
  return str ? `?${str}` : ''
}

/** One audit row as the log shows it: who (by name), what (in words), about what (linked where the reader may open it). */
export type AuditLogRow = {
  id: number
  createdAt: string
  actorKind: string
  actorId: number | null
  actorName: Person | null
  action: string
  subjectType: string
  subjectId: string | null
  subjectName: Person | null
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

/** The subjects a supervisor's own pages open: the decisions and work orders they follow. */
export const SUPERVISOR_SUBJECT_LINKS = ['decision', 'work_order'] as const

/** The log as a table, newest first; `linkTypes` limits the subjects shown as links (all by default). */
export function AuditTable({ rows, linkTypes }: { rows: readonly AuditLogRow[]; linkTypes?: readonly string[] }) {
  const t = useT()
  const locale = useLocale()
  return (
    <DataTable
      caption={t('admin.audit')}
      captionHidden
      stackOnPhone
      rows={rows}
      rowKey={e => e.id}
      columns={[
        { key: 'time', header: t('common.time'), cell: e => fmtDateTime(e.createdAt, locale) },
        { key: 'actor', header: t('admin.audit.actor'), cell: e => <AuditActor {...e} /> },
        { key: 'action', header: t('admin.audit.action'), cell: e => <AuditAction action={e.action} /> },
        {
          key: 'subject',
          header: t('admin.audit.subject'),
          cell: e => <AuditSubject type={e.subjectType} id={e.subjectId} name={e.subjectName} linked={!linkTypes || linkTypes.includes(e.subjectType)} />,
        },
      ]}
    />
  )
}

function AuditActor({ actorKind, actorId, actorName }: Pick<AuditLogRow, 'actorKind' | 'actorId' | 'actorName'>) {
  const t = useT()
  if (actorName) return <Person {...actorName} />
  if (actorKind === 'token') return <>{t('admin.audit.token', { id: actorId ?? '' })}</>
  if (actorKind === 'user') return <>{`#${actorId}`}</>
  if (actorKind === 'resident') return <>{t('admin.audit.resident')}</>
  return <>{t(actorKind === 'system' ? 'admin.audit.system' : 'admin.audit.anonymous')}</>
}

function AuditAction({ action }: { action: string }) {
  const t = useT()
  return isMessageKey(`audit.action.${action}`) ? <>{t(`audit.action.${action}` as 'audit.action.user.create')}</> : <code>{action}</code>
}

/** A person in the log: the name as registered, then the account. */
function Person({ displayName, username }: Person) {
  const locale = useLocale()
  return (
    <>
      <ZhText>{displayName}</ZhText>
      {locale === 'zh' ? `（${username}）` : ` (${username})`}
    </>
  )
}

/** "议题 #12" as a link to it, or the person's name for accounts. */
function AuditSubject({ type, id, name, linked }: { type: string; id: string | null; name: Person | null; linked: boolean }) {
  const t = useT()
  const label = isMessageKey(`audit.subject.${type}`) ? t(`audit.subject.${type}` as 'audit.subject.user') : type
  if (name)
    return (
      <>
        {label} <Person {...name} />
      </>
    )
  if (!id) return <>{label}</>
  const link = linked ? SUBJECT_LINKS[type] : undefined
  return link ? <Link to={link(id)}>{`${label} #${id}`}</Link> : <>{`${label} #${id}`}</>
}
