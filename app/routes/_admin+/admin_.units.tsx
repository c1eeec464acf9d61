import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { AdminError, adminCreateUnit, adminUpdateUnitSettings, communityChecklist, getDb, listUnits } from '#app/utils/db.server'
import { requireRole, validateCsrf } from '#app/utils/auth.server'
import { getEnv } from '#app/utils/env.server'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { UNIT_KINDS } from '#db/enums'
import { pageTitle } from '#app/utils/meta'
import { localName } from '#app/i18n/local-name'
import { DataTable } from '#app/components/data-table'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'admin.units.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  requireRole(request, 'admin')
  const db = getDb()
  const selected = Number(new URL(request.url).searchParams.get('unit')) || null
  const units = listUnits(db).map(u => ({ id: u.id, kind: u.kind, code: u.code, nameZh: u.nameZh, nameEn: u.nameEn, parentId: u.parentId, heatThreshold: u.heatThreshold, escalateAfterDays: u.escalateAfterDays }))
  const unit = selected ? units.find(u => u.id === selected) ?? null : null
  return json({
    units,
    unit,
    checklist: unit?.kind === 'community' ? communityChecklist(db, unit.id) : null,
    defaultEscalateDays: getEnv().ESCALATE_AFTER_DAYS,
  })
}

const code = z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'admin.error.code')
const CreateSchema = z.object({
  intent: z.literal('create-unit'),
  kind: z.enum(UNIT_KINDS),
  parentId: z.union([z.literal(''), z.coerce.number().int().positive()]),
  code,
  nameZh: z.string().trim().min(1, 'admin.error.required').max(100),
  nameEn: z.string().trim().min(1, 'admin.error.required').max(100),
  serviceCode: z.string().trim().max(50),
})
const SettingsSchema = z.object({
  intent: z.literal('settings'),
  unitId: z.coerce.number().int().positive(),
  heatThreshold: z.coerce.number({ invalid_type_error: 'admin.error.number' }).int('admin.error.number').min(1, 'admin.error.number').max(1000, 'admin.error.number'),
  escalateAfterDays: z.union([z.literal(''), z.coerce.number({ invalid_type_error: 'admin.error.number' }).int('admin.error.number').min(1, 'admin.error.number').max(90, 'admin.error.number')]),
})

const ADMIN_ERRORS: Record<AdminError['code'], MessageKey> = {
  'code-taken': 'admin.error.codeTaken',
  'username-taken': 'admin.error.usernameTaken',
  'bad-parent': 'admin.error.parent',
  'not-found': 'admin.error.notFound',
  'bad-role': 'admin.error.role',
  'last-admin': 'admin.error.lastAdmin',
  self: 'admin.error.self',
}

function fieldErrors(issues: z.ZodIssue[]) {
  const errors: Record<string, MessageKey> = {}
  for (const i of issues) errors[String(i.path[0])] ??= (i.message.startsWith('admin.') ? i.message : 'admin.error.required') as MessageKey
  return errors
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const user = requireRole(request, 'admin')
  const actor = { kind: 'user' as const, id: user.id }
  const values = Object.fromEntries([...form].filter(([k, v]) => k !== 'csrf' && typeof v === 'string')) as Record<string, string>
  const db = getDb()
  try {
    if (values.intent === 'create-unit') {
      const p = CreateSchema.safeParse(values)
      if (!p.success) return json({ intent: values.intent, errors: fieldErrors(p.error.issues), values }, { status: 400 })
      const unit = adminCreateUnit(db, { kind: p.data.kind, parentId: p.data.parentId === '' ? null : p.data.parentId, code: p.data.code, nameZh: p.data.nameZh, nameEn: p.data.nameEn, serviceCode: p.data.serviceCode || null }, actor)
      return redirect(`/admin/units?unit=${unit.id}&created=1`, 303)
    }
    if (values.intent === 'settings') {
      const p = SettingsSchema.safeParse(values)
      if (!p.success) return json({ intent: values.intent, errors: fieldErrors(p.error.issues), values }, { status: 400 })
      adminUpdateUnitSettings(db, { unitId: p.data.unitId, heatThreshold: p.data.heatThreshold, escalateAfterDays: p.data.escalateAfterDays === '' ? null : p.data.escalateAfterDays }, actor)
      return redirect(`/admin/units?unit=${p.data.unitId}&saved=1`, 303)
    }
  } catch (error) {
    if (error instanceof AdminError) return json({ intent: values.intent, errors: { form: ADMIN_ERRORS[error.code] } as Record<string, MessageKey>, values }, { status: 400 })
    throw error
  }
  return json({ intent: values.intent ?? '', errors: { form: 'admin.error.required' } as Record<string, MessageKey>, values }, { status: 400 })
}

