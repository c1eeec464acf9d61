import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { getDb, getMeetingForDecision, getMeetingState, listApprovedTopicChoices, listMeetingVotes } from '#app/utils/db.server'
import { requireRole, scopeUnitIds, userHasRole, validateCsrf } from '#app/utils/auth.server'
import { DECISION_RECORD_ROLES } from '#app/services/outcomes.server'
import { recordDecision } from '#app/commands/outcomes.server'
import { runCommand } from '#app/utils/errors.server'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fmtDateTime } from '#app/components/outcomes-ui'

const TARGET_ROWS = 3

function loadContext(request: Request, meetingIdParam: string | null) {
  const user = requireRole(request, DECISION_RECORD_ROLES)
  const db = getDb()
  const scope = scopeUnitIds(user, DECISION_RECORD_ROLES)
  const meetingId = meetingIdParam ? Number(meetingIdParam) : null
  const meeting = meetingId ? getMeetingForDecision(db, meetingId) : null
  if (meetingId && !meeting) throw new Response('Not found', { status: 404 })
  if (meeting && !userHasRole(user, DECISION_RECORD_ROLES, meeting.unitId)) throw new Response('Forbidden', { status: 403 })
  // Without a meeting: any approved topic in scope.
  const topicChoices = meeting ? [] : listApprovedTopicChoices(db, scope)
  return { user, db, meeting, topicChoices }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const { db, meeting, topicChoices } = loadContext(request, url.searchParams.get('meetingId'))
  const votes = meeting
    ? listMeetingVotes(db, meeting.id).map(v => ({ seq: v.seq, type: v.type, label: typeof v.payload?.title === 'string' ? v.payload.title : typeof v.payload?.question === 'string' ? v.payload.question : '' }))
    : []
  return json({
    meeting: meeting ? { id: meeting.id, title: meeting.title, startsAt: meeting.startsAt, topicTitle: meeting.topicTitle } : null,
    prefill: meeting ? adoptedProposal(db, meeting.id) : null,
    topics: topicChoices.map(t => ({ id: t.id, title: t.title })),
    topicId: Number(url.searchParams.get('topicId')) || null,
    votes,
  })
}

/**
 * The meeting's adopted proposal (the last one, if several) and the vote that
 * carried it: what the decision form starts from, so nobody retypes it.
 */
function adoptedProposal(db: ReturnType<typeof getDb>, meetingId: number) {
  const state = getMeetingState(db, meetingId)
  const adopted = state.proposals.filter(p => p.status === 'adopted').at(-1)
  if (!adopted) return null
  const voteSeq = adopted.voteSeq ?? state.votes.filter(v => v.proposalSeq === adopted.seq).at(-1)?.seq ?? null
  return { title: adopted.title, description: adopted.text, voteSeq }
}

const num = z.string().trim().regex(/^-?\d+(\.\d+)?$/, 'outcome.error.number').transform(Number)
const TargetSchema = z.object({ metric: z.string().trim().min(1).max(100), unit: z.string().trim().max(20), baseline: num, target: num })
const DecisionSchema = z.object({
  meetingId: z.coerce.number().int().positive().optional(),
  topicId: z.coerce.number().int().positive().optional(),
  title: z.string().trim().min(2, 'outcome.error.titleRequired').max(200, 'outcome.error.tooLong'),
  description: z.string().trim().max(5000, 'outcome.error.tooLong'),
  voteSeq: z.union([z.literal(''), z.coerce.number().int().positive()]).optional(),
})

type Values = Record<string, string>

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const values: Values = Object.fromEntries([...form].filter(([k, v]) => k !== 'csrf' && typeof v === 'string')) as Values
  const { user, db, meeting, topicChoices } = loadContext(request, values.meetingId || null)
  const errors: Record<string, MessageKey> = {}
  const parsed = DecisionSchema.safeParse({ ...values, meetingId: values.meetingId || undefined, topicId: values.topicId || undefined })
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] = (i.message.startsWith('outcome.') ? i.message : 'outcome.error.invalid') as MessageKey
  if (!meeting && !(parsed.success && parsed.data.topicId && topicChoices.some(t => t.id === parsed.data.topicId))) errors.topicId = 'outcome.error.topicRequired'
  const targets: { metric: string; unit: string; baseline: number; target: number }[] = []
  for (let i = 0; i < TARGET_ROWS; i++) {
    const row = { metric: values[`metric${i}`] ?? '', unit: values[`unit${i}`] ?? '', baseline: values[`baseline${i}`] ?? '', target: values[`target${i}`] ?? '' }
    if (!row.metric && !row.baseline && !row.target) continue
    const t = TargetSchema.safeParse(row)
    if (!t.success) errors[`target${i}`] = 'outcome.error.targetRow'
    else targets.push(t.data)
  }
  if (!parsed.success || Object.keys(errors).length) return json({ errors, values }, { status: 400 })
  const d = parsed.data
  const ctx = { db, actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const r = await runCommand(() =>
    recordDecision(ctx, { meetingId: meeting?.id ?? null, topicId: meeting ? undefined : d.topicId, title: d.title, description: d.description, voteSeq: d.voteSeq === '' || d.voteSeq == null ? null : d.voteSeq, targets }),
  )
  if (!r.ok) return r.response
  return redirect(`/decisions/${r.value.decision.id}`, 303)
}

