import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { changeComplaintStatus, correctCategory, markDuplicate, replyToComplaint } from '#app/commands/complaints.server'
import { BackLink } from '#app/components/back-link'
import { ComplaintCategoryPanel } from '#app/components/complaint-category'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fieldErrors } from '#app/components/forms'
import { ComplaintAttachments } from '#app/components/intake/complaint-attachments'
import { ComplaintReply, withDraft } from '#app/components/intake/complaint-reply'
import { ComplaintStaffForms } from '#app/components/intake/complaint-staff-forms'
import { StatusBadge } from '#app/components/status-badge'
import { ZhText } from '#app/components/zh-text'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { searchAnswers } from '#app/services/answers.server'
import { categoryChoices, complainantFromAccount, complaintTopicLinks, localizeCategoryNote } from '#app/services/corrections.server'
import { complaintAccess, resolveOnReplyOffer } from '#app/services/intake.server'
import { forbidden, requireUser, validateCsrf } from '#app/utils/auth.server'
import { formatDateTime } from '#app/utils/dates'
import {
  getDb,
  getUnit,
  getComplaint,
  getComplaintHistory,
  getEnteredByName,
  toComplaintView,
  listComplaintAttachments,
  listDuplicatesOf,
  MEDIA_URL_TYPE,
  getAnswerForComplaint,
  scoreOfRatingReopen,
} from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { formError, readFormError } from '#app/utils/form-errors'
import { parseForm } from '#app/utils/forms.server'
import { localCategoryName, localUnitName } from '#app/utils/labels.server'
import { pageTitle } from '#app/utils/meta'
import { placeholdersIn } from '#app/utils/placeholders'
import { getPrefs } from '#app/utils/prefs.server'
import { COMPLAINT_STATUSES } from '#db/enums'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'intake.detail.title') }]

function load(request: Request, idParam: string | undefined) {
  const user = requireUser(request)
  const db = getDb()
  const id = Number(idParam)
  const c = Number.isInteger(id) && id > 0 ? getComplaint(db, id) : undefined
  if (!c) throw new Response('Not found', { status: 404 })
  const access = complaintAccess(user, c)
  if (!access) {
    // A resident opening their own complaint gets the public tracking page.
    if (c.complainantUserId === user.id) throw redirect(`/track/${c.trackingCode}`)
    throw forbidden()
  }
  return { user, db, c, access }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, c, access } = load(request, params.id)
  const view = toComplaintView(db, c, access === 'full')
  // Filed from a resident's account without a typed name: the account says who it is.
  const account = access === 'full' && (!view.complainantName || !view.complainantPhone) ? complainantFromAccount(db, c) : undefined
  const original = c.duplicateOfId ? getComplaint(db, c.duplicateOfId) : undefined
  const enteredBy = getEnteredByName(db, c)
  // A starting point for the reply need not answer the complaint outright: the search offers related answers, not only those that answer.
  // Related to the complaint as a whole: its subject alone, or a phrase of its body, would bring answers about something else.
  const { locale } = getPrefs(request)
  const unitName = localUnitName(db, locale)
  // Another community's reply may rest on its own facts (its notices, its dates): the page names it when it is not this one.
  const otherCommunity = (communityId: number | null) =>
    communityId && communityId !== c.communityId ? unitName(getUnit(db, communityId)?.nameZh ?? '') || null : null
  const own = access === 'full' ? getAnswerForComplaint(db, c.id) : undefined
  // This complaint's own answer, or an FAQ entry built on it, is no other reply to draft from: drawn in, it would paste the reply twice.
  const ownAnswer = (a: { id: number; sourceIds: number[] | null }) => !!own && (a.id === own.id || !!a.sourceIds?.includes(own.id))
  const similarAnswers =
    access === 'full'
      ? searchAnswers(db, { q: `${c.subject} ${c.body.slice(0, 300)}`, limit: SIMILAR_ANSWERS, asQuestion: true, exclude: ownAnswer }).map(a => ({
          id: a.id,
          kind: a.kind,
          question: a.publicQuestion,
          reply: a.publicReply,
          community: a.kind === 'reply' ? otherCommunity(a.communityId) : null,
        }))
      : []
  const files = listComplaintAttachments(db, c.id)
  const cat = localCategoryName(db, locale)
  const drafted = similarAnswers.find(a => String(a.id) === new URL(request.url).searchParams.get('draftFrom'))
  return json({
    complaint: {
      id: view.id,
      trackingCode: view.trackingCode,
      channel: view.channel,
      externalId: view.externalId,
      subject: view.subject,
      body: view.body,
      placeText: view.placeText,
      lat: view.lat,
      lng: view.lng,
      status: view.status,
      receivedAt: view.receivedAt.toISOString(),
      communityName: view.communityName ? localUnitName(db, locale)(view.communityName) : null,
      category: view.categoryPath?.map(cat).join(' / ') ?? null,
      keywords: view.keywords ?? [],
      supporters: view.supportersCount,
      complainantName: view.complainantName ?? account?.name ?? null,
      complainantPhone: view.complainantPhone ?? account?.phone ?? null,
      complainantAddress: view.complainantAddress,
      piiMasked: view.piiMasked,
      enteredBy,
    },
    canEdit: access === 'full',
    topics: complaintTopicLinks(db, user, c.id),
    categories: categoryChoices(db, locale, c.categoryPath),
    original: original ? { id: original.id, trackingCode: original.trackingCode, subject: original.subject } : null,
    duplicates: listDuplicatesOf(db, c.id),
    history: getComplaintHistory(db, c.id).map(h => {
      // A resident's poor rating reopening the topic's work leaves a coded line: read out in words.
      const reopenedByRating = scoreOfRatingReopen(h.note)
      return {
        status: h.status,
        note: h.note && reopenedByRating == null ? localizeCategoryNote(h.note, cat) : null,
        reopenedByRating,
        at: h.createdAt.toISOString(),
      }
    }),
    photos: files.filter(f => f.mimeType !== MEDIA_URL_TYPE).map(f => ({ id: f.id, name: f.originalName, size: f.sizeBytes, type: f.mimeType })),
    mediaUrls: files.filter(f => f.mimeType === MEDIA_URL_TYPE).map(f => f.storagePath),
    answer: answerView(own),
    resolveOnReply: resolveOnReplyOffer(c),
    // Starting points for the reply: how similar questions were answered before.
    similarAnswers,
    // "Draft from this reply" without JavaScript: the page comes back with that reply in the box.
    replyDraft: drafted?.reply ?? null,
    replyDraftFrom: drafted ? [drafted.id] : [],
  })
}

