import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { scheduleMeeting } from '#app/commands/meetings.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ErrorList, fieldErrors } from '#app/components/forms'
import { useT } from '#app/i18n/index'
import { facilitatorChoices, schedulableTopics } from '#app/services/meetings.server'
import { requireRole, userHasRole, validateCsrf } from '#app/utils/auth.server'
import { chinaDateTimeLocal, fromChinaTime } from '#app/utils/dates'
import { getDb } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { formError, webLink, wholeNumberBetween } from '#app/utils/form-errors'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'
import { ORGANISER_ROLES } from '#app/utils/permissions'
import { MEETING_MODES } from '#meetings/types'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'meetings.new') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, ORGANISER_ROLES)
  const db = getDb()
  const url = new URL(request.url)
  const options = schedulableTopics(db, user)
  const facilitators = facilitatorChoices(db, user, [...new Set(options.map(tp => tp.unitId))])
  return json({
    topics: options.map(({ id, title }) => ({ id, title })),
    topicId: url.searchParams.get('topic') ?? '',
    facilitators: facilitators.map(f => ({ userId: f.userId, name: f.displayName, self: f.self })),
    // A facilitator scheduling a meeting usually runs it; others pick who does.
    defaultFacilitators: userHasRole(user, 'facilitator') ? [user.id] : [],
    // Now, in Beijing time, as a datetime-local value.
    minStart: chinaDateTimeLocal(Date.now()),
  })
}

/** The form's local time is Beijing time. */
const beijingTime = (local: string) => fromChinaTime(local) ?? new Date(NaN)

/** The longest name of an agenda item: a longer one is refused, not cut. */
const AGENDA_TITLE_MAX = 200

/** "title | minutes" per line. */
function parseAgenda(raw: string) {
  const items = raw
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(Boolean)
    .map(l => {
      const m = /^(.+?)\s*[|｜]\s*(\d{1,3})$/.exec(l)
      return m ? { title: m[1]!.trim(), plannedMinutes: Number(m[2]) } : null
    })
  if (!items.length || items.length > 30 || items.some(i => !i || i.plannedMinutes < 1 || i.plannedMinutes > 240)) return null
  return items as { title: string; plannedMinutes: number }[]
}

// A minute's grace so "now" typed into the form is not refused on submit.
const PAST_GRACE_MS = 60_000
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/
// The form's inputs carry the same limits, so the browser and the server agree.
const TITLE_MAX = 200
const PLACE_MAX = 200
const LINK_MAX = 500
const SPEAKER_SECONDS = { min: 30, max: 1800 }

// Fields left empty arrive as undefined; they are reported in the object's
// check below so that one submission shows every problem at once.
const MeetingFields = z.object({
  topicId: z.number({ invalid_type_error: 'meetings.error.topic' }).int().positive('meetings.error.topic').optional(),
  title: z.string().max(TITLE_MAX).optional(),
  facilitatorIds: z.array(z.number().int().positive(), { invalid_type_error: 'meetings.error.facilitator' }).default([]),
  mode: z.enum(MEETING_MODES),
  startsAt: z.string().regex(LOCAL_TIME, 'meetings.error.required').optional(),
  place: z.string().max(PLACE_MAX).optional(),
  link: webLink(LINK_MAX).optional(),
  isPublic: z.boolean().default(false),
  speakerSeconds: wholeNumberBetween(SPEAKER_SECONDS.min, SPEAKER_SECONDS.max, 'seconds').optional(),
  agenda: z.string().max(5000).optional(),
})
/** The form once every required field is there. */
type CompleteMeeting = z.output<typeof MeetingFields> & { topicId: number; title: string; startsAt: string; speakerSeconds: number; agenda: string }

const NewMeetingSchema = MeetingFields.superRefine((v, ctx): v is CompleteMeeting => {
  let complete = true
  const report = (path: string, message: string) => {
    complete = false
    ctx.addIssue({ code: 'custom', path: [path], message })
  }
  if (v.topicId == null) report('topicId', 'meetings.error.topic')
  if (!v.title?.trim()) report('title', 'meetings.error.required')
  if (!v.facilitatorIds.length) report('facilitatorIds', 'meetings.error.facilitator')
  if (!v.startsAt) report('startsAt', 'meetings.error.required')
  else if (beijingTime(v.startsAt).getTime() < Date.now() - PAST_GRACE_MS) report('startsAt', 'meetings.error.pastStart')
  if (v.speakerSeconds == null) report('speakerSeconds', 'meetings.error.required')
  if (v.mode !== 'online' && !v.place?.trim()) report('place', 'meetings.error.placeOrLink')
  const agenda = parseAgenda(v.agenda ?? '')
  const tooLong = agenda?.findIndex(i => i.title.length > AGENDA_TITLE_MAX) ?? -1
  if (!agenda) report('agenda', 'meetings.error.agenda')
  else if (tooLong >= 0) report('agenda', formError('meetings.error.agendaItemTooLong', { n: tooLong + 1, max: AGENDA_TITLE_MAX }))
  return complete
})

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const user = requireRole(request, ORGANISER_ROLES)
  const parsed = parseForm(form, NewMeetingSchema)
  if (!parsed.ok) return parsed.response
  const v = parsed.value
  const facilitatorIds = [...new Set(v.facilitatorIds)]
  const ctx = { db: getDb(), actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const scheduled = await runCommand(
    () =>
      scheduleMeeting(ctx, {
        organiser: user,
        topicId: v.topicId,
        title: v.title.trim(),
        mode: v.mode,
        startsAt: beijingTime(v.startsAt),
        place: v.place?.trim() || null,
        link: v.link || null,
        isPublic: v.isPublic,
        speakerSeconds: v.speakerSeconds,
        agenda: parseAgenda(v.agenda) ?? [],
        facilitatorIds,
      }),
    // A refusal keeps what was typed, as a failed validation does.
    { initialValue: parsed.submission.payload },
  )
  if (!scheduled.ok) return scheduled.response
  return redirect(facilitatorIds.includes(user.id) ? `/meetings/${scheduled.value.id}/console` : `/meetings?scheduled=${scheduled.value.id}`)
}

