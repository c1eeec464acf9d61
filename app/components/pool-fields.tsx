import { useT, useLocale, type MessageKey } from '#app/i18n/index'

export type PoolFieldOptions = {
  communities: { id: number; name: string }[]
  interests: { value: string; zh: string; en: string }[]
  roles: readonly string[]
  attributes: Record<string, readonly string[]>
}

/** Label of an attribute value ('<5y' → 不满5年); values without a label are shown as stored. */
export function useAttrLabel() {
  const t = useT()
  return (attr: string, value: string) => {
    const key = `pool.value.${attr}.${value}` as MessageKey
    const s = t(key)
    return s === key ? value : s
  }
}

/** The pool member fields, shared by the worker's add/edit pages and the resident's join page. */
export function PoolFields({
  values,
  errors,
  options,
  staff,
}: {
  values: Record<string, string | string[]>
  errors?: Partial<Record<string, MessageKey>>
  options: PoolFieldOptions
  /** Workers also record the capability assessment. */
  staff: boolean
}) {
  const t = useT()
  const locale = useLocale()
  const attrLabel = useAttrLabel()
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '')
  const many = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : [])
  const err = (k: string) =>
    errors?.[k] ? (
      <span className="error" id={`${k}-error`}>
        {t(errors[k]!)}
      </span>
    ) : null
  const inv = (k: string) => (errors?.[k] ? { 'aria-invalid': true as const, 'aria-describedby': `${k}-error` } : {})
  return (
    <>
      <label>
        {t('pool.field.name')}
        <input name="name" defaultValue={v('name')} maxLength={50} required autoComplete="name" {...inv('name')} />
        {err('name')}
      </label>
      <label>
        {t('pool.field.phone')}
        <input name="phone" type="tel" defaultValue={v('phone')} maxLength={20} autoComplete="tel" {...inv('phone')} />
        {err('phone')}
      </label>
      <div className="row">
        <label>
          {t('pool.field.community')}
          <select name="communityId" defaultValue={v('communityId')} required {...inv('communityId')}>
            <option value="">—</option>
            {options.communities.map(c => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          {err('communityId')}
        </label>
        <label>
          {t('pool.field.building')}
          <input name="building" defaultValue={v('building')} maxLength={50} {...inv('building')} />
          {err('building')}
        </label>
      </div>
      <fieldset>
        <legend>{t('pool.field.interests')}</legend>
        <div className="row">
          {options.interests.map(i => (
            <label key={i.value} className="inline">
              <input type="checkbox" name="interests" value={i.value} defaultChecked={many('interests').includes(i.value)} /> {locale === 'zh' ? i.zh : i.en}
            </label>
          ))}
        </div>
      </fieldset>
      <label>
        {t('pool.field.expertise')}
        <input name="expertise" defaultValue={v('expertise')} maxLength={300} {...inv('expertise')} />
        {err('expertise')}
      </label>
      <fieldset>
        <legend>{t('pool.field.roles')}</legend>
        <div className="row">
          {options.roles.map(r => (
            <label key={r} className="inline">
              <input type="checkbox" name="roles" value={r} defaultChecked={many('roles').includes(r)} /> {t(`pool.role.${r}` as MessageKey)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('pool.field.attributes')}</legend>
        <p className="hint">{t('pool.field.attributesHint')}</p>
        <div className="row">
          {Object.entries(options.attributes).map(([a, vals]) => (
            <label key={a}>
              {t(`pool.attr.${a}` as MessageKey)}
              <select name={a} defaultValue={v(a)}>
                <option value="">{t('pool.notAnswered')}</option>
                {vals.map(x => (
                  <option key={x} value={x}>
                    {attrLabel(a, x)}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      </fieldset>
      <label>
        {t('pool.field.availability')}
        <input name="availability" defaultValue={v('availability')} maxLength={200} />
      </label>
      <label>
        {t('pool.field.accessibility')}
        <input name="accessibilityNeeds" defaultValue={v('accessibilityNeeds')} maxLength={200} />
      </label>
      <label>
        {t('pool.field.languages')}
        <input name="languages" defaultValue={v('languages')} maxLength={200} />
      </label>
      {staff ? (
        <label>
          {t('pool.field.capability')}
          <input name="capability" type="number" min={1} max={5} step={0.1} defaultValue={v('capability')} {...inv('capability')} />
          {err('capability')}
        </label>
      ) : null}
    </>
  )
}

type PoolFormAnswer = { errors: Partial<Record<string, MessageKey>>; values: Record<string, string | string[]> & { consentText?: string } }

/**
 * What a pool form post answered: field errors with the submitted values, or a
 * failed civic action's message as the form-level error `_` (values kept too).
 */
export function poolFormAnswer(answer: unknown): PoolFormAnswer | undefined {
  if (!answer || typeof answer !== 'object') return undefined
  const a = answer as { errors?: PoolFormAnswer['errors']; error?: MessageKey; values?: PoolFormAnswer['values'] }
  if (a.errors) return { errors: a.errors, values: a.values ?? {} }
  if (a.error) return { errors: { _: a.error }, values: a.values ?? {} }
  return undefined
}