const SIMILAR_ANSWERS = 3

const answerView = (a: ReturnType<typeof getAnswerForComplaint>) => (a ? { status: a.status, update: a.updateStatus, reply: a.reply } : null)

const ComplaintActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('status'),
    status: z.enum(COMPLAINT_STATUSES, { errorMap: () => ({ message: 'intake.error.form' }) }),
    note: z.string().trim().max(500, 'intake.error.tooLong.note').optional(),
  }),
  z.object({
    intent: z.literal('duplicate'),
    target: z
      .string({ required_error: 'intake.detail.duplicateError.not_found' })
      .trim()
      .min(1, 'intake.detail.duplicateError.not_found')
      .max(40, 'intake.detail.duplicateError.not_found'),
  }),
  z.object({ intent: z.literal('clearDuplicate') }),
  z.object({
    intent: z.literal('category'),
    nodeId: z.string({ required_error: 'correction.error.unknown' }).trim().min(1, 'correction.error.unknown').max(80, 'correction.error.unknown'),
  }),
  z.object({
    intent: z.literal('reply'),
    reply: z
      .string({ required_error: 'answers.error.replyEmpty' })
      .trim()
      .min(1, 'answers.error.replyEmpty')
      .max(20000, 'intake.error.tooLong.reply')
      // A past reply drawn in as a draft is scrubbed: 【电话】 or 【姓名】 sent as they are tell the resident nothing.
      .superRefine((reply, ctx) => {
        const left = placeholdersIn(reply)
        if (left.length) ctx.addIssue({ code: 'custom', message: formError('intake.reply.placeholdersLeft', { placeholders: left.join('、') }) })
      }),
    resolve: z.literal('1').optional(),
  }),
])

/** "Draft from this reply" pressed without JavaScript: the reply form comes back with what was typed, nothing saved. */
const DraftSchema = z.object({
  draftFrom: z.number().int().positive(),
  reply: z.string().max(20000, 'intake.error.tooLong.reply').optional(),
  resolve: z.literal('1').optional(),
  drafted: z.string().max(200).optional(),
})

/** The past replies drawn into the box before (the reply form's `drafted`, ids separated by spaces). */
const draftedIds = (value: unknown) =>
  typeof value === 'string'
    ? value
        .split(/\s+/)
        .map(Number)
        .filter(id => Number.isInteger(id) && id > 0)
    : []

