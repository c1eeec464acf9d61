import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { approveMeetingMinutes, publishMeetingMinutes, saveMinutes } from '#app/commands/meetings.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ErrorList, fieldErrors } from '#app/components/forms'
import { Markdown } from '#app/components/meeting/markdown'
import meetingStyles from '#app/components/meeting/meeting.css'
import { MarkedText } from '#app/components/zh-text'
import { useT, type MessageKey } from '#app/i18n/index'
import {
  draftMinutes,
  canEditMinutes as canEdit,
  formatTime,
  meetingAccess,
  meetingDecisions,
  meetingIdParam,
  meetingLink,
  minutesAccess,
  minutesDraftFor,
  participantsView,
} from '#app/services/meetings.server'
import { mayRecordDecision } from '#app/services/outcomes.server'
import { userHasRole, validateCsrf } from '#app/utils/auth.server'
import { getDb, getMeetingState } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'
import { DECISION_VIEW_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'
import { markZh } from '#app/utils/zh-marks'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, 'minutes.title', data?.title) }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = meetingIdParam(params.id)
  const { access, row, readable, publicCopy } = minutesAccess(request, id)
  const { meeting, user } = access
  const editable = canEdit(access)
  const db = getDb()
  const state = getMeetingState(db, id)
  const ended = state.status === 'ended'
  // Staff who follow decisions up see the ones taken here; those who record them get the way to do so once the meeting is over.
  const seesDecisions = !!user && userHasRole(user, DECISION_VIEW_ROLES, meeting.unitId)
  const decisions = seesDecisions ? meetingDecisions(db, id) : []
  const recordsDecisions = ended && !!user && mayRecordDecision(user, meeting.unitId)
  // Back to the meeting only where the reader may follow it: participants to the room, others to the public view of an open meeting.
  const room = meetingLink(access, 'room', row)
  const roomLink = room?.page === 'minutes' ? null : room
  const { locale } = getPrefs(request)
  const participants = participantsView(id)
  // A saved draft nobody edited is generated text, read in the reader's language like an unsaved one.
  const savedDraft = row?.status === 'draft' ? minutesDraftFor(row.markdown, meeting, participants, state, locale) : null
  const draft = editable && (!row || row.status === 'draft') ? (savedDraft ?? draftMinutes(meeting, participants, state, locale)) : null
  return json({
    id,
    title: meeting.title,
    meetingEnded: ended,
    roomPath: roomLink?.href ?? null,
    roomPage: roomLink?.page ?? 'room',
    decisions,
    recordDecisionPath: recordsDecisions && decisions.length === 0 ? `/decisions/new?meetingId=${id}` : null,
    editable,
    saved: !!row,
    status: row?.status ?? 'draft',
    approvedAt: row?.approvedAt ? formatTime(row.approvedAt, true, locale) : null,
    markdown: readable ? ((row ? publicCopy(savedDraft ?? row.markdown) : null) ?? draft) : null,
    draft,
  })
}

const markdown = z.string({ required_error: 'meetings.error.required' }).trim().min(1, 'meetings.error.required').max(100_000)
const MinutesSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('save'), markdown }),
  z.object({ intent: z.literal('approve'), markdown }),
  z.object({ intent: z.literal('regenerate') }),
  z.object({ intent: z.literal('publish') }),
])

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const id = meetingIdParam(params.id)
  const access = meetingAccess(request, id)
  if (!canEdit(access)) throw new Response('Forbidden', { status: 403 })
  const parsed = parseForm(form, MinutesSchema)
  if (!parsed.ok) return parsed.response
  const input = parsed.value
  const ctx = { db: getDb(), actor: { kind: 'user' as const, id: access.user!.id }, notify: context.notify }
  // A refusal keeps the edited text in the form.
  const keep = { initialValue: parsed.submission.payload }
  switch (input.intent) {
    case 'save': {
      const saved = await runCommand(() => saveMinutes(ctx, { meetingId: id, markdown: input.markdown }), keep)
      return saved.ok ? json({ done: 'minutes.saved' as MessageKey }) : saved.response
    }
    case 'regenerate': {
      const md = draftMinutes(access.meeting, participantsView(id), getMeetingState(ctx.db, id), getPrefs(request).locale)
      const saved = await runCommand(() => saveMinutes(ctx, { meetingId: id, markdown: md }), keep)
      return saved.ok ? redirect(`/meetings/${id}/minutes`) : saved.response
    }
    case 'approve': {
      const approved = await runCommand(() => approveMeetingMinutes(ctx, { meetingId: id, markdown: input.markdown }), keep)
      return approved.ok ? json({ done: 'minutes.approved' as MessageKey }) : approved.response
    }
    case 'publish': {
      const published = await runCommand(() => publishMeetingMinutes(ctx, { meetingId: id }), keep)
      return published.ok ? json({ done: 'minutes.published' as MessageKey }) : published.response
    }
  }
}

