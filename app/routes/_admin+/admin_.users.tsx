import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { getDb, listAccountsWithGrants, listUnits } from '#app/utils/db.server'
import { createAccount, grantRole, resetPassword, revokeRole, setAccountActive } from '#app/commands/admin.server'
import { parseForm } from '#app/utils/forms.server'
import { runCommand } from '#app/utils/errors.server'
import { ErrorList, fieldErrors } from '#app/components/forms'
import type { SubmissionResult } from '@conform-to/react'
import { requireRole, validateCsrf } from '#app/utils/auth.server'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ROLES } from '#db/enums'
import { pageTitle } from '#app/utils/meta'
import { localName } from '#app/i18n/local-name'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'admin.users.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  requireRole(request, 'admin')
  const db = getDb()
  const unitFilter = Number(new URL(request.url).searchParams.get('unit')) || null
  const units = listUnits(db).map(u => ({ id: u.id, kind: u.kind, nameZh: u.nameZh, nameEn: u.nameEn }))
  const accounts = listAccountsWithGrants(db, unitFilter)
  return json({ units, accounts, unitFilter })
}

// Conform hands empty inputs to zod as undefined and numbers as numbers.
const password = z.string({ required_error: 'admin.error.password' }).min(10, 'admin.error.password').max(200, 'admin.error.password')
const role = z.enum(ROLES, { errorMap: () => ({ message: 'admin.error.role' }) })
const userId = z.number({ message: 'admin.error.notFound' }).int().positive()
const unitId = z
  .number({ invalid_type_error: 'admin.error.scope' })
  .int()
  .positive()
  .optional()
  .transform(v => v ?? null)
const AccountSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('create-user'),
    username: z.string({ required_error: 'admin.error.username' }).trim().regex(/^[A-Za-z0-9_.-]{3,40}$/, 'admin.error.username'),
    displayName: z.string({ required_error: 'admin.error.required' }).trim().min(1, 'admin.error.required').max(100, 'admin.error.required'),
    password,
    phone: z.string().trim().max(40, 'admin.error.required').optional(),
    role,
    unitId,
  }),
  z.object({ intent: z.literal('grant'), userId, role, unitId }),
  z.object({ intent: z.literal('revoke'), userId, grantId: z.number({ message: 'admin.error.notFound' }).int().positive() }),
  z.object({ intent: z.literal('reset-password'), userId, password }),
  z.object({ intent: z.literal('set-active'), userId, active: z.enum(['true', 'false']) }),
])

/** A rejected form: the errors and what was typed, never the password. */
export type AccountsActionData = { result: SubmissionResult<string[]>; error?: MessageKey; intent?: string; userId?: number | null }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const admin = requireRole(request, 'admin')
  const parsed = parseForm(form, AccountSchema)
  const hidden = { hideFields: ['password', 'csrf'] }
  const intent = String(form.get('intent') ?? '')
  const userIdTyped = Number(form.get('userId')) || null
  if (!parsed.ok) return json<AccountsActionData>({ result: parsed.submission.reply(hidden), intent, userId: userIdTyped }, { status: 400 })
  const ctx = { db: getDb(), actor: { kind: 'user' as const, id: admin.id }, notify: context.notify }
  const back = (done: string, id?: number) => redirect(`/admin/users?done=${done}${id ? `#user-${id}` : ''}`, 303)
  const d = parsed.value
  const done = await runCommand(
    async () => {
      switch (d.intent) {
        case 'create-user': {
          const u = await createAccount(ctx, { username: d.username, displayName: d.displayName, password: d.password, phone: d.phone || null, role: d.role, unitId: d.unitId })
          return back('created', u.id)
        }
        case 'grant':
          grantRole(ctx, d)
          return back('granted', d.userId)
        case 'revoke':
          revokeRole(ctx, d)
          return back('revoked', d.userId)
        case 'reset-password':
          await resetPassword(ctx, d)
          return back('password', d.userId)
        case 'set-active':
          setAccountActive(ctx, { userId: d.userId, active: d.active === 'true' })
          return back(d.active === 'true' ? 'reactivated' : 'deactivated', d.userId)
      }
    },
    { intent, userId: userIdTyped, values: parsed.submission.reply(hidden).initialValue },
  )
  return done.ok ? done.value : done.response
}

const DONE: Record<string, MessageKey> = {
  created: 'admin.users.done.created',
  granted: 'admin.users.done.granted',
  revoked: 'admin.users.done.revoked',
  password: 'admin.users.done.password',
  deactivated: 'admin.users.done.deactivated',
  reactivated: 'admin.users.done.reactivated',
}

