import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { complaintBreakdown, getDb, hotList, hotWords, hotWordTrend, listUnits, unitDescendantIds, answerFigures } from '#app/utils/db.server'
import { requireRole, scopeUnitIds } from '#app/utils/auth.server'
import { PAGE_ROLES } from '#app/utils/access'
import { getPrefs } from '#app/utils/prefs.server'
import { localCategoryName } from '#app/utils/labels.server'
import { answerUsage, topUnansweredQuestions } from '#app/services/answers.server'
import { AnswerFigures } from '#app/components/answer-figures'
import { useT, type MessageKey } from '#app/i18n/index'
import { Chart } from '#app/components/chart'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { StatusBadge } from '#app/components/status-badge'
import { PeriodLinks } from '#app/components/period-links'
import { TopicTitle } from '#app/components/zh-text'
import { markZh } from '#app/utils/zh-marks'
import { parsePeriod } from '#app/utils/period'
import { cachedAggregate, windowKey } from '#db/queries/aggregate-cache'

const DAY = 86_400_000

function parseDate(v: string | null, end = false) {
  if (!v) return undefined
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return null
  const d = new Date(`${v}T${end ? '23:59:59.999' : '00:00:00'}+08:00`)
  return Number.isNaN(d.getTime()) ? null : d
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/dashboard'])
  const db = getDb()
  const url = new URL(request.url)
  const { locale } = getPrefs(request)
  const scope = scopeUnitIds(user, PAGE_ROLES['/dashboard'])
  const visible = scope ? new Set(scope.flatMap(id => unitDescendantIds(db, id))) : null
  const communities = listUnits(db, 'community')
    .filter(u => !visible || visible.has(u.id))
    .map(u => ({ id: u.id, name: locale === 'zh' ? u.nameZh : u.nameEn }))
  const pick = Number(url.searchParams.get('community'))
  const unitIds = communities.some(c => c.id === pick) ? [pick] : scope
  const fromP = parseDate(url.searchParams.get('from'))
  const toP = parseDate(url.searchParams.get('to'), true)
  // A named period (this month, 90 days, a year, all) when no custom range is given.
  const named = fromP === undefined && toP === undefined ? parsePeriod(url.searchParams) : undefined
  const to = toP ?? named?.to ?? new Date()
  const from = fromP ?? named?.from ?? (named?.period === 'all' ? new Date(0) : new Date(to.getTime() - 90 * DAY))
  const f = { unitIds, from, to }
  // Every member of staff in the same scope asks for the same year of figures.
  const key = `${JSON.stringify(unitIds)}:${windowKey(from)}:${windowKey(to)}`
  const words = cachedAggregate(db, `dashboard.words:${key}`, () => hotWords(db, f, 20))
  const breakdown = cachedAggregate(db, `dashboard.breakdown:${key}`, () => complaintBreakdown(db, f))
  const categoryName = localCategoryName(db, locale)
  const trend = cachedAggregate(db, `dashboard.trend:${key}`, () => hotWordTrend(db, f, words.slice(0, 5).map(w => w.word)))
  return json({
    communities,
    invalidDate: fromP === null || toP === null || !!named?.invalid,
    period: named?.period ?? (fromP === undefined && toP === undefined ? '90d' : undefined),
    range: { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) },
    words,
    trend,
    hot: hotList(db, f, 10),
    breakdown: { ...breakdown, byCategory: breakdown.byCategory.map(r => ({ ...r, key: r.key ? categoryName(r.key) : r.key })) },
    answers: { ...answerFigures(db), usage: answerUsage(db, 10), unanswered: cachedAggregate(db, `dashboard.unanswered:${key}`, () => topUnansweredQuestions(db, f, 10)) },
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
      <Form method="get" className="row card no-print" style={{ marginBottom: "1rem" }}>
        <label>
          {t('common.community')}
          <select name="community" defaultValue="">
            <option value="">{t('common.all')}</option>
            {d.communities.map(c => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
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
        <Chart title={t('dashboard.hotWords')} type="bar" horizontal labels={d.words.map(w => markZh(w.word))} series={[{ label: t('dashboard.count'), data: d.words.map(w => w.count) }]} fileName="hot-words" />
        <Chart title={t('dashboard.hotWordTrend')} type="line" labels={d.trend.weeks} series={d.trend.series.map(s => ({ label: markZh(s.word), data: s.data }))} fileName="hot-word-trend" />
        <Chart title={t('dashboard.byChannel')} type="doughnut" labels={d.breakdown.byChannel.map(r => channelLabel(r.key))} series={[{ label: t('dashboard.complaints'), data: d.breakdown.byChannel.map(r => r.count) }]} fileName="by-channel" />
        <Chart title={t('dashboard.byCategory')} type="bar" horizontal labels={d.breakdown.byCategory.map(r => r.key || t('dashboard.uncategorised'))} series={[{ label: t('dashboard.complaints'), data: d.breakdown.byCategory.map(r => r.count) }]} fileName="by-category" />
      </div>
      <AnswerFigures figures={d.answers} />
      <h2>{t('dashboard.hotList')}</h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('dashboard.hotList')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.rank')}</th>
              <th scope="col">{t('topics.field.title')}</th>
              <th scope="col">{t('topics.heat')}</th>
              <th scope="col">{t('dashboard.complaints')}</th>
              <th scope="col">{t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            {d.hot.map((h, i) => (
              <tr key={h.id}>
                <td>{i + 1}</td>
                <td className="wide">
                  <Link to={`/topics/${h.id}`}>
                    <TopicTitle title={h.title} />
                  </Link>
                </td>
                <td>{h.heat.toFixed(1)}</td>
                <td>{h.complaints}</td>
                <td>
                  <StatusBadge status={h.status} />
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
