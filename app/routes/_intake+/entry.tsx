import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getDb, listUnits, unitCovers } from '#app/utils/db.server'
import { enterComplaint } from '#app/commands/complaints.server'
import { requireRole, scopeUnitIds, userHasRole, validateCsrf } from '#app/utils/auth.server'
import { PAGE_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'
import { ComplaintFieldsSchema, STAFF_CHANNELS, StaffFieldsSchema, readIntakeForm, validateFields, type Problem } from '#app/services/intake.server'
import { translate, useT, type MessageKey } from '#app/i18n/index'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ComplaintFields, ProblemList } from '#app/components/complaint-fields'
import { pageTitle } from '#app/utils/meta'

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
  return json({ communities, channels: STAFF_CHANNELS, defaults: { community: communities.length === 1 ? String(communities[0]!.id) : '', channel: 'hotline' } })
}

type ActionData =
  | { kind: 'invalid'; values: Record<string, string>; errors: Record<string, string>; problems: Problem[] }
  | { kind: 'created'; id: number; trackingCode: string; duplicate: boolean }

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/entry'])
  const db = getDb()
  const { locale } = getPrefs(request)
  const { form, photos, problems } = await readIntakeForm(request)
  validateCsrf(request, form)
  const fields = validateFields(ComplaintFieldsSchema, form, locale)
  const staff = validateFields(StaffFieldsSchema, form, locale)
  const values = { ...fields.values, ...staff.values }
  const errors = { ...(fields.ok ? {} : fields.errors), ...(staff.ok ? {} : staff.errors) }
  const scope = scopeUnitIds(user, PAGE_ROLES['/entry'])
  if (fields.ok && fields.value.community != null && !communitiesInScope(scope).some(c => c.id === fields.value.community)) {
    errors.community = translate(locale, 'intake.error.community' as MessageKey)
  }
  if (!fields.ok || !staff.ok || Object.keys(errors).length || problems.length) {
    return json<ActionData>({ kind: 'invalid', values, errors, problems }, { status: 400 })
  }
  const v = fields.value
  const s = staff.value
  const ctx = { db, actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const { complaint, duplicate } = enterComplaint(ctx, {
    channel: s.channel as (typeof STAFF_CHANNELS)[number],
    externalId: s.externalId || null,
    receivedAt: s.receivedAt,
    communityId: v.community,
    placeText: v.placeText || null,
    subject: v.subject,
    body: v.body,
    lat: v.lat,
    lng: v.lng,
    complainantName: v.complainantName || null,
    complainantPhone: v.complainantPhone || null,
    complainantAddress: v.complainantAddress || null,
    enteredByUserId: user.id,
    photos,
  })
  // The same ticket number registered by another community: say so, but do not hand out its tracking code.
  if (duplicate && !userHasRole(user, PAGE_ROLES['/entry'], complaint.unitId)) {
    return json<ActionData>({ kind: 'invalid', values, errors: { externalId: translate(locale, 'intake.error.externalIdElsewhere') }, problems: [] }, { status: 400 })
  }
  return json<ActionData>({ kind: 'created', id: complaint.id, trackingCode: complaint.trackingCode, duplicate })
}

export default function Entry() {
  const t = useT()
  const { communities, channels, defaults } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as ActionData | undefined
  const navigation = useNavigation()
  const invalid = result?.kind === 'invalid' ? result : null
  const values: Record<string, string> = invalid?.values ?? defaults
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
        </div>
      ) : null}
      {/* A new key after each success empties the form for the next call. */}
      <Form method="post" encType="multipart/form-data" className="stack card" noValidate key={result?.kind === 'created' ? result.id : 'form'}>
        <CsrfInput />
        <label htmlFor="f-channel">
          {t('intake.field.channel')}
          <select id="f-channel" name="channel" defaultValue={values.channel ?? 'hotline'} aria-invalid={invalid?.errors.channel ? true : undefined}>
            {channels.map(c => (
              <option key={c} value={c}>
                {t(`channel.${c}` as MessageKey)}
              </option>
            ))}
          </select>
          {invalid?.errors.channel ? <span className="field-error">{invalid.errors.channel}</span> : null}
        </label>
        <div className="row">
          <label htmlFor="f-externalId">
            {t('intake.field.externalId')}
            <input id="f-externalId" name="externalId" defaultValue={values.externalId ?? ''} maxLength={100} />
            {invalid?.errors.externalId ? <span className="field-error">{invalid.errors.externalId}</span> : null}
          </label>
          <label htmlFor="f-receivedAt">
            {t('intake.field.receivedAt')}
            <input id="f-receivedAt" name="receivedAt" type="datetime-local" defaultValue={values.receivedAt ?? ''} aria-invalid={invalid?.errors.receivedAt ? true : undefined} />
            {invalid?.errors.receivedAt ? <span className="field-error">{invalid.errors.receivedAt}</span> : null}
          </label>
        </div>
        <ComplaintFields communities={communities} values={values} errors={invalid?.errors ?? {}} />
        <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
          {t('common.submit')}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
