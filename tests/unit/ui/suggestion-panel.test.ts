import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { SuggestionPanel, type SuggestionData } from '#app/components/complaint-fields'
import { LocaleContext } from '#app/i18n/index'

const data: SuggestionData = {
  category: null,
  similar: [
    {
      trackingCode: 'TH-AAAAA-BBBBB',
      subject: '东园菜场缺斤短两',
      placeText: '东园菜场',
      community: { nameZh: '东园社区', nameEn: 'Dongyuan' },
      status: 'classified',
      supportersCount: 2,
      receivedAt: '2026-03-01T00:00:00.000Z',
      sameCount: 1,
      topic: null,
      supported: false,
      own: false,
    },
    {
      trackingCode: 'TH-CCCCC-DDDDD',
      subject: '东园路口拥堵',
      placeText: null,
      community: { nameZh: '长征桥社区', nameEn: 'Changzhengqiao' },
      status: 'in_topic',
      supportersCount: 0,
      receivedAt: '2026-03-02T00:00:00.000Z',
      sameCount: 3,
      topic: { id: 7, title: '东园路口上学高峰拥堵' },
      supported: true,
      own: false,
    },
  ],
}

describe('similar reports shown while a resident types', () => {
  it('states where each report stands in residents’ words, not the inbox’s', () => {
    const html = renderToStaticMarkup(createElement(LocaleContext.Provider, { value: 'zh' }, createElement(SuggestionPanel, { data, supportButtons: true })))
    const badges = [...html.matchAll(/<span class="badge [^"]*">([^<]*)<\/span>/g)].map(m => m[1])
    expect(badges).toEqual(['已归类，正在汇总同类反映', '已列入社区议事'])
  })

  it('links reports gathered into a public topic to the topic’s public page', () => {
    const html = renderToStaticMarkup(createElement(LocaleContext.Provider, { value: 'zh' }, createElement(SuggestionPanel, { data, supportButtons: true })))
    const topicLinks = [...html.matchAll(/<a href="(\/public\/topics\/[^"]*)"[^>]*>(?:<[^>]*>)*([^<]*)/g)].map(m => [m[1], m[2]])
    expect(topicLinks).toEqual([['/public/topics/7', '东园路口上学高峰拥堵']])
    expect(html).toContain('已汇入议题：')
  })

  it('offers "me too" only on reports the resident has not supported yet, and says which she has', () => {
    const html = renderToStaticMarkup(createElement(LocaleContext.Provider, { value: 'zh' }, createElement(SuggestionPanel, { data, supportButtons: true })))
    expect([...html.matchAll(/<button [^>]*name="support" value="([^"]+)"[^>]*>([^<]*)<\/button>/g)].map(m => [m[1], m[2]])).toEqual([
      ['TH-AAAAA-BBBBB', '我也遇到了'],
    ])
    expect([...html.matchAll(/<span class="supported-mark"[^>]*>([^<]*)<\/span>/g)].map(m => m[1])).toEqual(['✓ 您已支持'])
  })

  it('names the resident’s own report as hers, with no "me too" on it', () => {
    const mine: SuggestionData = { ...data, similar: [{ ...data.similar[0]!, own: true }, data.similar[1]!] }
    for (const [locale, mark] of [
      ['zh', '您的反映'],
      ['en', 'Your report'],
    ] as const) {
      const html = renderToStaticMarkup(
        createElement(LocaleContext.Provider, { value: locale }, createElement(SuggestionPanel, { data: mine, supportButtons: true })),
      )
      expect(html).not.toContain('name="support"')
      expect([...html.matchAll(/<span [^>]*data-testid="own-mark"[^>]*>([^<]*)<\/span>/g)].map(m => m[1])).toEqual([mark])
    }
  })

  it('calls them similar, not the same; in a chosen community says so, and otherwise names each report’s community', () => {
    const render = (locale: 'zh' | 'en', scope?: 'community' | 'anywhere') =>
      renderToStaticMarkup(
        createElement(LocaleContext.Provider, { value: locale }, createElement(SuggestionPanel, { data: { ...data, scope }, supportButtons: true })),
      )
    const heading = (html: string) => /<h2>([^<]*)<\/h2>/.exec(html)?.[1]
    expect(heading(render('zh', 'community'))).toBe('社区里已有相似的反映')
    expect(heading(render('zh', 'anywhere'))).toBe('已有相似的反映')
    expect(heading(render('en', 'anywhere'))).toBe('Similar issues already reported')
    expect(render('zh', 'community')).toContain('共 3 条相似的反映')
    expect(render('en', 'community')).toContain('3 similar reports')
    expect(render('zh', 'community')).not.toContain('东园社区')
    expect(render('zh', 'anywhere')).toContain(' · 东园社区')
    expect(render('en', 'anywhere')).toContain(' · Changzhengqiao')
  })
})
