import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { PoolFields, PoolFormError, poolFormAnswer } from '#app/components/pool-fields'
import { zh } from '#app/i18n/zh'

const options = { communities: [{ id: 4, name: '东园社区' }], interests: [], roles: [], attributes: {} }

describe('pool fields', () => {
  it('keeps the submitted values and ties each field error to its input', () => {
    const html = renderToStaticMarkup(
      createElement(PoolFields, { values: { name: '王芳', phone: '12', communityId: '4' }, errors: { phone: 'pool.error.phone' }, options, staff: true }),
    )
    expect(html).toContain('value="王芳"')
    expect(html).toMatch(/<input[^>]*name="phone"[^>]*aria-invalid="true"[^>]*aria-describedby="field-phone-error"/)
    expect(html).toContain(`<ul id="field-phone-error" class="field-error" role="alert"><li>${zh['pool.error.phone']}</li></ul>`)
    expect(html).not.toMatch(/name="name"[^>]*aria-invalid/)
    expect(html).toMatch(/<option value="4" selected="">东园社区<\/option>/)
    expect(html).toContain('name="capability"')
  })

  it('asks residents nothing about capability', () => {
    const html = renderToStaticMarkup(createElement(PoolFields, { values: {}, options, staff: false }))
    expect(html).not.toContain('name="capability"')
  })

  it('shows a failed action’s message, or points to the fields, and nothing without an answer', () => {
    const failed = renderToStaticMarkup(createElement(PoolFormError, { answer: poolFormAnswer({ error: 'pool.error.scope', values: {} }) }))
    expect(failed).toContain(zh['pool.error.scope'])
    const invalid = renderToStaticMarkup(createElement(PoolFormError, { answer: poolFormAnswer({ errors: { phone: 'pool.error.phone' }, values: {} }) }))
    expect(invalid).toContain(zh['pool.error.form'])
    expect(renderToStaticMarkup(createElement(PoolFormError, { answer: poolFormAnswer(undefined) }))).toBe('')
  })
})