export default function NewDecision() {
  const t = useT()
  const locale = useLocale()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors: Record<string, MessageKey> = actionData && 'errors' in actionData ? actionData.errors : {}
  const values: Values = actionData && 'values' in actionData ? actionData.values : {}
  const err = (name: string) => (errors[name] ? <p className="field-error" id={`${name}-error`}>{t(errors[name]!)}</p> : null)
  return (
    <section className="stack">
      <h1>{t('outcome.decisions.record')}</h1>
      {actionData && 'error' in actionData && actionData.error ? (
        <p className="error" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      {Object.keys(errors).length ? (
        <p className="error" role="alert">
          {t('outcome.error.fixBelow')}
        </p>
      ) : null}
      <Form method="post" className="stack card" noValidate>
        <CsrfInput />
        {data.meeting ? (
          <>
            <input type="hidden" name="meetingId" value={data.meeting.id} />
            <p>
              {t('outcome.decision.fromMeeting')}: <strong>{data.meeting.title}</strong> <span className="hint">· {data.meeting.topicTitle} · {fmtDateTime(data.meeting.startsAt, locale)}</span>
            </p>
            <label>
              {t('outcome.decision.vote')}
              <select name="voteSeq" defaultValue={values.voteSeq ?? (data.prefill?.voteSeq != null ? String(data.prefill.voteSeq) : '')}>
                <option value="">{t('outcome.decision.noVote')}</option>
                {data.votes.map(v => (
                  <option key={v.seq} value={v.seq}>
                    #{v.seq} {v.type} {v.label}
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : (
          <label>
            {t('outcome.topic')}
            <select name="topicId" defaultValue={values.topicId ?? String(data.topicId ?? '')} aria-invalid={!!errors.topicId || undefined} aria-describedby={errors.topicId ? 'topicId-error' : undefined}>
              <option value="">—</option>
              {data.topics.map(tp => (
                <option key={tp.id} value={tp.id}>
                  {tp.title}
                </option>
              ))}
            </select>
          </label>
        )}
        {err('topicId')}
        {data.prefill ? (
          <p className="hint" role="note">
            {t('outcome.decision.prefilled')}
          </p>
        ) : null}
        <label>
          {t('outcome.decision.title')}
          <input name="title" required maxLength={200} defaultValue={values.title ?? data.prefill?.title ?? ''} aria-invalid={!!errors.title || undefined} aria-describedby={errors.title ? 'title-error' : undefined} />
        </label>
        {err('title')}
        <label>
          {t('outcome.decision.description')}
          <textarea name="description" rows={4} maxLength={5000} defaultValue={values.description ?? data.prefill?.description ?? ''} />
        </label>
        {err('description')}
        <fieldset className="stack">
          <legend>{t('outcome.targets')}</legend>
          <p className="hint">{t('outcome.targets.hint')}</p>
          {Array.from({ length: TARGET_ROWS }, (_, i) => (
            <div key={i} className="row" role="group" aria-label={t('outcome.target.row', { n: i + 1 })}>
              <label>
                {t('outcome.target.metric')}
                <input name={`metric${i}`} maxLength={100} defaultValue={values[`metric${i}`] ?? ''} />
              </label>
              <label>
                {t('outcome.target.unit')}
                <input name={`unit${i}`} maxLength={20} size={6} defaultValue={values[`unit${i}`] ?? ''} />
              </label>
              <label>
                {t('outcome.target.baseline')}
                <input name={`baseline${i}`} inputMode="decimal" size={6} defaultValue={values[`baseline${i}`] ?? ''} />
              </label>
              <label>
                {t('outcome.target.target')}
                <input name={`target${i}`} inputMode="decimal" size={6} defaultValue={values[`target${i}`] ?? ''} />
              </label>
              {err(`target${i}`)}
            </div>
          ))}
        </fieldset>
        <button type="submit" className="primary">
          {t('outcome.decisions.record')}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
