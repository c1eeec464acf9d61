import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ComplaintStatusOptions } from '#app/components/intake/complaint-status-options'
import { zh } from '#app/i18n/zh'
import { COMPLAINT_STATUSES } from '#db/enums'

describe('complaint status options', () => {
  it('offers every status in workflow order under its Chinese label', () => {
    const html = renderToStaticMarkup(createElement('select', null, createElement(ComplaintStatusOptions)))
    expect([...html.matchAll(/<option value="([^"]+)">([^<]+)<\/option>/g)].map(m => [m[1], m[2]])).toEqual(COMPLAINT_STATUSES.map(s => [s, zh[`status.${s}`]]))
  })
})
