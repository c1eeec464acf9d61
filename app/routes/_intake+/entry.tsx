import type { SubmissionResult } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useMemo } from 'react'
import { enterComplaint } from '#app/commands/complaints.server'
import { ComplaintFields, ProblemList } from '#app/components/complaint-fields'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ErrorList, Field, fieldErrors } from '#app/components/forms'
import { useT, type MessageKey } from '#app/i18n/index'
import { STAFF_CHANNELS, complaintFieldsInput, readIntakeForm, staffEntrySchema, type Problem } from '#app/services/intake.server'
import { requireRole, scopeUnitIds, userHasRole, validateCsrf } from '#app/utils/auth.server'
import { getDb, listUnits, unitCovers } from '#app/utils/db.server'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'
import { COMPLAINT_TEXT_LIMITS } from '#db/enums'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'intake.entry.title') }]

function communitiesInScope(scope: number[] | null) {
  const db = getDb()
  return listUnits(db, 'community')
    .filter(u => !scope || scope.some(s => unitCovers(db, s, u.id)))
    .map(u => ({ id: u.id, nameZh: u.nameZh, nameEn: u.nameEn }))
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/entry'])
  const communities = communitiesInScope(scopeUnitIds(user, PAGE_ROLES['/entry']))
  return json({
    communities,
    channels: STAFF_CHANNELS,
    defaults: { community: communities.length === 1 ? String(communities[0]!.id) : '', channel: 'hotline' },
  })
}

type ActionData =
  | { kind: 'invalid'; result: SubmissionResult<string[]>; problems: Problem[]; photosDropped: boolean }
  | { kind: 'created'; id: number; trackingCode: string; duplicate: boolean }

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/entry'])
  const db = getDb()
  const { form, photos, problems } = await readIntakeForm(request)
  validateCsrf(request, form)
  const inScope = new Set(communitiesInScope(scopeUnitIds(user, PAGE_ROLES['/entry'])).map(c => c.id))
  const parsed = parseForm(form, staffEntrySchema(inScope))
  if (!parsed.ok || problems.length) {
    // Browsers do not refill file inputs: staff are told to choose the photos again.
    return json<ActionData>(
      { kind: 'invalid', result: parsed.submission.reply(), problems, photosDropped: photos.length > 0 || problems.length > 0 },
      { status: 400 },
    )
  }
  const v = parsed.value
  const ctx = { db, actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const { complaint, duplicate } = enterComplaint(ctx, {
    channel: v.channel,
    externalId: v.externalId || null,
    receivedAt: v.receivedAt,
    ...complaintFieldsInput(v),
    enteredByUserId: user.id,
    photos,
  })
  // The same ticket number registered by another community: say so, but do not hand out its tracking code.
  if (duplicate && !userHasRole(user, PAGE_ROLES['/entry'], complaint.unitId)) {
    const result = parsed.submission.reply({ fieldErrors: { externalId: ['intake.error.externalIdElsewhere'] } })
    return json<ActionData>({ kind: 'invalid', result, problems: [], photosDropped: photos.length > 0 }, { status: 400 })
  }
  return json<ActionData>({ kind: 'created', id: complaint.id, trackingCode: complaint.trackingCode, duplicate })
}

export default function Entry() {
  const t = useT()
  const { communities, channels, defaults } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as ActionData | undefined
  const navigation = useNavigation()
  const invalid = result?.kind === 'invalid' ? result : null
  const values: Record<string, unknown> = invalid ? (invalid.result.initialValue ?? {}) : defaults
  // One object per answer: a field put right keeps its error hidden until the next answer.
  const errors = useMemo(() => fieldErrors(invalid?.result), [invalid])
  const value = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '')
  return (
    <section className="narrow stack">
      <h1>{t('intake.entry.title')}</h1>
      <p className="hint">{t('intake.entry.lead')}</p>
      {result?.kind === 'created' ? (
        <p role="status" className="ok">
          {result.duplicate ? t('intake.duplicate', { code: result.trackingCode }) : t('intake.entry.created', { code: result.trackingCode })}{' '}
          <Link to={`/complaints/${result.id}`}>{t('intake.entry.open')}</Link>
        </p>
      ) : null}
      {invalid ? (
        <div role="alert">
          <p className="error">{t('intake.error.form')}</p>
          <ProblemList problems={invalid.problems} />
          {invalid.photosDropped ? <p className="hint">{t('intake.error.photosAgain')}</p> : null}
        </div>
      ) : null}
      {/* A new key after each success empties the form for the next call. */}
      <Form method="post" encType="multipart/form-data" className="stack card" noValidate key={result?.kind === 'created' ? result.id : 'form'}>
        <CsrfInput />
        <Field label={t('intake.field.channel')} name="channel" errors={errors.channel} inputProps={{ id: 'f-channel' }}>
          {shared => (
            <select {...shared} defaultValue={value('channel') || 'hotline'}>
              {channels.map(c => (
                <option key={c} value={c}>
                  {t(`channel.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="row">
          <Field label={t('intake.field.externalId')} name="externalId" errors={errors.externalId} inputProps={{ id: 'f-externalId' }}>
            {shared => <input {...shared} defaultValue={value('externalId')} maxLength={COMPLAINT_TEXT_LIMITS.externalId} />}
          </Field>
          <Field label={t('intake.field.receivedAt')} name="receivedAt" errors={errors.receivedAt} inputProps={{ id: 'f-receivedAt' }}>
            {shared => <input {...shared} type="datetime-local" defaultValue={value('receivedAt')} />}
          </Field>
        </div>
        <ErrorList errors={errors['']} />
        <ComplaintFields communities={communities} values={values} errors={errors} onBehalf />
        <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
          {t('common.submit')}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
