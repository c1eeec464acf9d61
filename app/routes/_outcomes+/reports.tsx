import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { getDb, getOutcomeDashboard, lastMonths } from '#app/utils/db.server'
import { communitiesInScope } from '#app/services/outcomes.server'
import { requireRole, scopeUnitIds } from '#app/utils/auth.server'
import { PAGE_ROLES } from '#app/utils/permissions'
import { useLocale, useT } from '#app/i18n/index'
import { Chart } from '#app/components/chart'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { pct } from '#app/components/outcomes-ui'
import { localName } from '#app/i18n/local-name'

const SPANS = [3, 6, 12] as const

/** Street-office dashboard: per community and over time, from complaints to satisfaction. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/reports'])
  const url = new URL(request.url)
  const span = SPANS.find(s => String(s) === url.searchParams.get('months')) ?? 6
  const communities = communitiesInScope(scopeUnitIds(user, PAGE_ROLES['/reports']))
  const now = new Date()
  const months = lastMonths(now, span)
  const dash = getOutcomeDashboard(getDb(), { communityIds: communities.map(c => c.id), months, now })
  return json({ span, spans: SPANS, currentMonth: months.at(-1)!, ...dash })
}

export default function Reports() {
  const t = useT()
  const locale = useLocale()
  const { span, spans, months, communities, byMonth, total, currentMonth } = useLoaderData<typeof loader>()
  const names = communities.map(c => localName(c, locale))
  // No data is a gap, not 0%.
  const perc = (r: number | null) => (r == null ? null : Math.round(r * 1000) / 10)
  return (
    <section className="stack">
      <h1>{t('outcome.reports.title')}</h1>
      <Form method="get" className="row no-print">
        <label>
          {t('outcome.reports.span')}{' '}
          <select name="months" defaultValue={String(span)}>
            {spans.map(s => (
              <option key={s} value={s}>
                {t('outcome.reports.months', { count: s })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('common.filter')}</button>
        <Link className="button" to={`/reports/monthly?month=${currentMonth}`}>
          {t('outcome.reports.monthly')}
        </Link>
      </Form>
      <p className="hint">{t('outcome.reports.range', { from: months[0] ?? '', to: months.at(-1) ?? '' })}</p>

      <div className="grid" role="list" aria-label={t('outcome.reports.kpis')}>
        {[
          { label: t('outcome.kpi.onTimeRate'), value: pct(total.onTime.rate), detail: total.onTime.den ? `${total.onTime.num}/${total.onTime.den}` : t('common.noData'), id: 'onTime' },
          { label: t('outcome.kpi.callbackRate'), value: pct(total.callback.rate), detail: total.callback.den ? `${total.callback.num}/${total.callback.den}` : t('common.noData'), id: 'callback' },
          { label: t('outcome.kpi.satisfactionRate'), value: pct(total.satisfaction.rate), detail: total.satisfaction.den ? `${total.satisfaction.num}/${total.satisfaction.den}` : t('common.noData'), id: 'satisfaction' },
          { label: t('outcome.kpi.daysToMeeting'), value: total.daysToMeeting ?? '—', detail: t('outcome.kpi.days'), id: 'toMeeting' },
          { label: t('outcome.kpi.daysToDelivery'), value: total.daysToDelivery ?? '—', detail: t('outcome.kpi.days'), id: 'toDelivery' },
          { label: t('outcome.kpi.overdueOpen'), value: total.ordersOverdueOpen, detail: t('outcome.kpi.orders'), id: 'overdue' },
        ].map(k => (
          <div className="card" role="listitem" key={k.id} data-kpi={k.id}>
            <div className="hint">{k.label}</div>
            <div className="stat">{k.value}</div>
            <div className="hint">{k.detail}</div>
          </div>
        ))}
      </div>

      <Chart
        title={t('outcome.reports.pipelineByCommunity')}
        type="bar"
        fileName="pipeline-by-community"
        labels={names}
        series={[
          { label: t('outcome.fig.complaints'), data: communities.map(c => c.figures.complaints) },
          { label: t('outcome.fig.suggested'), data: communities.map(c => c.figures.suggested) },
          { label: t('outcome.fig.approved'), data: communities.map(c => c.figures.approved) },
          { label: t('outcome.fig.meetings'), data: communities.map(c => c.figures.meetings) },
          { label: t('outcome.fig.decisions'), data: communities.map(c => c.figures.decisions) },
        ]}
      />
      <Chart
        title={t('outcome.reports.overTime')}
        type="line"
        fileName="pipeline-by-month"
        labels={months}
        series={[
          { label: t('outcome.fig.complaints'), data: byMonth.map(m => m.figures.complaints) },
          { label: t('outcome.fig.approved'), data: byMonth.map(m => m.figures.approved) },
          { label: t('outcome.fig.meetings'), data: byMonth.map(m => m.figures.meetings) },
          { label: t('outcome.fig.decisions'), data: byMonth.map(m => m.figures.decisions) },
          { label: t('outcome.fig.delivered'), data: byMonth.map(m => m.figures.delivered) },
        ]}
      />
      <Chart
        title={t('outcome.reports.ordersByCommunity')}
        type="bar"
        stacked
        fileName="orders-by-community"
        labels={names}
        series={[
          { label: t('outcome.fig.onTime'), data: communities.map(c => c.figures.ordersOnTime) },
          { label: t('outcome.fig.late'), data: communities.map(c => c.figures.ordersLate) },
          { label: t('outcome.fig.overdueOpen'), data: communities.map(c => c.figures.ordersOverdueOpen) },
        ]}
      />
      <Chart
        title={t('outcome.reports.ratesOverTime')}
        type="line"
        fileName="rates-by-month"
        labels={months}
        format={v => `${v}%`}
        series={[
          { label: t('outcome.kpi.onTimeRate'), data: byMonth.map(m => perc(m.figures.onTime.rate)) },
          { label: t('outcome.kpi.callbackRate'), data: byMonth.map(m => perc(m.figures.callback.rate)) },
          { label: t('outcome.kpi.satisfactionRate'), data: byMonth.map(m => perc(m.figures.satisfaction.rate)) },
        ]}
      />
      <Chart
        title={t('outcome.reports.daysByCommunity')}
        type="bar"
        fileName="days-by-community"
        labels={names}
        series={[
          { label: t('outcome.kpi.daysToMeeting'), data: communities.map(c => c.figures.daysToMeeting ?? null) },
          { label: t('outcome.kpi.daysToDelivery'), data: communities.map(c => c.figures.daysToDelivery ?? null) },
        ]}
      />
      <Chart
        title={t('outcome.reports.satisfactionByCommunity')}
        type="bar"
        fileName="satisfaction-by-community"
        labels={names}
        format={v => `${v}%`}
        series={[{ label: t('outcome.kpi.satisfactionRate'), data: communities.map(c => perc(c.figures.satisfaction.rate)) }]}
      />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
