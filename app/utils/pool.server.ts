// Pool member form: one zod schema for the worker pages and the resident's join
// page; errors come back as message keys, submitted values are kept for re-render.
import { z } from 'zod'
import type { MessageKey } from '#app/i18n/index'
import { POOL_ATTRIBUTES, type PoolMemberInput } from '#app/utils/db.server'

const list = (s: string) =>
  s
    .split(/[,，、;；\n]/)
    .map(x => x.trim())
    .filter(Boolean)
    .slice(0, 20)

const optText = (max: number) => z.string().trim().max(max, 'pool.error.tooLong').default('')
const attr = (values: readonly string[]) => z.union([z.literal(''), z.enum(values as [string, ...string[]])]).default('')

export const PoolFieldsSchema = z.object({
  name: z.string().trim().min(1, 'pool.error.required').max(50, 'pool.error.tooLong'),
  phone: z.union([z.literal(''), z.string().trim().regex(/^\+?[\d\s-]{5,20}$/, 'pool.error.phone')]).default(''),
  communityId: z.coerce.number({ invalid_type_error: 'pool.error.required' }).int().positive('pool.error.required'),
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
  capability: z.union([z.literal(''), z.coerce.number().min(1, 'pool.error.capability').max(5, 'pool.error.capability')]).default(''),
})

export type PoolFormValues = Record<string, string | string[]>
export type PoolFormResult =
  | { ok: true; value: PoolMemberInput; values: PoolFormValues }
  | { ok: false; errors: Partial<Record<string, MessageKey>>; values: PoolFormValues }

const MULTI = ['interests', 'roles'] as const

/** Read and validate the pool member fields of a submitted form. */
export function parsePoolForm(form: FormData): PoolFormResult {
  const values: PoolFormValues = {}
  for (const key of Object.keys(PoolFieldsSchema.shape)) {
    if ((MULTI as readonly string[]).includes(key)) values[key] = form.getAll(key).map(String)
    else values[key] = typeof form.get(key) === 'string' ? String(form.get(key)) : ''
  }
  const parsed = PoolFieldsSchema.safeParse(values)
  if (!parsed.success) {
    const errors: Partial<Record<string, MessageKey>> = {}
    for (const i of parsed.error.issues) {
      const f = String(i.path[0] ?? '_')
      errors[f] ??= (i.message.startsWith('pool.') ? i.message : 'pool.error.invalid') as MessageKey
    }
    return { ok: false, errors, values }
  }
  const v = parsed.data
  const attributes: Record<string, string> = {}
  for (const k of Object.keys(POOL_ATTRIBUTES) as (keyof typeof POOL_ATTRIBUTES)[]) if (v[k]) attributes[k] = v[k]
  return {
    ok: true,
    values,
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
      capability: v.capability === '' ? null : v.capability,
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
