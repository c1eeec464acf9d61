import { Link } from '@remix-run/react'
import { Fragment } from 'react'
import { ErrorList, Field } from '#app/components/forms'
import { fmtDate } from '#app/components/outcomes-ui'
import { TypedText, typedLang, ZhText } from '#app/components/zh-text'
import { translate, useT, useLocale, type MessageKey } from '#app/i18n/index'
import { formError } from '#app/utils/form-errors'

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

/**
 * Values in a list (interests, expertise, attributes) joined in the reader's
 * language; those left in Chinese (free text, names without a translation)
 * marked as such. An empty list reads —.
 */
export function ValueList({ items }: { items: string[] }) {
  const t = useT()
  const locale = useLocale()
  if (!items.length) return <>—</>
  // A Chinese page needs no marks: its own language is Chinese.
  if (locale === 'zh') return <>{items.join(t('common.listSep'))}</>
  return (
    <>
      {items.map((item, i) => (
        <Fragment key={i}>
          {i ? t('common.listSep') : null}
          {typedLang(item) ? <ZhText>{item}</ZhText> : item}
        </Fragment>
      ))}
    </>
  )
}

/** A building written as a number of the estate's buildings (5幢, 12栋, 3号楼). */
const NUMBERED_BUILDING = /^\s*(\d+)\s*(?:幢|栋|号楼)\s*$/

/**
 * Where a member lives: the community and the building. In English a numbered
 * building is said in English after the community's English name; an address
 * written otherwise is shown whole as written, in Chinese and marked so,
 * rather than half translated.
 */
export function MemberPlace({ community, communityZh, building }: { community: string; communityZh: string; building: string | null }) {
  const t = useT()
  const locale = useLocale()
  if (!building) return typedLang(community) ? <ZhText>{community}</ZhText> : <>{community}</>
  if (locale === 'zh') return <>{t('pool.place', { community, building })}</>
  const n = NUMBERED_BUILDING.exec(building)?.[1]
  const buildingEn = n ? t('pool.buildingNumber', { n }) : building
  if (!typedLang(community) && !typedLang(buildingEn)) return <>{t('pool.place', { community, building: buildingEn })}</>
  return <ZhText>{translate('zh', 'pool.place', { community: communityZh, building })}</ZhText>
}

/**
 * How often a member served and when last: "served once", "served 4 times, last on 5 Mar 2025";
 * the date only when one is known.
 */
export function useServedText() {
  const t = useT()
  const locale = useLocale()
  return (times: number, last: string | null) => {
    if (!times) return t('pool.neverServed')
    const date = last ? fmtDate(last, locale) : ''
    if (times === 1) return date ? t('pool.servedOnce', { last: date }) : t('pool.servedOnceNoDate')
    return date ? t('pool.served', { times, last: date }) : t('pool.servedNoDate', { times })
  }
}

