import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { PoolFields } from '#app/components/pool-fields'
import { LocaleContext, makeT, type Locale } from '#app/i18n/index'
import { formErrorText } from '#app/utils/form-errors'
import { parsePoolForm } from '#app/utils/pool.server'

function post(fields: Record<string, string | string[]>) {
  const form = new FormData()
  for (const [k, v] of Object.entries({ name: '王芳', communityId: '4', ...fields })) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x)
  return parsePoolForm(form)
}

/** The refused fields and what each says, in one language. */
function refusals(fields: Record<string, string | string[]>, locale: Locale) {
  const r = post(fields)
  if (r.ok) throw new Error('the form was accepted')
  return Object.fromEntries(Object.entries(r.errors).map(([k, m]) => [k, formErrorText(makeT(locale), m!)]))
}

describe('pool member form: a value over its limit says the limit', () => {
  it('names the length of each text field', () => {
    const long = { name: '王'.repeat(51), building: '幢'.repeat(51), expertise: '水'.repeat(301), availability: '周'.repeat(201) }
    expect(refusals(long, 'zh')).toEqual({
      name: '太长了：最多 50 个字。',
      building: '太长了：最多 50 个字。',
      expertise: '太长了：最多 300 个字。',
      availability: '太长了：最多 200 个字。',
    })
    expect(refusals(long, 'en')).toEqual({
      name: 'Too long: at most 50 characters.',
      building: 'Too long: at most 50 characters.',
      expertise: 'Too long: at most 300 characters.',
      availability: 'Too long: at most 200 characters.',
    })
  })

  it('names how many interests and roles may be ticked, and how long one may be', () => {
    const many = Array.from({ length: 21 }, (_, i) => `关注${i}`)
    expect(refusals({ interests: many, roles: many }, 'zh')).toEqual({ interests: '最多选择 20 项。', roles: '最多选择 20 项。' })
    expect(refusals({ interests: many }, 'en')).toEqual({ interests: 'Choose at most 20.' })
    expect(refusals({ roles: ['身'.repeat(41)] }, 'zh')).toEqual({ roles: '太长了：最多 40 个字。' })
  })

  it('shows the interests limit beside the interests, once', () => {
    const r = post({ interests: Array.from({ length: 21 }, (_, i) => `关注${i}`) })
    if (r.ok) throw new Error('the form was accepted')
    const options = { communities: [{ id: 4, name: '东园社区' }], interests: [{ value: '关注1', zh: '关注1', en: 'Interest 1' }], roles: [], attributes: {} }
    const html = renderToStaticMarkup(
      createElement(LocaleContext.Provider, { value: 'zh' }, createElement(PoolFields, { values: r.values, errors: r.errors, options, staff: true })),
    )
    expect(html).toMatch(/<fieldset[^>]*aria-describedby="field-interests-error"[^>]*>/)
    expect(html).toContain('<ul id="field-interests-error" class="field-error" role="alert"><li>最多选择 20 项。</li></ul>')
    expect(html.split('最多选择 20 项。')).toHaveLength(2)
    // What was ticked stays ticked.
    expect(html).toMatch(/<input type="checkbox" name="interests" checked="" value="关注1"\/>/)
  })
})
