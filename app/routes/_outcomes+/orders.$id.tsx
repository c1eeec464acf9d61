import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { MaxPartSizeExceededError, json, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { getDb, getWorkOrder, listAllowedTransitions, listWorkOrderStatuses, workOrderRolesOf } from '#app/utils/db.server'
import { moveWorkOrder, postWorkOrderUpdate } from '#app/commands/outcomes.server'
import { runCommand } from '#app/utils/errors.server'
import { WORK_ORDER_ROLES } from '#app/utils/permissions'
import { localName } from '#app/i18n/local-name'
import { requireRole, validateCsrf } from '#app/utils/auth.server'
import { MAX_ORDER_PHOTOS, MAX_PHOTO_BYTES, checkPhoto, limitFormParts, storeWorkOrderPhoto } from '#app/services/uploads.server'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ZhText } from '#app/components/zh-text'
import { ProgressMeter, WorkOrderStatusBadge, fmtDate, fmtDateTime, submittedText, submittedValues } from '#app/components/outcomes-ui'
import { ErrorList, fieldErrors as fieldErrors_ } from '#app/components/forms'
import { parseForm } from '#app/utils/forms.server'
import type { Submission } from '@conform-to/react'

/** Who may open a work order: its department, street staff and supervisors over it. */

function loadOrder(request: Request, idParam: string | undefined) {
  const user = requireRole(request, WORK_ORDER_ROLES)
  const db = getDb()
  const id = Number(idParam)
  const view = Number.isInteger(id) ? getWorkOrder(db, id) : null
  if (!view) throw new Response('Not found', { status: 404 })
  const roles = workOrderRolesOf(db, { kind: 'user', id: user.id }, { departmentId: view.order.departmentId, topicUnitId: view.topicUnitId })
  if (!roles.length) throw new Response('Forbidden', { status: 403 })
  return { user, db, view, roles }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, view, roles } = loadOrder(request, params.id)
  const o = view.order
  const statuses = listWorkOrderStatuses(db).map(s => ({ code: s.code, nameZh: s.nameZh, nameEn: s.nameEn }))
  // Only what a department needs: the problem, the place, the decision. No complainants.
  return json({
    order: { id: o.id, title: o.title, problem: o.problem, place: o.place, priority: o.priority, dueAt: o.dueAt, status: o.status, progress: o.progress, version: o.version, createdAt: o.createdAt },
    department: { zh: view.department, en: view.departmentEn },
    decision: { id: o.decisionId, title: view.decisionTitle, description: view.decisionDescription, status: view.decisionStatus, progress: view.decisionProgress },
    topic: { id: view.topicId, title: view.topicTitle, place: view.topicPlace },
    events: view.events.map(e => ({ id: e.id, kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus, progress: e.progress, note: e.note, createdAt: e.createdAt, byStaff: e.actorId != null, photos: e.photos.map(p => ({ id: p.id, name: p.originalName })) })),
    updateCount: view.events.filter(e => e.kind !== 'transition').length,
    transitions: listAllowedTransitions(db, o.status, roles).map(t => t.to),
    canUpdate: (roles.includes('department_staff') || roles.includes('street_staff')) && !['draft', 'verified', 'closed'].includes(o.status),
    isStreet: roles.includes('street_staff'),
    statuses,
    late: !['draft', 'verified', 'closed'].includes(o.status) && +o.dueAt < Date.now(),
  })
}

const progressRange = 'outcome.error.progressRange'
const OrderActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('transition'),
    to: z.string().min(1).max(40),
    version: z.number().int().positive(),
    note: z.string().trim().max(2000, 'outcome.error.tooLong').optional(),
  }),
  z.object({
    intent: z.literal('update'),
    note: z.string({ required_error: 'outcome.error.noteRequired' }).trim().min(1, 'outcome.error.noteRequired').max(2000, 'outcome.error.tooLong'),
    progress: z.number({ invalid_type_error: progressRange }).int(progressRange).min(0, progressRange).max(95, progressRange).optional(),
  }),
])

