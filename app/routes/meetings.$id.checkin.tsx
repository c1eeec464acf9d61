import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { useT, type MessageKey } from '#app/i18n/index'
import { requireUser, validateCsrf } from '#app/utils/auth.server'
import { checkInToMeeting, getDb, getMeetingState, MeetingError } from '#app/utils/db.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { meetingAccess, meetingIdParam, origin } from '#app/services/meetings.server'
import { qrDataUrl } from '#app/services/qr.server'
import meetingStyles from '#app/components/meeting/meeting.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]

/**
 * In-person check-in. With `?token=` (the QR code in the room) a participant
 * confirms with one tap; without it the facilitator sees the QR code large,
 * for the screen or a printout at the door.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = meetingIdParam(params.id)
  const token = new URL(request.url).searchParams.get('token')
  const { user, meeting, role } = meetingAccess(request, id)
  if (!token) {
    if (role !== 'facilitator' && role !== 'recorder') throw new Response('Forbidden', { status: 403 })
    const url = `${origin(request)}/meetings/${id}/checkin?token=${encodeURIComponent(meeting.checkInToken)}`
    return json({ mode: 'qr' as const, title: meeting.title, id, qr: await qrDataUrl(url), token: '', already: false, invited: true })
  }
  const already = !!getMeetingState(getDb(), id).attendance[`u:${user!.id}`]?.inRoom
  return json({ mode: 'confirm' as const, title: meeting.title, id, qr: '', token, already, invited: !!role && role !== 'observer' })
}

const CheckinSchema = z.object({ token: z.string().min(1).max(200) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const id = meetingIdParam(params.id)
  const user = requireUser(request)
  const { role } = meetingAccess(request, id)
  if (!role || role === 'observer') return json({ result: 'checkin.notInvited' as MessageKey }, { status: 403 })
  const parsed = CheckinSchema.safeParse(Object.fromEntries(form))
  if (!parsed.success) return json({ result: 'checkin.invalid' as MessageKey }, { status: 400 })
  try {
    const event = checkInToMeeting(getDb(), { meetingId: id, token: parsed.data.token, userId: user.id, name: user.displayName })
    if (!event) return json({ result: 'checkin.already' as MessageKey })
    context.notify.toMeeting?.(event)
    return json({ result: 'checkin.done' as MessageKey })
  } catch (error) {
    if (error instanceof MeetingError) return json({ result: 'checkin.invalid' as MessageKey }, { status: 400 })
    throw error
  }
}

export default function CheckIn() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <section className="narrow card stack">
      <h1>
        {t('common.labelled', { label: t('checkin.title'), value: data.title })}
      </h1>
      {data.mode === 'qr' ? (
        <>
          <p>{t('checkin.scanHint')}</p>
          <img className="qr large" src={data.qr} alt={t('meeting.checkinQr')} />
        </>
      ) : result ? (
        <p role={result.result === 'checkin.done' || result.result === 'checkin.already' ? 'status' : 'alert'} className={result.result === 'checkin.done' ? 'ok' : result.result === 'checkin.already' ? '' : 'error'}>
          {t(result.result)}
        </p>
      ) : data.already ? (
        <p role="status">{t('checkin.already')}</p>
      ) : !data.invited ? (
        <p role="alert" className="error">
          {t('checkin.notInvited')}
        </p>
      ) : (
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="token" value={data.token} />
          <button type="submit" className="primary big-button">
            {t('checkin.confirm')}
          </button>
        </Form>
      )}
      <p>
        <Link to={`/meetings/${data.id}`}>{t('meetings.open')}</Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
