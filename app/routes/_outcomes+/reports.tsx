import { type LoaderFunctionArgs, type SerializeFrom, json, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Chart } from '#app/components/chart'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { pct } from '#app/components/outcomes-ui'
import { useLocale, useT, type MessageKey, type TFunction } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { communitiesInScope } from '#app/services/outcomes.server'
import { requireRole, scopeUnitIds } from '#app/utils/auth.server'
import { getDb, getOutcomeDashboard, lastMonths } from '#app/utils/db.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'

const SPANS = [3, 6, 12] as const

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'outcome.reports.title') }]

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

type Figures = SerializeFrom<typeof loader>['total']

// No data is a gap, not 0%.
const percent = (r: number | null) => (r == null ? null : Math.round(r * 1000) / 10)

/** One chart of the dashboard: its series are figures per community or per month. */
type ReportChart = {
  title: MessageKey
  fileName: string
  type: 'bar' | 'line'
  over: 'community' | 'month'
  stacked?: boolean
  percent?: boolean
  series: [MessageKey, (f: Figures) => number | null][]
}

const REPORT_CHARTS: ReportChart[] = [
  {
    title: 'outcome.reports.pipelineByCommunity',
    fileName: 'pipeline-by-community',
    type: 'bar',
    over: 'community',
    series: [
      ['outcome.fig.complaints', f => f.complaints],
      ['outcome.fig.suggested', f => f.suggested],
      ['outcome.fig.approved', f => f.approved],
      ['outcome.fig.meetings', f => f.meetings],
      ['outcome.fig.decisions', f => f.decisions],
    ],
  },
  {
    title: 'outcome.reports.overTime',
    fileName: 'pipeline-by-month',
    type: 'line',
    over: 'month',
    series: [
      ['outcome.fig.complaints', f => f.complaints],
      ['outcome.fig.approved', f => f.approved],
      ['outcome.fig.meetings', f => f.meetings],
      ['outcome.fig.decisions', f => f.decisions],
      ['outcome.fig.delivered', f => f.delivered],
    ],
  },
  {
    title: 'outcome.reports.ordersByCommunity',
    fileName: 'orders-by-community',
    type: 'bar',
    over: 'community',
    stacked: true,
    series: [
      ['outcome.fig.onTime', f => f.ordersOnTime],
      ['outcome.fig.late', f => f.ordersLate],
      ['outcome.fig.overdueOpen', f => f.ordersOverdueOpen],
    ],
  },
  {
    title: 'outcome.reports.ratesOverTime',
    fileName: 'rates-by-month',
    type: 'line',
    over: 'month',
    percent: true,
    series: [
      ['outcome.kpi.onTimeRate', f => percent(f.onTime.rate)],
      ['outcome.kpi.callbackRate', f => percent(f.callback.rate)],
      ['outcome.kpi.satisfactionRate', f => percent(f.satisfaction.rate)],
    ],
  },
  {
    title: 'outcome.reports.daysByCommunity',
    fileName: 'days-by-community',
    type: 'bar',
    over: 'community',
    series: [
      ['outcome.kpi.daysToMeeting', f => f.daysToMeeting ?? null],
      ['outcome.kpi.daysToDelivery', f => f.daysToDelivery ?? null],
    ],
  },
  {
    title: 'outcome.reports.satisfactionByCommunity',
    fileName: 'satisfaction-by-community',
    type: 'bar',
    over: 'community',
    percent: true,
    series: [['outcome.kpi.satisfactionRate', f => percent(f.satisfaction.rate)]],
  },
]

function chartSeries(chart: ReportChart, rows: { figures: Figures }[], t: TFunction) {
  return chart.series.map(([label, value]) => ({ label: t(label), data: rows.map(r => value(r.figures)) }))
}

export default function Reports() {
  const t = useT()
  const locale = useLocale()
  const { span, spans, months, communities, byMonth, total, currentMonth } = useLoaderData<typeof loader>()
  const names = communities.map(c => localName(c, locale))
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
          {
            label: t('outcome.kpi.onTimeRate'),
            value: pct(total.onTime.rate),
            detail: total.onTime.den ? `${total.onTime.num}/${total.onTime.den}` : t('common.noData'),
            id: 'onTime',
          },
          {
            label: t('outcome.kpi.callbackRate'),
            value: pct(total.callback.rate),
            detail: total.callback.den ? `${total.callback.num}/${total.callback.den}` : t('common.noData'),
            id: 'callback',
          },
          {
            label: t('outcome.kpi.satisfactionRate'),
            value: pct(total.satisfaction.rate),
            detail: total.satisfaction.den ? `${total.satisfaction.num}/${total.satisfaction.den}` : t('common.noData'),
            id: 'satisfaction',
          },
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

      {REPORT_CHARTS.map(chart => (
        <Chart
          key={chart.fileName}
          title={t(chart.title)}
          type={chart.type}
          stacked={chart.stacked}
          fileName={chart.fileName}
          format={chart.percent ? v => `${v}%` : undefined}
          labels={chart.over === 'community' ? names : months}
          labelsHeader={t(chart.over === 'community' ? 'chart.header.community' : 'chart.header.month')}
          series={chartSeries(chart, chart.over === 'community' ? communities : byMonth, t)}
        />
      ))}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
