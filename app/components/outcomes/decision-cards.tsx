// The decision page's cards: its targets (measure, add), its work orders
// (list, create) and its satisfaction callbacks. Each form posts its own
// intent; a failed post comes back to the form that sent it.
import type { SerializeFrom } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { DataTable } from '#app/components/data-table'
import { DecisionTargets } from '#app/components/decision-targets'
import { ErrorList } from '#app/components/forms'
import { ProgressMeter, WorkOrderStatus, fmtDate, fmtDateTime, pct } from '#app/components/outcomes-ui'
import { MarkedText, ZhText } from '#app/components/zh-text'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import type { loader } from '#app/routes/_outcomes+/decisions.$id'
import { addDays, chinaDay } from '#app/utils/dates'
import { markZh } from '#app/utils/zh-marks'

export type DecisionPageData = SerializeFrom<typeof loader>
type Errors = Record<string, MessageKey>
/** The errors and typed values of one form, when it was that form that posted. */
export type PostedForm = { errors: Errors; values: Record<string, string> }

/** A field's error, with the id its control points screen readers to (see `invalid`). */
function FieldError({ errors, name }: { errors: Errors; name: string }) {
  return <ErrorList id={`${name}-error`} errors={errors[name] ? [errors[name]] : null} />
}

/** A control's error state for screen readers, when its form came back refused. */
const invalid = (errors: Errors, name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${name}-error` } : {})

const measurementCount = (data: DecisionPageData) => data.targets.reduce((n, tg) => n + tg.measurements.length, 0)

export function DecisionTargetsCard({ data, measure, addTarget }: { data: DecisionPageData; measure: PostedForm; addTarget: PostedForm }) {
  const t = useT()
  const { decision } = data
  const { errors: me, values: mv } = measure
  const { errors: te, values: tv } = addTarget
  const err = (errors: Errors, name: string) => <FieldError errors={errors} name={name} />
  return (
    <div className="card stack">
      <h2>{t('outcome.targets')}</h2>
      {data.targets.length === 0 ? <p>{t('outcome.targets.empty')}</p> : null}
      <DecisionTargets targets={data.targets} filePrefix={`decision-${decision.id}`} showAttainment captionHidden />
      {data.canMeasure && data.targets.length ? (
        // A new key after each saved measurement empties the form, so the same value is not sent twice.
        <Form key={`measure-${measurementCount(data)}`} method="post" className="stack" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="measure" />
          <h3>{t('outcome.measure.title')}</h3>
          <div className="row">
            <label>
              {t('outcome.target.metric')}
              <select name="targetId" defaultValue={mv.targetId ?? ''} {...invalid(me, 'targetId')}>
                {data.targets.map(tg => (
                  <option key={tg.id} value={tg.id} lang="zh-CN">
                    {tg.metric}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('outcome.measure.value')}
              <input name="value" inputMode="decimal" size={8} required defaultValue={mv.value ?? ''} {...invalid(me, 'value')} />
            </label>
            <label>
              {t('outcome.measure.date')}
              <input
                name="measuredAt"
                type="date"
                required
                max={chinaDay(Date.now())}
                defaultValue={mv.measuredAt ?? chinaDay(Date.now())}
                {...invalid(me, 'measuredAt')}
              />
            </label>
            <label>
              {t('outcome.measure.note')}
              <input name="note" maxLength={500} defaultValue={mv.note ?? ''} {...invalid(me, 'note')} />
            </label>
          </div>
          {err(me, 'value')}
          {err(me, 'measuredAt')}
          {err(me, 'targetId')}
          {err(me, 'note')}
          <button type="submit">{t('outcome.measure.submit')}</button>
        </Form>
      ) : null}
      {data.canMeasure ? (
        <details key={`targets-${data.targets.length}`} open={Object.keys(te).length > 0}>
          <summary>{t('outcome.target.add')}</summary>
          <Form method="post" className="row" noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="addTarget" />
            <label>
              {t('outcome.target.metric')}
              <input name="metric" maxLength={100} required defaultValue={tv.metric ?? ''} {...invalid(te, 'metric')} />
            </label>
            <label>
              {t('outcome.target.unit')}
              <input name="unit" maxLength={20} size={6} defaultValue={tv.unit ?? ''} {...invalid(te, 'unit')} />
            </label>
            <label>
              {t('outcome.target.baseline')}
              <input name="baseline" inputMode="decimal" size={6} required defaultValue={tv.baseline ?? ''} {...invalid(te, 'baseline')} />
            </label>
            <label>
              {t('outcome.target.target')}
              <input name="target" inputMode="decimal" size={6} required defaultValue={tv.target ?? ''} {...invalid(te, 'target')} />
            </label>
            <button type="submit">{t('outcome.target.add')}</button>
            {err(te, 'metric')}
            {err(te, 'unit')}
            {err(te, 'baseline')}
            {err(te, 'target')}
          </Form>
        </details>
      ) : null}
    </div>
  )
}

export function DecisionOrdersCard({ data, createOrders }: { data: DecisionPageData; createOrders: PostedForm }) {
  const t = useT()
  const locale = useLocale()
  const { decision, topic } = data
  const { errors: oe, values: ov } = createOrders
  const err = (errors: Errors, name: string) => <FieldError errors={errors} name={name} />
  const chosenDepts = new Set((ov.departmentIds ?? '').split(',').filter(Boolean))
  const defaultDue = chinaDay(addDays(Date.now(), 30))
  return (
    <div className="card stack">
      <h2>{t('outcome.orders')}</h2>
      {data.orders.length === 0 ? <p>{t('orders.empty')}</p> : null}
      {/* Cards on phones: each order's status, progress and due date named, nothing to scroll sideways. */}
      {data.orders.length ? (
        <DataTable
          caption={t('outcome.orders')}
          captionHidden
          stackOnPhone
          rows={data.orders}
          rowKey={o => o.id}
          columns={[
            { key: 'department', header: t('orders.department'), rowHeader: true, cell: o => (locale === 'zh' ? o.department : o.departmentEn) },
            {
              key: 'title',
              header: t('outcome.order.title'),
              wide: true,
              cell: o =>
                o.canOpen ? (
                  <Link to={`/orders/${o.id}`} lang="zh-CN">
                    {o.title}
                  </Link>
                ) : (
                  <span lang="zh-CN">{o.title}</span>
                ),
            },
            {
              key: 'status',
              header: t('common.status'),
              cell: o => (
                <>
                  <WorkOrderStatus code={o.status} overdue={o.overdue} statuses={data.statuses} />
                  <OrderSetback setback={o.setback} />
                </>
              ),
            },
            { key: 'progress', header: t('outcome.progress'), cell: o => <ProgressMeter value={o.progress} /> },
            { key: 'due', header: t('orders.due'), cell: o => fmtDate(o.dueAt, locale) },
          ]}
        />
      ) : null}
      {!data.canOrder ? (
        <p className="hint" data-testid="who-dispatches">
          {data.dispatchers.length ? (
            <MarkedText text={t('outcome.orders.whoDispatches', { names: data.dispatchers.map(markZh).join(locale === 'zh' ? '、' : ', ') })} />
          ) : (
            t('outcome.orders.noDispatcher')
          )}
        </p>
      ) : null}
      {data.canOrder ? (
        // Once orders are created the form closes and empties (a new key), so they are not sent twice.
        <details key={`orders-${data.orders.length}`} open={data.orders.length === 0 || Object.keys(oe).length > 0}>
          <summary>{t('outcome.orders.create')}</summary>
          <Form method="post" className="stack" noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="createOrders" />
            <fieldset>
              <legend>{t('outcome.orders.departments')}</legend>
              {data.departments.map(d => (
                <label key={d.id} className="row">
                  <input type="checkbox" name="departmentIds" value={d.id} defaultChecked={chosenDepts.has(String(d.id))} {...invalid(oe, 'departmentIds')} />{' '}
                  {locale === 'zh' ? d.nameZh : d.nameEn}
                  {d.staffed ? null : t('outcome.orders.noAccounts')}
                </label>
              ))}
              {data.departments.some(d => !d.staffed) ? <p className="hint">{t('outcome.orders.noAccountsHint')}</p> : null}
            </fieldset>
            {err(oe, 'departmentIds')}
            <label>
              {t('outcome.order.title')}
              <input name="title" maxLength={200} required defaultValue={ov.title ?? decision.title} {...invalid(oe, 'title')} />
            </label>
            {err(oe, 'title')}
            <label>
              {t('outcome.order.problem')}
              <textarea
                name="problem"
                rows={3}
                required
                maxLength={5000}
                defaultValue={ov.problem ?? `${topic.title}${decision.description ? `\n${decision.description}` : ''}`}
                {...invalid(oe, 'problem')}
              />
            </label>
            <p className="hint">{t('outcome.order.privacyHint')}</p>
            {err(oe, 'problem')}
            <label>
              {t('outcome.order.place')}
              <input name="place" maxLength={200} defaultValue={ov.place ?? topic.place ?? ''} {...invalid(oe, 'place')} />
            </label>
            {err(oe, 'place')}
            <div className="row">
              <label>
                {t('outcome.order.priority')}
                <select name="priority" defaultValue={ov.priority ?? 'normal'}>
                  {(['low', 'normal', 'high', 'urgent'] as const).map(p => (
                    <option key={p} value={p}>
                      {t(`outcome.priority.${p}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('orders.due')}
                <input name="dueAt" type="date" min={chinaDay(Date.now())} required defaultValue={ov.dueAt ?? defaultDue} {...invalid(oe, 'dueAt')} />
              </label>
            </div>
            {err(oe, 'dueAt')}
            <label className="row">
              <input type="checkbox" name="dispatch" defaultChecked={ov.dispatch ? ov.dispatch === 'on' : true} /> {t('outcome.orders.dispatchNow')}
            </label>
            <button type="submit" className="primary">
              {t('outcome.orders.create')}
            </button>
          </Form>
        </details>
      ) : null}
    </div>
  )
}

