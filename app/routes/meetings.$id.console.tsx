import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { z } from 'zod'
import { useT, type MessageKey } from '#app/i18n/index'
import { validateCsrf } from '#app/utils/auth.server'
import { addMeetingParticipant, eq, getDb, users } from '#app/utils/db.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { StatusBadge } from '#app/components/status-badge'
import { meetingIdParam, meetingView, origin, participantsView, requireFacilitator } from '#app/services/meetings.server'
import { qrDataUrl } from '#app/services/qr.server'
import { PARTICIPANT_ROLES, liveRoster } from '#realtime/meeting-state'
import { useMeeting } from '#app/components/meeting/use-meeting'
import { AgendaNow, Balance, ConnectionBadge, ErrorToast, FloorAndQueue, People, Proposals, RoomError, Statements, Votes, useRun } from '#app/components/meeting/room'
import { AgendaControls, ModerationLog, OpenVote, ProposalDraft } from '#app/components/meeting/console-controls'
import meetingStyles from '#app/components/meeting/meeting.css'
import { pageTitle } from '#app/utils/meta'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, 'console.title', data?.meeting.title) }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = meetingIdParam(params.id)
  const { user, meeting } = requireFacilitator(request, id)
  const inviteUrl = `${origin(request)}/meetings/${id}`
  const checkinUrl = `${origin(request)}/meetings/${id}/checkin?token=${encodeURIComponent(meeting.checkInToken)}`
  return json({
    meeting: meetingView(meeting),
    participants: participantsView(id),
    me: { userId: user.id, role: 'facilitator' },
    inviteUrl,
    inviteQr: await qrDataUrl(inviteUrl),
    checkinQr: await qrDataUrl(checkinUrl),
  })
}

const AddSchema = z.object({ intent: z.literal('add-participant'), username: z.string().trim().min(1).max(100), role: z.enum(PARTICIPANT_ROLES) })

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const id = meetingIdParam(params.id)
  const { user } = requireFacilitator(request, id)
  const parsed = AddSchema.safeParse(Object.fromEntries(form))
  const values = { username: String(form.get('username') ?? ''), role: String(form.get('role') ?? 'deliberator') }
  if (!parsed.success) return json({ ok: false as const, error: 'meetings.error.required' as MessageKey, values }, { status: 400 })
  const db = getDb()
  const target = db.select({ id: users.id, name: users.displayName }).from(users).where(eq(users.username, parsed.data.username)).get()
  if (!target) return json({ ok: false as const, error: 'meetings.error.username' as MessageKey, values }, { status: 400 })
  addMeetingParticipant(db, { meetingId: id, userId: target.id, role: parsed.data.role }, { kind: 'user', id: user.id })
  return json({ ok: true as const, name: target.name })
}

export default function MeetingConsole() {
  const t = useT()
  const { meeting, participants, me, inviteUrl, inviteQr, checkinQr } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { session, connected } = useMeeting(meeting.id)
  const { run, error, clearError } = useRun(session)
  const [picked, setPicked] = useState<Set<number>>(new Set())
  const togglePick = (seq: number) => setPicked(p => (p.has(seq) ? new Set([...p].filter(x => x !== seq)) : new Set([...p, seq])))
  const s = session?.state
  // Newcomers appear as they join, without a reload.
  const roster = s && session ? liveRoster(s, participants, session.online) : participants
  return (
    <article>
      <header className="stack" style={{ gap: '.25rem' }}>
        <h1>
          {t('common.labelled', { label: t('console.title'), value: meeting.title })}
        </h1>
        <div className="room-status">
          <StatusBadge status={s?.status ?? meeting.status} />
          <ConnectionBadge session={session} connected={connected} />
        </div>
        <nav className="row no-print" aria-label={t('console.title')}>
          <Link to={`/meetings/${meeting.id}`}>{t('meeting.links.room')}</Link>
          <Link to={`/meetings/${meeting.id}/projector`}>{t('meeting.links.projector')}</Link>
          {meeting.isPublic ? <Link to={`/meetings/${meeting.id}/observe`}>{t('meeting.links.observe')}</Link> : null}
          <Link to={`/meetings/${meeting.id}/minutes`}>{t('meeting.links.minutes')}</Link>
        </nav>
      </header>
      <RoomError session={session} />
      {session && s && session.joined ? (
        <div className="room two-col">
          <div className="stack">
            <AgendaControls meeting={meeting} s={s} run={run} />
            <AgendaNow meeting={meeting} s={s} offset={session.clockOffset} />
            <FloorAndQueue s={s} me={me} run={run} offset={session.clockOffset} facilitate />
            <Balance s={s} participants={roster} run={run} facilitate />
            <OpenVote s={s} run={run} />
            <Votes s={s} me={me} run={run} voted={session.myVotes} facilitate />
            <Proposals s={s} run={run} facilitate />
          </div>
          <div className="stack">
            <Statements s={s} me={me} run={run} facilitate picked={picked} onPick={togglePick} />
            <ProposalDraft s={s} run={run} picked={picked} clearPicked={() => setPicked(new Set())} />
            <People s={s} participants={roster} session={session} run={run} facilitate me={me} />
            <ModerationLog s={s} participants={roster} />
          </div>
        </div>
      ) : null}
      <div className="grid" style={{ marginTop: '1rem' }}>
        <section className="card" aria-labelledby="add-h">
          <h2 id="add-h">{t('meeting.addParticipant')}</h2>
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="add-participant" />
            <label>
              {t('meeting.username')}
              <input name="username" required defaultValue={result && !result.ok ? result.values.username : ''} aria-invalid={result && !result.ok ? true : undefined} aria-describedby="add-err" />
            </label>
            <label>
              {t('meeting.role')}
              <select name="role" defaultValue={result && !result.ok ? result.values.role : 'deliberator'}>
                {PARTICIPANT_ROLES.map(r => (
                  <option key={r} value={r}>
                    {t(`meeting.role.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            {result && !result.ok ? (
              <p id="add-err" role="alert" className="error">
                {t(result.error)}
              </p>
            ) : null}
            {result?.ok ? <p role="status">{t('meeting.added', { name: result.name })}</p> : null}
            <button type="submit">{t('meeting.add')}</button>
          </Form>
        </section>
        <section className="card" aria-labelledby="inv-h">
          <h2 id="inv-h">{t('meeting.invite')}</h2>
          <p className="hint">{t('meeting.inviteHint')}</p>
          <p className="invite-link">
            <a href={inviteUrl}>{inviteUrl}</a>
          </p>
          <img className="qr" src={inviteQr} alt={t('meeting.invite')} />
        </section>
        <section className="card" aria-labelledby="chk-h">
          <h2 id="chk-h">{t('meeting.checkinQr')}</h2>
          <p className="hint">{t('meeting.checkinHint')}</p>
          <img className="qr" src={checkinQr} alt={t('meeting.checkinQr')} />
          <p>
            <Link to={`/meetings/${meeting.id}/checkin`}>{t('checkin.title')}</Link>
          </p>
        </section>
      </div>
      <ErrorToast error={error} onClose={clearError} />
    </article>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