/** A photo problem, answered in the same shape as the form's other field errors. */
function photoError(key: MessageKey, submission?: Submission<unknown>) {
  const result = submission ? submission.reply({ fieldErrors: { photos: [key] } }) : { status: 'error' as const, error: { photos: [key] } }
  return json({ result }, { status: 400 })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, db, view } = loadOrder(request, params.id)
  const ctx = { db, actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const isMultipart = (request.headers.get('content-type') ?? '').startsWith('multipart/form-data')
  let form: FormData
  try {
    form = isMultipart ? await unstable_parseMultipartFormData(request, limitFormParts(unstable_createMemoryUploadHandler({ maxPartSize: MAX_PHOTO_BYTES }), MAX_ORDER_PHOTOS + 20)) : await request.formData()
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return photoError('outcome.error.photoSize')
    throw e
  }
  validateCsrf(request, form)
  const parsed = parseForm(form, OrderActionSchema)
  if (!parsed.ok) return parsed.response
  const input = parsed.value

  if (input.intent === 'transition') {
    const r = await runCommand(() => moveWorkOrder(ctx, { workOrderId: view.order.id, to: input.to, expectedVersion: input.version, note: input.note || null }, { request }))
    if (!r.ok) return r.response
    return redirect(`/orders/${view.order.id}`, 303)
  }

  const files = form.getAll('photos').filter((f): f is File => typeof f !== 'string' && f.size > 0)
  if (files.length > MAX_ORDER_PHOTOS) return photoError('outcome.error.photoCount', parsed.submission)
  const photos = []
  for (const f of files) {
    const c = await checkPhoto(f)
    if (!c.ok) return photoError(c.reason === 'size' ? 'outcome.error.photoSize' : 'outcome.error.photoType', parsed.submission)
    photos.push(c)
  }
  const stored: { storagePath: string; mimeType: string; sizeBytes: number; originalName: string }[] = []
  for (const p of photos) stored.push({ storagePath: await storeWorkOrderPhoto(view.order.id, p), mimeType: p.mimeType, sizeBytes: p.bytes.byteLength, originalName: p.name })
  const r = await runCommand(() => postWorkOrderUpdate(ctx, { workOrderId: view.order.id, note: input.note, progress: input.progress ?? null, photos: stored }, { request }))
  if (!r.ok) return r.response
  return redirect(`/orders/${view.order.id}`, 303)
}

