import { type ActionFunctionArgs, type LoaderFunctionArgs, json, redirect, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { editPoolMember, leavePool } from '#app/commands/panels.server'
import { BackLink } from '#app/components/back-link'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fmtDate } from '#app/components/outcomes-ui'
import { PoolFields, PoolFormError, poolFormAnswer, useServedText } from '#app/components/pool-fields'
import { TypedText } from '#app/components/zh-text'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { requireRole, userHasRole, validateCsrf } from '#app/utils/auth.server'
import { getDb, poolHistory, POOL_ATTRIBUTES, poolInterestOptions, type PoolMemberRow } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { pageTitle } from '#app/utils/meta'
import { POOL_ROLES, POOL_STAFF } from '#app/utils/permissions'
import { memberContact, poolCommunities, requireScopedMember } from '#app/utils/pool-scope.server'
import { parsePoolForm, poolFormValues, type PoolFormValues } from '#app/utils/pool.server'
import { getPrefs } from '#app/utils/prefs.server'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'pool.edit') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireRole(request, POOL_STAFF)
  const m = requireScopedMember(user, Number(params.id))
  const { locale } = getPrefs(request)
  const contact = memberContact(user, m)
  const values = poolFormValues(m)
  // Without the right to see personal data, the form shows masked values and keeps the stored ones.
  if (contact.masked) Object.assign(values, { name: contact.name ?? '', phone: contact.phone ?? '' })
  return json({
    id: m.id,
    values,
    masked: contact.masked,
    consentAt: m.consentAt,
    consentText: m.consentText,
    hasAccount: m.userId != null,
    timesServed: m.timesServed,
    lastServedAt: m.lastServedAt,
    history: poolHistory(getDb(), [m.id]).get(m.id) ?? null,
    options: { communities: poolCommunities(user, locale), interests: poolInterestOptions(getDb()), roles: POOL_ROLES, attributes: POOL_ATTRIBUTES },
  })
}

type ActionData = { errors: Partial<Record<string, MessageKey>>; values: PoolFormValues }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireRole(request, POOL_STAFF)
  const m = requireScopedMember(user, Number(params.id))
  const form = await request.formData()
  validateCsrf(request, form)
  const ctx = { db: getDb(), actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  if (form.get('intent') === 'remove') {
    const r = await runCommand(() => leavePool(ctx, m.id))
    if (!r.ok) return r.response
    return redirect('/pool?removed=1')
  }
  const parsed = parsePoolForm(form)
  if (!parsed.ok) return json<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 })
  if (!userHasRole(user, POOL_STAFF, parsed.value.communityId))
    return json<ActionData>({ errors: { communityId: 'pool.error.scope' }, values: parsed.values }, { status: 400 })
  // A phone already recorded for someone else is said where only if this worker manages that community too.
  const communityNames = new Map(poolCommunities(user, getPrefs(request).locale).map(c => [c.id, c.name]))
  // The other member, when in one of those communities, is named as this worker may see them, with a link to their entry.
  const value = { ...parsed.value, communityNames, nameOf: (other: PoolMemberRow) => memberContact(user, other).name }
  if (memberContact(user, m).masked) Object.assign(value, { name: m.name, phone: m.phone })
  const r = await runCommand(() => editPoolMember(ctx, m.id, value), { values: parsed.values })
  if (!r.ok) return r.response
  return redirect(`/pool/${m.id}?saved=1`)
}

export default function EditPoolMember() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const data = poolFormAnswer(useActionData<typeof action>())
  const [search] = useSearchParams()
  const date = (s: string | null) => fmtDate(s, locale)
  const served = useServedText()
  return (
    <section className="narrow">
      <BackLink to="/pool">{t('pool.title')}</BackLink>
      <h1>{t('pool.edit')}</h1>
      {search.get('saved') ? (
        <p role="status" className="ok">
          {t('pool.saved')}
        </p>
      ) : null}
      <PoolFormError answer={data} />
      <dl className="grid card">
        <div>
          <dt>{t('pool.consentAt')}</dt>
          <dd>{date(d.consentAt)}</dd>
        </div>
        <div>
          <dt>{t('pool.field.consentText')}</dt>
          <dd>
            <TypedText text={d.consentText} />
          </dd>
        </div>
        <div>
          <dt>{t('pool.history')}</dt>
          <dd>
            {served(d.timesServed, d.lastServedAt)}
            {d.history ? (
              <div className="hint">
                {t('pool.historyLine', { invitations: d.history.invitations, accepted: d.history.accepted, attended: d.history.attended })}
                {d.history.ratingAvg != null ? ` · ${t('pool.rating', { rating: d.history.ratingAvg.toFixed(1) })}` : ''}
              </div>
            ) : null}
          </dd>
        </div>
      </dl>
      <Form method="post" className="stack card" noValidate>
        <CsrfInput />
        <PoolFields values={data?.values ?? d.values} errors={data?.errors} existing={data?.existing} options={d.options} staff />
        <button type="submit" name="intent" value="save" className="primary">
          {t('common.save')}
        </button>
      </Form>
      <Form method="post" className="stack card">
        <CsrfInput />
        <p className="hint">{t('pool.removeHint')}</p>
        <button type="submit" name="intent" value="remove">
          {t('pool.remove')}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
