import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { checkInAtTheDoor } from '#app/commands/meetings.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fieldErrors } from '#app/components/forms'
import meetingStyles from '#app/components/meeting/meeting.css'
import { useT, type MessageKey } from '#app/i18n/index'
import { loadMeeting, meetingAccess, meetingIdParam, meetingLink, origin } from '#app/services/meetings.server'
import { qrDataUrl } from '#app/services/qr.server'
import { requireUser, validateCsrf } from '#app/utils/auth.server'
import { getDb, getMeetingState } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, 'checkin.title', data?.title) }]

/**
 * In-person check-in. With `?token=` (the QR code in the room) a participant
 * confirms with one tap; without it the facilitator sees the QR code large,
 * for the screen or a printout at the door.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = meetingIdParam(params.id)
  const token = new URL(request.url).searchParams.get('token')
  const access = meetingAccess(request, id)
  const { user, meeting, role } = access
  // Someone not invited (staff of the area, say) is led on to a page of the meeting they may open, not the room.
  const onward = meetingLink(access, 'room')
  if (!token) {
    // Participants who open the page by its address are told how to check in: with the code in the room.
    if (role !== 'facilitator' && role !== 'recorder')
      return json({ mode: 'scan' as const, title: meeting.title, id, qr: '', token: '', already: false, invited: !!role && role !== 'observer', onward })
    const url = `${origin(request)}/meetings/${id}/checkin?token=${encodeURIComponent(meeting.checkInToken)}`
    return json({ mode: 'qr' as const, title: meeting.title, id, qr: await qrDataUrl(url), token: '', already: false, invited: true, onward })
  }
  const already = !!getMeetingState(getDb(), id).attendance[`u:${user!.id}`]?.inRoom
  return json({ mode: 'confirm' as const, title: meeting.title, id, qr: '', token, already, invited: !!role && role !== 'observer', onward })
}

const CheckinSchema = z.object({ token: z.string({ required_error: 'checkin.invalid' }).max(200, 'checkin.invalid') })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const id = meetingIdParam(params.id)
  const user = requireUser(request)
  loadMeeting(id)
  const parsed = parseForm(form, CheckinSchema)
  if (!parsed.ok) return parsed.response
  const ctx = { db: getDb(), actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const checkedIn = await runCommand(() => checkInAtTheDoor(ctx, { meetingId: id, token: parsed.value.token, user }))
  if (!checkedIn.ok) return checkedIn.response
  return json({ done: (checkedIn.value ? 'checkin.done' : 'checkin.already') as MessageKey })
}

export default function CheckIn() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  // A bad or missing token is reported on the token field, other refusals for the whole form.
  const refused = fieldErrors(result && 'result' in result ? result.result : null)
  const refusal = (refused.token?.[0] ?? refused['']?.[0]) as MessageKey | undefined
  return (
    <section className="narrow card stack">
      <h1>{t('common.labelled', { label: t('checkin.title'), value: data.title })}</h1>
      {data.mode === 'qr' ? (
        <>
          <p>{t('checkin.scanHint')}</p>
          <img className="qr large" src={data.qr} alt={t('meeting.checkinQr')} />
        </>
      ) : data.mode === 'scan' ? (
        data.invited ? (
          <p>{t('checkin.scanToCheckIn')}</p>
        ) : (
          <p role="alert" className="error">
            {t('checkin.notInvited')}
          </p>
        )
      ) : result && 'done' in result ? (
        <p role="status" className={result.done === 'checkin.done' ? 'ok' : ''}>
          {t(result.done)}
        </p>
      ) : refusal ? (
        <p role="alert" className="error">
          {t(refusal)}
        </p>
      ) : data.already ? (
        <p role="status">{t('checkin.already')}</p>
      ) : !data.invited ? (
        <p role="alert" className="error">
          {t('checkin.notInvited')}
        </p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <input type="hidden" name="token" value={data.token} />
          <button type="submit" className="primary big-button">
            {t('checkin.confirm')}
          </button>
        </Form>
      )}
      {data.onward ? (
        <p>
          <Link to={data.onward.href}>
            {t(data.onward.page === 'room' || data.onward.page === 'console' ? 'meetings.open' : `meeting.links.${data.onward.page}`)}
          </Link>
        </p>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
