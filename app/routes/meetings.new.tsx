import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { useT, type MessageKey } from '#app/i18n/index'
import { requireRole, scopeUnitIds, validateCsrf, type SessionUser } from '#app/utils/auth.server'
import { chinaDateTimeLocal, fromChinaTime } from '#app/utils/dates'
import { createMeeting, desc, eq, getDb, hasRole, listFacilitatorCandidates, MeetingError, toNotificationPayload, topics, unitCovers } from '#app/utils/db.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ORGANISER_ROLES } from '#app/utils/permissions'
import { MEETING_MODES } from '#realtime/meeting-state'
import { pageTitle } from '#app/utils/meta'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'meetings.new') }]

/** Approved topics in the organiser's area. */
function topicsFor(user: SessionUser) {
  const db = getDb()
  const scope = scopeUnitIds(user, ORGANISER_ROLES)
  return db
    .select({ id: topics.id, title: topics.title, unitId: topics.unitId })
    .from(topics)
    .where(eq(topics.status, 'approved'))
    .orderBy(desc(topics.id))
    .limit(500)
    .all()
    .filter(tp => !scope || scope.some(s => unitCovers(db, s, tp.unitId)))
}

/**
 * Who may run a meeting on these topics: facilitators whose area covers the
 * topic, and the organiser themself.
 */
function facilitatorsFor(user: SessionUser, unitIds: number[]) {
  const db = getDb()
  const people = listFacilitatorCandidates(db, unitIds).map(p => ({ ...p, self: p.userId === user.id }))
  if (!people.some(p => p.self)) people.unshift({ userId: user.id, displayName: user.displayName, username: user.username, unitIds, self: true })
  return people
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, ORGANISER_ROLES)
  const url = new URL(request.url)
  const options = topicsFor(user)
  const facilitators = facilitatorsFor(user, [...new Set(options.map(tp => tp.unitId))])
  return json({
    topics: options.map(({ id, title }) => ({ id, title })),
    topicId: url.searchParams.get('topic') ?? '',
    facilitators: facilitators.map(f => ({ userId: f.userId, name: f.displayName, self: f.self })),
    // A facilitator scheduling a meeting usually runs it; others pick who does.
    defaultFacilitators: hasRole(getDb(), user, 'facilitator') ? [user.id] : [],
    // Now, in Beijing time, as a datetime-local value.
    minStart: chinaDateTimeLocal(Date.now()),
  })
}

/** The form's local time is Beijing time. */
const beijingTime = (local: string) => fromChinaTime(local) ?? new Date(NaN)

/** "title | minutes" per line. */
function parseAgenda(raw: string) {
  const items = raw
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(Boolean)
    .map(l => {
      const m = /^(.+?)\s*[|｜]\s*(\d{1,3})$/.exec(l)
      return m ? { title: m[1]!.trim().slice(0, 200), plannedMinutes: Number(m[2]) } : null
    })
  if (!items.length || items.length > 30 || items.some(i => !i || i.plannedMinutes < 1 || i.plannedMinutes > 240)) return null
  return items as { title: string; plannedMinutes: number }[]
}

const NewMeetingSchema = z
  .object({
    topicId: z.coerce.number().int().positive({ message: 'meetings.error.topic' }),
    title: z.string().trim().min(1, 'meetings.error.required').max(200),
    mode: z.enum(MEETING_MODES),
    startsAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'meetings.error.required'),
    place: z.string().trim().max(200).optional(),
    link: z.union([z.literal(''), z.string().trim().url('meetings.error.invalid').max(500)]).optional(),
    isPublic: z.string().max(10).optional(),
    speakerSeconds: z.coerce.number().int().min(30, 'meetings.error.invalid').max(1800, 'meetings.error.invalid'),
    agenda: z.string().max(5000),
  })
  .superRefine((v, ctx) => {
    if (v.mode !== 'online' && !v.place) ctx.addIssue({ code: 'custom', path: ['place'], message: 'meetings.error.placeOrLink' })
    if (!parseAgenda(v.agenda)) ctx.addIssue({ code: 'custom', path: ['agenda'], message: 'meetings.error.agenda' })
  })

type Field = 'topicId' | 'title' | 'mode' | 'startsAt' | 'place' | 'link' | 'speakerSeconds' | 'agenda' | 'facilitatorIds'

