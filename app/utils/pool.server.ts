// Pool member form: one zod schema for the worker pages and the resident's join
// page; errors come back as message keys, submitted values are kept for re-render.
import { z } from 'zod'
import type { MessageKey } from '#app/i18n/index'
import { POOL_ATTRIBUTES, type PoolMemberInput } from '#app/utils/db.server'
import { parseForm } from '#app/utils/forms.server'
import { isPlausiblePhone } from '#app/utils/phone'

const list = (s: string) =>
  s
    .split(/[,，、;；\n]/)
    .map(x => x.trim())
    .filter(Boolean)
    .slice(0, 20)

const optText = (max: number) => z.string().trim().max(max).default('')
const attr = (values: readonly string[]) => z.union([z.literal(''), z.enum(values as [string, ...string[]])]).default('')

export const PoolFieldsSchema = z.object({
  name: z.string({ required_error: 'pool.error.required' }).trim().min(1, 'pool.error.required').max(50),
  phone: z.union([z.literal(''), z.string().trim().max(20, 'pool.error.phone').refine(isPlausiblePhone, 'pool.error.phone')]).default(''),
  communityId: z
    .number({ required_error: 'pool.error.required', invalid_type_error: 'pool.error.required' })
    .int('pool.error.required')
    .positive('pool.error.required'),
  building: optText(50),
  interests: z.array(z.string().trim().max(40)).max(20).default([]),
  expertise: optText(300),
  roles: z.array(z.string().trim().max(40)).max(20).default([]),
  gender: attr(POOL_ATTRIBUTES.gender),
  ageBand: attr(POOL_ATTRIBUTES.ageBand),
  tenure: attr(POOL_ATTRIBUTES.tenure),
  availability: optText(200),
  accessibilityNeeds: optText(200),
  languages: optText(200),
  capability: z.number({ invalid_type_error: 'pool.error.capability' }).min(1, 'pool.error.capability').max(5, 'pool.error.capability').optional(),
})

export type PoolFormValues = Record<string, string | string[]>
export type PoolFormResult<Extra> =
  | { ok: true; value: PoolMemberInput; extra: Extra; values: PoolFormValues }
  | { ok: false; errors: Partial<Record<string, MessageKey>>; values: PoolFormValues }

const MULTI = ['interests', 'roles'] as const

/** The submitted values as the form shows them again (text fields as text, the multi-selects as lists). */
function submittedPoolValues(form: FormData, extraFields: string[]): PoolFormValues {
  const values: PoolFormValues = {}
  for (const key of [...Object.keys(PoolFieldsSchema.shape), ...extraFields]) {
    if ((MULTI as readonly string[]).includes(key)) values[key] = form.getAll(key).map(String)
    else values[key] = typeof form.get(key) === 'string' ? String(form.get(key)) : ''
  }
  return values
}

/**
 * Read and validate the pool member fields of a submitted form through
 * `parseForm`, with the page's own fields (`extra`, e.g. the consent) in the
 * same schema; errors come back one message key per field.
 */
export function parsePoolForm<Extra extends z.ZodRawShape = {}>(form: FormData, extra?: Extra): PoolFormResult<z.infer<z.ZodObject<Extra>>> {
  const values = submittedPoolValues(form, Object.keys(extra ?? {}))
  const parsed = parseForm(form, PoolFieldsSchema.extend(extra ?? ({} as Extra)))
  if (!parsed.ok) {
    const errors: Partial<Record<string, MessageKey>> = {}
    for (const [name, keys] of Object.entries(parsed.submission.error ?? {})) if (keys?.[0]) errors[name.replace(/\[\d+\]$/, '')] ??= keys[0] as MessageKey
    return { ok: false, errors, values }
  }
  const v = parsed.value as z.infer<typeof PoolFieldsSchema> & Record<string, unknown>
  const attributes: Record<string, string> = {}
  for (const k of Object.keys(POOL_ATTRIBUTES) as (keyof typeof POOL_ATTRIBUTES)[]) if (v[k]) attributes[k] = v[k]
  const extraValue = Object.fromEntries(Object.keys(extra ?? {}).map(k => [k, v[k]])) as z.infer<z.ZodObject<Extra>>
  return {
    ok: true,
    values,
    extra: extraValue,
    value: {
      communityId: v.communityId,
      name: v.name,
      phone: v.phone || null,
      building: v.building || null,
      interests: v.interests,
      expertise: list(v.expertise),
      roles: v.roles,
      attributes,
      availability: v.availability || null,
      accessibilityNeeds: v.accessibilityNeeds || null,
      languages: list(v.languages),
      capability: v.capability ?? null,
    },
  }
}

/** Form values for an existing member (to prefill the edit form). */
export function poolFormValues(m: PoolMemberInput): PoolFormValues {
  return {
    name: m.name,
    phone: m.phone ?? '',
    communityId: String(m.communityId),
    building: m.building ?? '',
    interests: m.interests,
    expertise: m.expertise.join('、'),
    roles: m.roles,
    gender: m.attributes.gender ?? '',
    ageBand: m.attributes.ageBand ?? '',
    tenure: m.attributes.tenure ?? '',
    availability: m.availability ?? '',
    accessibilityNeeds: m.accessibilityNeeds ?? '',
    languages: m.languages.join('、'),
    capability: m.capability == null ? '' : String(m.capability),
  }
}
