import type { Submission } from '@conform-to/react'
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  MaxPartSizeExceededError,
  json,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { changeWorkOrderDeadline, editWorkOrderText, moveWorkOrder, postWorkOrderUpdate } from '#app/commands/outcomes.server'
import { BackLink } from '#app/components/back-link'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fieldErrors as fieldErrors_ } from '#app/components/forms'
import {
  WorkOrderDeadlineForm,
  WorkOrderEditForm,
  WorkOrderFacts,
  WorkOrderHistory,
  WorkOrderTransitions,
  WorkOrderUpdateForm,
  useStatusName,
} from '#app/components/outcomes/work-order'
import { submittedText, submittedValues } from '#app/components/outcomes-ui'
import { ZhText } from '#app/components/zh-text'
import { useT, type MessageKey } from '#app/i18n/index'
import { mayOpenDecision, orderListOf, orderRolesOf, personalDataErrors } from '#app/services/outcomes.server'
import { MAX_ORDER_PHOTOS, MAX_PHOTO_BYTES, checkPhoto, limitFormParts, storeWorkOrderPhoto } from '#app/services/uploads.server'
import { requireRole, validateCsrf } from '#app/utils/auth.server'
import { chinaDayEnd } from '#app/utils/dates'
import {
  HANDED_IN_ORDER_STATUSES,
  OVERDUE_LIFTED_NOTE,
  complainantsOfTopic,
  findPersonalDataIn,
  getDb,
  getWorkOrder,
  isWorkOrderOverdue,
  listAllowedTransitions,
  lowersProgress,
  listWorkOrderEdits,
  listWorkOrderStatuses,
  scoreOfRatingReopen,
  workOrderTexts,
} from '#app/utils/db.server'
import { DomainError, domainErrorStatus, runCommand } from '#app/utils/errors.server'
import { formError, workOrderDueDay } from '#app/utils/form-errors'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'
import { WORK_ORDER_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'

/** Who may open a work order: its department, street staff and supervisors over it. */
function loadOrder(request: Request, idParam: string | undefined) {
  const user = requireRole(request, WORK_ORDER_ROLES)
  const db = getDb()
  const id = Number(idParam)
  const view = Number.isInteger(id) ? getWorkOrder(db, id) : null
  if (!view) throw new Response('Not found', { status: 404 })
  const roles = orderRolesOf(db, user, { departmentId: view.order.departmentId, topicUnitId: view.topicUnitId })
  if (!roles.length) throw new Response('Forbidden', { status: 403 })
  return { user, db, view, roles }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, 'orders.title', data && 'order' in data ? data.order.title : undefined) },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, view, roles } = loadOrder(request, params.id)
  const o = view.order
  const statuses = listWorkOrderStatuses(db).map(s => ({ code: s.code, nameZh: s.nameZh, nameEn: s.nameEn }))
  const transitions = listAllowedTransitions(db, o.status, roles).map(t => t.to)
  // Only what a department needs: the problem, the place, the decision. No complainants.
  return json({
    order: {
      id: o.id,
      title: o.title,
      problem: o.problem,
      place: o.place,
      priority: o.priority,
      dueAt: o.dueAt,
      status: o.status,
      progress: o.progress,
      version: o.version,
      createdAt: o.createdAt,
    },
    department: { zh: view.department, en: view.departmentEn },
    decision: {
      id: o.decisionId,
      title: view.decisionTitle,
      description: view.decisionDescription,
      status: view.decisionStatus,
      progress: view.decisionProgress,
    },
    topic: { id: view.topicId, title: view.topicTitle, place: view.topicPlace },
    events: view.events.map((e, i) => {
      // A poor rating reopens the order on its own, with a new deadline: the page says so in words, whoever rated.
      const reopenedByRating = e.kind === 'transition' || e.kind === 'deadline' ? scoreOfRatingReopen(e.note) : null
      const overdueLifted = e.kind === 'transition' && e.note === OVERDUE_LIFTED_NOTE
      return {
        id: e.id,
        kind: e.kind,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        progress: e.progress,
        fromDueAt: e.fromDueAt,
        toDueAt: e.toDueAt,
        note: reopenedByRating == null && !overdueLifted ? e.note : null,
        reopenedByRating,
        overdueLifted,
        createdAt: e.createdAt,
        byStaff: e.actorId != null && reopenedByRating == null,
        photos: e.photos.map(p => ({ id: p.id, name: p.originalName })),
        // A report that lowered the share says from what, so a drop reads as one.
        loweredFrom: e.kind === 'progress' ? loweredFrom(view.events.slice(0, i), e.progress) : null,
      }
    }),
    updateCount: view.events.filter(e => e.kind === 'progress').length,
    transitions,
    // Progress above 0% on an accepted order starts it, where this reader may make that step: the form says so before posting.
    progressStartsWork: o.status === 'accepted' && transitions.includes('in_progress'),
    canUpdate: (roles.includes('department_staff') || roles.includes('street_staff')) && !['draft', 'verified', 'closed'].includes(o.status),
    // Handed in, the work counts as 100%: an update adds a note or photos, not a share.
    handedIn: (HANDED_IN_ORDER_STATUSES as readonly string[]).includes(o.status),
    // Links go where this reader may go: back to their own list of orders, and to the decision if they may read it.
    backTo: orderListOf(user),
    canOpenDecision: mayOpenDecision(user, view.topicUnitId),
    // Those who issue orders set their deadlines, until the work is handed in.
    canChangeDeadline: roles.includes('street_staff') && !(HANDED_IN_ORDER_STATUSES as readonly string[]).includes(o.status),
    // The same for the order's text: the department works from what it was given and cannot rewrite it.
    canEditText: roles.includes('street_staff') && !(HANDED_IN_ORDER_STATUSES as readonly string[]).includes(o.status),
    // Every edit of the text, by when and which unit, with the text before and after: the history staff read.
    edits: listWorkOrderEdits(db, o.id).map(e => ({
      id: e.id,
      createdAt: e.createdAt,
      unit: e.unit ? { zh: e.unit, en: e.unitEn ?? e.unit } : null,
      before: e.before,
      after: e.after,
    })),
    statuses,
    overdue: isWorkOrderOverdue(o, Date.now()),
  })
}

