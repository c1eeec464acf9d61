import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CommunityFilter } from '#app/components/community-filter'

describe('community filter', () => {
  it('offers every community after the "any" option and keeps the chosen one', () => {
    const html = renderToStaticMarkup(
      createElement(CommunityFilter, {
        label: '社区',
        anyLabel: '全部',
        communities: [
          { id: 3, name: '东园社区' },
          { id: 5, name: '和睦社区' },
        ],
        defaultValue: 5,
      }),
    )
    expect([...html.matchAll(/<option value="(\d*)"/g)].map(m => m[1])).toEqual(['', '3', '5'])
    expect(html).toContain('<option value="5" selected="">和睦社区</option>')
    expect(html).toContain('name="community"')
  })
})