export default function NewMeeting() {
  const t = useT()
  const { topics: options, topicId, facilitators, defaultFacilitators, minStart } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  // A refused submission: field errors (message keys) and what was typed, so nothing is lost without JavaScript.
  const submission = actionData && 'result' in actionData ? actionData : null
  const errors = fieldErrors(submission?.result)
  const typed = (
    submission?.result && 'initialValue' in submission.result
      ? submission.result.initialValue
      : submission && 'initialValue' in submission
        ? submission.initialValue
        : null
  ) as Record<string, unknown> | null
  const val = (k: string, d = '') => (typed ? String(typed[k] ?? '') : d)
  const checkedFacilitators = typed ? [typed.facilitatorIds ?? []].flat().map(Number) : defaultFacilitators
  const err = (f: string) => <ErrorList id={`${f}-error`} errors={errors[f]} />
  const aria = (f: string) => (errors[f] ? { 'aria-invalid': true as const, 'aria-describedby': `${f}-error` } : {})
  if (!options.length) {
    return (
      <section className="narrow">
        <h1>{t('meetings.new')}</h1>
        <p>{t('meetings.noTopics')}</p>
      </section>
    )
  }
  return (
    <section className="narrow card">
      <h1>{t('meetings.new')}</h1>
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <label>
          {t('meetings.form.topic')}
          <select name="topicId" defaultValue={val('topicId', topicId)} {...aria('topicId')}>
            <option value="">—</option>
            {options.map(o => (
              <option key={o.id} value={o.id}>
                {o.title}
              </option>
            ))}
          </select>
          {err('topicId')}
        </label>
        <label>
          {t('meetings.form.title')}
          <input name="title" defaultValue={val('title')} maxLength={TITLE_MAX} required {...aria('title')} />
          {err('title')}
        </label>
        <fieldset className="choices" {...aria('facilitatorIds')}>
          <legend>{t('meetings.form.facilitators')}</legend>
          {facilitators.map(f => (
            <label key={f.userId} className="choice">
              <input type="checkbox" name="facilitatorIds" value={f.userId} defaultChecked={checkedFacilitators.includes(f.userId)} />{' '}
              {f.self ? t('meetings.form.facilitatorSelf', { name: f.name }) : f.name}
            </label>
          ))}
          <span className="hint">{t('meetings.form.facilitatorsHint')}</span>
          {err('facilitatorIds')}
        </fieldset>
        <label>
          {t('meetings.form.mode')}
          <select name="mode" defaultValue={val('mode', 'hybrid')}>
            {MEETING_MODES.map(m => (
              <option key={m} value={m}>
                {t(`meeting.mode.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('meetings.form.startsAt')}
          <input type="datetime-local" name="startsAt" defaultValue={val('startsAt')} min={minStart} required {...aria('startsAt')} />
          {err('startsAt')}
        </label>
        <label>
          {t('meetings.form.place')}
          <input name="place" defaultValue={val('place')} maxLength={PLACE_MAX} {...aria('place')} />
          {err('place')}
        </label>
        <label>
          {t('meetings.form.link')}
          <input type="url" name="link" defaultValue={val('link')} maxLength={LINK_MAX} {...aria('link')} />
          {err('link')}
        </label>
        <label>
          {t('meetings.form.speakerSeconds')}
          <input
            type="number"
            name="speakerSeconds"
            min={SPEAKER_SECONDS.min}
            max={SPEAKER_SECONDS.max}
            defaultValue={val('speakerSeconds', '180')}
            {...aria('speakerSeconds')}
          />
          {err('speakerSeconds')}
        </label>
        <label>
          {t('meetings.form.agenda')}
          <textarea
            name="agenda"
            defaultValue={val('agenda', t('meetings.form.agendaDefault'))}
            rows={5}
            {...aria('agenda')}
            placeholder={t('meetings.form.agendaHint')}
          />
          <span className="hint">{t('meetings.form.agendaHint')}</span>
          {err('agenda')}
        </label>
        <label className="choice" style={{ flexDirection: 'row', alignItems: 'center', gap: '.5rem' }}>
          <input type="checkbox" name="isPublic" defaultChecked={typed ? typed.isPublic === 'on' : true} /> {t('meetings.form.isPublic')}
        </label>
        <button type="submit" className="primary">
          {t('meetings.form.create')}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
