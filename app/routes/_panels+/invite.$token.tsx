import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { acceptInvitation, declineInvitation } from '#app/commands/panels.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ErrorList, fieldErrors } from '#app/components/forms'
import { submittedText, submittedValues } from '#app/components/outcomes-ui'
import { makeT, useT } from '#app/i18n/index'
import { meetingAccess, meetingLink } from '#app/services/meetings.server'
import { qrDataUrl } from '#app/services/qr.server'
import { getUser, sessionCookieHeader, validateCsrf } from '#app/utils/auth.server'
import { ANONYMOUS, createSession, getDb, getInvitation, invitationOpensAccount, panelMemberReasons, SESSION_TTL_MS } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { parseForm } from '#app/utils/forms.server'
import { errorTitle, pageTitle } from '#app/utils/meta'
import { reasonsText, seatLabel } from '#app/utils/panel-text'
import { beijingTime, reasonNames } from '#app/utils/panels.server'
import { getPrefs } from '#app/utils/prefs.server'

export const meta: MetaFunction = ({ matches, error }) => [
  { title: error ? errorTitle(matches, error) : pageTitle(matches, 'invite.title') },
  { name: 'robots', content: 'noindex' },
  { name: 'referrer', content: 'no-referrer' },
]

function requireInvitation(token: string | undefined) {
  const inv = getInvitation(getDb(), token ?? '')
  if (!inv) throw new Response('Not found', { status: 404 })
  return inv
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const inv = requireInvitation(params.token)
  const { locale } = getPrefs(request)
  const t = makeT(locale)
  const origin = new URL(request.url).origin
  const meetingUrl = inv.meeting ? `${origin}/meetings/${inv.meeting.id}` : null
  const user = getUser(request)
  // A meeting that has ended has no room to go to: what it decided, where this visitor may read it.
  const ended = inv.meeting?.status === 'ended'
  const record = inv.meeting && ended ? meetingLink(meetingAccess(request, inv.meeting.id, { requireLogin: false }), 'record') : null
  return json({
    token: params.token!,
    status: inv.row.status,
    left: !inv.member,
    // The link reaches only the member, by SMS to their own phone: greet them by name.
    name: inv.member ? inv.member.name : null,
    topic: { title: inv.topic.title, description: inv.topic.description, place: inv.topic.place },
    seat: seatLabel(t, inv.row.seat),
    reasons: reasonsText(t, panelMemberReasons(inv.panel, inv.row), reasonNames(getDb(), locale)),
    meeting: inv.meeting
      ? {
          id: inv.meeting.id,
          title: inv.meeting.title,
          time: beijingTime(inv.meeting.startsAt, locale),
          place: inv.meeting.place,
          link: inv.meeting.link,
          ended,
          record,
          qr: ended ? null : await qrDataUrl(meetingUrl!, 'invitation'),
        }
      : null,
    loggedIn: !!user && inv.member?.userId === user.id,
  })
}

const AnswerSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('accept') }),
  z.object({ intent: z.literal('decline'), reason: z.string().trim().max(500, 'invite.error.reason').default('') }),
])

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const inv = requireInvitation(params.token)
  const parsed = parseForm(form, AnswerSchema)
  if (!parsed.ok) return parsed.response
  const db = getDb()
  const here = `/invite/${encodeURIComponent(params.token!)}`
  const ctx = { db, actor: ANONYMOUS, notify: context.notify }
  const answer = parsed.value
  if (answer.intent === 'accept') {
    const r = await runCommand(() => acceptInvitation(ctx, params.token!))
    if (!r.ok) return r.response
    const opensAccount = !!inv.member && invitationOpensAccount(db, { id: inv.member.id, userId: r.value.userId })
    // For a member without an account of their own, the link is their way into the meeting:
    // log this phone in as the resident account just made for them, unless someone is already
    // logged in here. Accounts with a password or a staff role are never opened by a link.
    const headers = new Headers()
    if (opensAccount && !getUser(request)) {
      const session = createSession(db, r.value.userId)
      headers.append('set-cookie', sessionCookieHeader(session.id, Math.floor(SESSION_TTL_MS / 1000)))
    }
    return redirect(`${here}?answered=accepted`, { headers })
  }
  const r = await runCommand(() => declineInvitation(ctx, { token: params.token!, reason: answer.reason }, { request }))
  if (!r.ok) return r.response
  return redirect(`${here}?answered=declined`)
}

