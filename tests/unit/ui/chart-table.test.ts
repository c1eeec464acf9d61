import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Chart } from '#app/components/chart'

const firstHeader = (html: string) => /<thead[^>]*><tr[^>]*><th scope="col"[^>]*>([^<]*)<\/th>/.exec(html)?.[1]

describe('a chart’s data table', () => {
  it('heads its first column with what the labels are, e.g. the weeks of a trend', () => {
    const html = renderToStaticMarkup(
      createElement(Chart, {
        title: '热词趋势图',
        type: 'line',
        labels: ['2026-11-02', '2026-11-09'],
        series: [{ label: '堵车', data: [2, 3] }],
        labelsHeader: '周（起始日）',
      }),
    )
    expect(firstHeader(html)).toBe('周（起始日）')
  })

  it('says "category" when the labels are categories and nothing else is said', () => {
    const html = renderToStaticMarkup(createElement(Chart, { title: '各类别诉求', type: 'bar', labels: ['交通运输'], series: [{ label: '诉求', data: [4] }] }))
    expect(firstHeader(html)).toBe('类别')
  })
})
