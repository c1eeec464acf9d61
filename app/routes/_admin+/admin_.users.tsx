import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import {
  AdminError,
  adminCreateUser,
  adminGrantRole,
  adminResetPassword,
  adminRevokeRole,
  adminSetActive,
  getDb,
  listAccountsWithGrants,
  listUnits,
} from '#app/utils/db.server'
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

const password = z.string().min(10, 'admin.error.password').max(200)
const role = z.enum(ROLES, { errorMap: () => ({ message: 'admin.error.role' }) })
const unitId = z.union([z.literal(''), z.coerce.number().int().positive()]).transform(v => (v === '' ? null : v))
const Schemas = {
  'create-user': z.object({
    username: z.string().trim().regex(/^[A-Za-z0-9_.-]{3,40}$/, 'admin.error.username'),
    displayName: z.string().trim().min(1, 'admin.error.required').max(100),
    password,
    phone: z.string().trim().max(40),
    role,
    unitId,
  }),
  grant: z.object({ userId: z.coerce.number().int().positive(), role, unitId }),
  revoke: z.object({ userId: z.coerce.number().int().positive(), grantId: z.coerce.number().int().positive() }),
  'reset-password': z.object({ userId: z.coerce.number().int().positive(), password }),
  'set-active': z.object({ userId: z.coerce.number().int().positive(), active: z.enum(['true', 'false']) }),
}
type Intent = keyof typeof Schemas

const ADMIN_ERRORS: Record<AdminError['code'], MessageKey> = {
  'code-taken': 'admin.error.codeTaken',
  'username-taken': 'admin.error.usernameTaken',
  'bad-parent': 'admin.error.scope',
  'not-found': 'admin.error.notFound',
  'bad-role': 'admin.error.role',
  'last-admin': 'admin.error.lastAdmin',
  self: 'admin.error.self',
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const admin = requireRole(request, 'admin')
  const actor = { kind: 'user' as const, id: admin.id }
  const values = Object.fromEntries([...form].filter(([k, v]) => k !== 'csrf' && typeof v === 'string')) as Record<string, string>
  const intent = values.intent as Intent
  const fail = (errors: Record<string, MessageKey>) => json({ intent, userId: values.userId ?? null, errors, values: { ...values, password: '' } as Record<string, string> }, { status: 400 })
  if (!(intent in Schemas)) return fail({ form: 'admin.error.required' })
  const parsed = Schemas[intent].safeParse(values)
  if (!parsed.success) {
    const errors: Record<string, MessageKey> = {}
    for (const i of parsed.error.issues) errors[String(i.path[0])] ??= (i.message.startsWith('admin.') ? i.message : 'admin.error.required') as MessageKey
    return fail(errors)
  }
  const db = getDb()
  const back = (done: string, id?: number) => redirect(`/admin/users?done=${done}${id ? `#user-${id}` : ''}`, 303)
  // Live connections carry the old roles and rooms: end them at once, not at the next session re-check.
  const endLiveConnections = (userId: number) => context?.notify?.disconnectUser?.(userId)
  try {
    switch (intent) {
      case 'create-user': {
        const d = parsed.data as z.infer<(typeof Schemas)['create-user']>
        const u = await adminCreateUser(db, { username: d.username, displayName: d.displayName, password: d.password, phone: d.phone || null, role: d.role, unitId: d.unitId }, actor)
        return back('created', u.id)
      }
      case 'grant': {
        const d = parsed.data as z.infer<(typeof Schemas)['grant']>
        adminGrantRole(db, d, actor)
        endLiveConnections(d.userId)
        return back('granted', d.userId)
      }
      case 'revoke': {
        const d = parsed.data as z.infer<(typeof Schemas)['revoke']>
        adminRevokeRole(db, d, actor)
        endLiveConnections(d.userId)
        return back('revoked', d.userId)
      }
      case 'reset-password': {
        const d = parsed.data as z.infer<(typeof Schemas)['reset-password']>
        await adminResetPassword(db, d, actor)
        endLiveConnections(d.userId)
        return back('password', d.userId)
      }
      case 'set-active': {
        const d = parsed.data as z.infer<(typeof Schemas)['set-active']>
        adminSetActive(db, { userId: d.userId, active: d.active === 'true' }, actor)
        if (d.active === 'false') endLiveConnections(d.userId)
        return back(d.active === 'true' ? 'reactivated' : 'deactivated', d.userId)
      }
    }
  } catch (error) {
    if (error instanceof AdminError) return fail({ form: ADMIN_ERRORS[error.code] })
    throw error
  }
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
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const done = DONE[params.get('done') ?? '']
  const errors = result?.errors ?? {}
  const creating = result?.intent === 'create-user'
  const val = (k: string, d = '') => (creating ? result?.values[k] ?? d : d)
  const unitName = (id: number | null) => {
    const u = id == null ? null : units.find(x => x.id === id)
    return u ? localName(u, locale) : t('admin.users.everywhere')
  }
  const err = (f: string) => (creating && errors[f] ? <span className="field-error" id={`${f}-error`}>{t(errors[f]!)}</span> : null)
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
      {errors.form ? (
        <p role="alert" className="error">
          {t(errors.form)}
        </p>
      ) : null}
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
