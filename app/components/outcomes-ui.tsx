import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { formatDate, formatDateTime } from '#app/utils/dates'

/** Work-order statuses are data: their labels come from the work_order_statuses table. */
export type StatusName = { code: string; nameZh: string; nameEn: string }

export function WorkOrderStatusBadge({ code, statuses }: { code: string; statuses: StatusName[] }) {
  const locale = useLocale()
  const s = statuses.find(x => x.code === code)
  const label = s ? localName(s, locale) : code
  return <span className={`badge status-${code}${code === 'overdue' || code === 'escalated' ? ' hot' : ''}`}>{label}</span>
}

/** An order's one status badge, with an overdue marker beside it unless the status already says `overdue`. */
export function WorkOrderStatus({ code, overdue, statuses }: { code: string; overdue: boolean; statuses: StatusName[] }) {
  const t = useT()
  return (
    <>
      <WorkOrderStatusBadge code={code} statuses={statuses} />
      {overdue && code !== 'overdue' ? (
        <>
          {' '}
          <span className="badge hot">{t('outcome.order.late')}</span>
        </>
      ) : null}
    </>
  )
}

/** A labelled progress bar (percent). */
export function ProgressMeter({ value, label }: { value: number; label?: string }) {
  const t = useT()
  return (
    <span className="progress-meter">
      <progress max={100} value={value} aria-label={label ?? t('outcome.progress')}>
        {value}%
      </progress>{' '}
      {value}%
    </span>
  )
}

/** Dates in China time, one format per locale (see utils/dates). */
export { formatDate as fmtDate, formatDateTime as fmtDateTime }

export function pct(rate: number | null | undefined) {
  return rate == null ? '—' : `${Math.round(rate * 1000) / 10}%`
}

/**
 * A decision's delivery as people should read it: "delivered" only when the
 * work is verified and every measurable target has a measured value; verified
 * work with unmeasured targets says so instead of claiming the result.
 */
/** How many of an open decision's orders went backwards (sent back for rework, returned by their department), after what precedes it. */
export function DecisionSetbacks({ setbacks }: { setbacks?: { rework: number; returned: number } | null }) {
  const t = useT()
  return (
    <>
      {setbacks?.rework ? <span className="hint"> · {t('outcome.decision.reworkCount', { count: setbacks.rework })}</span> : null}
      {setbacks?.returned ? <span className="hint"> · {t('outcome.decision.returnedCount', { count: setbacks.returned })}</span> : null}
    </>
  )
}

export function DecisionDelivery({
  status,
  progress,
  deliveredAt,
  targets,
  setbacks,
}: {
  status: string
  progress: number
  deliveredAt: string | null
  targets: { latest: number | null }[]
  /** Orders whose work went backwards, when the reader may know: the progress says why it is not higher. */
  setbacks?: { rework: number; returned: number }
}) {
  const t = useT()
  const locale = useLocale()
  const unmeasured = targets.filter(x => x.latest == null).length
  if (status !== 'delivered') {
    return (
      <>
        <span className="badge">{t('outcome.decision.open')}</span> <ProgressMeter value={progress} label={t('outcome.decision.progress')} />
        <DecisionSetbacks setbacks={setbacks} />
      </>
    )
  }
  if (unmeasured > 0) {
    return (
      <>
        <span className="badge" data-testid="decision-delivery">
          {t('outcome.decision.worksDone')}
        </span>
        <span className="hint"> · {t('outcome.decision.unmeasured', { count: unmeasured })}</span>
      </>
    )
  }
  return (
    <>
      <span className="badge ok" data-testid="decision-delivery">
        {t('outcome.decision.delivered')}
      </span>{' '}
      <ProgressMeter value={progress} label={t('outcome.decision.progress')} />
      {deliveredAt ? <span className="hint"> · {t('outcome.decision.deliveredAt', { date: formatDate(deliveredAt, locale) })}</span> : null}
    </>
  )
}

/**
 * The values a failed form post sent back (Conform's `initialValue`), so a
 * page without JavaScript re-renders what the user typed. Empty when the
 * answer carries none (a failed civic action answers only its message).
 */
export function submittedValues(result: unknown): Record<string, unknown> {
  const initial = result && typeof result === 'object' && 'initialValue' in result ? (result as { initialValue?: unknown }).initialValue : null
  return initial && typeof initial === 'object' ? (initial as Record<string, unknown>) : {}
}

/** One submitted value as text ('' when absent or not text). */
export function submittedText(values: Record<string, unknown>, name: string): string {
  const v = values[name]
  return typeof v === 'string' ? v : ''
}
