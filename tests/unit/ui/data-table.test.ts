import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { DataTable, type Column } from '#app/components/data-table'

type Row = { id: number; name: string; count: number }
const columns: Column<Row>[] = [
  { key: 'name', header: '社区', rowHeader: true, cell: r => r.name },
  { key: 'count', header: '诉求', numeric: true, cell: r => r.count },
]
const rows: Row[] = [
  { id: 1, name: '长征桥社区', count: 12 },
  { id: 2, name: '和睦社区', count: 3 },
]
const render = (props: Partial<Parameters<typeof DataTable<Row>>[0]> = {}) =>
  renderToStaticMarkup(createElement(DataTable<Row>, { caption: '各社区诉求', columns, rows, rowKey: r => r.id, ...props }))

describe('data table', () => {
  it('names itself with a caption and scrolls inside a focusable region labelled by it', () => {
    const html = render()
    const captionId = html.match(/<caption id="([^"]+)"/)?.[1]
    expect(captionId).toBeTruthy()
    expect(html).toContain(`<div class="table-wrap" role="region" aria-labelledby="${captionId}" tabindex="0">`)
    expect(html).toContain('>各社区诉求</caption>')
  })

  it('gives column headers and row headers their scope and aligns figures right', () => {
    const html = render()
    expect(html).toContain('<th scope="col">社区</th><th scope="col" class="num">诉求</th>')
    expect(html).toContain('<tr><th scope="row">长征桥社区</th><td class="num">12</td></tr>')
    expect(html.match(/<tr>/g)).toHaveLength(3)
  })

  it('hides the caption visually only when asked', () => {
    expect(render({ captionHidden: true })).toContain('<caption id=')
    expect(render({ captionHidden: true })).toContain('class="visually-hidden">各社区诉求</caption>')
    expect(render()).not.toContain('visually-hidden')
  })

  it('shows the empty state instead of a table with no rows, and an empty table without one', () => {
    expect(render({ rows: [], empty: createElement('p', null, '暂无') })).toBe('<p>暂无</p>')
    expect(render({ rows: [] })).toContain('<tbody></tbody>')
  })

  it('puts footer rows in a tfoot and passes row attributes through', () => {
    const total = { id: 0, name: '合计', count: 15 }
    const html = render({ footer: [total], rowProps: r => (r === total ? { className: 'total' } : { 'data-testid': `row-${r.id}` }) })
    expect(html).toContain('<tfoot><tr class="total"><th scope="row">合计</th><td class="num">15</td></tr></tfoot>')
    expect(html).toContain('<tr data-testid="row-2">')
  })

  it('on phones can stack each row as a card: every value is named by its column, the row header is the card’s title', () => {
    const html = render({ stackOnPhone: true })
    expect(html).toContain('<table class="stack-on-phone" role="table">')
    expect(html).toContain(
      '<thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">社区</th><th scope="col" class="num" role="columnheader">诉求</th></tr></thead>',
    )
    expect(html).toContain(
      '<tr role="row"><th scope="row" role="rowheader">长征桥社区</th><td class="num" role="cell"><span class="cell-label" aria-hidden="true">诉求</span><span class="cell-value">12</span></td></tr>',
    )
    expect(html).toMatch(/<div class="table-wrap" role="region" aria-labelledby="[^"]+" tabindex="0">/)
  })

  it('keeps its own class beside the stacking one', () => {
    expect(render({ stackOnPhone: true, className: 'orders' })).toContain('<table class="orders stack-on-phone" role="table">')
  })
})
