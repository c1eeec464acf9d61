import type { SubmissionResult } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { createAccount, grantRole, resetPassword, revokeRole, setAccountActive } from '#app/commands/admin.server'
import { AccountCreateForm, AccountRow } from '#app/components/admin/accounts'
import { BackLink } from '#app/components/back-link'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ErrorList, fieldErrors } from '#app/components/forms'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { requireRole, validateCsrf } from '#app/utils/auth.server'
import { getDb, listAccountsWithGrants, listUnits } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'
import { ROLES } from '#db/enums'

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
  .number({ invalid_type_error: 'admin.error.unit' })
  .int()
  .positive()
  .optional()
  .transform(v => v ?? null)
const AccountSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('create-user'),
    username: z
      .string({ required_error: 'admin.error.username' })
      .trim()
      .regex(/^[A-Za-z0-9_.-]{3,40}$/, 'admin.error.username'),
    displayName: z.string({ required_error: 'admin.error.required' }).trim().min(1, 'admin.error.required').max(100, 'admin.error.displayNameLength'),
    password,
    // Digits with the usual separators: a number the system can send a text to.
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9\-() ]{6,38}$/, 'admin.error.phone')
      .optional(),
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
          const u = await createAccount(ctx, {
            username: d.username,
            displayName: d.displayName,
            password: d.password,
            phone: d.phone || null,
            role: d.role,
            unitId: d.unitId,
          })
          return back('created', u.id)
        }
        case 'grant':
          return back(grantRole(ctx, d) ? 'granted' : 'alreadyGranted', d.userId)
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
  alreadyGranted: 'admin.users.done.alreadyGranted',
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
  const typed = data?.values ?? data?.result.initialValue ?? {}
  // A refused grant or password shows its errors in the account's own row, beside those fields.
  const grantingTo = data?.intent === 'grant' ? data.userId : null
  const resettingFor = data?.intent === 'reset-password' ? data.userId : null
  const rowErrors = grantingTo ? { role: errors.role, unitId: errors.unitId } : resettingFor ? { password: errors.password } : {}
  const pageErrors = creating
    ? errors['']
    : data
      ? Object.entries(errors)
          .filter(([field]) => !(field in rowErrors))
          .flatMap(([, messages]) => messages)
      : undefined
  const unitName = (id: number | null) => {
    const u = id == null ? null : units.find(x => x.id === id)
    return u ? localName(u, locale) : t('admin.users.everywhere')
  }
  return (
    <section className="stack">
      <BackLink to="/admin">{t('admin.title')}</BackLink>
      <h1>{t('admin.users.title')}</h1>
      {done ? (
        <p role="status" className="ok">
          {t(done)}
        </p>
      ) : null}
      {/* Errors of the create form, of a grant and of a new password show under their fields; the others (one per account row) here. */}
      <ErrorList errors={pageErrors} />
      {unitFilter ? (
        <p className="hint">
          {t('admin.users.filtered', { unit: unitName(unitFilter) })} <Link to="/admin/users">{t('common.all')}</Link>
        </p>
      ) : null}
      <AccountCreateForm
        units={units}
        open={creating || accounts.length === 0}
        defaultUnitId={unitFilter}
        errors={creating ? errors : {}}
        typed={creating ? typed : {}}
      />
      <ul className="list">
        {accounts.map(a => (
          <AccountRow
            key={a.id}
            account={a}
            units={units}
            unitName={unitName}
            grant={grantingTo === a.id ? { errors: rowErrors, typed } : undefined}
            passwordErrors={resettingFor === a.id ? errors.password : undefined}
          />
        ))}
      </ul>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
