import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Highlighted } from '#app/components/highlight'
import { type TopicComplaint, TopicComplaints } from '#app/components/topics/topic-complaints'
import { LocaleContext, type Locale } from '#app/i18n/index'
import { renderPage } from '#tests/render-page'

// Synthetic text; nothing here comes from real residents.
const render = (locale: Locale, text: string, terms: string[]) =>
  renderToStaticMarkup(createElement(LocaleContext.Provider, { value: locale }, createElement(Highlighted, { text, terms })))
const marked = (html: string) => [...html.matchAll(/<mark>(.*?)<\/mark>/g)].map(m => m[1])
const plain = (html: string) => html.replace(/<[^>]+>/g, '')

describe('highlighted search terms in scrubbed text', () => {
  it('reads the placeholders in the page’s language and marks the same words in either', () => {
    const text = '【姓名】反映路灯不亮，晚上回家看不见，请回电【电话】'
    const terms = ['路灯', '晚上']
    expect(plain(render('en', text, terms))).toBe('[name]反映路灯不亮，晚上回家看不见，请回电[phone]')
    expect(plain(render('zh', text, terms))).toBe(text)
    expect(marked(render('en', text, terms))).toEqual(['路灯', '晚上'])
    expect(marked(render('zh', text, terms))).toEqual(['路灯', '晚上'])
  })

  it('says a placeholder is in English inside the Chinese text around it', () => {
    expect(render('en', '【姓名】反映路灯不亮', ['路灯'])).toBe('<span lang="en">[name]</span><span>反映</span><mark>路灯</mark><span>不亮</span>')
  })

  it('does not mark a placeholder, which is not the writer’s words, when a term is part of it', () => {
    const text = '电话打不通，请回电【电话】'
    expect(plain(render('en', text, ['电话']))).toBe('电话打不通，请回电[phone]')
    expect(marked(render('en', text, ['电话']))).toEqual(['电话'])
    expect(plain(render('zh', text, ['电话']))).toBe(text)
    expect(marked(render('zh', text, ['电话']))).toEqual(['电话'])
  })

  it('leaves text without terms or placeholders as it was', () => {
    expect(render('en', '路灯不亮', [])).toBe('路灯不亮')
    expect(render('zh', '【通知】路灯不亮', ['路灯'])).toBe('<span>【通知】</span><mark>路灯</mark><span>不亮</span>')
  })
})

describe('a topic’s complaints from a community the reviewer may not open', () => {
  const complaint: TopicComplaint = {
    id: 7,
    subject: '【姓名】反映路灯不亮',
    body: '我是【姓名】，小区路灯坏了一个月，电话【电话】',
    channel: 'web',
    receivedAt: '2026-11-01T02:00:00.000Z',
    communityName: '和睦社区',
    complainantName: null,
    canOpen: false,
  }
  const page = (locale: Locale) =>
    renderPage(
      () =>
        createElement(TopicComplaints, {
          topic: { version: 1, title: '关于路灯不亮的议题' },
          complaints: [complaint],
          terms: ['路灯'],
          subProblems: [],
          historical: false,
          open: false,
          busy: false,
          refused: null,
          date: d => d!.slice(0, 10),
        }),
      { path: '/topics/1', locale, loaderData: {} },
    )

  it('show their scrubbed text with the placeholders in the page’s language, still highlighted', async () => {
    const en = await page('en')
    expect(plain(en)).toContain('[name]反映路灯不亮')
    expect(plain(en)).toContain('我是[name]，小区路灯坏了一个月，电话[phone]')
    expect(en).not.toContain('【')
    expect(marked(en)).toEqual(['路灯', '路灯'])
    const zh = await page('zh')
    expect(plain(zh)).toContain('【姓名】反映路灯不亮')
    expect(plain(zh)).toContain('我是【姓名】，小区路灯坏了一个月，电话【电话】')
    expect(marked(zh)).toEqual(['路灯', '路灯'])
  })
})