export default function Minutes() {
  const t = useT()
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const print = params.get('print') === '1'
  const refused = result && 'result' in result ? result.result : null
  const errors = fieldErrors(refused)
  // The text as last submitted, when the step was refused.
  const typed = result && 'initialValue' in result ? result.initialValue : refused && 'initialValue' in refused ? refused.initialValue : null
  // An empty text refused stays empty (it is not refilled with the draft).
  const typedMarkdown =
    typed && typeof typed === 'object' && 'markdown' in typed && typeof typed.markdown === 'string' ? typed.markdown : errors.markdown ? '' : null
  if (print && d.markdown) {
    return (
      <article className="minutes-print">
        <Markdown source={d.markdown} />
        <p className="no-print">
          <button type="button" onClick={() => window.print()}>
            {t('minutes.print')}
          </button>
        </p>
      </article>
    )
  }
  return (
    <article className="stack">
      <h1>
        <MarkedText text={t('common.labelled', { label: t('minutes.title'), value: markZh(d.title) })} />
      </h1>
      <p className="row">
        {/* The minutes' own steps (draft, approved, published), not the topic statuses of the shared badge. */}
        <span className={`badge status-${d.status}`}>{t(`minutes.status.${d.status}`)}</span>
        {d.approvedAt ? <span className="hint">{t('minutes.approvedBy', { at: d.approvedAt })}</span> : null}
      </p>
      {result && 'done' in result ? (
        <p role="status" className="ok">
          {t(result.done)}
        </p>
      ) : null}
      {errors[''] ? (
        <p role="alert" className="error">
          {t(errors['']![0] as MessageKey)}
        </p>
      ) : null}
      {d.markdown ? (
        <nav className="row no-print">
          <a href={`/meetings/${d.id}/minutes.md`} download>
            {t('minutes.exportMd')}
          </a>
          <Link to={`/meetings/${d.id}/minutes?print=1`}>{t('minutes.print')}</Link>
          {d.roomPath ? <Link to={d.roomPath}>{t(`meeting.links.${d.roomPage}`)}</Link> : null}
        </nav>
      ) : (
        <p>{t('minutes.empty')}</p>
      )}
      {d.editable && d.draft != null ? (
        <Form method="post" className="stack card no-print" noValidate>
          <CsrfInput />
          {!d.saved ? <p className="hint">{t('minutes.notSaved')}</p> : null}
          <label>
            {t('minutes.edit')}
            <textarea
              name="markdown"
              defaultValue={typedMarkdown ?? d.draft}
              aria-required
              rows={24}
              style={{ fontFamily: 'monospace' }}
              {...(errors.markdown ? { 'aria-invalid': true, 'aria-describedby': 'markdown-error' } : {})}
            />
            <ErrorList id="markdown-error" errors={errors.markdown} />
          </label>
          <div className="row">
            <button type="submit" name="intent" value="save">
              {t('minutes.save')}
            </button>
            {d.meetingEnded ? (
              <button type="submit" name="intent" value="approve" className="primary">
                {t('minutes.approve')}
              </button>
            ) : null}
          </div>
        </Form>
      ) : null}
      {d.editable && d.draft != null ? (
        <Form method="post" className="no-print" noValidate>
          <CsrfInput />
          <button type="submit" name="intent" value="regenerate">
            {t('minutes.regenerate')}
          </button>
        </Form>
      ) : null}
      {d.editable && d.status === 'approved' ? (
        <Form method="post" className="no-print" noValidate>
          <CsrfInput />
          <button type="submit" name="intent" value="publish" className="primary">
            {t('minutes.publish')}
          </button>
        </Form>
      ) : null}
      {d.decisions.length || d.recordDecisionPath ? (
        <section className="card stack no-print" aria-labelledby="decisions-h">
          <h2 id="decisions-h">{t('minutes.decisions')}</h2>
          {d.decisions.length ? (
            <ul className="list">
              {d.decisions.map(x => (
                <li key={x.id}>
                  <Link to={`/decisions/${x.id}`} lang="zh-CN">
                    {x.title}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
          {d.recordDecisionPath ? (
            <>
              <p className="hint">{t('minutes.recordDecisionHint')}</p>
              <p>
                <Link className="button primary" to={d.recordDecisionPath}>
                  {t('minutes.recordDecision')}
                </Link>
              </p>
            </>
          ) : null}
        </section>
      ) : null}
      {d.markdown && d.status !== 'draft' ? (
        <section className="card">
          <Markdown source={d.markdown} />
        </section>
      ) : d.markdown && d.editable ? (
        <section className="card" aria-label={t('minutes.title')}>
          <Markdown source={d.markdown} />
        </section>
      ) : null}
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
