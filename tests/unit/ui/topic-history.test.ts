import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { TopicHistory } from '#app/components/topics/topic-history'
import { LocaleContext, type Locale } from '#app/i18n/index'

const history = [
  { id: 1, kind: 'suggest', note: null, createdAt: '2026-11-01T02:00:00.000Z', actor: null, data: null },
  { id: 2, kind: 'reject', note: '交警已增派警力', createdAt: '2026-11-02T02:00:00.000Z', actor: '李社工', data: { reason: 'already_handled' } },
  { id: 3, kind: 'reopen', note: null, createdAt: '2026-11-03T02:00:00.000Z', actor: '李社工', data: { reason: 'already_handled', note: '交警已增派警力' } },
]
const render = (locale: Locale) =>
  renderToStaticMarkup(createElement(LocaleContext.Provider, { value: locale }, createElement(TopicHistory, { history, date: d => d!.slice(0, 10) }))).replace(
    /<[^>]+>/g,
    '',
  )

describe('a topic’s history', () => {
  it('says why it was rejected, and when the rejection was withdrawn, in the reader’s language', () => {
    expect(render('zh')).toContain('2026-11-02 · 驳回 · 李社工 · 驳回原因: 已经处理 · 交警已增派警力')
    expect(render('zh')).toContain('2026-11-03 · 撤销驳回 · 李社工')
    expect(render('en')).toContain('Rejected · 李社工 · ')
    expect(render('en')).toContain('Already handled')
  })
})
