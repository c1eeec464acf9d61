import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Sparkline } from '#app/components/sparkline'

describe('sparkline', () => {
  it('draws nothing for a single sample: one point is no trend', () => {
    expect(renderToStaticMarkup(createElement(Sparkline, { points: [['2026-11-30', 12]], label: '热度' }))).toBe('')
  })

  it('draws two or more samples as a line', () => {
    const html = renderToStaticMarkup(
      createElement(Sparkline, {
        points: [
          ['2026-11-29', 4],
          ['2026-11-30', 12],
        ],
        label: '热度',
      }),
    )
    expect(html).toMatch(/<path d="M0\.0,[\d.]+ L96\.0,[\d.]+"/)
  })
})
