import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { BackLink } from '#app/components/back-link'
import { ConfirmSubmit } from '#app/components/confirm-submit'
import { CsrfInput } from '#app/components/csrf'
import { DataTable } from '#app/components/data-table'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ErrorList, Field, fieldErrors } from '#app/components/forms'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { isMessageKey, useLocale, useT, type MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { requireRole, validateCsrf } from '#app/utils/auth.server'
import { API_SCOPES, DEFAULT_TOKEN_DAYS, adminCreateApiToken, getDb, listApiTokens, listUnits, requireRoleScope, revokeApiToken } from '#app/utils/db.server'
import { DomainError, domainErrorStatus } from '#app/utils/errors.server'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'
import { addDays } from '#db/dates'
import { ROLES } from '#db/enums'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'admin.tokens') }]

// Conform hands empty inputs to zod as undefined, numbers as numbers and one ticked checkbox as a string.
const TokenSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('create'),
    name: z.string({ required_error: 'admin.tokens.error.name' }).trim().min(1, 'admin.tokens.error.name').max(100, 'admin.tokens.error.name'),
    role: z.enum(ROLES, { errorMap: () => ({ message: 'admin.error.role' }) }),
    unitId: z
      .number({ invalid_type_error: 'admin.error.unit' })
      .int()
      .positive()
      .optional()
      .transform(v => v ?? null),
    scopes: z.preprocess(
      v => (v == null ? [] : Array.isArray(v) ? v : [v]),
      z.array(z.enum(API_SCOPES, { errorMap: () => ({ message: 'admin.tokens.error.scopes' }) })).min(1, 'admin.tokens.error.scopes'),
    ),
    expiresDays: z
      .number({ invalid_type_error: 'admin.tokens.error.days' })
      .int('admin.tokens.error.days')
      .min(1, 'admin.tokens.error.days')
      .max(3650, 'admin.tokens.error.days')
      .optional()
      .transform(v => v ?? DEFAULT_TOKEN_DAYS),
  }),
  z.object({ intent: z.literal('revoke'), id: z.number({ message: 'admin.tokens.error' }).int().positive() }),
])

/** GET /admin/tokens: every API token (never its secret), for admins. */
export async function loader({ request }: LoaderFunctionArgs) {
  requireRole(request, PAGE_ROLES['/admin'])
  const db = getDb()
  const units = new Map(listUnits(db).map(u => [u.id, { nameZh: u.nameZh, nameEn: u.nameEn }]))
  const tokens = listApiTokens(db).map(t => ({ ...t, unit: t.unitId == null ? null : (units.get(t.unitId) ?? null) }))
  return json({
    tokens,
    units: listUnits(db).map(u => ({ id: u.id, kind: u.kind, nameZh: u.nameZh, nameEn: u.nameEn })),
    scopes: API_SCOPES,
    defaultDays: DEFAULT_TOKEN_DAYS,
    now: Date.now(),
  })
}

/**
 * POST /admin/tokens
 * - intent=create name role [unitId] scopes… [expiresDays]: make a token (audited); its secret is in this answer only.
 *   The role and unit pass the same check as an account's role (a department token in a department…).
 * - intent=revoke id: revoke a token at once (audited).
 */
export async function action({ request }: ActionFunctionArgs) {
  const admin = requireRole(request, PAGE_ROLES['/admin'])
  const form = await request.formData()
  validateCsrf(request, form)
  const parsed = parseForm(form, TokenSchema)
  const db = getDb()
  if (!parsed.ok) {
    // Another field refused: the role and its unit are checked all the same, so every refusal shows at once.
    const scopeError = parsed.submission.payload.intent === 'create' ? roleScopeError(db, parsed.submission) : null
    if (!scopeError) return parsed.response
    return json({ result: parsed.submission.reply({ fieldErrors: scopeError }) }, { status: 400 })
  }
  const d = parsed.value
  const actor = { kind: 'user' as const, id: admin.id }
  if (d.intent === 'revoke') {
    if (!revokeApiToken(db, d.id, actor)) return json({ error: 'admin.tokens.error' as MessageKey }, { status: 404 })
    return redirect('/admin/tokens?revoked=1')
  }
  let created
  try {
    created = adminCreateApiToken(db, { name: d.name, role: d.role, unitId: d.unitId, scopes: d.scopes, expiresAt: addDays(Date.now(), d.expiresDays) }, actor)
  } catch (e) {
    // Refused under the field it concerns, with what was typed.
    if (e instanceof DomainError && e.field)
      return json({ result: parsed.submission.reply({ fieldErrors: { [e.field]: [e.messageKey] } }) }, { status: domainErrorStatus(e.code) })
    throw e
  }
  // Not a redirect: the secret is shown once, in this answer, and stored only as a digest.
  return json({ created: { name: d.name, token: created.token, expiresAt: created.expiresAt.toISOString() } })
}

