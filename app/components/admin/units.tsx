import { Form, Link } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { Field } from '#app/components/forms'
import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { UNIT_KINDS, type UnitKind } from '#db/enums'
import { typedValue } from './form-values'

type FormState = { errors: Record<string, string[]>; typed: Record<string, unknown> }
type ChecklistItem = { key: string; done: boolean; link: string }
type UnitSummary = { id: number; kind: UnitKind; code: string; nameZh: string; nameEn: string; heatThreshold: number; escalateAfterDays: number | null }

/** A unit's header, a community's first-run checklist and its heat threshold and escalation delay. */
export function UnitSettings({
  unit,
  checklist,
  defaultEscalateDays,
  errors,
  typed,
}: FormState & { unit: UnitSummary; checklist: readonly ChecklistItem[] | null; defaultEscalateDays: number }) {
  const t = useT()
  const locale = useLocale()
  return (
    <div className="card stack" id="settings">
      <h2>
        {t('admin.units.heading', { kind: t(`unit.${unit.kind}` as 'unit.street'), name: localName(unit, locale) })} <code>{unit.code}</code>
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
          <Field label={t('admin.units.heatThreshold')} name="heatThreshold" errors={errors.heatThreshold} hint={t('admin.units.heatThresholdHint')}>
            {shared => <input {...shared} type="number" min={1} max={1000} defaultValue={typedValue(typed, 'heatThreshold', String(unit.heatThreshold))} />}
          </Field>
          <Field
            label={t('admin.units.escalateAfterDays')}
            name="escalateAfterDays"
            errors={errors.escalateAfterDays}
            hint={t('admin.units.escalateHint', { days: defaultEscalateDays })}
          >
            {shared => (
              <input
                {...shared}
                type="number"
                min={1}
                max={90}
                defaultValue={typedValue(typed, 'escalateAfterDays', unit.escalateAfterDays == null ? '' : String(unit.escalateAfterDays))}
                placeholder={String(defaultEscalateDays)}
              />
            )}
          </Field>
          <button type="submit" className="primary">
            {t('common.save')}
          </button>
        </Form>
      ) : null}
    </div>
  )
}

/** The form creating a community, street, district or department under its parent. */
export function UnitCreateForm({
  parents,
  open,
  errors,
  typed,
}: FormState & { parents: { id: number; kind: UnitKind; nameZh: string; nameEn: string }[]; open: boolean }) {
  const t = useT()
  const locale = useLocale()
  const val = (name: string, fallback = '') => typedValue(typed, name, fallback)
  return (
    <details className="card" open={open}>
      <summary>{t('admin.units.create')}</summary>
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="create-unit" />
        <Field label={t('admin.units.kind')} name="kind" errors={errors.kind}>
          {shared => (
            <select {...shared} defaultValue={val('kind', 'community')}>
              {UNIT_KINDS.map(k => (
                <option key={k} value={k}>
                  {t(`unit.${k}` as 'unit.street')}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('admin.units.parent')} name="parentId" errors={errors.parentId}>
          {shared => (
            <select {...shared} defaultValue={val('parentId', String(parents.find(u => u.kind === 'street')?.id ?? ''))}>
              <option value="">—</option>
              {parents.map(u => (
                <option key={u.id} value={u.id}>
                  {localName(u, locale)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('admin.units.nameZh')} name="nameZh" errors={errors.nameZh}>
          {shared => <input {...shared} maxLength={100} defaultValue={val('nameZh')} />}
        </Field>
        <Field label={t('admin.units.nameEn')} name="nameEn" errors={errors.nameEn}>
          {shared => <input {...shared} maxLength={100} defaultValue={val('nameEn')} />}
        </Field>
        <Field label={t('admin.units.code')} name="code" errors={errors.code} hint={t('admin.units.codeHint')}>
          {shared => <input {...shared} maxLength={40} defaultValue={val('code')} />}
        </Field>
        <Field label={t('admin.units.serviceCode')} name="serviceCode" errors={errors.serviceCode} hint={t('admin.units.serviceCodeHint')}>
          {shared => <input {...shared} maxLength={50} defaultValue={val('serviceCode')} />}
        </Field>
        <button type="submit" className="primary">
          {t('admin.units.createSubmit')}
        </button>
      </Form>
    </details>
  )
}
