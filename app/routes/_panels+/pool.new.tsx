import { type ActionFunctionArgs, type LoaderFunctionArgs, json, redirect, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { addPoolMember } from '#app/commands/panels.server'
import { BackLink } from '#app/components/back-link'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ErrorList, Field } from '#app/components/forms'
import { PoolFields, PoolFormError, poolFormAnswer } from '#app/components/pool-fields'
import { makeT, useT, type MessageKey } from '#app/i18n/index'
import { requireRole, userHasRole, validateCsrf } from '#app/utils/auth.server'
import { getDb, POOL_ATTRIBUTES, poolInterestOptions, type PoolMemberRow } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { pageTitle } from '#app/utils/meta'
import { POOL_ROLES, POOL_STAFF } from '#app/utils/permissions'
import { memberContact, poolCommunities } from '#app/utils/pool-scope.server'
import { parsePoolForm, type PoolFormValues } from '#app/utils/pool.server'
import { getPrefs } from '#app/utils/prefs.server'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'pool.add') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, POOL_STAFF)
  const { locale } = getPrefs(request)
  return json({
    options: { communities: poolCommunities(user, locale), interests: poolInterestOptions(getDb()), roles: POOL_ROLES, attributes: POOL_ATTRIBUTES },
    consentText: makeT(locale)('pool.consent.workerDefault'),
  })
}

/** A worker records what the person agreed to (the paper form's text) and that they agreed. */
const ConsentSchema = {
  consent: z.boolean({ required_error: 'pool.error.consent' }),
  consentText: z
    .string({ required_error: 'pool.error.consent' })
    .trim()
    .min(1, 'pool.error.consent')
    .transform(text => text.slice(0, 1000)),
}

type ActionData = { errors: Partial<Record<string, MessageKey>>; values: PoolFormValues & { consentText?: string } }

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(request, POOL_STAFF)
  const form = await request.formData()
  validateCsrf(request, form)
  const parsed = parsePoolForm(form, ConsentSchema)
  if (!parsed.ok) return json<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 })
  if (!userHasRole(user, POOL_STAFF, parsed.value.communityId))
    return json<ActionData>({ errors: { communityId: 'pool.error.scope' }, values: parsed.values }, { status: 400 })
  const consentText = parsed.extra.consentText
  // A phone already recorded elsewhere is said where only if this worker manages that community too.
  const communityNames = new Map(poolCommunities(user, getPrefs(request).locale).map(c => [c.id, c.name]))
  const ctx = { db: getDb(), actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  // Someone already in one of those communities is named as this worker may see them, with a link to their entry.
  const nameOf = (m: PoolMemberRow) => memberContact(user, m).name
  const r = await runCommand(() => addPoolMember(ctx, { ...parsed.value, consentText, communityNames, nameOf }), { values: parsed.values })
  if (!r.ok) return r.response
  return redirect(`/pool/${r.value.id}?saved=1`)
}

export default function NewPoolMember() {
  const t = useT()
  const { options, consentText } = useLoaderData<typeof loader>()
  const data = poolFormAnswer(useActionData<typeof action>())
  return (
    <section className="narrow">
      <BackLink to="/pool">{t('pool.title')}</BackLink>
      <h1>{t('pool.add')}</h1>
      <PoolFormError answer={data} />
      <Form method="post" className="stack card" noValidate>
        <CsrfInput />
        <PoolFields values={data?.values ?? {}} errors={data?.errors} existing={data?.existing} options={options} staff />
        <Field label={t('pool.field.consentText')} name="consentText" errors={data?.errors.consentText ? [data.errors.consentText] : undefined}>
          {shared => <textarea {...shared} defaultValue={data?.values.consentText ?? consentText} maxLength={1000} required />}
        </Field>
        <label className="inline">
          <input
            type="checkbox"
            name="consent"
            defaultChecked={data?.values.consent === 'on'}
            aria-invalid={data?.errors.consent ? true : undefined}
            aria-describedby={data?.errors.consent ? 'consent-error' : undefined}
          />{' '}
          {t('pool.field.consent')}
        </label>
        <ErrorList id="consent-error" errors={data?.errors.consent ? [data.errors.consent] : undefined} />
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