const SAVED = {
  status: 'intake.detail.statusSaved',
  duplicate: 'intake.detail.duplicateSaved',
  clearDuplicate: 'intake.detail.duplicateSaved',
  category: 'correction.saved',
  reply: 'answers.reply.saved',
} as const satisfies Record<z.infer<typeof ComplaintActionSchema>['intent'], MessageKey>

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, db, c, access } = load(request, params.id)
  if (access !== 'full') throw forbidden()
  const form = await request.formData()
  validateCsrf(request, form)
  if (form.has('draftFrom')) {
    const drafting = parseForm(form, DraftSchema)
    if (!drafting.ok) return drafting.response
    const { draftFrom, reply, resolve, drafted } = drafting.value
    const from = [...draftedIds(drafted).filter(id => id !== draftFrom), draftFrom]
    return json({ drafting: { from, typed: reply ?? '', resolve: resolve === '1' } })
  }
  const parsed = parseForm(form, ComplaintActionSchema)
  if (!parsed.ok) return parsed.response
  const input = parsed.value
  const ctx = { db, actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const done = await runCommand(() => {
    switch (input.intent) {
      case 'status':
        return changeComplaintStatus(ctx, { complaintId: c.id, status: input.status, note: input.note || undefined })
      case 'duplicate':
        return markDuplicate(ctx, { complaintId: c.id, original: input.target })
      case 'clearDuplicate':
        return markDuplicate(ctx, { complaintId: c.id, original: null })
      case 'category':
        return correctCategory(ctx, { complaintId: c.id, nodeId: input.nodeId })
      case 'reply':
        return replyToComplaint(ctx, { complaintId: c.id, reply: input.reply, resolve: input.resolve === '1' })
    }
  })
  if (!done.ok) return done.response
  return json({ ok: true as const, intent: input.intent, message: savedMessage(input, c.channel) })
}

/** What saving said: a petition's reply is never published (saying it waits for review would mislead), and a resolved report says so. */
function savedMessage(input: z.infer<typeof ComplaintActionSchema>, channel: string): MessageKey {
  if (input.intent !== 'reply') return SAVED[input.intent]
  const petition = channel === 'petition'
  if (input.resolve === '1') return petition ? 'intake.reply.savedPetitionResolved' : 'intake.reply.savedResolved'
  return petition ? 'answers.reply.savedPetition' : SAVED.reply
}

/** Fields whose problems the forms show beside the field itself, so the notice at the top does not repeat them. */
const SHOWN_BESIDE_FIELD = new Set(['reply', 'target', 'note'])

/** What the last post says: saved, refused (the command's reason) or not valid (the first field's problem), unless shown beside its field. */
function actionNotice(
  result: ReturnType<typeof useActionData<typeof action>>,
): { ok: boolean; message: MessageKey; params?: Record<string, string | number> } | null {
  if (!result || 'drafting' in result) return null
  if ('ok' in result) return { ok: true, message: result.message }
  const unplaced = Object.entries(fieldErrors(result.result)).find(([field]) => !SHOWN_BESIDE_FIELD.has(field))?.[1][0]
  if (!unplaced) return null
  if ('error' in result) return { ok: false, message: result.error, params: result.params ?? undefined }
  const { key, params } = readFormError(unplaced)
  return { ok: false, message: key, params }
}

/**
 * The reply form as sent when it was refused (an empty reply too), or when a past reply was drawn in without
 * JavaScript, so the box and the resolve choice show what was typed rather than the saved reply.
 */
function typedReply(result: ReturnType<typeof useActionData<typeof action>>): { reply: string; resolve: boolean; drafted: number[] } | null {
  if (!result || !('result' in result) || !result.result.error?.reply) return null
  const sent = 'initialValue' in result.result ? result.result.initialValue : null
  return { reply: typeof sent?.reply === 'string' ? sent.reply : '', resolve: sent?.resolve === '1', drafted: draftedIds(sent?.drafted) }
}

/**
 * What the reply box holds when the page comes, and the past replies drawn into it not yet saved: a past reply
 * drawn in without JavaScript is added after what was typed; a refused reply is shown as sent, still a draft;
 * a draft asked for in the address (`?draftFrom=`) fills an empty form.
 */
function replyDraft(
  data: ReturnType<typeof useLoaderData<typeof loader>>,
  result: ReturnType<typeof useActionData<typeof action>>,
): { from: number[]; typed: { reply: string; resolve: boolean } | null } {
  if (result && 'drafting' in result) {
    const { from, typed, resolve } = result.drafting
    const past = data.similarAnswers.find(a => a.id === from.at(-1))
    return { from, typed: { reply: past ? withDraft(typed, past.reply) : typed, resolve } }
  }
  const refused = typedReply(result)
  if (refused) return { from: refused.drafted, typed: { reply: refused.reply, resolve: refused.resolve } }
  if (result || data.replyDraft == null) return { from: [], typed: null }
  return { from: data.replyDraftFrom, typed: { reply: data.replyDraft, resolve: data.resolveOnReply ?? false } }
}

