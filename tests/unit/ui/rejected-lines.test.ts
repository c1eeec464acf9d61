import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { RejectedLines } from '#app/components/rejected-lines'

describe('rejected lines', () => {
  it('lists each refused line with its reason under the given headers', () => {
    const html = renderToStaticMarkup(
      createElement(RejectedLines, {
        rejects: [
          { line: 3, reason: '缺少电话' },
          { line: 7, reason: '重复' },
        ],
        title: 'pool.import.rejects',
        lineHeader: 'pool.import.line',
        reasonHeader: 'pool.import.reason',
      }),
    )
    expect(html.match(/<tr>/g)).toHaveLength(3)
    expect(html).toContain('<td>3</td><td>缺少电话</td>')
    expect(html).toContain('<td>7</td><td>重复</td>')
    expect(html).not.toContain('pool.import.line')
  })
})
