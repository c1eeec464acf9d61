import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { StaticRouterProvider, createStaticHandler, createStaticRouter } from 'react-router-dom/server'
import { describe, expect, it } from 'vitest'
import { LocaleContext, type Locale } from '#app/i18n/index'
import AnswersIndex from '#app/routes/_answers+/answers._index'

type Problem = { kind: 'invalid'; field: 'from' | 'to'; value: string } | { kind: 'reversed'; from: string; to: string }

/** The answers page as the browser receives it, for loader data of this shape. */
async function renderPage(locale: Locale, params: { q?: string; from?: string; to?: string }, dateProblems: Problem[] = []) {
  const data = { params, dateProblems, followed: null, categories: [], communities: [], results: [] }
  const page = () => createElement(LocaleContext.Provider, { value: locale }, createElement(AnswersIndex))
  const routes = [{ id: 'answers', path: '/answers', loader: () => data, Component: page }]
  const context = await createStaticHandler(routes).query(new Request('http://localhost/answers'))
  if (context instanceof Response) throw context
  return renderToStaticMarkup(createElement(StaticRouterProvider, { router: createStaticRouter(routes, context), context }))
}

const input = (html: string, name: string) => new RegExp(`<input [^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? ''
const describedBy = (html: string, name: string) => /aria-describedby="([^"]+)"/.exec(input(html, name))?.[1]
const textOf = (html: string, id: string) =>
  new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>(.*?)</(p|div)>`)
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim()

describe('the answers search box', () => {
  it('tells English readers the answers are in Chinese and gives a Chinese example, marked as Chinese', async () => {
    const html = await renderPage('en', {})
    const hint = textOf(html, describedBy(html, 'q')!)
    expect(hint).toMatch(/answers are in Chinese/i)
    expect(hint).toContain('垃圾几点可以扔')
    expect(html).toContain('<span lang="zh-CN">垃圾几点可以扔</span>')
    expect(input(html, 'q')).not.toContain('rubbish')
  })

  it('gives Chinese readers an example under the box', async () => {
    const html = await renderPage('zh', {})
    expect(textOf(html, describedBy(html, 'q')!)).toContain('垃圾几点可以扔')
  })
})

describe('the reply date filter', () => {
  it('says in Chinese that the start is after the end, marks both dates and keeps them', async () => {
    const html = await renderPage('zh', { q: '垃圾', from: '2026-03-02', to: '2026-03-01' }, [{ kind: 'reversed', from: '2026-03-02', to: '2026-03-01' }])
    const id = describedBy(html, 'from')!
    expect(describedBy(html, 'to')).toBe(id)
    expect(textOf(html, id)).toBe('开始日期（2026年3月2日）晚于结束日期（2026年3月1日），请调换或修改后再搜索。')
    expect(html).toMatch(new RegExp(`<p [^>]*id="${id}"[^>]*role="alert"|<p [^>]*role="alert"[^>]*id="${id}"`))
    expect(input(html, 'from')).toContain('aria-invalid="true"')
    expect(input(html, 'to')).toContain('aria-invalid="true"')
    expect(input(html, 'from')).toContain('value="2026-03-02"')
    expect(input(html, 'to')).toContain('value="2026-03-01"')
    expect(input(html, 'q')).toContain('value="垃圾"')
    expect(html).not.toContain('没有找到相关答复')
  })

  it('says in English which date is not one, quoting what was typed, and marks only that field', async () => {
    const html = await renderPage('en', { from: 'abc' }, [{ kind: 'invalid', field: 'from', value: 'abc' }])
    expect(textOf(html, describedBy(html, 'from')!)).toBe('The start date “abc” is not a date: write it as year-month-day, e.g. 2026-03-01.')
    expect(input(html, 'from')).toContain('aria-invalid="true"')
    expect(input(html, 'to')).not.toContain('aria-invalid')
    expect(describedBy(html, 'to')).toBeUndefined()
    expect(html).not.toContain('No matching answer')
  })

  it('reports nothing when the dates are fine', async () => {
    const html = await renderPage('zh', { from: '2026-03-01', to: '2026-03-02' })
    expect(html).not.toContain('aria-invalid')
    expect(html).not.toContain('role="alert"')
    expect(html).toContain('没有找到相关答复')
  })
})
