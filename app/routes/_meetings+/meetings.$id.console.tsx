import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { z } from 'zod'
import { addParticipant } from '#app/commands/meetings.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fieldErrors } from '#app/components/forms'
import { AgendaNow } from '#app/components/meeting/agenda-now'
import { AgendaControls, ModerationLog, OpenVote, ProposalDraft } from '#app/components/meeting/console-controls'
import { Balance, FloorAndQueue } from '#app/components/meeting/floor'
import { MeetingLinks } from '#app/components/meeting/meeting-links'
import { MeetingShell, RoomColumns } from '#app/components/meeting/meeting-shell'
import meetingStyles from '#app/components/meeting/meeting.css'
import { People } from '#app/components/meeting/people'
import { Proposals } from '#app/components/meeting/proposals'
import { Statements } from '#app/components/meeting/statements'
import { ErrorToast } from '#app/components/meeting/status'
import { useMeeting } from '#app/components/meeting/use-meeting'
import { useRun } from '#app/components/meeting/use-run'
import { Votes } from '#app/components/meeting/votes'
import { StatusBadge } from '#app/components/status-badge'
import { MarkedText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'
import { meetingIdParam, meetingView, origin, panelRepliesView, participantsView, requireFacilitator } from '#app/services/meetings.server'
import { qrDataUrl } from '#app/services/qr.server'
import { validateCsrf } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { formErrorText } from '#app/utils/form-errors'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'
import { markZh } from '#app/utils/zh-marks'
import { PARTICIPANT_ROLES } from '#meetings/types'
import { liveRoster } from '#meetings/visibility'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, 'console.title', data?.meeting.title) }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = meetingIdParam(params.id)
  const { user, meeting, role } = requireFacilitator(request, id)
  const inviteUrl = `${origin(request)}/meetings/${id}`
  const checkinUrl = `${origin(request)}/meetings/${id}/checkin?token=${encodeURIComponent(meeting.checkInToken)}`
  return json({
    meeting: meetingView(meeting),
    participants: participantsView(id),
    me: { userId: user.id, role: 'facilitator' },
    // An admin may run the console without taking part, and the room and a closed meeting's projector refuse them.
    takesPart: role != null,
    // The panel drawn for the meeting, as counts only: who accepted are the deliberators listed in the room.
    panel: panelRepliesView(meeting),
    inviteUrl,
    inviteQr: await qrDataUrl(inviteUrl),
    checkinQr: await qrDataUrl(checkinUrl),
  })
}

const AddSchema = z.object({
  intent: z.literal('add-participant'),
  username: z.string({ required_error: 'meetings.error.required' }).trim().min(1, 'meetings.error.required').max(100, 'meetings.error.username'),
  role: z.enum(PARTICIPANT_ROLES),
})

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const id = meetingIdParam(params.id)
  const { user } = requireFacilitator(request, id)
  const parsed = parseForm(form, AddSchema)
  if (!parsed.ok) return parsed.response
  const ctx = { db: getDb(), actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const added = await runCommand(() => addParticipant(ctx, { meetingId: id, username: parsed.value.username, role: parsed.value.role }), {
    initialValue: parsed.submission.payload,
  })
  if (!added.ok) return added.response
  return json({ added: added.value })
}

export default function MeetingConsole() {
  const t = useT()
  const { meeting, participants, me, takesPart, panel, inviteUrl, inviteQr, checkinQr } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const refused = result && 'result' in result ? result.result : null
  const addErrors = fieldErrors(refused)
  const addError = (addErrors.username ?? addErrors.role ?? addErrors[''])?.[0]
  // What was typed, kept when the addition was refused.
  const typed = (result && 'initialValue' in result ? result.initialValue : refused && 'initialValue' in refused ? refused.initialValue : null) as Record<
    string,
    unknown
  > | null
  // Once someone is added the form is emptied for the next name, with the cursor back in it.
  const addForm = useRef<HTMLFormElement>(null)
  useEffect(() => {
    if (!result || !('added' in result)) return
    addForm.current?.reset()
    addForm.current?.querySelector<HTMLInputElement>('input[name="username"]')?.focus()
  }, [result])
  const { session, connected } = useMeeting(meeting.id)
  const { run, error, clearError } = useRun(session)
  const [picked, setPicked] = useState<Set<number>>(new Set())
  const togglePick = (seq: number) => setPicked(p => (p.has(seq) ? new Set([...p].filter(x => x !== seq)) : new Set([...p, seq])))
  return (
    <MeetingShell
      title={<MarkedText text={t('common.labelled', { label: t('console.title'), value: markZh(meeting.title) })} />}
      session={session}
      connected={connected}
      status={meeting.status}
      nav={
        <MeetingLinks
          meetingId={meeting.id}
          label={t('console.title')}
          pages={[takesPart && 'room', (takesPart || meeting.isPublic) && 'projector', meeting.isPublic && 'observe', 'minutes']}
        />
      }
      live={(s, session) => {
        // Newcomers appear as they join, without a reload.
        const roster = liveRoster(s, participants, session.online)
        return (
          <RoomColumns
            left={
              <>
                <AgendaControls meeting={meeting} s={s} run={run} offset={session.clockOffset} />
                <AgendaNow meeting={meeting} s={s} offset={session.clockOffset} />
                <FloorAndQueue s={s} me={me} run={run} offset={session.clockOffset} facilitate />
                <Balance s={s} participants={roster} run={run} facilitate />
                <OpenVote s={s} run={run} />
                <Votes s={s} me={me} run={run} voted={session.myVotes} facilitate />
                <Proposals s={s} run={run} facilitate />
              </>
            }
            right={
              <>
                <Statements s={s} me={me} run={run} facilitate picked={picked} onPick={togglePick} />
                <ProposalDraft s={s} run={run} picked={picked} clearPicked={() => setPicked(new Set())} />
                <People s={s} participants={roster} session={session} run={run} facilitate me={me} />
                <ModerationLog s={s} participants={roster} />
              </>
            }
          />
        )
      }}
    >
      <div className="grid" style={{ marginTop: '1rem' }}>
        {panel ? (
          <section className="card" aria-labelledby="panel-h" data-testid="panel-replies">
            <h2 id="panel-h">{t('console.panel.title')}</h2>
            <p>{t('console.panel.counts', { invited: panel.accepted + panel.declined + panel.waiting, ...panel })}</p>
            <p className="hint">{t('console.panel.hint')}</p>
          </section>
        ) : null}
        <section className="card" aria-labelledby="add-h">
          <h2 id="add-h">{t('meeting.addParticipant')}</h2>
          <Form method="post" className="stack" ref={addForm} noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="add-participant" />
            <label>
              {t('meeting.username')}
              <input
                name="username"
                required
                defaultValue={String(typed?.username ?? '')}
                aria-invalid={addError ? true : undefined}
                aria-describedby={addError ? 'add-err' : undefined}
              />
            </label>
            <label>
              {t('meeting.role')}
              <select name="role" defaultValue={String(typed?.role ?? 'deliberator')}>
                {PARTICIPANT_ROLES.map(r => (
                  <option key={r} value={r}>
                    {t(`meeting.role.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            {addError ? (
              <p id="add-err" role="alert" className="error">
                {formErrorText(t, addError)}
              </p>
            ) : null}
            {result && 'added' in result ? <p role="status">{t('meeting.added', { name: result.added })}</p> : null}
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
    </MeetingShell>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
