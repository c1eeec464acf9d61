import { type LoaderFunctionArgs, json, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { AnswerFigures } from '#app/components/answer-figures'
import { Chart } from '#app/components/chart'
import { CommunityFilter } from '#app/components/community-filter'
import { DataTable } from '#app/components/data-table'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { PeriodLinks } from '#app/components/period-links'
import { StatusBadge } from '#app/components/status-badge'
import { TopicTitle } from '#app/components/zh-text'
import { useT, type MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { answerUsage, topUnansweredQuestions } from '#app/services/answers.server'
import { requireRole, scopeUnitIds } from '#app/utils/auth.server'
import { addDays, chinaDay, chinaDayEnd, chinaDayStart } from '#app/utils/dates'
import { getDb, answerFigures, complaintBreakdown, hotList, hotWords, hotWordTrend, unitsWithin, cachedAggregate, windowKey } from '#app/utils/db.server'
import { localCategoryName } from '#app/utils/labels.server'
import { pageTitle } from '#app/utils/meta'
import { parsePeriod } from '#app/utils/period'
import { PAGE_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'
import { markZh } from '#app/utils/zh-marks'

/** A `YYYY-MM-DD` bound in China time; undefined when absent, null when unreadable. */
function parseDate(v: string | null, end = false) {
  if (!v) return undefined
  return end ? chinaDayEnd(v) : chinaDayStart(v)
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'dashboard.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/dashboard'])
  const db = getDb()
  const url = new URL(request.url)
  const { locale } = getPrefs(request)
  const scope = scopeUnitIds(user, PAGE_ROLES['/dashboard'])
  const communities = unitsWithin(db, scope, 'community').map(u => ({ id: u.id, name: localName(u, locale) }))
  const pick = Number(url.searchParams.get('community'))
  const unitIds = communities.some(c => c.id === pick) ? [pick] : scope
  const fromP = parseDate(url.searchParams.get('from'))
  const toP = parseDate(url.searchParams.get('to'), true)
  // A named period (this month, 90 days, a year, all) when no custom range is given.
  const named = fromP === undefined && toP === undefined ? parsePeriod(url.searchParams) : undefined
  const to = toP ?? named?.to ?? new Date()
  const from = fromP ?? named?.from ?? (named?.period === 'all' ? new Date(0) : addDays(to, -90))
  const f = { unitIds, from, to }
  // Every member of staff in the same scope asks for the same year of figures.
  const key = `${JSON.stringify(unitIds)}:${windowKey(from)}:${windowKey(to)}`
  const words = cachedAggregate(db, `dashboard.words:${key}`, () => hotWords(db, f, 20))
  const breakdown = cachedAggregate(db, `dashboard.breakdown:${key}`, () => complaintBreakdown(db, f))
  const categoryName = localCategoryName(db, locale)
  const trend = cachedAggregate(db, `dashboard.trend:${key}`, () =>
    hotWordTrend(
      db,
      f,
      words.slice(0, 5).map(w => w.word),
    ),
  )
  return json({
    communities,
    invalidDate: fromP === null || toP === null || !!named?.invalid,
    period: named?.period ?? (fromP === undefined && toP === undefined ? '90d' : undefined),
    range: { from: chinaDay(from), to: chinaDay(to) },
    words,
    trend,
    hot: hotList(db, f, 10),
    breakdown: { ...breakdown, byCategory: breakdown.byCategory.map(r => ({ ...r, key: r.key ? categoryName(r.key) : r.key })) },
    answers: {
      ...answerFigures(db),
      usage: answerUsage(db, 10),
      unanswered: cachedAggregate(db, `dashboard.unanswered:${key}`, () => topUnansweredQuestions(db, f, 10)),
    },
  })
}

export default function Dashboard() {
  const t = useT()
  const d = useLoaderData<typeof loader>()
  const channelLabel = (c: string) => t(`channel.${c}` as MessageKey)
  return (
    <section>
      <h1>{t('dashboard.title')}</h1>
      <PeriodLinks current={d.period} />
      <Form method="get" className="row card no-print" style={{ marginBottom: '1rem' }} noValidate>
        <CommunityFilter label={t('common.community')} anyLabel={t('common.all')} communities={d.communities} defaultValue="" />
        <label>
          {t('dashboard.from')}
          <input type="date" name="from" defaultValue={d.range.from} />
        </label>
        <label>
          {t('dashboard.to')}
          <input type="date" name="to" defaultValue={d.range.to} />
        </label>
        <button type="submit" className="primary">
          {t('dashboard.apply')}
        </button>
      </Form>
      {d.invalidDate ? (
        <p role="alert" className="error">
          {t('dashboard.invalidDate')}
        </p>
      ) : null}
      <div className="chart-grid">
        <Chart
          title={t('dashboard.hotWords')}
          type="bar"
          horizontal
          labels={d.words.map(w => markZh(w.word))}
          labelsHeader={t('chart.header.word')}
          series={[{ label: t('dashboard.count'), data: d.words.map(w => w.count) }]}
          fileName="hot-words"
        />
        <Chart
          title={t('dashboard.hotWordTrend')}
          type="line"
          labels={d.trend.weeks}
          labelsHeader={t('chart.header.week')}
          series={d.trend.series.map(s => ({ label: markZh(s.word), data: s.data }))}
          fileName="hot-word-trend"
        />
        <Chart
          title={t('dashboard.byChannel')}
          type="doughnut"
          labels={d.breakdown.byChannel.map(r => channelLabel(r.key))}
          labelsHeader={t('chart.header.channel')}
          series={[{ label: t('dashboard.complaints'), data: d.breakdown.byChannel.map(r => r.count) }]}
          fileName="by-channel"
        />
        <Chart
          title={t('dashboard.byCategory')}
          type="bar"
          horizontal
          labels={d.breakdown.byCategory.map(r => r.key || t('dashboard.uncategorised'))}
          series={[{ label: t('dashboard.complaints'), data: d.breakdown.byCategory.map(r => r.count) }]}
          fileName="by-category"
        />
      </div>
      <AnswerFigures figures={d.answers} />
      <h2>{t('dashboard.hotList')}</h2>
      {/* On phones each topic is a card under its title, its figures named: nothing to scroll sideways.
          The rank leads the title, so a card's heading reads as one line ("1. 小区停车难"). */}
      <DataTable
        caption={t('dashboard.hotList')}
        captionHidden
        stackOnPhone
        rows={d.hot}
        rowKey={h => h.id}
        columns={[
          {
            key: 'title',
            header: t('dashboard.rankAndTitle'),
            rowHeader: true,
            wide: true,
            // The rank is part of the link, so a long title wraps after it rather than below it.
            cell: (h, i) => (
              <Link to={`/topics/${h.id}`}>
                <span className="nowrap">{t('dashboard.rankNumber', { rank: i + 1 })}</span> <TopicTitle title={h.title} />
              </Link>
            ),
          },
          { key: 'heat', header: t('topics.heat'), numeric: true, cell: h => h.heat.toFixed(1) },
          { key: 'complaints', header: t('dashboard.complaints'), numeric: true, cell: h => h.complaints },
          { key: 'status', header: t('common.status'), cell: h => <StatusBadge status={h.status} /> },
        ]}
      />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