/** The pool member fields, shared by the worker's add/edit pages and the resident's join page. */
export function PoolFields({
  values,
  errors,
  options,
  staff,
  existing,
}: {
  values: Record<string, string | string[]>
  errors?: Partial<Record<string, string>>
  options: PoolFieldOptions
  /** Workers also record the capability assessment. */
  staff: boolean
  /** The member already recorded that a refused field repeats, when the worker may open their entry. */
  existing?: ExistingMember
}) {
  const t = useT()
  const locale = useLocale()
  const attrLabel = useAttrLabel()
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '')
  const many = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : [])
  const errorsOf = (k: string) => (errors?.[k] ? [errors[k]!] : undefined)
  // What is written in Chinese (a name, an address, an answer, a name with no English given) is marked so on an
  // English page; what is in Latin letters only is not. A Chinese page needs no marks.
  const zhLang = (s: string) => (locale === 'zh' ? undefined : typedLang(s))
  const text = (name: string, label: MessageKey, input: React.InputHTMLAttributes<HTMLInputElement>) => (
    <Field
      label={t(label)}
      name={name}
      errors={errorsOf(name)}
      hint={
        existing?.field === name && errors?.[name] ? (
          <Link to={`/pool/${existing.id}`}>
            {/* The name as written (Chinese marked so on an English page), inside the sentence in the reader's language. */}
            {t('pool.error.openMember', { name: '\u0000' })
              .split('\u0000')
              .map((part, i) => (
                <Fragment key={i}>
                  {i ? <TypedText text={existing.name} /> : null}
                  {part}
                </Fragment>
              ))}
          </Link>
        ) : undefined
      }
      inputProps={{ defaultValue: v(name), lang: zhLang(v(name)), ...input }}
    />
  )
  return (
    <>
      {text('name', 'pool.field.name', { maxLength: 50, required: true, autoComplete: 'name' })}
      {text('phone', 'pool.field.phone', { type: 'tel', maxLength: 20, autoComplete: 'tel' })}
      <div className="row">
        <Field label={t('pool.field.community')} name="communityId" errors={errorsOf('communityId')}>
          {props => (
            <select {...props} defaultValue={v('communityId')} required>
              <option value="">—</option>
              {options.communities.map(c => (
                <option key={c.id} value={c.id} lang={zhLang(c.name)}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('building', 'pool.field.building', { maxLength: 50 })}
      </div>
      <fieldset aria-describedby={errorsOf('interests') ? 'field-interests-error' : undefined}>
        <legend>{t('pool.field.interests')}</legend>
        <div className="row">
          {options.interests.map(i => (
            <label key={i.value} className="inline">
              <input type="checkbox" name="interests" value={i.value} defaultChecked={many('interests').includes(i.value)} />{' '}
              <TypedText text={locale === 'zh' ? i.zh : i.en} />
            </label>
          ))}
        </div>
        <ErrorList id="field-interests-error" errors={errorsOf('interests')} />
      </fieldset>
      {text('expertise', 'pool.field.expertise', { maxLength: 300 })}
      <fieldset aria-describedby={errorsOf('roles') ? 'field-roles-error' : undefined}>
        <legend>{t('pool.field.roles')}</legend>
        <div className="row">
          {options.roles.map(r => (
            <label key={r} className="inline">
              <input type="checkbox" name="roles" value={r} defaultChecked={many('roles').includes(r)} /> {t(`pool.role.${r}` as MessageKey)}
            </label>
          ))}
        </div>
        <ErrorList id="field-roles-error" errors={errorsOf('roles')} />
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
      {text('availability', 'pool.field.availability', { maxLength: 200 })}
      {text('accessibilityNeeds', 'pool.field.accessibility', { maxLength: 200 })}
      {text('languages', 'pool.field.languages', { maxLength: 200 })}
      {staff ? text('capability', 'pool.field.capability', { type: 'number', min: 1, max: 5, step: 0.1 }) : null}
    </>
  )
}

/** A member a refused field repeats: the field, their entry and their name as the worker may see it. */
export type ExistingMember = { field: string; id: number; name: string }

/** Field errors are message keys, with their parameters when they have some (see formError). */
type PoolFormAnswer = {
  errors: Partial<Record<string, string>>
  values: Record<string, string | string[]> & { consentText?: string }
  existing?: ExistingMember
}

/**
 * What a pool form post answered: field errors with the submitted values, or a
 * failed civic action's message as the form-level error `_` (values kept too).
 */
export function poolFormAnswer(answer: unknown): PoolFormAnswer | undefined {
  if (!answer || typeof answer !== 'object') return undefined
  const a = answer as {
    errors?: PoolFormAnswer['errors']
    error?: MessageKey
    params?: Record<string, string | number> | null
    values?: PoolFormAnswer['values']
    result?: { error?: Record<string, MessageKey[] | undefined> }
  }
  if (a.errors) return { errors: a.errors, values: a.values ?? {} }
  if (!a.error) return undefined
  // A failure that belongs to a field (a person already in the pool: their phone) is said under it,
  // the form pointing there as it does for a field typed wrong; its parameters (where) travel with it.
  const fields: PoolFormAnswer['errors'] = Object.fromEntries(
    Object.entries(a.result?.error ?? {}).flatMap(([k, keys]) => (k && keys?.[0] ? [[k, formError(keys[0], a.params ?? undefined)]] : [])),
  )
  // The member repeated comes only with a refusal naming them, to a worker who may see them.
  const field = Object.keys(fields)[0]
  const existing =
    field && typeof a.params?.member === 'number' && typeof a.params.name === 'string' ? { field, id: a.params.member, name: a.params.name } : undefined
  return { errors: Object.keys(fields).length ? fields : { _: formError(a.error, a.params ?? undefined) }, values: a.values ?? {}, existing }
}

/** The form-level error of a pool form post: a failed action, or a pointer to the fields below. */
export function PoolFormError({ answer }: { answer: PoolFormAnswer | undefined }) {
  if (!answer) return null
  return <ErrorList errors={[answer.errors._ ?? 'pool.error.form']} />
}
