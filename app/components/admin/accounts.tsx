import { Form } from '@remix-run/react'
import { ConfirmSubmit } from '#app/components/confirm-submit'
import { CsrfInput } from '#app/components/csrf'
import { ErrorList, Field } from '#app/components/forms'
import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { ROLES, type UnitKind } from '#db/enums'
import { typedValue } from './form-values'

type UnitOption = { id: number; kind: UnitKind; nameZh: string; nameEn: string }
type Account = {
  id: number
  username: string
  displayName: string
  disabledAt: Date | string | null
  grants: { id: number; role: string; unitId: number | null }[]
}

function UnitOptions({ units }: { units: UnitOption[] }) {
  const t = useT()
  const locale = useLocale()
  return (
    <>
      <option value="">{t('admin.users.everywhere')}</option>
      {units.map(u => (
        <option key={u.id} value={u.id}>
          {t(`unit.${u.kind}` as 'unit.street')} · {localName(u, locale)}
        </option>
      ))}
    </>
  )
}

function RoleOptions() {
  const t = useT()
  return (
    <>
      {ROLES.map(r => (
        <option key={r} value={r}>
          {t(`role.${r}`)}
        </option>
      ))}
    </>
  )
}

/** The form creating an account with its first role; a rejected form comes back with what was typed, except the password. */
export function AccountCreateForm({
  units,
  open,
  defaultUnitId,
  errors,
  typed,
}: {
  units: UnitOption[]
  open: boolean
  defaultUnitId: number | null
  errors: Record<string, string[]>
  typed: Record<string, unknown>
}) {
  const t = useT()
  const val = (name: string, fallback = '') => typedValue(typed, name, fallback)
  return (
    <details className="card" open={open}>
      <summary>{t('admin.users.create')}</summary>
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="create-user" />
        <Field label={t('admin.users.displayName')} name="displayName" errors={errors.displayName}>
          {shared => <input {...shared} maxLength={100} defaultValue={val('displayName')} />}
        </Field>
        <Field label={t('login.username')} name="username" errors={errors.username} hint={t('admin.users.usernameHint')}>
          {shared => <input {...shared} maxLength={40} autoComplete="off" defaultValue={val('username')} />}
        </Field>
        <Field label={t('admin.users.initialPassword')} name="password" errors={errors.password} hint={t('admin.users.passwordHint')}>
          {shared => <input {...shared} type="password" autoComplete="new-password" maxLength={200} />}
        </Field>
        <Field label={t('admin.users.phone')} name="phone" errors={errors.phone}>
          {shared => <input {...shared} type="tel" maxLength={40} defaultValue={val('phone')} />}
        </Field>
        <Field label={t('admin.users.role')} name="role" errors={errors.role}>
          {shared => (
            <select {...shared} defaultValue={val('role', 'community_worker')}>
              <RoleOptions />
            </select>
          )}
        </Field>
        <Field label={t('admin.users.scope')} name="unitId" errors={errors.unitId} hint={t('admin.users.scopeHint')}>
          {shared => (
            <select {...shared} defaultValue={val('unitId', defaultUnitId ? String(defaultUnitId) : '')}>
              <UnitOptions units={units} />
            </select>
          )}
        </Field>
        <button type="submit" className="primary">
          {t('admin.users.createSubmit')}
        </button>
      </Form>
    </details>
  )
}

/**
 * One account: its roles (each revocable) and the forms to grant a role, reset the password and
 * (de)activate it. A refused grant (`grant`) comes back open, with its errors and what was chosen.
 */
export function AccountRow({
  account: a,
  units,
  unitName,
  grant,
  passwordErrors,
}: {
  account: Account
  units: UnitOption[]
  unitName: (id: number | null) => string
  grant?: { errors: Record<string, string[] | undefined>; typed: Record<string, unknown> }
  /** A refused new password's problems, shown beside its field. */
  passwordErrors?: string[]
}) {
  const t = useT()
  const chosen = (name: string, fallback: string) => typedValue(grant?.typed ?? {}, name, fallback)
  const grantErrorId = `grant-${a.id}-error`
  const grantErrors = [...(grant?.errors.role ?? []), ...(grant?.errors.unitId ?? [])]
  const refused = (name: 'role' | 'unitId') => (grant?.errors[name]?.length ? { 'aria-invalid': true, 'aria-describedby': grantErrorId } : {})
  return (
    <li id={`user-${a.id}`} className="stack" style={{ gap: '.4rem' }}>
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
              <ConfirmSubmit
                label={t('admin.users.revoke')}
                summaryLabel={t('admin.users.revokeLabel', { role: t(`role.${g.role}` as 'role.admin'), unit: unitName(g.unitId) })}
                question={t('admin.users.revokeQuestion', { name: a.displayName, role: t(`role.${g.role}` as 'role.admin'), unit: unitName(g.unitId) })}
                confirmLabel={t('admin.users.revokeConfirm')}
              />
            </Form>
          </li>
        ))}
      </ul>
      <details open={grant || passwordErrors ? true : undefined}>
        <summary>{t('admin.users.manage', { name: a.displayName })}</summary>
        <div className="stack">
          <Form method="post" className="row" noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="grant" />
            <input type="hidden" name="userId" value={a.id} />
            <Field label={t('admin.users.role')} name="role" inputProps={{ id: `grant-${a.id}-role` }}>
              {shared => (
                <select {...shared} {...refused('role')} defaultValue={chosen('role', 'community_worker')}>
                  <RoleOptions />
                </select>
              )}
            </Field>
            <Field label={t('admin.users.scope')} name="unitId" inputProps={{ id: `grant-${a.id}-unitId` }}>
              {shared => (
                <select {...shared} {...refused('unitId')} defaultValue={chosen('unitId', '')}>
                  <UnitOptions units={units} />
                </select>
              )}
            </Field>
            <button type="submit">{t('admin.users.grant')}</button>
            {/* On a line of its own under the fields, so that the fields and the button stay aligned. */}
            {grantErrors.length ? (
              <div style={{ flexBasis: '100%' }}>
                <ErrorList id={grantErrorId} errors={grantErrors} />
              </div>
            ) : null}
          </Form>
          <Form method="post" className="row" noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="reset-password" />
            <input type="hidden" name="userId" value={a.id} />
            <Field label={t('admin.users.newPassword')} name="password" errors={passwordErrors} inputProps={{ id: `password-${a.id}` }}>
              {shared => <input {...shared} type="password" autoComplete="new-password" minLength={10} maxLength={200} required />}
            </Field>
            <button type="submit">{t('admin.users.resetPassword')}</button>
          </Form>
          <Form method="post" noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="set-active" />
            <input type="hidden" name="userId" value={a.id} />
            <input type="hidden" name="active" value={a.disabledAt ? 'true' : 'false'} />
            {a.disabledAt ? (
              <button type="submit">{t('admin.users.reactivate')}</button>
            ) : (
              // Deactivating ends the account's sessions at once: asked once, as revoking a role is.
              <ConfirmSubmit
                label={t('admin.users.deactivate')}
                question={t('admin.users.deactivateQuestion', { name: a.displayName })}
                confirmLabel={t('admin.users.deactivateConfirm')}
              />
            )}
          </Form>
        </div>
      </details>
    </li>
  )
}