/** The share before a progress report, when the report lowered it. */
function loweredFrom(earlier: { kind: string; progress: number | null }[], reported: number | null) {
  const before = earlier.filter(e => e.kind !== 'deadline' && e.progress != null).at(-1)?.progress ?? null
  return before != null && reported != null && reported < before ? before : null
}

const progressRange = 'outcome.error.progressRange'
const OrderActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('transition'),
    to: z.string().min(1).max(40),
    version: z.number().int().positive(),
    note: z.string().trim().max(2000).optional(),
  }),
  z.object({
    intent: z.literal('update'),
    note: z.string({ required_error: 'outcome.error.noteRequired' }).trim().min(1, 'outcome.error.noteRequired').max(2000),
    progress: z.number({ invalid_type_error: progressRange }).int(progressRange).min(0, progressRange).max(95, progressRange).optional(),
    lowerConfirmed: z.boolean().default(false),
  }),
  z.object({
    intent: z.literal('deadline'),
    version: z.number().int().positive(),
    dueAt: workOrderDueDay(),
    reason: z.string({ required_error: 'outcome.error.deadlineReasonRequired' }).trim().min(1, 'outcome.error.deadlineReasonRequired').max(200),
  }),
  // The same rules as on the form that creates orders.
  z.object({
    intent: z.literal('edit'),
    version: z.number().int().positive(),
    title: z.string({ required_error: 'outcome.error.titleRequired' }).trim().min(2, 'outcome.error.titleRequired').max(200),
    problem: z.string({ required_error: 'outcome.error.problemRequired' }).trim().min(2, 'outcome.error.problemRequired').max(5000),
    place: z.string().trim().max(200).default(''),
  }),
])

