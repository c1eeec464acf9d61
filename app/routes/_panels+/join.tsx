import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { editPoolMember, joinPool, leavePool } from '#app/commands/panels.server'
import { BackLink } from '#app/components/back-link'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fmtDate } from '#app/components/outcomes-ui'
import { PoolFields, PoolFormError, poolFormAnswer } from '#app/components/pool-fields'
import { makeT, useLocale, useT, type MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { forbidden, requireRole, validateCsrf } from '#app/utils/auth.server'
import { getAccountPhone, getDb, getPoolMemberByUserId, listUnits, POOL_ATTRIBUTES, poolInterestOptions } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { formErrorText } from '#app/utils/form-errors'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES, POOL_ROLES } from '#app/utils/permissions'
import { parsePoolForm, poolFormValues, type PoolFormValues } from '#app/utils/pool.server'
import { getPrefs } from '#app/utils/prefs.server'

function options(locale: 'zh' | 'en') {
  const db = getDb()
  return {
    communities: listUnits(db, 'community')
      .sort((a, b) => a.id - b.id)
      .map(u => ({ id: u.id, name: localName(u, locale) })),
    interests: poolInterestOptions(db),
    // Residents may say they are e.g. a shop owner or volunteer; official roles are recorded by workers.
    roles: POOL_ROLES.filter(r => ['shop_owner', 'volunteer', 'school_rep', 'property_management', 'local_notable'].includes(r)),
    attributes: POOL_ATTRIBUTES,
  }
}

/** A resident, and only a resident: staff and admins may not sit in the pool under a staff account. */
function requirePlainResident(request: Request) {
  const user = requireRole(request, PAGE_ROLES['/me'])
  if (user.grants.some(g => g.role !== 'resident')) throw forbidden()
  return user
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [{ title: pageTitle(matches, data?.member ? 'join.titleMember' : 'join.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requirePlainResident(request)
  const { locale } = getPrefs(request)
  const db = getDb()
  const member = getPoolMemberByUserId(db, user.id)
  const offered = options(locale).roles as readonly string[]
  // The member's own profile, without what only workers record: the capability assessment and official roles.
  const values: PoolFormValues = member
    ? { ...poolFormValues({ ...member, roles: member.roles.filter(r => offered.includes(r)) }), capability: '' }
    : { name: user.displayName, phone: getAccountPhone(db, user.id) ?? '', communityId: user.homeUnitId ? String(user.homeUnitId) : '' }
  return json({
    member: member ? { id: member.id, consentAt: member.consentAt, consentText: member.consentText, timesServed: member.timesServed } : null,
    values,
    options: options(locale),
    consentText: makeT(locale)('join.consentText'),
  })
}

type ActionData = { errors: Partial<Record<string, MessageKey>>; values: PoolFormValues }

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePlainResident(request)
  const { locale } = getPrefs(request)
  const form = await request.formData()
  validateCsrf(request, form)
  const db = getDb()
  const ctx = { db, actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const member = getPoolMemberByUserId(db, user.id)
  const intent = form.get('intent')
  if (intent === 'leave') {
    if (member) {
      const r = await runCommand(() => leavePool(ctx, member.id))
      if (!r.ok) return r.response
    }
    return redirect('/join?left=1')
  }
  // Joining needs the resident's own consent; a member editing their profile has given it already.
  const parsed = parsePoolForm(form, member ? {} : { consent: z.boolean({ required_error: 'join.error.consent' }) })
  if (!parsed.ok) return json<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 })
  // Residents can only claim the roles offered on this page; official roles stay as a worker recorded them.
  const offered = options(locale).roles as readonly string[]
  parsed.value.roles = [...parsed.value.roles.filter(r => offered.includes(r)), ...(member?.roles.filter(r => !offered.includes(r)) ?? [])]
  if (member) {
    const r = await runCommand(() => editPoolMember(ctx, member.id, { ...parsed.value, capability: member.capability }), { values: parsed.values })
    if (!r.ok) return r.response
    return redirect('/join?saved=1')
  }
  const r = await runCommand(
    () => joinPool(ctx, { ...parsed.value, capability: null, userId: user.id, consentText: makeT(locale)('join.consentText'), residentRoles: offered }),
    { values: parsed.values },
  )
  if (!r.ok) return r.response
  return redirect(r.value.linked ? '/join?linked=1' : '/join?joined=1')
}

export default function Join() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const data = poolFormAnswer(useActionData<typeof action>())
  const [search] = useSearchParams()
  const notice = search.get('joined')
    ? 'join.joined'
    : search.get('linked')
      ? 'join.linked'
      : search.get('saved')
        ? 'join.saved'
        : search.get('left')
          ? 'join.left'
          : null
  return (
    <section className="narrow">
      <BackLink to="/me">{t('nav.me')}</BackLink>
      <h1>{t(d.member ? 'join.titleMember' : 'join.title')}</h1>
      {notice ? (
        <p role="status" className="ok">
          {t(notice)}
        </p>
      ) : null}
      <PoolFormError answer={data} />
      {d.member ? <p>{t('join.member', { date: fmtDate(d.member.consentAt, locale) })}</p> : <p>{t('join.intro')}</p>}
      {/* The server's messages, in the page's language, rather than the browser's own. */}
      <Form method="post" className="stack card" noValidate>
        <CsrfInput />
        <PoolFields values={data?.values ?? d.values} errors={data?.errors} options={d.options} staff={false} />
        {d.member ? null : (
          <>
            <p className="card" id="consent-text">
              {d.consentText}
            </p>
            <label className="inline">
              <input
                type="checkbox"
                name="consent"
                required
                aria-invalid={data?.errors.consent ? true : undefined}
                aria-describedby={data?.errors.consent ? 'consent-text consent-error' : 'consent-text'}
              />{' '}
              {t('join.consent')}
            </label>
            {data?.errors.consent ? (
              <span role="alert" className="error" id="consent-error">
                {formErrorText(t, data.errors.consent)}
              </span>
            ) : null}
          </>
        )}
        <button type="submit" name="intent" value="save" className="primary">
          {d.member ? t('common.save') : t('join.submit')}
        </button>
      </Form>
      {d.member ? (
        <Form method="post" className="stack card" noValidate>
          <CsrfInput />
          <p className="hint">{t('join.leaveHint')}</p>
          <button type="submit" name="intent" value="leave">
            {t('join.leave')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
