import type { SubmissionResult } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { createUnit, updateUnitSettings } from '#app/commands/admin.server'
import { UnitCreateForm, UnitSettings } from '#app/components/admin/units'
import { BackLink } from '#app/components/back-link'
import { DataTable } from '#app/components/data-table'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ErrorList, fieldErrors } from '#app/components/forms'
import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { requireRole, validateCsrf } from '#app/utils/auth.server'
import { communityChecklist, getDb, listUnits } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { runCommand } from '#app/utils/errors.server'
import { wholeNumberBetween } from '#app/utils/form-errors'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'
import { UNIT_KINDS } from '#db/enums'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'admin.units.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  requireRole(request, 'admin')
  const db = getDb()
  const selected = Number(new URL(request.url).searchParams.get('unit')) || null
  const units = listUnits(db).map(u => ({
    id: u.id,
    kind: u.kind,
    code: u.code,
    nameZh: u.nameZh,
    nameEn: u.nameEn,
    parentId: u.parentId,
    heatThreshold: u.heatThreshold,
    escalateAfterDays: u.escalateAfterDays,
  }))
  const unit = selected ? (units.find(u => u.id === selected) ?? null) : null
  return json({
    units,
    unit,
    checklist: unit?.kind === 'community' ? communityChecklist(db, unit.id) : null,
    defaultEscalateDays: getEnv().ESCALATE_AFTER_DAYS,
  })
}

const name = z.string({ required_error: 'admin.error.required' }).trim().min(1, 'admin.error.required').max(100, 'admin.error.nameLength')
const UnitSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('create-unit'),
    kind: z.enum(UNIT_KINDS, { errorMap: () => ({ message: 'admin.error.required' }) }),
    parentId: z.number({ invalid_type_error: 'admin.error.parent' }).int().positive().optional(),
    code: z
      .string({ required_error: 'admin.error.code' })
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'admin.error.code'),
    nameZh: name,
    nameEn: name,
    serviceCode: z.string().trim().max(50, 'admin.error.serviceCodeLength').optional(),
  }),
  z.object({
    intent: z.literal('settings'),
    unitId: z.number({ message: 'admin.error.notFound' }).int().positive(),
    heatThreshold: wholeNumberBetween(1, 1000),
    escalateAfterDays: wholeNumberBetween(1, 90).optional(),
  }),
])

export type UnitsActionData = { result: SubmissionResult<string[]>; intent?: string; values?: Record<string, unknown> }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const user = requireRole(request, 'admin')
  const intent = String(form.get('intent') ?? '')
  const parsed = parseForm(form, UnitSchema)
  const hidden = { hideFields: ['csrf'] }
  if (!parsed.ok) return json<UnitsActionData>({ result: parsed.submission.reply(hidden), intent }, { status: 400 })
  const ctx = { db: getDb(), actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const d = parsed.value
  const done = await runCommand(
    () => {
      if (d.intent === 'create-unit') {
        const unit = createUnit(ctx, {
          kind: d.kind,
          parentId: d.parentId ?? null,
          code: d.code,
          nameZh: d.nameZh,
          nameEn: d.nameEn,
          serviceCode: d.serviceCode || null,
        })
        return redirect(`/admin/units?unit=${unit.id}&created=1`, 303)
      }
      updateUnitSettings(ctx, { unitId: d.unitId, heatThreshold: d.heatThreshold, escalateAfterDays: d.escalateAfterDays ?? null })
      return redirect(`/admin/units?unit=${d.unitId}&saved=1`, 303)
    },
    { intent, values: parsed.submission.reply(hidden).initialValue },
  )
  return done.ok ? done.value : done.response
}

export default function AdminUnits() {
  const t = useT()
  const locale = useLocale()
  const { units, unit, checklist, defaultEscalateDays } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>() as UnitsActionData | undefined
  const [params] = useSearchParams()
  const errors = fieldErrors(data?.result)
  const typed: Record<string, unknown> = data?.values ?? data?.result.initialValue ?? {}
  const form = (intent: string) => ({ errors: data?.intent === intent ? errors : {}, typed: data?.intent === intent ? typed : {} })
  const name = (u: { nameZh: string; nameEn: string }) => localName(u, locale)
  const parents = units.filter(u => u.kind === 'district' || u.kind === 'street')
  return (
    <section className="stack">
      <BackLink to="/admin">{t('admin.title')}</BackLink>
      <h1>{t('admin.units.title')}</h1>
      {params.get('created') ? (
        <p role="status" className="ok">
          {t('admin.units.created')}
        </p>
      ) : null}
      {params.get('saved') ? (
        <p role="status" className="ok">
          {t('admin.units.saved')}
        </p>
      ) : null}
      <ErrorList errors={errors['']} />

      {unit ? <UnitSettings unit={unit} checklist={checklist} defaultEscalateDays={defaultEscalateDays} {...form('settings')} /> : null}

      <UnitCreateForm parents={parents} open={data?.intent === 'create-unit' || units.length === 0} {...form('create-unit')} />

      <DataTable
        caption={t('admin.units')}
        stackOnPhone
        rows={units}
        rowKey={u => u.id}
        columns={[
          {
            key: 'name',
            header: t('admin.units.name'),
            rowHeader: true,
            cell: u => (
              <>
                <Link to={`/admin/units?unit=${u.id}`}>{name(u)}</Link> <code>{u.code}</code>
              </>
            ),
          },
          { key: 'kind', header: t('admin.units.kind'), cell: u => t(`unit.${u.kind}` as 'unit.street') },
          {
            key: 'parent',
            header: t('admin.units.parent'),
            cell: u => (u.parentId ? name(units.find(p => p.id === u.parentId) ?? { nameZh: '', nameEn: '' }) : '—'),
          },
          { key: 'heat', header: t('admin.units.heatThreshold'), numeric: true, cell: u => (u.kind === 'community' ? u.heatThreshold : '—') },
        ]}
      />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