export default function AdminUnits() {
  const t = useT()
  const locale = useLocale()
  const { units, unit, checklist, defaultEscalateDays } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = result?.errors ?? {}
  const val = (k: string, d = '') => result?.values[k] ?? d
  const name = (u: { nameZh: string; nameEn: string }) => localName(u, locale)
  const err = (f: string) => (errors[f] ? <span className="field-error" id={`${f}-error`}>{t(errors[f]!)}</span> : null)
  const aria = (f: string) => (errors[f] ? { 'aria-invalid': true as const, 'aria-describedby': `${f}-error` } : {})
  const parents = units.filter(u => u.kind === 'district' || u.kind === 'street')
  return (
    <section className="stack">
      <p>
        <Link to="/admin">← {t('admin.title')}</Link>
      </p>
      <h1>{t('admin.units.title')}</h1>
      {params.get('created') ? <p role="status" className="ok">{t('admin.units.created')}</p> : null}
      {params.get('saved') ? <p role="status" className="ok">{t('admin.units.saved')}</p> : null}
      {errors.form ? (
        <p role="alert" className="error">
          {t(errors.form)}
        </p>
      ) : null}

      {unit ? (
        <div className="card stack" id="settings">
          <h2>
            {t(`unit.${unit.kind}` as 'unit.street')}：{name(unit)} <code>{unit.code}</code>
          </h2>
          {checklist ? (
            <div className="stack">
              <h3>{t('admin.checklist.title')}</h3>
              <ol className="checklist" data-testid="first-run-checklist">
                {checklist.map(item => (
                  <li key={item.key} className={item.done ? 'done' : undefined}>
                    <span aria-hidden="true">{item.done ? '✓' : '○'}</span>{' '}
                    <Link to={item.link}>{t(`admin.checklist.${item.key}` as 'admin.checklist.worker')}</Link>
                    <span className="hint"> · {item.done ? t('admin.checklist.done') : t(`admin.checklist.${item.key}Hint` as 'admin.checklist.workerHint')}</span>
                  </li>
                ))}
              </ol>
            </div>
          ) : null}
          {unit.kind === 'community' ? (
            <Form method="post" className="stack" noValidate>
              <CsrfInput />
              <input type="hidden" name="intent" value="settings" />
              <input type="hidden" name="unitId" value={unit.id} />
              <label>
                {t('admin.units.heatThreshold')}
                <input type="number" name="heatThreshold" min={1} max={1000} defaultValue={val('heatThreshold', String(unit.heatThreshold))} {...aria('heatThreshold')} />
                <span className="hint">{t('admin.units.heatThresholdHint')}</span>
                {err('heatThreshold')}
              </label>
              <label>
                {t('admin.units.escalateAfterDays')}
                <input type="number" name="escalateAfterDays" min={1} max={90} defaultValue={val('escalateAfterDays', unit.escalateAfterDays == null ? '' : String(unit.escalateAfterDays))} placeholder={String(defaultEscalateDays)} {...aria('escalateAfterDays')} />
                <span className="hint">{t('admin.units.escalateHint', { days: defaultEscalateDays })}</span>
                {err('escalateAfterDays')}
              </label>
              <button type="submit" className="primary">
                {t('common.save')}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}

      <details className="card" open={result?.intent === 'create-unit' || units.length === 0}>
        <summary>{t('admin.units.create')}</summary>
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="create-unit" />
          <label>
            {t('admin.units.kind')}
            <select name="kind" defaultValue={val('kind', 'community')}>
              {UNIT_KINDS.map(k => (
                <option key={k} value={k}>
                  {t(`unit.${k}` as 'unit.street')}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('admin.units.parent')}
            <select name="parentId" defaultValue={val('parentId', String(parents.find(u => u.kind === 'street')?.id ?? ''))}>
              <option value="">—</option>
              {parents.map(u => (
                <option key={u.id} value={u.id}>
                  {name(u)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('admin.units.nameZh')}
            <input name="nameZh" maxLength={100} defaultValue={val('nameZh')} {...aria('nameZh')} />
            {err('nameZh')}
          </label>
          <label>
            {t('admin.units.nameEn')}
            <input name="nameEn" maxLength={100} defaultValue={val('nameEn')} {...aria('nameEn')} />
            {err('nameEn')}
          </label>
          <label>
            {t('admin.units.code')}
            <input name="code" maxLength={40} defaultValue={val('code')} {...aria('code')} />
            <span className="hint">{t('admin.units.codeHint')}</span>
            {err('code')}
          </label>
          <label>
            {t('admin.units.serviceCode')}
            <input name="serviceCode" maxLength={50} defaultValue={val('serviceCode')} />
            <span className="hint">{t('admin.units.serviceCodeHint')}</span>
          </label>
          <button type="submit" className="primary">
            {t('admin.units.createSubmit')}
          </button>
        </Form>
      </details>

      <DataTable
        caption={t('admin.units')}
        rows={units}
        rowKey={u => u.id}
        columns={[
          { key: 'kind', header: t('admin.units.kind'), cell: u => t(`unit.${u.kind}` as 'unit.street') },
          {
            key: 'name',
            header: t('admin.units.name'),
            cell: u => (
              <>
                <Link to={`/admin/units?unit=${u.id}`}>{name(u)}</Link> <code>{u.code}</code>
              </>
            ),
          },
          { key: 'parent', header: t('admin.units.parent'), cell: u => (u.parentId ? name(units.find(p => p.id === u.parentId) ?? { nameZh: '', nameEn: '' }) : '—') },
          { key: 'heat', header: t('admin.units.heatThreshold'), numeric: true, cell: u => (u.kind === 'community' ? u.heatThreshold : '—') },
        ]}
      />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