/** Why an order's work went backwards: sent back for rework (or reopened by a rating), or returned by its department, and the reason given. */
function OrderSetback({ setback }: { setback: DecisionPageData['orders'][number]['setback'] }) {
  const t = useT()
  if (!setback) return null
  return (
    <>
      {setback.kind === 'rework' ? (
        <>
          {' '}
          <span className="badge hot">{t('outcome.order.rework')}</span>
        </>
      ) : null}
      {setback.rating != null ? <div className="hint">{t('outcome.order.reworkByRating', { rating: setback.rating })}</div> : null}
      {setback.reason ? (
        <div className="hint">
          {t('outcome.order.setbackReason')}
          <ZhText>{setback.reason}</ZhText>
        </div>
      ) : null}
    </>
  )
}

export function DecisionSatisfactionCard({ data }: { data: DecisionPageData }) {
  const t = useT()
  const locale = useLocale()
  const { decision } = data
  return (
    <div className="card stack">
      <h2>{t('outcome.satisfaction')}</h2>
      <div className="grid">
        <div>
          <div className="stat">{pct(data.callback.rate)}</div>
          <div className="hint">
            {t('outcome.kpi.callbackRate')} ({data.callback.num}/{data.callback.den})
          </div>
        </div>
        <div>
          <div className="stat">{pct(data.satisfaction.rate)}</div>
          <div className="hint">
            {t('outcome.kpi.satisfactionRate')} ({data.satisfaction.num}/{data.satisfaction.den})
          </div>
        </div>
      </div>
      {decision.status !== 'delivered' && data.callback.den === 0 ? <p className="hint">{t('outcome.satisfaction.afterDelivery')}</p> : null}
      {data.callbacks.length ? (
        <DataTable
          caption={t('outcome.callbacks')}
          stackOnPhone
          rows={data.callbacks}
          rowKey={c => c.id}
          columns={[
            {
              key: 'audience',
              header: t('outcome.callbacks.audience'),
              rowHeader: true,
              // The card's heading on a phone: which person this is, not only which kind.
              cell: c => {
                const who = t(c.audience === 'panel' ? 'outcome.callbacks.panelNo' : 'outcome.callbacks.complainantNo', { n: c.number })
                return c.maskedName ? (
                  <>
                    {who} · <ZhText>{c.maskedName}</ZhText>
                  </>
                ) : (
                  who
                )
              },
            },
            {
              key: 'channel',
              header: t('outcome.callbacks.channel'),
              cell: c => (c.viaAccount ? t('outcome.callbacks.viaAccount') : `${t('outcome.callbacks.viaSms')} ${c.phone ?? ''}`.trim()),
            },
            {
              key: 'sms',
              header: t('outcome.callbacks.sms'),
              cell: c => (
                <span data-testid="callback-delivery" data-delivery={c.sms?.status ?? 'none'}>
                  {c.sms
                    ? c.sms.status === 'sent'
                      ? t('panels.sms.sent', { time: fmtDateTime(c.sms.sentAt, locale) })
                      : c.sms.status === 'queued'
                        ? t('panels.sms.queued')
                        : c.sms.noPhone
                          ? t('panels.sms.noPhone')
                          : t('panels.sms.failed')
                    : '—'}
                </span>
              ),
            },
            {
              key: 'rating',
              header: t('outcome.rate.rating'),
              cell: c => (
                <>
                  {c.answeredAt ? `${c.rating}/5` : t('outcome.callbacks.pending')}
                  {c.comment ? (
                    <div className="hint" lang="zh-CN">
                      {c.comment}
                    </div>
                  ) : null}
                  {c.reopened ? <span className="badge hot">{t('outcome.callbacks.reopened')}</span> : null}
                </>
              ),
            },
          ]}
        />
      ) : null}
    </div>
  )
}