const ORDER_DONE = ['update', 'started', 'moved', 'deadline', 'edited'] as const
type OrderDone = (typeof ORDER_DONE)[number]

/** A photo problem, answered in the same shape as the form's other field errors. */
function photoError(key: MessageKey, submission?: Submission<unknown>) {
  const result = submission ? submission.reply({ fieldErrors: { photos: [key] } }) : { status: 'error' as const, error: { photos: [key] } }
  return json({ result }, { status: 400 })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, db, view, roles } = loadOrder(request, params.id)
  const ctx = { db, actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const isMultipart = (request.headers.get('content-type') ?? '').startsWith('multipart/form-data')
  let form: FormData
  try {
    form = isMultipart
      ? await unstable_parseMultipartFormData(
          request,
          limitFormParts(unstable_createMemoryUploadHandler({ maxPartSize: MAX_PHOTO_BYTES }), MAX_ORDER_PHOTOS + 20),
        )
      : await request.formData()
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return photoError('outcome.error.photoSize')
    throw e
  }
  validateCsrf(request, form)
  // Who may post is checked before the form is read: a refusal is not a validation answer.
  if ((form.get('intent') === 'deadline' || form.get('intent') === 'edit') && !roles.includes('street_staff')) throw new Response('Forbidden', { status: 403 })
  const parsed = parseForm(form, OrderActionSchema)
  if (!parsed.ok) return parsed.response
  const input = parsed.value
  // Back to the order, saying what was done.
  const done = (what: OrderDone) => redirect(`/orders/${view.order.id}?done=${what}`, 303)

  if (input.intent === 'transition') {
    // An order sent back to the street office says why, as the note's label asks: a bare "returned" leaves nothing to act on.
    // (A page out of date is told so first, by the command.)
    if (input.to === 'returned' && !input.note && input.version === view.order.version)
      return json({ result: parsed.submission.reply({ fieldErrors: { note: ['outcome.error.reasonRequired'] } }) }, { status: 400 })
    const r = await runCommand(() =>
      moveWorkOrder(ctx, { workOrderId: view.order.id, to: input.to, expectedVersion: input.version, note: input.note || null }, { request }),
    )
    if (!r.ok) return r.response
    return done('moved')
  }
  if (input.intent === 'deadline') {
    const r = await runCommand(() =>
      changeWorkOrderDeadline(ctx, { workOrderId: view.order.id, dueAt: chinaDayEnd(input.dueAt)!, reason: input.reason, expectedVersion: input.version }),
    )
    if (!r.ok) return r.response
    return done('deadline')
  }
  if (input.intent === 'edit') {
    const text = { title: input.title, problem: input.problem, place: input.place || null }
    // Personal data is named back beside its field, as when the order was created; nothing is saved.
    const found = findPersonalDataIn(workOrderTexts(text), complainantsOfTopic(db, view.topicId))
    if (Object.keys(found).length) {
      const fieldErrors = personalDataErrors('outcome.error.personalData', found, getPrefs(request).locale)
      return json({ result: parsed.submission.reply({ fieldErrors }) }, { status: 400 })
    }
    try {
      editWorkOrderText(ctx, { workOrderId: view.order.id, ...text, expectedVersion: input.version })
    } catch (e) {
      if (!(e instanceof DomainError)) throw e
      // Refused (changed meanwhile, handed in, unchanged): the message, with what was typed kept in the form.
      const result = parsed.submission.reply(e.field ? { fieldErrors: { [e.field]: [e.messageKey] } } : { formErrors: [e.messageKey] })
      return json({ error: e.messageKey as MessageKey, params: e.params ?? null, result }, { status: domainErrorStatus(e.code) })
    }
    return done('edited')
  }

  // Asked before any photo is stored, so a refusal leaves nothing behind.
  if (lowersProgress(view.order.progress, input.progress) && !input.lowerConfirmed) {
    const lowered = formError('outcome.error.progressLowered', { previous: view.order.progress })
    return json({ result: parsed.submission.reply({ fieldErrors: { progress: [lowered] } }) }, { status: 400 })
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
  for (const p of photos)
    stored.push({ storagePath: await storeWorkOrderPhoto(view.order.id, p), mimeType: p.mimeType, sizeBytes: p.bytes.byteLength, originalName: p.name })
  const r = await runCommand(() =>
    postWorkOrderUpdate(
      ctx,
      { workOrderId: view.order.id, note: input.note, progress: input.progress ?? null, lowerConfirmed: input.lowerConfirmed, photos: stored },
      { request },
    ),
  )
  if (!r.ok) return r.response
  // Work reported under way on an accepted order moved it to in progress: the reporter hears so.
  return done(r.value.movedTo ? 'started' : 'update')
}

/** The fields each form shows its own errors beside; anything else wrong came from a page out of date. */
const FORM_FIELDS: Record<string, string[]> = {
  update: ['note', 'progress', 'photos'],
  transition: ['note'],
  deadline: ['dueAt', 'reason'],
  edit: ['title', 'problem', 'place'],
}

export default function WorkOrderPage() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const statusName = useStatusName(data.statuses)
  const { order } = data
  const doneParam = useSearchParams()[0].get('done')
  const done = ORDER_DONE.find(d => d === doneParam) ?? null
  const result = actionData && 'result' in actionData ? actionData.result : undefined
  const fieldErrors = fieldErrors_(result)
  const posted = submittedValues(result)
  // Errors and typed values go back to the form that posted (a photo too large is refused before the form is read: only the update form sends photos).
  const intent = submittedText(posted, 'intent') || (fieldErrors.photos ? 'update' : '')
  const errorsOf = (form: string) => (form === intent ? fieldErrors : {})
  const values =
    intent === 'update'
      ? { note: submittedText(posted, 'note'), progress: submittedText(posted, 'progress'), lowerConfirmed: submittedText(posted, 'lowerConfirmed') === 'on' }
      : { note: '', progress: '', lowerConfirmed: false }
  const deadlineValues = intent === 'deadline' ? { dueAt: submittedText(posted, 'dueAt'), reason: submittedText(posted, 'reason') } : null
  const editValues =
    intent === 'edit' ? { title: submittedText(posted, 'title'), problem: submittedText(posted, 'problem'), place: submittedText(posted, 'place') } : null
  return (
    <section className="stack">
      <BackLink to={data.backTo}>{t(data.backTo === '/orders' ? 'orders.title' : 'supervise.title')}</BackLink>
      <h1>
        {t('outcome.order.heading', { id: order.id })} · <ZhText>{order.title}</ZhText>
      </h1>
      {done && !actionData ? (
        <p role="status" className="ok">
          {done === 'moved' ? t('outcome.order.done.moved', { status: statusName(order.status) }) : t(`outcome.order.done.${done}`)}
        </p>
      ) : null}
      {actionData && 'error' in actionData ? (
        <p className="error" role="alert">
          {t(actionData.error, actionData.params ?? undefined)}
        </p>
      ) : result && !(FORM_FIELDS[intent] ?? []).some(f => fieldErrors[f]) ? (
        <p className="error" role="alert">
          {t('outcome.error.staleForm')}
        </p>
      ) : null}
      <WorkOrderFacts data={data} />
      <WorkOrderTransitions data={data} fieldErrors={errorsOf('transition')} />
      <WorkOrderUpdateForm data={data} values={values} fieldErrors={errorsOf('update')} />
      <WorkOrderDeadlineForm data={data} values={deadlineValues} fieldErrors={errorsOf('deadline')} />
      <WorkOrderEditForm data={data} values={editValues} fieldErrors={errorsOf('edit')} />
      <WorkOrderHistory data={data} />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
