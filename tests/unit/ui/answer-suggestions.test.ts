import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { AnswerSuggestions, type AnswerSuggestion } from '#app/components/answer-suggestions'
import { LocaleContext, makeT, type Locale } from '#app/i18n/index'

const answers: AnswerSuggestion[] = [
  { id: 1, question: '电动自行车能在哪里充电？', preview: '各社区都建有集中充电棚。', repliedAt: '2026-11-01T00:00:00Z', communityId: null, faq: true },
  { id: 2, question: '长征桥充电棚什么时候修好', preview: '已安排维修。', repliedAt: '2026-11-02T00:00:00Z', communityId: null, faq: false },
]
const render = (locale: Locale) =>
  renderToStaticMarkup(
    createElement(LocaleContext.Provider, { value: locale }, createElement(AnswerSuggestions, { answers, communities: [], onDismiss: () => {} })),
  )

describe('answers suggested while a resident files', () => {
  it('say which is a frequent question, as the answers page does', () => {
    for (const locale of ['zh', 'en'] as const) {
      const items = render(locale).split('<li').slice(1)
      expect(items[0]).toContain(`${makeT(locale)('answers.faq')} · `)
      expect(items[1]).not.toContain(`${makeT(locale)('answers.faq')} · `)
    }
  })
})
