import { type LoaderFunctionArgs, json, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { DataTable } from '#app/components/data-table'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ProgressMeter, WorkOrderStatus, fmtDate } from '#app/components/outcomes-ui'
import { ZhText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import { localName, localText } from '#app/i18n/local-name'
import { departmentScope, oversightScope } from '#app/services/outcomes.server'
import { requireRole, userHasRole } from '#app/utils/auth.server'
import { getDb, isWorkOrderOverdue, listWorkOrders, listWorkOrderStatuses } from '#app/utils/db.server'
import { pageTitle } from '#app/utils/meta'
import { DEPARTMENT_ROLES, ORDER_ISSUE_ROLES, PAGE_ROLES } from '#app/utils/permissions'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'orders.title') }]

/**
 * Work orders: a department sees the orders sent to it; street staff see the
 * orders of their street. Orders carry the problem, place and decision only.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/orders'])
  const db = getDb()
  const url = new URL(request.url)
  const statuses = listWorkOrderStatuses(db).map(s => ({ code: s.code, nameZh: s.nameZh, nameEn: s.nameEn }))
  const status = statuses.some(s => s.code === url.searchParams.get('status')) ? url.searchParams.get('status') : null
  const isDept = userHasRole(user, DEPARTMENT_ROLES)
  const isStreet = userHasRole(user, ORDER_ISSUE_ROLES)
  const now = Date.now()
  const rows = listWorkOrders(db, {
    departmentIds: isDept ? departmentScope(user) : undefined,
    topicScope: isStreet ? oversightScope(user) : undefined,
    status,
  }).map(r => ({
    id: r.id,
    title: r.title,
    place: r.place,
    status: r.status,
    priority: r.priority,
    progress: r.progress,
    dueAt: r.dueAt,
    department: r.department,
    departmentEn: r.departmentEn,
    decisionTitle: r.decisionTitle,
    overdue: isWorkOrderOverdue(r, now),
  }))
  return json({ rows, statuses, status, isStreet })
}

export default function Orders() {
  const t = useT()
  const locale = useLocale()
  const { rows, statuses, status, isStreet } = useLoaderData<typeof loader>()
  const overdue = rows.filter(r => r.overdue).length
  return (
    <section className="stack">
      <h1>{t('orders.title')}</h1>
      {isStreet ? (
        <p>
          <Link to="/decisions">{t('outcome.decisions.title')}</Link> · <Link to="/reports">{t('nav.reports')}</Link>
        </p>
      ) : null}
      <Form method="get" className="row">
        <label>
          {t('common.status')}{' '}
          <select name="status" defaultValue={status ?? ''}>
            <option value="">{t('common.all')}</option>
            {statuses.map(s => (
              <option key={s.code} value={s.code}>
                {localName(s, locale)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('common.filter')}</button>
      </Form>
      {overdue > 0 ? (
        <p className="error" role="status">
          {t('outcome.orders.lateCount', { count: overdue })}
        </p>
      ) : null}
      <DataTable
        caption={t('orders.title')}
        captionHidden
        stackOnPhone
        empty={<p>{t('orders.empty')}</p>}
        rows={rows}
        rowKey={r => r.id}
        rowProps={r => ({ 'data-overdue': r.overdue ? 'true' : undefined })}
        columns={[
          {
            key: 'title',
            header: t('outcome.order.title'),
            rowHeader: true,
            cell: r => (
              <>
                <Link to={`/orders/${r.id}`}>
                  <ZhText>{r.title}</ZhText>
                </Link>
                <div className="hint">
                  {r.place ? (
                    <>
                      <ZhText>{r.place}</ZhText>
                      {' · '}
                    </>
                  ) : null}
                  <ZhText>{r.decisionTitle}</ZhText>
                </div>
              </>
            ),
          },
          { key: 'department', header: t('orders.department'), cell: r => localText(r.department, r.departmentEn, locale) },
          { key: 'priority', header: t('outcome.order.priority'), cell: r => t(`outcome.priority.${r.priority}`) },
          {
            key: 'status',
            header: t('common.status'),
            cell: r => <WorkOrderStatus code={r.status} overdue={r.overdue} statuses={statuses} />,
          },
          { key: 'progress', header: t('outcome.progress'), cell: r => <ProgressMeter value={r.progress} /> },
          { key: 'due', header: t('orders.due'), cell: r => fmtDate(r.dueAt, locale) },
        ]}
      />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