/** The role–scope refusal of a form refused for something else, when its role and unit themselves were read. */
function roleScopeError(db: ReturnType<typeof getDb>, submission: { payload: Record<string, unknown>; error?: Record<string, string[] | null> | null }) {
  const { role, unitId } = submission.payload
  if (submission.error?.role || submission.error?.unitId || typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return null
  const unit = typeof unitId === 'string' && unitId !== '' ? Number(unitId) : null
  if (unit != null && !(Number.isInteger(unit) && unit > 0)) return null
  try {
    requireRoleScope(db, role as (typeof ROLES)[number], unit)
    return null
  } catch (e) {
    if (e instanceof DomainError && e.field) return { [e.field]: [e.messageKey] }
    throw e
  }
}

export default function AdminTokens() {
  const t = useT()
  const locale = useLocale()
  const { tokens, units, scopes, defaultDays, now } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const [params] = useSearchParams()
  const result = data && 'result' in data ? data.result : undefined
  const errors = fieldErrors(result)
  const typed = (result?.initialValue ?? {}) as Record<string, unknown>
  const typedScopes = typed.scopes == null ? null : ([] as unknown[]).concat(typed.scopes)
  const state = (tk: (typeof tokens)[number]) =>
    tk.revokedAt ? 'admin.tokens.revoked' : tk.expiresAt && new Date(tk.expiresAt).getTime() <= now ? 'admin.tokens.expired' : 'admin.tokens.active'
  return (
    <section className="stack">
      <BackLink to="/admin">{t('admin.title')}</BackLink>
      <h1>{t('admin.tokens')}</h1>
      <p className="hint">{t('admin.tokens.intro')}</p>
      {params.get('revoked') ? <p role="status">{t('admin.tokens.revokedNotice')}</p> : null}
      {data && 'error' in data ? (
        <p role="alert" className="error">
          {t(data.error)}
        </p>
      ) : null}
      {data && 'created' in data ? (
        <div role="status" className="card stack">
          <p>{t('admin.tokens.createdNotice', { name: data.created.name, expires: fmtDateTime(data.created.expiresAt, locale) })}</p>
          <input readOnly value={data.created.token} aria-label={t('admin.tokens.secret')} onFocus={e => e.currentTarget.select()} />
        </div>
      ) : null}
      {/* A new form once a token is made, emptied of what was typed for it. */}
      <Form method="post" className="card stack" noValidate aria-labelledby="new-token" key={data && 'created' in data ? data.created.token : 'new'}>
        <h2 id="new-token">{t('admin.tokens.new')}</h2>
        <p className="hint">{t('admin.tokens.newHint')}</p>
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <Field
          label={t('admin.tokens.name')}
          name="name"
          errors={errors.name}
          inputProps={{ maxLength: 100, required: true, defaultValue: String(typed.name ?? '') }}
        />
        <Field label={t('admin.tokens.roleField')} name="role" errors={errors.role}>
          {shared => (
            <select {...shared} defaultValue={String(typed.role ?? 'community_worker')}>
              {ROLES.map(r => (
                <option key={r} value={r}>
                  {t(`role.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('admin.tokens.unit')} name="unitId" errors={errors.unitId} hint={t('admin.users.scopeHint')}>
          {shared => (
            <select {...shared} defaultValue={String(typed.unitId ?? '')}>
              <option value="">{t('admin.tokens.everywhere')}</option>
              {units.map(u => (
                <option key={u.id} value={u.id}>
                  {t(`unit.${u.kind}` as MessageKey)} · {localName(u, locale)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="choices" aria-invalid={errors.scopes ? true : undefined}>
          <legend>{t('admin.tokens.scopes')}</legend>
          {scopes.map(scope => (
            <label key={scope} className="choice">
              <input type="checkbox" name="scopes" value={scope} defaultChecked={typedScopes ? typedScopes.includes(scope) : true} />{' '}
              {t(`admin.tokens.scope.${scope}`)} <code>{scope}</code>
            </label>
          ))}
          <ErrorList errors={errors.scopes} />
        </fieldset>
        <Field
          label={t('admin.tokens.days')}
          name="expiresDays"
          errors={errors.expiresDays}
          inputProps={{ type: 'number', min: 1, max: 3650, defaultValue: String(typed.expiresDays ?? defaultDays) }}
        />
        <button type="submit" className="primary">
          {t('admin.tokens.create')}
        </button>
      </Form>
      <DataTable
        caption={t('admin.tokens')}
        empty={<p>{t('admin.tokens.empty')}</p>}
        captionHidden
        stackOnPhone
        rows={tokens}
        rowKey={tk => tk.id}
        columns={[
          { key: 'name', header: t('admin.tokens.name'), rowHeader: true, cell: tk => tk.name },
          {
            key: 'role',
            header: t('admin.tokens.role'),
            cell: tk => (
              <>
                {isMessageKey(`role.${tk.role}`) ? t(`role.${tk.role}` as MessageKey) : tk.role}
                {tk.unit ? ` @ ${localName(tk.unit, locale)}` : ''}
              </>
            ),
          },
          { key: 'scopes', header: t('admin.tokens.scopes'), cell: tk => tk.scopes.map(s => <code key={s}>{s} </code>) },
          { key: 'created', header: t('admin.tokens.created'), cell: tk => fmtDateTime(tk.createdAt, locale) },
          { key: 'lastUsed', header: t('admin.tokens.lastUsed'), cell: tk => (tk.lastUsedAt ? fmtDateTime(tk.lastUsedAt, locale) : t('admin.tokens.never')) },
          { key: 'expires', header: t('admin.tokens.expires'), cell: tk => (tk.expiresAt ? fmtDateTime(tk.expiresAt, locale) : t('admin.tokens.noExpiry')) },
          { key: 'state', header: t('admin.tokens.state'), cell: tk => t(state(tk)) },
          {
            key: 'actions',
            header: t('common.actions'),
            cell: tk =>
              tk.revokedAt ? null : (
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="id" value={tk.id} />
                  <ConfirmSubmit
                    label={t('admin.tokens.revoke')}
                    summaryLabel={t('admin.tokens.revokeLabel', { name: tk.name })}
                    question={t('admin.tokens.revokeConfirm')}
                    confirmLabel={t('admin.tokens.revokeYes')}
                  />
                </Form>
              ),
          },
        ]}
      />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
