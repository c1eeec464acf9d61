import { type LoaderFunctionArgs, json, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DataTable } from '#app/components/data-table'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { DecisionSetbacks, ProgressMeter, fmtDate, fmtDateTime } from '#app/components/outcomes-ui'
import { TopicTitle, ZhText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import { mayRecordDecision } from '#app/services/outcomes.server'
import { requireRole, scopeUnitIds } from '#app/utils/auth.server'
import { getDb, listDecisions, listMeetingsAwaitingDecision, listOrderSetbackCounts, listUnmeasuredTargetCounts } from '#app/utils/db.server'
import { pageTitle } from '#app/utils/meta'
import { DECISION_VIEW_ROLES } from '#app/utils/permissions'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'outcome.decisions.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, DECISION_VIEW_ROLES)
  const db = getDb()
  const scope = scopeUnitIds(user, DECISION_VIEW_ROLES)
  const rows = listDecisions(db, scope)
  const unmeasured = listUnmeasuredTargetCounts(
    db,
    rows.map(d => d.id),
  )
  // Orders sent back for rework or returned, counted as the decision's own page counts them.
  const setbacks = listOrderSetbackCounts(
    db,
    rows.map(d => d.id),
  )
  return json({
    decisions: rows.map(d => ({
      id: d.id,
      title: d.title,
      status: d.status,
      progress: d.progress,
      deliveredAt: d.deliveredAt,
      createdAt: d.createdAt,
      topicTitle: d.topicTitle,
      unmeasured: unmeasured.get(d.id) ?? 0,
      setbacks: setbacks.get(d.id) ?? null,
    })),
    awaiting: listMeetingsAwaitingDecision(db, scope).map(m => ({
      id: m.id,
      title: m.title,
      startsAt: m.startsAt,
      topicTitle: m.topicTitle,
      canRecord: mayRecordDecision(user, m.unitId),
    })),
    // Overseers (supervisors) read decisions here but do not record them.
    canRecord: mayRecordDecision(user),
  })
}

export default function Decisions() {
  const t = useT()
  const locale = useLocale()
  const { decisions, awaiting, canRecord } = useLoaderData<typeof loader>()
  return (
    <section className="stack">
      <h1>{t('outcome.decisions.title')}</h1>
      <p className="hint">{t('outcome.decisions.lead')}</p>
      {awaiting.length ? (
        <div className="card">
          <h2>{t('outcome.decisions.awaiting')}</h2>
          <ul className="list">
            {awaiting.map(m => (
              <li key={m.id}>
                <ZhText>{m.title}</ZhText>{' '}
                <span className="hint">
                  · <TopicTitle title={m.topicTitle} /> · {fmtDateTime(m.startsAt, locale)}
                </span>
                {m.canRecord ? (
                  <>
                    {' '}
                    <Link className="button" to={`/decisions/new?meetingId=${m.id}`}>
                      {t('outcome.decisions.record')}
                    </Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {canRecord ? (
        <p>
          <Link to="/decisions/new">{t('outcome.decisions.recordWithoutMeeting')}</Link>
        </p>
      ) : null}
      <DataTable
        caption={t('outcome.decisions.title')}
        captionHidden
        stackOnPhone
        empty={<p>{t('outcome.decisions.empty')}</p>}
        rows={decisions}
        rowKey={d => d.id}
        columns={[
          {
            key: 'title',
            header: t('outcome.decision.title'),
            rowHeader: true,
            cell: d => (
              <Link to={`/decisions/${d.id}`}>
                <ZhText>{d.title}</ZhText>
              </Link>
            ),
          },
          { key: 'topic', header: t('outcome.topic'), cell: d => <TopicTitle title={d.topicTitle} /> },
          { key: 'progress', header: t('outcome.progress'), cell: d => <ProgressMeter value={d.progress} /> },
          {
            key: 'status',
            header: t('common.status'),
            cell: d =>
              d.status !== 'delivered' ? (
                <>
                  <span className="badge">{t('outcome.decision.open')}</span>
                  <DecisionSetbacks setbacks={d.setbacks} />
                </>
              ) : d.unmeasured ? (
                <span className="badge" title={t('outcome.decision.unmeasured', { count: d.unmeasured })}>
                  {t('outcome.decision.worksDone')}
                </span>
              ) : (
                <span className="badge ok">{t('outcome.decision.delivered')}</span>
              ),
          },
          { key: 'time', header: t('common.time'), cell: d => fmtDate(d.deliveredAt ?? d.createdAt, locale) },
        ]}
      />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
