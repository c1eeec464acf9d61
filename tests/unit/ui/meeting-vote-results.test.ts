import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { VoteResultsView } from '#app/components/meeting/votes'
import { LocaleContext, type Locale } from '#app/i18n/index'
import type { Vote } from '#meetings/types'
import { openVote } from './meeting-vote'

const render = (v: Vote, locale: Locale = 'zh') =>
  renderToStaticMarkup(createElement(LocaleContext.Provider, { value: locale }, createElement(VoteResultsView, { v })))

const closed = (over: Partial<Vote> = {}) =>
  openVote({
    status: 'closed',
    ballots: {
      'u:2': { ballot: { choice: 0 }, inRoom: false, name: '王阿姨' },
      'u:3': { ballot: { choice: 0 }, inRoom: false, name: '张老师' },
      'r:李师傅': { ballot: { choice: 1 }, inRoom: true, name: '李师傅' },
    },
    ...over,
  })

/** The text of every element of one kind, tags removed. */
const texts = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].map(m => m[1]!.replace(/<[^>]+>/g, ''))

describe('a vote’s results table', () => {
  it('is a table in a region the keyboard reaches, named by its caption, with the option and count as column headers', () => {
    const html = render(closed())
    const region = /<div class="table-wrap" role="region" aria-labelledby="([^"]+)" tabindex="0">/.exec(html)
    expect(region).not.toBeNull()
    expect(html).toContain(`<caption id="${region![1]}"`)
    expect(texts(html, /<caption[^>]*>(.*?)<\/caption>/g)).toEqual(['“是否开放临时车位？”的结果'])
    expect(texts(html, /<th scope="col"[^>]*>(.*?)<\/th>/g)).toEqual(['选项', '票数'])
    // Each option heads its row, its count beside it, labelled for phones.
    expect(texts(html, /<th scope="row"[^>]*>(.*?)<\/th>/g)).toEqual(['同意', '不同意'])
    expect(texts(html, /<span class="cell-value">(.*?)<\/span>/g)).toEqual(['2', '1'])
    expect(html).toContain('class="stack-on-phone"')
  })

  it('heads the figures by what they are, in the reader’s language', () => {
    const html = render(closed({ kind: 'score', ballots: { 'u:2': { ballot: { scores: [4, 2] }, inRoom: false, name: null } } }), 'en')
    expect(texts(html, /<th scope="col"[^>]*>(.*?)<\/th>/g)).toEqual(['Option', 'Average score'])
    expect(texts(html, /<caption[^>]*>(.*?)<\/caption>/g)).toEqual(['Results: 是否开放临时车位？'])
    // The question is the facilitator's words, marked as Chinese on an English page.
    expect(html).toMatch(/<caption[^>]*>Results: <span lang="zh-CN">是否开放临时车位？<\/span><\/caption>/)
  })

  it('names consent choices in the app’s words', () => {
    const html = render(closed({ kind: 'consent', ballots: { 'u:2': { ballot: { consent: 'agree' }, inRoom: false, name: null } } }), 'en')
    expect(texts(html, /<th scope="row"[^>]*>(.*?)<\/th>/g)).toHaveLength(3)
    expect(html).not.toMatch(/<th scope="row"[^>]*><span lang="zh-CN">/)
  })
})
