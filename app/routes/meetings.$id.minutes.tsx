import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { makeT, useT, type MessageKey } from '#app/i18n/index'
import { validateCsrf } from '#app/utils/auth.server'
import { getPrefs } from '#app/utils/prefs.server'
import { approveMinutes, getDb, getMeetingState, MeetingError, publishMinutes, saveMinutesDraft } from '#app/utils/db.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { StatusBadge } from '#app/components/status-badge'
import { Markdown } from '#app/components/meeting/markdown'
import { draftMinutes, canEditMinutes as canEdit, formatTime, meetingAccess, meetingIdParam, minutesAccess, participantsView } from '#app/services/meetings.server'
import meetingStyles from '#app/components/meeting/meeting.css'
import { MarkedText } from '#app/components/zh-text'
import { markZh } from '#app/utils/zh-marks'
import { pageTitle } from '#app/utils/meta'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, 'minutes.title', data?.title) }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = meetingIdParam(params.id)
  const { access, row, readable, publicCopy } = minutesAccess(request, id)
  const { meeting } = access
  const editable = canEdit(access)
  const state = getMeetingState(getDb(), id)
  const draft = editable && (!row || row.status === 'draft') ? (row?.markdown ?? draftMinutes(meeting, participantsView(id), state, getPrefs(request).locale)) : null
  return json({
    id,
    title: meeting.title,
    meetingEnded: state.status === 'ended',
    editable,
    saved: !!row,
    status: row?.status ?? 'draft',
    approvedAt: row?.approvedAt ? formatTime(row.approvedAt, true, getPrefs(request).locale) : null,
    markdown: readable ? ((row ? publicCopy(row.markdown) : null) ?? draft) : null,
    draft,
  })
}

const MinutesSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('save'), markdown: z.string().trim().min(1).max(100_000) }),
  z.object({ intent: z.literal('approve'), markdown: z.string().trim().min(1).max(100_000) }),
  z.object({ intent: z.literal('regenerate') }),
  z.object({ intent: z.literal('publish') }),
])

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const id = meetingIdParam(params.id)
  const access = meetingAccess(request, id)
  if (!canEdit(access)) throw new Response('Forbidden', { status: 403 })
  const user = access.user!
  const parsed = MinutesSchema.safeParse(Object.fromEntries(form))
  if (!parsed.success) return json({ error: 'meetings.error.required' as MessageKey, markdown: String(form.get('markdown') ?? '') }, { status: 400 })
  const db = getDb()
  const actor = { kind: 'user' as const, id: user.id }
  try {
    switch (parsed.data.intent) {
      case 'save':
        saveMinutesDraft(db, { meetingId: id, markdown: parsed.data.markdown }, actor)
        return json({ done: 'minutes.saved' as MessageKey })
      case 'regenerate': {
        const md = draftMinutes(access.meeting, participantsView(id), getMeetingState(db, id), getPrefs(request).locale)
        saveMinutesDraft(db, { meetingId: id, markdown: md }, actor)
        return redirect(`/meetings/${id}/minutes`)
      }
      case 'approve':
        approveMinutes(db, { meetingId: id, userId: user.id, markdown: parsed.data.markdown })
        return json({ done: 'minutes.approved' as MessageKey })
      case 'publish':
        publishMinutes(db, { meetingId: id, userId: user.id })
        return json({ done: 'minutes.published' as MessageKey })
    }
  } catch (error) {
    if (error instanceof MeetingError) return json({ error: 'room.error.conflict' as MessageKey, markdown: 'markdown' in parsed.data ? parsed.data.markdown : '' }, { status: 409 })
    throw error
  }
}

export default function Minutes() {
  const t = useT()
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const print = params.get('print') === '1'
  const error = result && 'error' in result ? result : null
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
        <StatusBadge status={d.status} />
        {d.approvedAt ? <span className="hint">{t('minutes.approvedBy', { at: d.approvedAt })}</span> : null}
      </p>
      {result && 'done' in result ? <p role="status" className="ok">{t(result.done)}</p> : null}
      {error ? (
        <p role="alert" className="error">
          {t(error.error)}
        </p>
      ) : null}
      {d.markdown ? (
        <nav className="row no-print">
          <a href={`/meetings/${d.id}/minutes.md`} download>
            {t('minutes.exportMd')}
          </a>
          <Link to={`/meetings/${d.id}/minutes?print=1`}>{t('minutes.print')}</Link>
          <Link to={`/meetings/${d.id}`}>{t('meeting.links.room')}</Link>
        </nav>
      ) : (
        <p>{t('minutes.empty')}</p>
      )}
      {d.editable && d.draft != null ? (
        <Form method="post" className="stack card no-print">
          <CsrfInput />
          {!d.saved ? <p className="hint">{t('minutes.notSaved')}</p> : null}
          <label>
            {t('minutes.edit')}
            <textarea name="markdown" defaultValue={error?.markdown || d.draft} rows={24} style={{ fontFamily: 'monospace' }} />
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
        <Form method="post" className="no-print">
          <CsrfInput />
          <button type="submit" name="intent" value="regenerate">
            {t('minutes.regenerate')}
          </button>
        </Form>
      ) : null}
      {d.editable && d.status === 'approved' ? (
        <Form method="post" className="no-print">
          <CsrfInput />
          <button type="submit" name="intent" value="publish" className="primary">
            {t('minutes.publish')}
          </button>
        </Form>
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