export default function AdminUsers() {
  const t = useT()
  const locale = useLocale()
  const { units, accounts, unitFilter } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>() as (AccountsActionData & { values?: Record<string, unknown> }) | undefined
  const [params] = useSearchParams()
  const done = DONE[params.get('done') ?? '']
  const errors = fieldErrors(data?.result)
  const creating = data?.intent === 'create-user'
  const typed: Record<string, unknown> = data?.values ?? data?.result.initialValue ?? {}
  const val = (k: string, d = '') => (creating && typeof typed[k] === 'string' ? (typed[k] as string) : d)
  const unitName = (id: number | null) => {
    const u = id == null ? null : units.find(x => x.id === id)
    return u ? localName(u, locale) : t('admin.users.everywhere')
  }
  const err = (f: string) => (creating && errors[f] ? <ErrorList id={`${f}-error`} errors={errors[f]} /> : null)
  const aria = (f: string) => (creating && errors[f] ? { 'aria-invalid': true as const, 'aria-describedby': `${f}-error` } : {})
  const unitOptions = units.map(u => (
    <option key={u.id} value={u.id}>
      {t(`unit.${u.kind}` as 'unit.street')} · {localName(u, locale)}
    </option>
  ))
  const roleOptions = ROLES.map(r => (
    <option key={r} value={r}>
      {t(`role.${r}`)}
    </option>
  ))
  return (
    <section className="stack">
      <p>
        <Link to="/admin">← {t('admin.title')}</Link>
      </p>
      <h1>{t('admin.users.title')}</h1>
      {done ? (
        <p role="status" className="ok">
          {t(done)}
        </p>
      ) : null}
      {/* Errors of the create form show under its fields; the others (one per account row) here. */}
      {errors[''] || (data && !creating) ? <ErrorList errors={errors[''] ?? [...new Set(Object.values(errors).flat())]} /> : null}
      {unitFilter ? (
        <p className="hint">
          {t('admin.users.filtered', { unit: unitName(unitFilter) })} <Link to="/admin/users">{t('common.all')}</Link>
        </p>
      ) : null}

      <details className="card" open={creating || accounts.length === 0}>
        <summary>{t('admin.users.create')}</summary>
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="create-user" />
          <label>
            {t('admin.users.displayName')}
            <input name="displayName" maxLength={100} defaultValue={val('displayName')} {...aria('displayName')} />
            {err('displayName')}
          </label>
          <label>
            {t('login.username')}
            <input name="username" maxLength={40} autoComplete="off" defaultValue={val('username')} {...aria('username')} />
            <span className="hint">{t('admin.users.usernameHint')}</span>
            {err('username')}
          </label>
          <label>
            {t('admin.users.initialPassword')}
            <input name="password" type="password" autoComplete="new-password" maxLength={200} {...aria('password')} />
            <span className="hint">{t('admin.users.passwordHint')}</span>
            {err('password')}
          </label>
          <label>
            {t('admin.users.phone')}
            <input name="phone" type="tel" maxLength={40} defaultValue={val('phone')} />
          </label>
          <label>
            {t('admin.users.role')}
            <select name="role" defaultValue={val('role', 'community_worker')} {...aria('role')}>
              {roleOptions}
            </select>
            {err('role')}
          </label>
          <label>
            {t('admin.users.scope')}
            <select name="unitId" defaultValue={val('unitId', unitFilter ? String(unitFilter) : '')} {...aria('unitId')}>
              <option value="">{t('admin.users.everywhere')}</option>
              {unitOptions}
            </select>
            <span className="hint">{t('admin.users.scopeHint')}</span>
            {err('unitId')}
          </label>
          <button type="submit" className="primary">
            {t('admin.users.createSubmit')}
          </button>
        </Form>
      </details>

      <ul className="list">
        {accounts.map(a => (
          <li key={a.id} id={`user-${a.id}`} className="stack" style={{ gap: '.4rem' }}>
            <div>
              <strong>{a.displayName}</strong> <code>{a.username}</code> {a.disabledAt ? <span className="badge hot">{t('admin.users.deactivated')}</span> : null}
            </div>
            <ul className="row" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {a.grants.map(g => (
                <li key={g.id}>
                  <Form method="post" className="row" style={{ gap: '.35rem', alignItems: 'center' }}>
                    <CsrfInput />
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="userId" value={a.id} />
                    <input type="hidden" name="grantId" value={g.id} />
                    <span className="badge">
                      {t(`role.${g.role}` as 'role.admin')} · {unitName(g.unitId)}
                    </span>
                    <button type="submit" aria-label={t('admin.users.revokeLabel', { role: t(`role.${g.role}` as 'role.admin'), unit: unitName(g.unitId) })}>
                      {t('admin.users.revoke')}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
            <details>
              <summary>{t('admin.users.manage', { name: a.displayName })}</summary>
              <div className="stack">
                <Form method="post" className="row">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="grant" />
                  <input type="hidden" name="userId" value={a.id} />
                  <label>
                    {t('admin.users.role')}
                    <select name="role" defaultValue="community_worker">
                      {roleOptions}
                    </select>
                  </label>
                  <label>
                    {t('admin.users.scope')}
                    <select name="unitId" defaultValue="">
                      <option value="">{t('admin.users.everywhere')}</option>
                      {unitOptions}
                    </select>
                  </label>
                  <button type="submit">{t('admin.users.grant')}</button>
                </Form>
                <Form method="post" className="row">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="reset-password" />
                  <input type="hidden" name="userId" value={a.id} />
                  <label>
                    {t('admin.users.newPassword')}
                    <input name="password" type="password" autoComplete="new-password" minLength={10} maxLength={200} />
                  </label>
                  <button type="submit">{t('admin.users.resetPassword')}</button>
                </Form>
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="set-active" />
                  <input type="hidden" name="userId" value={a.id} />
                  <input type="hidden" name="active" value={a.disabledAt ? 'true' : 'false'} />
                  <button type="submit">{a.disabledAt ? t('admin.users.reactivate') : t('admin.users.deactivate')}</button>
                </Form>
              </div>
            </details>
          </li>
        ))}
      </ul>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
