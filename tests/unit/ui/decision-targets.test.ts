import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { DecisionTargets } from '#app/components/decision-targets'
import { LocaleContext } from '#app/i18n/index'

const targets = [
  {
    id: 4,
    metric: '早高峰占道摊位',
    unit: '个',
    baseline: 14,
    target: 0,
    latest: 1,
    measurements: [{ measuredAt: '2026-03-18T02:00:00.000Z', value: 1 }],
  },
]
const html = renderToStaticMarkup(createElement(LocaleContext.Provider, { value: 'en' }, createElement(DecisionTargets, { targets, filePrefix: 'topic-1' })))

/** Each table's region: its attributes and the text of the caption naming it. */
const regions = () =>
  [...html.matchAll(/<div class="table-wrap"([^>]*)>\s*<table[^>]*>\s*<caption id="([^"]+)"[^>]*>(.*?)<\/caption>/g)].map(m => ({
    attrs: m[1]!,
    captionId: m[2]!,
    caption: m[3]!.replace(/<[^>]+>/g, ''),
  }))

describe('a decision’s targets', () => {
  it('puts the targets table and the trend’s data table in keyboard-reachable regions named by their captions', () => {
    const found = regions()
    expect(found.map(r => r.caption)).toEqual(['Measurable targets', '早高峰占道摊位: measured against target'])
    for (const r of found) expect(r.attrs).toBe(` role="region" aria-labelledby="${r.captionId}" tabindex="0"`)
  })

  it('stacks both tables as labelled cards on phones', () => {
    expect(html.match(/<table class="stack-on-phone" role="table">/g)).toHaveLength(2)
    expect(html).toContain('<span class="cell-label" aria-hidden="true">Latest measured</span><span class="cell-value">1</span>')
  })
})
