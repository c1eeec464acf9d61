import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { HeatBreakdown } from '#app/components/topics/heat-breakdown'

const part = (value: number, contribution: number, extra = {}) => ({ value, contribution, ...extra })
const breakdown = {
  complaints: part(6, 5.61),
  distinctResidents: part(6, 8.42),
  supporters: part(0, 1, { baseline: 10, notRecorded: true }),
  recency: part(0.2, 0.2),
  burst: part(1.1, 0.5),
  channels: part(1, 0, { baseline: 4 }),
  span: part(60.4, 0.67),
  total: 16.4,
}

describe('why a topic is hot', () => {
  const html = renderToStaticMarkup(createElement(HeatBreakdown, { heat: 16.4, breakdown }))

  it('lists every part of the heat, the span included', () => {
    expect(html).toContain('持续天数')
    expect(html).toContain('<td>0.67</td>')
  })

  it('shows the span in whole days', () => {
    expect(html).toContain('<td>60</td>')
    expect(html).not.toContain('60.4')
  })

  it('says that supporters were not recorded by the channel and counted at the usual level', () => {
    expect(html).toContain('来源渠道不记录附议，按平均水平计')
  })

  it('says how many channels the channel count is out of', () => {
    expect(html).toContain('共 4 个渠道')
  })

  it('says the supporters figure is weighed against the usual rate, not the topic’s own', () => {
    const usual = renderToStaticMarkup(createElement(HeatBreakdown, { heat: 12, breakdown: { ...breakdown, supporters: part(83, 3, { baseline: 2.47 }) } }))
    expect(usual).toContain('<td>83<span class="heat-note">通常水平：每条诉求 2.47</span></td>')
    expect(usual).not.toContain('平均每条')
  })
})