export default function WorkOrderPage() {
  const t = useT()
  const locale = useLocale()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const nav = useNavigation()
  const { order, statuses } = data
  const result = actionData && 'result' in actionData ? actionData.result : undefined
  const fieldErrors = fieldErrors_(result)
  const posted = submittedValues(result)
  const values = { note: submittedText(posted, 'note'), progress: submittedText(posted, 'progress') }
  const statusName = (code: string | null) => {
    const s = statuses.find(x => x.code === code)
    return s ? localName(s, locale) : (code ?? '')
  }
  return (
    <section className="stack">
      <p>
        <Link to="/orders">← {t('orders.title')}</Link>
      </p>
      <h1>
        {t('outcome.order.heading', { id: order.id })} · <ZhText>{order.title}</ZhText>
      </h1>
      {actionData && 'error' in actionData ? (
        <p className="error" role="alert">
          {t(actionData.error)}
        </p>
      ) : result && !fieldErrors.note && !fieldErrors.progress && !fieldErrors.photos ? (
        <p className="error" role="alert">
          {t('outcome.error.invalid')}
        </p>
      ) : null}
      <div className="card stack">
        <p>
          <WorkOrderStatusBadge code={order.status} statuses={statuses} /> {data.late ? <span className="badge hot">{t('outcome.order.late')}</span> : null} <ProgressMeter value={order.progress} />
        </p>
        <dl className="grid">
          <div>
            <dt>{t('orders.department')}</dt>
            <dd>{locale === 'zh' ? data.department.zh : data.department.en}</dd>
          </div>
          <div>
            <dt>{t('outcome.order.priority')}</dt>
            <dd>{t(`outcome.priority.${order.priority}`)}</dd>
          </div>
          <div>
            <dt>{t('orders.due')}</dt>
            <dd>{fmtDate(order.dueAt, locale)}</dd>
          </div>
          <div>
            <dt>{t('outcome.order.place')}</dt>
            <dd>{order.place ?? data.topic.place ? <ZhText>{order.place ?? data.topic.place}</ZhText> : '—'}</dd>
          </div>
        </dl>
        <h2>{t('outcome.order.problem')}</h2>
        <p style={{ whiteSpace: 'pre-wrap' }} lang="zh-CN">
          {order.problem}
        </p>
        <h2>{t('outcome.order.decision')}</h2>
        <p>
          {data.isStreet ? (
            <Link to={`/decisions/${data.decision.id}`} lang="zh-CN">
              {data.decision.title}
            </Link>
          ) : (
            <strong lang="zh-CN">{data.decision.title}</strong>
          )}
          {data.decision.description ? (
            <span className="hint">
              {' — '}
              <ZhText>{data.decision.description}</ZhText>
            </span>
          ) : null}
        </p>
        <p className="hint">{t('outcome.order.privacy')}</p>
      </div>

      {data.transitions.length ? (
        <div className="card stack">
          <h2>{t('outcome.order.actions')}</h2>
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="transition" />
            <input type="hidden" name="version" value={order.version} />
            <label>
              {t('outcome.order.note')}
              <textarea name="note" rows={2} maxLength={2000} />
            </label>
            <div className="row">
              {data.transitions.map(to => (
                <button key={to} type="submit" name="to" value={to} className={to === 'verified' || to === 'accepted' || to === 'closed' ? 'primary' : undefined} disabled={nav.state !== 'idle'}>
                  {t('outcome.order.moveTo', { status: statusName(to) })}
                </button>
              ))}
            </div>
          </Form>
        </div>
      ) : null}

      {data.canUpdate ? (
        <div className="card stack">
          <h2>{t('outcome.order.postUpdate')}</h2>
          {/* Remounted after each saved progress update, so the form starts empty again and nothing invites a double submit.
              Keyed on the number of updates, not the order's version: a status change also bumps the version, and
              remounting then would throw away a note, progress and photos typed while the change was saving. */}
          <Form method="post" encType="multipart/form-data" className="stack" noValidate key={data.updateCount}>
            <CsrfInput />
            <input type="hidden" name="intent" value="update" />
            <label>
              {t('outcome.order.updateText')}
              <textarea name="note" rows={3} maxLength={2000} required defaultValue={values.note} aria-invalid={!!fieldErrors.note || undefined} aria-describedby={fieldErrors.note ? 'note-error' : undefined} />
            </label>
            <ErrorList id="note-error" errors={fieldErrors.note} />
            <label>
              {t('outcome.order.updateProgress')}
              <input name="progress" type="number" min={0} max={95} inputMode="numeric" defaultValue={values.progress} aria-invalid={!!fieldErrors.progress || undefined} aria-describedby={fieldErrors.progress ? 'progress-error' : undefined} />
            </label>
            <ErrorList id="progress-error" errors={fieldErrors.progress} />
            <label>
              {t('outcome.order.photos')}
              <input name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="photos-hint" />
            </label>
            <p id="photos-hint" className="hint">
              {t('outcome.order.photosHint')}
            </p>
            <ErrorList id="photos-error" errors={fieldErrors.photos} />
            <button type="submit" className="primary" disabled={nav.state !== 'idle'}>
              {t('outcome.order.postUpdate')}
            </button>
          </Form>
        </div>
      ) : null}

      <div className="card">
        <h2>{t('outcome.order.history')}</h2>
        <ol className="list">
          {[...data.events].reverse().map(e => (
            <li key={e.id}>
              <div className="hint">{fmtDateTime(e.createdAt, locale)}</div>
              {e.kind === 'transition' ? (
                <p>{e.fromStatus ? t('outcome.history.transition', { from: statusName(e.fromStatus), to: statusName(e.toStatus) }) : t('outcome.history.created')}</p>
              ) : (
                <p>{t('outcome.history.progress', { progress: e.progress ?? 0 })}</p>
              )}
              {e.note ? (
                <p style={{ whiteSpace: 'pre-wrap' }} lang="zh-CN">
                  {e.note}
                </p>
              ) : null}
              {e.byStaff ? null : <p className="hint">{t('outcome.history.system')}</p>}
              {e.photos.length ? (
                <ul className="row photo-list" aria-label={t('outcome.order.photos')}>
                  {e.photos.map(p => (
                    <li key={p.id}>
                      <a href={`/orders/${order.id}/photo/${p.id}`}>
                        <img src={`/orders/${order.id}/photo/${p.id}`} alt={t('outcome.order.photoAlt', { name: p.name })} width={120} height={90} style={{ objectFit: 'cover' }} loading="lazy" />
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      </div>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
