import { type LoaderFunctionArgs, json, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { AuditTable, SUPERVISOR_SUBJECT_LINKS, auditSearch } from '#app/components/admin/audit-log'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { isMessageKey, useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { readAuditLog } from '#app/utils/audit.server'
import { requireRole } from '#app/utils/auth.server'
import { getDb, unitsWithin } from '#app/utils/db.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'
import { AUDIT_GROUPS } from '#db/queries/audit'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'admin.audit') }]

/**
 * GET /audit?group&actor&unit&from&to&routine&page: the audit log, newest first, a page at a time.
 * Administrators read every row; supervisors read, without changing anything, the rows about their area.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/audit'])
  const log = readAuditLog(user, new URL(request.url))
  const units = log.reach.unitIds ? unitsWithin(getDb(), log.reach.unitIds) : unitsWithin(getDb(), null)
  return json({
    rows: log.rows,
    total: log.total,
    page: log.page,
    pages: log.pages,
    upTo: log.upTo,
    newer: log.newer,
    query: log.query,
    scoped: log.reach.scoped,
    groups: AUDIT_GROUPS,
    units: units.map(u => ({ id: u.id, kind: u.kind, code: u.code, nameZh: u.nameZh, nameEn: u.nameEn })),
  })
}

export default function AuditLog() {
  const t = useT()
  const locale = useLocale()
  const data = useLoaderData<typeof loader>()
  const { query } = data
  const search = auditSearch(query)
  // Arrived from "Show the newest": say so where the entries begin and take the focus there,
  // so a keyboard or screen reader user goes on from the newest entries, not from the top of the page.
  const location = useLocation()
  const shown = (location.state as { newest?: unknown } | null)?.newest
  const newest = typeof shown === 'number' && shown > 0 && data.page === 1 ? shown : 0
  const newestNotice = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (newest) newestNotice.current?.focus()
  }, [location.key, newest])
  return (
    <section className="stack">
      <h1>{t('admin.audit')}</h1>
      <p className="hint">{t(data.scoped ? 'audit.intro.scoped' : 'audit.intro')}</p>
      <Form method="get" action="/audit" className="row card" role="search">
        <label>
          {t('audit.filter.group')}
          <select name="group" defaultValue={query.group}>
            <option value="">{t('common.all')}</option>
            {data.groups.map(g => (
              <option key={g} value={g}>
                {t(`audit.group.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.filter.actor')}
          <input type="search" name="actor" defaultValue={query.actor} autoComplete="off" spellCheck={false} />
        </label>
        <label>
          {t('audit.filter.unit')}
          <select name="unit" defaultValue={query.unit ?? ''}>
            <option value="">{t('common.all')}</option>
            {data.units.map(u => (
              <option key={u.id} value={u.id}>
                {isMessageKey(`unit.${u.kind}`) ? `${t(`unit.${u.kind}` as 'unit.street')}：` : ''}
                {localName(u, locale)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.filter.from')}
          <input type="date" name="from" defaultValue={query.from} />
        </label>
        <label>
          {t('audit.filter.to')}
          <input type="date" name="to" defaultValue={query.to} />
        </label>
        <label className="check">
          <input type="checkbox" name="routine" value="1" defaultChecked={query.routine} />
          {t('audit.filter.routine')}
        </label>
        <button type="submit">{t('common.filter')}</button>
        {search ? <Link to="/audit">{t('common.reset')}</Link> : null}
      </Form>
      <p className="row">
        <span role="status">{t('common.total', { count: data.total })}</span>
        <a href={`/audit/export.csv${search}`} download>
          {t('common.exportCsv')}
        </a>
      </p>
      {data.newer > 0 ? (
        <p className="notice" role="status">
          {t('audit.newer', { count: data.newer })}{' '}
          <Link to={`/audit${search}#audit-entries`} state={{ newest: data.newer }}>
            {t('audit.newer.show')}
          </Link>
        </p>
      ) : null}
      {/* Without JavaScript the link's fragment brings the reader (and the next Tab) to the entries. */}
      <div id="audit-entries" className="stack" tabIndex={-1}>
        {newest ? (
          <p className="notice" tabIndex={-1} ref={newestNotice}>
            {t('audit.newest.shown', { count: newest })}
          </p>
        ) : null}
        {data.rows.length ? <AuditTable rows={data.rows} linkTypes={data.scoped ? SUPERVISOR_SUBJECT_LINKS : undefined} /> : <p>{t('audit.empty')}</p>}
      </div>
      <nav className="pager" aria-label={t('common.page', { page: data.page, pages: data.pages })}>
        {data.page > 1 ? <Link to={`/audit${auditSearch(query, data.page - 1, data.upTo)}`}>{t('common.prev')}</Link> : null}
        <span>{t('common.page', { page: data.page, pages: data.pages })}</span>
        {data.page < data.pages ? <Link to={`/audit${auditSearch(query, data.page + 1, data.upTo)}`}>{t('common.next')}</Link> : null}
      </nav>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
