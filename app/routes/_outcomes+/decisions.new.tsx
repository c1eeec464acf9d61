import { type ActionFunctionArgs, type LoaderFunctionArgs, json, redirect, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { recordDecision } from '#app/commands/outcomes.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ErrorList, fieldErrors } from '#app/components/forms'
import { fmtDateTime, submittedText, submittedValues } from '#app/components/outcomes-ui'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { mayRecordDecision, personalDataErrors } from '#app/services/outcomes.server'
import { forbidden, requireUser, scopeUnitIds, validateCsrf } from '#app/utils/auth.server'
import {
  complainantsOfTopic,
  findPersonalDataIn,
  getDb,
  getMeetingForDecision,
  getMeetingState,
  listApprovedTopicChoices,
  listMeetingVotes,
} from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'
import { DECISION_RECORD_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'

const TARGET_ROWS = 3

function loadContext(request: Request, meetingIdParam: string | null) {
  const user = requireUser(request)
  if (!mayRecordDecision(user)) throw forbidden()
  const db = getDb()
  const scope = scopeUnitIds(user, DECISION_RECORD_ROLES)
  const meetingId = meetingIdParam ? Number(meetingIdParam) : null
  const meeting = meetingId ? getMeetingForDecision(db, meetingId) : null
  if (meetingId && !meeting) throw new Response('Not found', { status: 404 })
  if (meeting && !mayRecordDecision(user, meeting.unitId)) throw forbidden()
  // Without a meeting: any approved topic in scope.
  const topicChoices = meeting ? [] : listApprovedTopicChoices(db, scope)
  return { user, db, meeting, topicChoices }
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'outcome.decisions.record') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const { db, meeting, topicChoices } = loadContext(request, url.searchParams.get('meetingId'))
  const votes = meeting
    ? listMeetingVotes(db, meeting.id)
        // A vote is chosen by its question: the ballots and the closing in the log are not votes of their own.
        .filter(v => v.type === 'vote.open')
        .map(v => ({ seq: v.seq, label: typeof v.payload?.question === 'string' ? v.payload.question : '' }))
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
 * carried it: what the decision form starts from, so nobody retypes it. A
 * proposal adopted without naming its vote takes the meeting's only closed
 * vote when that vote was about no other proposal; `vote` says which way the
 * vote was found, so the form says only what it filled in.
 */
function adoptedProposal(db: ReturnType<typeof getDb>, meetingId: number) {
  const state = getMeetingState(db, meetingId)
  const adopted = state.proposals.filter(p => p.status === 'adopted').at(-1)
  if (!adopted) return null
  const carried = adopted.voteSeq ?? state.votes.filter(v => v.proposalSeq === adopted.seq).at(-1)?.seq ?? null
  const closed = state.votes.filter(v => v.status === 'closed')
  const only = closed.length === 1 && (closed[0]!.proposalSeq == null || closed[0]!.proposalSeq === adopted.seq) ? closed[0]!.seq : null
  const vote: 'carried' | 'onlyClosed' | 'none' = carried != null ? 'carried' : only != null ? 'onlyClosed' : 'none'
  return { title: adopted.title, description: adopted.text, voteSeq: carried ?? only, vote }
}

/** What the form says it filled in, by how the vote was found. */
const PREFILLED = {
  carried: 'outcome.decision.prefilled',
  onlyClosed: 'outcome.decision.prefilledOnlyVote',
  none: 'outcome.decision.prefilledNoVote',
} as const satisfies Record<string, MessageKey>

const targetRow = 'outcome.error.targetRow'
const TargetRowSchema = z
  .object({
    metric: z.string().trim().max(100).optional(),
    unit: z.string().trim().max(20).optional(),
    baseline: z.number({ invalid_type_error: targetRow }).optional(),
    target: z.number({ invalid_type_error: targetRow }).optional(),
  })
  // Rows left empty are skipped; a started row needs its metric, baseline and target.
  .refine(
    row => !(row.metric || row.unit || row.baseline != null || row.target != null) || (row.metric && row.baseline != null && row.target != null),
    targetRow,
  )
  .optional()
const DecisionSchema = z.object({
  meetingId: z.number().int().positive().optional(),
  topicId: z.number().int().positive().optional(),
  title: z.string({ required_error: 'outcome.error.decisionRequired' }).trim().min(2, 'outcome.error.decisionRequired').max(200),
  description: z.string().trim().max(5000).default(''),
  voteSeq: z.number().int().positive().optional(),
  targets: z.array(TargetRowSchema).default([]),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const meetingIdField = form.get('meetingId')
  const { user, db, meeting, topicChoices } = loadContext(request, typeof meetingIdField === 'string' && meetingIdField ? meetingIdField : null)
  const parsed = parseForm(
    form,
    meeting
      ? DecisionSchema
      : // The topic is checked with the other fields, so an empty form names all its problems at once.
        DecisionSchema.extend({
          topicId: z
            .number({ required_error: 'outcome.error.topicRequired', invalid_type_error: 'outcome.error.topicRequired' })
            .int()
            .refine(id => topicChoices.some(t => t.id === id), 'outcome.error.topicRequired'),
        }),
  )
  if (!parsed.ok) return parsed.response
  const d = parsed.value
  const targets = d.targets.flatMap(t =>
    t?.metric && t.baseline != null && t.target != null ? [{ metric: t.metric, unit: t.unit ?? '', baseline: t.baseline, target: t.target }] : [],
  )
  // A decision is published and filled into work orders: personal data in it is named back beside its field.
  const topicId = meeting?.topicId ?? d.topicId!
  const found = findPersonalDataIn({ title: d.title, description: d.description }, complainantsOfTopic(db, topicId))
  if (Object.keys(found).length) {
    const fieldErrors = personalDataErrors('outcome.error.decisionPersonalData', found, getPrefs(request).locale)
    return json({ result: parsed.submission.reply({ fieldErrors }) }, { status: 400 })
  }
  const ctx = { db, actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const r = await runCommand(() =>
    recordDecision(ctx, {
      meetingId: meeting?.id ?? null,
      topicId: meeting ? undefined : d.topicId,
      title: d.title,
      description: d.description,
      voteSeq: meeting ? (d.voteSeq ?? null) : null,
      targets,
    }),
  )
  if (!r.ok) return r.response
  return redirect(`/decisions/${r.value.decision.id}`, 303)
}

export default function NewDecision() {
  const t = useT()
  const locale = useLocale()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const result = actionData && 'result' in actionData ? actionData.result : undefined
  const errors = fieldErrors(result)
  const posted = submittedValues(result)
  const targetsPosted = Array.isArray(posted.targets) ? (posted.targets as Record<string, unknown>[]) : []
  const values: Record<string, string | undefined> = result
    ? Object.fromEntries(['voteSeq', 'topicId', 'title', 'description'].map(k => [k, submittedText(posted, k)]))
    : {}
  const targetValue = (i: number, name: string) => submittedText(targetsPosted[i] ?? {}, name)
  // A row's problems (the row as a whole, or one of its cells) are shown once under the row.
  const rowErrors = (i: number) => [
    ...new Set(Object.entries(errors).flatMap(([name, keys]) => (name === `targets[${i}]` || name.startsWith(`targets[${i}].`) ? keys : []))),
  ]
  const err = (name: string) => <ErrorList id={`${name}-error`} errors={errors[name]} />
  // In a refused row, the cells at fault: a metric left empty, a baseline or target that is not a number.
  const cellAtFault = (i: number, name: 'metric' | 'unit' | 'baseline' | 'target') => {
    if (!rowErrors(i).length) return false
    if (errors[`targets[${i}].${name}`]) return true
    const v = targetValue(i, name).trim()
    return name === 'metric' ? !v : name !== 'unit' && (!v || !Number.isFinite(Number(v)))
  }
  const cell = (i: number, name: 'metric' | 'unit' | 'baseline' | 'target') => ({
    name: `targets[${i}].${name}`,
    defaultValue: targetValue(i, name),
    'aria-invalid': cellAtFault(i, name) || undefined,
    'aria-describedby': cellAtFault(i, name) ? `targets-${i}-error` : undefined,
  })
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
              {t('outcome.decision.fromMeeting')}: <strong>{data.meeting.title}</strong>{' '}
              <span className="hint">
                · {data.meeting.topicTitle} · {fmtDateTime(data.meeting.startsAt, locale)}
              </span>
            </p>
            <label>
              {t('outcome.decision.vote')}
              <select name="voteSeq" defaultValue={values.voteSeq ?? (data.prefill?.voteSeq != null ? String(data.prefill.voteSeq) : '')}>
                <option value="">{t('outcome.decision.noVote')}</option>
                {data.votes.map(v => (
                  <option key={v.seq} value={v.seq}>
                    {v.label}
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : (
          <label>
            {t('outcome.topic')}
            <select
              name="topicId"
              required
              defaultValue={values.topicId ?? String(data.topicId ?? '')}
              aria-invalid={!!errors.topicId || undefined}
              aria-describedby={errors.topicId ? 'topicId-error' : undefined}
            >
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
            {t(PREFILLED[data.prefill.vote])}
          </p>
        ) : null}
        <label>
          {t('outcome.decision.title')}
          <input
            name="title"
            required
            maxLength={200}
            defaultValue={values.title ?? data.prefill?.title ?? ''}
            aria-invalid={!!errors.title || undefined}
            aria-describedby={errors.title ? 'title-error' : undefined}
          />
        </label>
        {err('title')}
        <label>
          {t('outcome.decision.description')}
          <textarea
            name="description"
            rows={4}
            maxLength={5000}
            defaultValue={values.description ?? data.prefill?.description ?? ''}
            aria-invalid={!!errors.description || undefined}
            aria-describedby={errors.description ? 'description-error' : undefined}
          />
        </label>
        {err('description')}
        <fieldset className="stack">
          <legend>{t('outcome.targets')}</legend>
          <p className="hint">{t('outcome.targets.hint')}</p>
          {Array.from({ length: TARGET_ROWS }, (_, i) => (
            <div key={i} className="row" role="group" aria-label={t('outcome.target.row', { n: i + 1 })}>
              <label>
                {t('outcome.target.metric')}
                <input maxLength={100} {...cell(i, 'metric')} />
              </label>
              <label>
                {t('outcome.target.unit')}
                <input maxLength={20} size={6} {...cell(i, 'unit')} />
              </label>
              <label>
                {t('outcome.target.baseline')}
                <input inputMode="decimal" size={6} {...cell(i, 'baseline')} />
              </label>
              <label>
                {t('outcome.target.target')}
                <input inputMode="decimal" size={6} {...cell(i, 'target')} />
              </label>
              <ErrorList id={`targets-${i}-error`} errors={rowErrors(i)} />
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