// A minute's grace so "now" typed into the form is not refused on submit.
const PAST_GRACE_MS = 60_000

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const user = requireRole(request, ORGANISER_ROLES)
  const values = Object.fromEntries([...form.entries()].filter(([k]) => k !== 'csrf' && k !== 'facilitatorIds').map(([k, v]) => [k, String(v)]))
  const facilitatorIds = [...new Set(form.getAll('facilitatorIds').map(Number))]
  const parsed = NewMeetingSchema.safeParse(values)
  const fail = (errors: Partial<Record<Field, MessageKey>>) => json({ errors, values, facilitatorIds }, { status: 400 })
  const errors: Partial<Record<Field, MessageKey>> = {}
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const f = i.path[0] as Field
      errors[f] ??= (i.message.startsWith('meetings.') ? i.message : 'meetings.error.invalid') as MessageKey
    }
  }
  if (!facilitatorIds.length) errors.facilitatorIds = 'meetings.error.facilitator'
  if (values.startsAt && !errors.startsAt && beijingTime(values.startsAt).getTime() < Date.now() - PAST_GRACE_MS) errors.startsAt = 'meetings.error.pastStart'
  if (!parsed.success || Object.keys(errors).length) return fail(errors)
  const v = parsed.data
  // The topic must be approved and inside the organiser's area.
  const topic = topicsFor(user).find(tp => tp.id === v.topicId)
  if (!topic) return fail({ topicId: 'meetings.error.topic' })
  // Everyone assigned must be allowed to run a meeting on this topic.
  const allowed = new Set(facilitatorsFor(user, [topic.unitId]).map(f => f.userId))
  if (facilitatorIds.some(id => !allowed.has(id))) return fail({ facilitatorIds: 'meetings.error.facilitator' })
  try {
    const meeting = createMeeting(
      getDb(),
      {
        topicId: v.topicId,
        title: v.title,
        mode: v.mode,
        startsAt: beijingTime(v.startsAt),
        place: v.place || null,
        link: v.link || null,
        isPublic: v.isPublic === 'on',
        speakerSeconds: v.speakerSeconds,
        agenda: parseAgenda(v.agenda)!,
        facilitatorIds,
      },
      { kind: 'user', id: user.id },
    )
    for (const n of meeting.notified) context.notify?.toUser(n.userId, 'notification:new', toNotificationPayload(n))
    return redirect(facilitatorIds.includes(user.id) ? `/meetings/${meeting.id}/console` : `/meetings?scheduled=${meeting.id}`)
  } catch (error) {
    if (error instanceof MeetingError) return fail({ topicId: 'meetings.error.topic' })
    throw error
  }
}

export default function NewMeeting() {
  const t = useT()
  const { topics: options, topicId, facilitators, defaultFacilitators, minStart } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errors: Partial<Record<Field, MessageKey>> = result?.errors ?? {}
  const val = (k: string, d = '') => result?.values[k] ?? d
  const err = (f: Field) =>
    errors[f] ? (
      <span id={`${f}-error`} className="field-error">
        {t(errors[f]!)}
      </span>
    ) : null
  const aria = (f: Field) => (errors[f] ? { 'aria-invalid': true as const, 'aria-describedby': `${f}-error` } : {})
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
          <input name="title" defaultValue={val('title')} maxLength={200} required {...aria('title')} />
          {err('title')}
        </label>
        <fieldset className="choices" {...aria('facilitatorIds')}>
          <legend>{t('meetings.form.facilitators')}</legend>
          {facilitators.map(f => (
            <label key={f.userId} className="choice">
              <input
                type="checkbox"
                name="facilitatorIds"
                value={f.userId}
                defaultChecked={(result?.facilitatorIds ?? defaultFacilitators).includes(f.userId)}
              />{' '}
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
          <input name="place" defaultValue={val('place')} maxLength={200} {...aria('place')} />
          {err('place')}
        </label>
        <label>
          {t('meetings.form.link')}
          <input type="url" name="link" defaultValue={val('link')} maxLength={500} {...aria('link')} />
          {err('link')}
        </label>
        <label>
          {t('meetings.form.speakerSeconds')}
          <input type="number" name="speakerSeconds" min={30} max={1800} defaultValue={val('speakerSeconds', '180')} {...aria('speakerSeconds')} />
          {err('speakerSeconds')}
        </label>
        <label>
          {t('meetings.form.agenda')}
          <textarea name="agenda" defaultValue={val('agenda')} rows={5} {...aria('agenda')} placeholder={t('meetings.form.agendaHint')} />
          <span className="hint">{t('meetings.form.agendaHint')}</span>
          {err('agenda')}
        </label>
        <label className="choice" style={{ flexDirection: 'row', alignItems: 'center', gap: '.5rem' }}>
          <input type="checkbox" name="isPublic" defaultChecked={result ? result.values.isPublic === 'on' : true} /> {t('meetings.form.isPublic')}
        </label>
        <button type="submit" className="primary">
          {t('meetings.form.create')}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
