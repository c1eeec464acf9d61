import { type ActionFunctionArgs, type LoaderFunctionArgs, json, redirect, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { moveWorkOrder } from '#app/commands/outcomes.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ErrorList, fieldErrors } from '#app/components/forms'
import { ProgressMeter, fmtDate, fmtDateTime, submittedText, submittedValues } from '#app/components/outcomes-ui'
import { TopicTitle, ZhText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import { localText } from '#app/i18n/local-name'
import { requireRole, scopeUnitIds, validateCsrf } from '#app/utils/auth.server'
import { DAY_MS, startOfChinaDay } from '#app/utils/dates'
import {
  getDb,
  getWorkOrder,
  isWorkOrderOverdue,
  listAllowedTransitions,
  listDecisions,
  listWorkOrders,
  listWorkOrderStatuses,
  workOrderRolesOf,
} from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'supervise.title') }]

/**
 * 监察联络员: verify delivery before an order is closed (awaiting verification →
 * verified, or back to in progress with a note), chase work orders past their
 * deadline, and follow open decisions.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/supervise'])
  const db = getDb()
  const scope = scopeUnitIds(user, PAGE_ROLES['/supervise'])
  const waiting = listWorkOrders(db, { topicScope: scope, status: 'awaiting_verification' }).map(r => {
    const view = getWorkOrder(db, r.id)!
    // The department's latest word on the work: the hand-in's note, or the last progress report when it was handed in without one.
    const last = [...view.events].reverse().find(e => (e.kind === 'progress' || e.toStatus === 'awaiting_verification') && e.note)
    const photos = view.events.reduce((n, e) => n + e.photos.length, 0)
    return {
      id: r.id,
      title: r.title,
      place: r.place,
      department: r.department,
      departmentEn: r.departmentEn,
      dueAt: r.dueAt,
      version: r.version,
      decisionTitle: r.decisionTitle,
      lastNote: last?.note ?? null,
      lastAt: last?.createdAt ?? null,
      photos,
      // Verifying is the supervisor's step; street staff follow the list without the buttons.
      canVerify: listAllowedTransitions(
        db,
        'awaiting_verification',
        workOrderRolesOf(db, { kind: 'user', id: user.id }, { departmentId: r.departmentId, topicUnitId: r.topicUnitId }),
      ).some(t => t.to === 'verified'),
    }
  })
  // Work still owed after its deadline day, whether or not the overdue job has flagged it yet: the longest late first.
  const now = Date.now()
  const late = listWorkOrders(db, { topicScope: scope })
    .filter(r => isWorkOrderOverdue(r, now))
    .map(r => ({
      id: r.id,
      title: r.title,
      place: r.place,
      status: r.status,
      department: r.department,
      departmentEn: r.departmentEn,
      dueAt: r.dueAt,
      progress: r.progress,
      daysLate: Math.round((startOfChinaDay(now).getTime() - startOfChinaDay(r.dueAt).getTime()) / DAY_MS),
    }))
    .sort((a, b) => b.daysLate - a.daysLate || a.id - b.id)
  const decisions = listDecisions(db, scope)
    .filter(d => d.status !== 'delivered')
    .map(d => ({ id: d.id, title: d.title, progress: d.progress, topicTitle: d.topicTitle, topicId: d.topicId }))
  return json({ waiting, late, decisions, statuses: listWorkOrderStatuses(db).map(s => ({ code: s.code, nameZh: s.nameZh, nameEn: s.nameEn })) })
}

const VerifySchema = z
  .object({
    workOrderId: z.number().int().positive(),
    version: z.number().int().positive(),
    to: z.enum(['verified', 'in_progress']),
    note: z.string().trim().max(2000).default(''),
  })
  // Sending work back needs a reason the department can act on.
  .refine(v => v.to !== 'in_progress' || v.note, { message: 'outcome.error.reasonRequired', path: ['note'] })

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/supervise'])
  const form = await request.formData()
  validateCsrf(request, form)
  const parsed = parseForm(form, VerifySchema)
  if (!parsed.ok) return parsed.response
  const { workOrderId, version, to, note } = parsed.value
  const ctx = { db: getDb(), actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const r = await runCommand(() => moveWorkOrder(ctx, { workOrderId, to, expectedVersion: version, note: note || null }, { request }), { orderId: workOrderId })
  if (!r.ok) return r.response
  // Back to the list, which says what became of the order that just left it.
  return redirect(`/supervise?done=${to === 'verified' ? 'verified' : 'sentBack'}`, 303)
}

export default function Supervise() {
  const t = useT()
  const locale = useLocale()
  const { waiting, late, decisions, statuses } = useLoaderData<typeof loader>()
  const statusName = (code: string) => {
    const st = statuses.find(x => x.code === code)
    return st ? localText(st.nameZh, st.nameEn, locale) : code
  }
  const doneParam = useSearchParams()[0].get('done')
  const actionData = useActionData<typeof action>()
  // A failed post answers for one order: its note keeps what was typed and shows its error.
  const result = actionData && 'result' in actionData ? actionData.result : undefined
  const errors = fieldErrors(result)
  const posted = submittedValues(result)
  const postedFor = Number(submittedText(posted, 'workOrderId'))
  const postedNote = submittedText(posted, 'note')
  return (
    <section className="stack">
      <h1>{t('supervise.title')}</h1>
      {!actionData && (doneParam === 'verified' || doneParam === 'sentBack') ? (
        <p role="status" className="ok">
          {t(doneParam === 'verified' ? 'outcome.supervise.done.verified' : 'outcome.supervise.done.sentBack')}
        </p>
      ) : null}
      {actionData && 'error' in actionData ? (
        <p className="error" role="alert">
          {t(actionData.error)}
        </p>
      ) : result ? (
        <p className="error" role="alert">
          {t('outcome.error.fixBelow')}
        </p>
      ) : null}
      <h2>{t('outcome.supervise.waiting')}</h2>
      {waiting.length === 0 ? (
        <p>{t('supervise.empty')}</p>
      ) : (
        <ul className="list">
          {waiting.map(o => (
            <li key={o.id} className="stack">
              <div>
                <Link to={`/orders/${o.id}`}>
                  <strong lang="zh-CN" id={`order-${o.id}-title`}>
                    {o.title}
                  </strong>
                </Link>{' '}
                <span className="hint">
                  <OrderFacts order={o} />
                </span>
              </div>
              <div className="hint" lang="zh-CN">
                {o.decisionTitle}
              </div>
              {o.lastNote ? (
                <blockquote>
                  <ZhText>{o.lastNote}</ZhText> <span className="hint">({fmtDateTime(o.lastAt, locale)})</span>
                </blockquote>
              ) : null}
              <p className="hint">
                {o.photos ? t(o.photos === 1 ? 'outcome.supervise.photo' : 'outcome.supervise.photos', { count: o.photos }) : t('outcome.supervise.noPhotos')}
              </p>
              {o.canVerify ? (
                <Form method="post" className="stack" noValidate>
                  <CsrfInput />
                  <input type="hidden" name="workOrderId" value={o.id} />
                  <input type="hidden" name="version" value={o.version} />
                  <label>
                    {t('outcome.supervise.note')}
                    <textarea
                      name="note"
                      rows={2}
                      maxLength={2000}
                      defaultValue={postedFor === o.id ? postedNote : ''}
                      aria-invalid={postedFor === o.id && errors.note ? true : undefined}
                      aria-describedby={postedFor === o.id && errors.note ? `note-error-${o.id}` : undefined}
                    />
                  </label>
                  {postedFor === o.id ? <ErrorList id={`note-error-${o.id}`} errors={errors.note} /> : null}
                  <div className="row">
                    {/* Each button names its order to screen readers, which may list the page's buttons without the lines around them. */}
                    <button type="submit" name="to" value="verified" className="primary" aria-describedby={`order-${o.id}-title`}>
                      {t('outcome.supervise.verify')}
                    </button>
                    <button type="submit" name="to" value="in_progress" aria-describedby={`order-${o.id}-title`}>
                      {t('outcome.supervise.sendBack')}
                    </button>
                  </div>
                </Form>
              ) : (
                <p className="hint">{t('outcome.supervise.bySupervisor')}</p>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('outcome.supervise.late')}</h2>
      {late.length === 0 ? (
        <p>{t('outcome.supervise.noneLate')}</p>
      ) : (
        <ul className="list">
          {late.map(o => (
            <li key={o.id}>
              <Link to={`/orders/${o.id}`}>
                <strong lang="zh-CN">{o.title}</strong>
              </Link>{' '}
              <span className="badge hot">{o.daysLate === 1 ? t('outcome.supervise.dayLate') : t('outcome.supervise.daysLate', { count: o.daysLate })}</span>{' '}
              <span className="hint">
                · {statusName(o.status)} <OrderFacts order={o} />
              </span>{' '}
              <ProgressMeter value={o.progress} />
            </li>
          ))}
        </ul>
      )}
      <h2>{t('outcome.supervise.following')}</h2>
      {decisions.length === 0 ? (
        <p>{t('outcome.decisions.empty')}</p>
      ) : (
        <ul className="list">
          {decisions.map(d => (
            <li key={d.id}>
              <Link to={`/public/topics/${d.topicId}`}>
                <ZhText>{d.title}</ZhText>
              </Link>{' '}
              <span className="hint">
                · <TopicTitle title={d.topicTitle} />
              </span>{' '}
              <ProgressMeter value={d.progress} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** “· department · place · due date” of an order in either list; an order without a place names none. */
function OrderFacts({ order }: { order: { department: string; departmentEn: string | null; place: string | null; dueAt: string } }) {
  const t = useT()
  const locale = useLocale()
  return (
    <>
      · {localText(order.department, order.departmentEn, locale)}
      {order.place ? (
        <>
          {' '}
          · <ZhText>{order.place}</ZhText>
        </>
      ) : null}{' '}
      · {t('orders.due')} {fmtDate(order.dueAt, locale)}
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