export default function ComplaintDetail() {
  const t = useT()
  const locale = useLocale()
  const data = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const notice = actionNotice(result)
  const errors = fieldErrors(result && 'result' in result ? result.result : null)
  const c = data.complaint
  const fmt = (iso: string) => formatDateTime(iso, locale)
  const draft = replyDraft(data, result)
  return (
    <section className="stack">
      <BackLink to="/inbox">{t('nav.inbox')}</BackLink>
      <h1>
        <ZhText>{c.subject}</ZhText>
      </h1>
      {notice ? (
        <p role={notice.ok ? 'status' : 'alert'} className={notice.ok ? 'ok' : 'error'}>
          {t(notice.message, notice.params)}
        </p>
      ) : null}
      <p>
        <StatusBadge status={c.status} /> <span className="badge">{t(`channel.${c.channel}` as MessageKey)}</span>{' '}
        <span className="hint">{c.trackingCode}</span>
      </p>
      <div className="grid">
        <div className="card">
          <dl>
            <dt>{t('inbox.received')}</dt>
            <dd>{fmt(c.receivedAt)}</dd>
            <dt>{t('common.community')}</dt>
            <dd>{c.communityName ?? t('common.unknown')}</dd>
            {c.placeText ? (
              <>
                <dt>{t('inbox.place')}</dt>
                <dd lang="zh-CN">{c.placeText}</dd>
              </>
            ) : null}
            {c.lat != null && c.lng != null ? (
              <>
                <dt>{t('intake.detail.coords')}</dt>
                <dd>
                  {c.lat}, {c.lng}
                </dd>
              </>
            ) : null}
            <dt>{t('inbox.category')}</dt>
            <dd>{c.category ?? t('common.none')}</dd>
            {c.keywords.length ? (
              <>
                <dt>{t('intake.detail.keywords')}</dt>
                <dd lang="zh-CN">{c.keywords.join('、')}</dd>
              </>
            ) : null}
            <dt>{t('intake.track.supporters')}</dt>
            <dd>{c.supporters}</dd>
            {c.externalId ? (
              <>
                <dt>{t('intake.detail.external')}</dt>
                <dd>
                  {/* The source system's reference, as it wrote it (it may hold Chinese). */}
                  <ZhText>{c.externalId}</ZhText>
                </dd>
              </>
            ) : null}
            {c.enteredBy ? (
              <>
                <dt>{t('intake.detail.enteredBy')}</dt>
                <dd lang="zh-CN">{c.enteredBy}</dd>
              </>
            ) : null}
          </dl>
        </div>
        <div className="card" aria-labelledby="complainant-h">
          <h2 id="complainant-h">{t('intake.detail.complainant')}</h2>
          {c.piiMasked ? <p className="hint">{t('intake.detail.masked')}</p> : null}
          <dl data-testid="complainant">
            <dt>{t('intake.detail.name')}</dt>
            <dd>{c.complainantName ? <ZhText>{c.complainantName}</ZhText> : t('common.none')}</dd>
            <dt>{t('intake.detail.phone')}</dt>
            <dd>{c.complainantPhone ?? t('common.none')}</dd>
            <dt>{t('intake.detail.address')}</dt>
            <dd>{c.complainantAddress ? <ZhText>{c.complainantAddress}</ZhText> : t('common.none')}</dd>
          </dl>
        </div>
      </div>
      <div className="card">
        <p style={{ whiteSpace: 'pre-wrap' }} lang="zh-CN">
          {c.body}
        </p>
      </div>
      <ComplaintCategoryPanel
        category={c.category}
        topics={data.topics}
        options={data.categories.options}
        current={data.categories.current}
        canEdit={data.canEdit}
      />
      <ComplaintAttachments photos={data.photos} mediaUrls={data.mediaUrls} original={data.original} duplicates={data.duplicates} />
      <h2>{t('intake.detail.history')}</h2>
      <ol className="list">
        {data.history.map((h, i) => (
          <li key={i}>
            <StatusBadge status={h.status} /> <span className="hint">{fmt(h.at)}</span>{' '}
            {h.reopenedByRating != null ? <span>· {t('outcome.history.reopenedByRating', { rating: h.reopenedByRating })}</span> : null}
            {h.note ? (
              <span>
                · <ZhText>{h.note}</ZhText>
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      {data.canEdit ? (
        // A new key once the status history grows: the saved note is cleared, so it is not sent twice.
        <ComplaintStaffForms key={`staff-forms-${data.history.length}`} status={c.status} originalCode={data.original?.trackingCode ?? null} errors={errors} />
      ) : null}
      {data.canEdit ? (
        <ComplaintReply
          answer={data.answer}
          similarAnswers={data.similarAnswers}
          drafted={draft.from}
          saved={result && 'ok' in result && result.intent === 'reply' ? result : null}
          errors={errors}
          typed={draft.typed}
          resolveOnReply={data.resolveOnReply}
        />
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
