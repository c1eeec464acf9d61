import { type LoaderFunctionArgs, json, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { BackLink } from '#app/components/back-link'
import { DataTable, type Column } from '#app/components/data-table'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fmtDate, pct } from '#app/components/outcomes-ui'
import { ZhText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import { localName, localText } from '#app/i18n/local-name'
import { communitiesInScope } from '#app/services/outcomes.server'
import { requireRole, scopeUnitIds } from '#app/utils/auth.server'
import { getDb, getMonthlyDetails, getOutcomeDashboard, lastMonths, monthKeyCst } from '#app/utils/db.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'outcome.reports.monthlyTitle') }]

/** The printable monthly report of a street office (as Chengdu publishes monthly: resolution and satisfaction rates). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/reports'])
  const url = new URL(request.url)
  const now = new Date()
  const choices = lastMonths(now, 12).reverse()
  const asked = url.searchParams.get('month') ?? ''
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : monthKeyCst(now)
  const communities = communitiesInScope(scopeUnitIds(user, PAGE_ROLES['/reports']))
  const ids = communities.map(c => c.id)
  const db = getDb()
  const dash = getOutcomeDashboard(db, { communityIds: ids, months: [month], now })
  const details = getMonthlyDetails(db, { communityIds: ids, month, now })
  return json({ month, choices, communities: dash.communities, total: dash.total, details, generatedAt: now.toISOString() })
}

export default function MonthlyReport() {
  const t = useT()
  const locale = useLocale()
  const { month, choices, communities, total, details, generatedAt } = useLoaderData<typeof loader>()
  const rows = [
    ...communities.map(c => ({ key: String(c.id), name: localName(c, locale), f: c.figures, isTotal: false })),
    { key: 'total', name: t('outcome.reports.total'), f: total, isTotal: true },
  ]
  type Figure = { label: string; value: (f: (typeof rows)[number]['f']) => string | number }
  // Fourteen figures do not fit one table on a laptop: what came in and was deliberated, then what was delivered and how residents found it.
  const groups: { caption: string; figures: Figure[] }[] = [
    {
      caption: t('outcome.reports.byCommunityIntake'),
      figures: [
        { label: t('outcome.fig.complaints'), value: f => f.complaints },
        { label: t('outcome.fig.suggested'), value: f => f.suggested },
        { label: t('outcome.fig.approved'), value: f => f.approved },
        { label: t('outcome.fig.meetings'), value: f => f.meetings },
        { label: t('outcome.fig.decisions'), value: f => f.decisions },
        { label: t('outcome.kpi.daysToMeeting'), value: f => f.daysToMeeting ?? '—' },
      ],
    },
    {
      caption: t('outcome.reports.byCommunityDelivery'),
      figures: [
        { label: t('outcome.fig.delivered'), value: f => f.delivered },
        { label: t('outcome.fig.onTime'), value: f => f.ordersOnTime },
        { label: t('outcome.fig.late'), value: f => f.ordersLate },
        { label: t('outcome.fig.overdueOpen'), value: f => f.ordersOverdueOpen },
        { label: t('outcome.kpi.onTimeRate'), value: f => pct(f.onTime.rate) },
        { label: t('outcome.kpi.callbackRate'), value: f => pct(f.callback.rate) },
        { label: t('outcome.kpi.satisfactionRate'), value: f => pct(f.satisfaction.rate) },
        { label: t('outcome.kpi.daysToDelivery'), value: f => f.daysToDelivery ?? '—' },
      ],
    },
  ]
  return (
    <article className="stack monthly-report">
      <BackLink className="no-print" to="/reports">
        {t('outcome.reports.title')}
      </BackLink>
      <h1>{t('outcome.reports.monthlyTitle', { month })}</h1>
      <Form method="get" className="row no-print">
        <label>
          {t('outcome.reports.month')}{' '}
          <select name="month" defaultValue={month}>
            {choices.map(m => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('common.filter')}</button>
        <button type="button" onClick={() => window.print()}>
          {t('outcome.reports.print')}
        </button>
      </Form>
      <p className="hint">{t('outcome.reports.generated', { date: fmtDate(generatedAt, locale) })}</p>
      {/* On phones each community is a card of named figures; printed and on laptops, a table. */}
      {groups.map(g => (
        <DataTable
          key={g.caption}
          caption={g.caption}
          stackOnPhone
          rows={rows}
          rowKey={r => r.key}
          rowProps={r => (r.isTotal ? { className: 'total' } : {})}
          columns={[
            { key: 'community', header: t('common.community'), rowHeader: true, cell: r => (r.isTotal ? <strong>{r.name}</strong> : r.name) },
            ...g.figures.map((c): Column<(typeof rows)[number]> => ({ key: c.label, header: c.label, numeric: true, cell: r => c.value(r.f) })),
          ]}
        />
      ))}
      <h2>{t('outcome.reports.deliveredList')}</h2>
      {details.delivered.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <ul className="list">
          {details.delivered.map(d => (
            <li key={d.id}>
              <ZhText>{d.title}</ZhText>{' '}
              <span className="hint">
                · <ZhText>{d.topicTitle}</ZhText> · {fmtDate(d.deliveredAt, locale)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('outcome.reports.overdueList')}</h2>
      {details.overdue.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <ul className="list">
          {details.overdue.map(o => (
            <li key={o.id}>
              <ZhText>{o.title}</ZhText>{' '}
              <span className="hint">
                · {localText(o.department, o.departmentEn, locale)} · {t('orders.due')} {fmtDate(o.dueAt, locale)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