export default function Invitation() {
  const t = useT()
  const d = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const result = data && 'result' in data ? data.result : undefined
  const errors = fieldErrors(result)
  const posted = submittedValues(result)
  const busy = useNavigation().state !== 'idle'
  return (
    <section className="narrow">
      <h1>{t('invite.title')}</h1>
      {data && 'error' in data ? (
        <p role="alert" className="error">
          {t(data.error)}
        </p>
      ) : null}
      {d.left ? (
        <p>{t('invite.left')}</p>
      ) : (
        <>
          <p>{t('invite.hello', { name: d.name ?? '' })}</p>
          <p>{t('invite.body', { topic: d.topic.title, seat: d.seat })}</p>
          {d.reasons ? <p className="hint">{t('invite.why', { reasons: d.reasons })}</p> : null}
          {d.topic.description ? <p>{d.topic.description}</p> : null}
          {d.meeting?.ended ? (
            <div className="card stack">
              <p>{t('invite.meeting', { time: d.meeting.time, place: d.meeting.place ?? d.meeting.link ?? '' })}</p>
              <p role="status">{t('invite.meetingEnded')}</p>
              {d.meeting.record ? (
                <p>
                  <Link className="button primary" to={d.meeting.record.href}>
                    {t(d.meeting.record.page === 'minutes' ? 'invite.goMinutes' : 'invite.goObserve')}
                  </Link>
                </p>
              ) : null}
            </div>
          ) : d.meeting ? (
            <p className="card">{t('invite.meeting', { time: d.meeting.time, place: d.meeting.place ?? d.meeting.link ?? '' })}</p>
          ) : (
            <p className="hint">{t('invite.noMeeting')}</p>
          )}
          {/* An invitation is answered before its meeting ends: afterwards there is nothing left to accept or decline. */}
          {d.status === 'invited' && d.meeting?.ended ? null : d.status === 'invited' ? (
            <div className="stack">
              <Form method="post" className="card">
                <CsrfInput />
                <button type="submit" name="intent" value="accept" className="primary" disabled={busy}>
                  {t('invite.accept')}
                </button>
              </Form>
              <Form method="post" className="stack card">
                <CsrfInput />
                <label>
                  {t('invite.reason')}
                  <textarea
                    name="reason"
                    maxLength={500}
                    defaultValue={submittedText(posted, 'reason')}
                    aria-invalid={errors.reason ? true : undefined}
                    aria-describedby={errors.reason ? 'reason-error' : undefined}
                  />
                </label>
                <ErrorList id="reason-error" errors={errors.reason} />
                <button type="submit" name="intent" value="decline" disabled={busy}>
                  {t('invite.decline')}
                </button>
              </Form>
            </div>
          ) : (
            <p role="status" className={d.status === 'accepted' ? 'ok' : undefined} data-testid="invite-answer">
              {d.status === 'accepted' ? t('invite.accepted') : t('invite.declined')}
            </p>
          )}
          {d.status === 'accepted' && d.meeting && !d.meeting.ended ? (
            <div className="stack card">
              {d.loggedIn ? <p className="hint">{t('invite.loggedIn')}</p> : null}
              <p>
                <Link className="button primary" to={`/meetings/${d.meeting.id}`}>
                  {t('invite.goMeeting')}
                </Link>{' '}
                <a className="button" href={`/invite/${encodeURIComponent(d.token)}/ics`} download="teahouse-meeting.ics">
                  {t('invite.ics')}
                </a>
              </p>
              {d.meeting.qr ? <img src={d.meeting.qr} alt={t('invite.meetingQr')} width={180} height={180} /> : null}
            </div>
          ) : null}
        </>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
