import { type LoaderFunctionArgs, json, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { DataTable, type Column } from '#app/components/data-table'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { requireRole, scopeUnitIds } from '#app/utils/auth.server'
import { getDb, unitProgress, unitsWithin } from '#app/utils/db.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'street.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/street'])
  const db = getDb()
  const scope = scopeUnitIds(user, PAGE_ROLES['/street'])
  // Each community, then the street's (or district's) own letters and topics: those about the whole street, or whose community could not be told.
  const units = [...unitsWithin(db, scope, 'community'), ...unitsWithin(db, scope, 'street'), ...unitsWithin(db, scope, 'district')]
  const all = units.map(c => {
    const { complaintsByStatus: complaintsBy, topicsByStatus: topicsBy, inSuggestion } = unitProgress(db, c)
    const sum = (rows: { status: string; n: number }[], ...statuses: string[]) => rows.filter(r => statuses.includes(r.status)).reduce((a, r) => a + r.n, 0)
    // inSuggestion: not yet taken up, but already grouped into a suggested topic that waits for review.
    return {
      id: c.id,
      nameZh: c.nameZh,
      nameEn: c.nameEn,
      ownLevel: c.kind !== 'community',
      figures: {
        total: complaintsBy.reduce((a, r) => a + r.n, 0),
        // Nobody has taken these up yet: in no topic at all, not answered.
        waiting: sum(complaintsBy, 'received', 'classified') - inSuggestion,
        inSuggestion,
        inTopic: sum(complaintsBy, 'in_topic'),
        done: sum(complaintsBy, 'resolved', 'closed'),
        suggested: sum(topicsBy, 'suggested'),
        approved: sum(topicsBy, 'approved'),
      },
    }
  })
  // A street's own row only when it has something of its own.
  const rows = all.filter(r => !r.ownLevel || r.figures.total || r.figures.suggested || r.figures.approved)
  const total: Figures = { total: 0, waiting: 0, inSuggestion: 0, inTopic: 0, done: 0, suggested: 0, approved: 0 }
  for (const r of rows) for (const k of Object.keys(total) as (keyof Figures)[]) total[k] += r.figures[k]
  return json({ rows, total })
}

type Figures = { total: number; waiting: number; inSuggestion: number; inTopic: number; done: number; suggested: number; approved: number }

/** Where a community's complaints stand, as one bar: waiting, in a topic, done. */
function StageBar({ f }: { f: Figures }) {
  const t = useT()
  if (!f.total) return <span className="empty-value">{t('common.noData')}</span>
  const part = (n: number) => `${(n / f.total) * 100}%`
  return (
    <span
      className="stage-bar"
      role="img"
      aria-label={t('street.stageBar', { waiting: f.waiting, inSuggestion: f.inSuggestion, inTopic: f.inTopic, done: f.done })}
    >
      <span className="waiting" style={{ width: part(f.waiting) }} />
      <span className="in-suggestion" style={{ width: part(f.inSuggestion) }} />
      <span className="in-topic" style={{ width: part(f.inTopic) }} />
      <span className="done" style={{ width: part(f.done) }} />
    </span>
  )
}

export default function Street() {
  const t = useT()
  const locale = useLocale()
  const { rows, total } = useLoaderData<typeof loader>()
  const rate = (f: Figures) => (f.total ? `${Math.round((f.done / f.total) * 100)}%` : '—')
  type Line = { key: string; name: ReactNode; f: Figures }
  const lines: Line[] = rows.map(r => ({
    key: String(r.id),
    name: r.ownLevel ? t('street.ownLevel', { name: localName(r, locale) }) : <Link to={`/inbox?community=${r.id}`}>{localName(r, locale)}</Link>,
    f: r.figures,
  }))
  const totalLine: Line = { key: 'total', name: t('street.total'), f: total }
  const figure = (key: keyof Figures, header: ReactNode): Column<Line> => ({ key, header, numeric: true, cell: l => l.f[key] })
  const columns: Column<Line>[] = [
    { key: 'community', header: t('common.community'), rowHeader: true, cell: l => l.name },
    figure('total', t('street.complaints')),
    figure('waiting', t('street.waiting')),
    figure('inSuggestion', t('street.inSuggestion')),
    figure('inTopic', t('street.inTopic')),
    figure('done', t('street.done')),
    { key: 'doneRate', header: t('street.doneRate'), numeric: true, cell: l => rate(l.f) },
    figure('suggested', t('street.suggested')),
    figure('approved', t('street.approved')),
    { key: 'stages', header: t('street.stages'), cell: l => <StageBar f={l.f} /> },
  ]
  return (
    <section className="stack">
      <h1>{t('street.title')}</h1>
      <div className="grid kpis" role="list" aria-label={t('street.summary')}>
        {[
          { id: 'waiting', label: t('street.waiting'), value: total.waiting, hint: t('street.waitingHint'), to: '/inbox' },
          {
            id: 'suggested',
            label: t('street.suggested'),
            value: total.suggested,
            hint: t('street.suggestedHint', { count: total.inSuggestion }),
            to: '/topics?status=suggested',
          },
          { id: 'done', label: t('street.doneRate'), value: rate(total), hint: t('street.doneHint', { done: total.done, total: total.total }), to: '/reports' },
        ].map(k => (
          <Link className="card kpi" role="listitem" key={k.id} to={k.to} data-kpi={k.id}>
            <span className="hint">{k.label}</span>
            <span className="stat">{k.value}</span>
            <span className="hint">{k.hint}</span>
          </Link>
        ))}
      </div>
      <p className="legend hint" aria-hidden="true">
        <span className="swatch waiting" /> {t('street.waiting')} <span className="swatch in-suggestion" /> {t('street.inSuggestion')}{' '}
        <span className="swatch in-topic" /> {t('street.inTopic')} <span className="swatch done" /> {t('street.done')}
      </p>
      <DataTable
        caption={t('street.title')}
        captionHidden
        stackOnPhone
        className="street-table"
        columns={columns}
        rows={lines}
        footer={[totalLine]}
        rowKey={l => l.key}
        rowProps={l => (l === totalLine ? { className: 'total' } : {})}
      />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
