import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ProjectorVote } from '#app/components/meeting/votes'
import { LocaleContext } from '#app/i18n/index'
import type { Vote } from '#meetings/types'
import { openVote } from './meeting-vote'

const vote = (over: Partial<Vote>): Vote =>
  openVote({
    ballots: {
      'u:2': { ballot: { choice: 0 }, inRoom: false, name: '王阿姨' },
      'r:李师傅': { ballot: { choice: 1 }, inRoom: true, name: '李师傅' },
    },
    ...over,
  })
const countLines = (html: string) => html.match(/2 票（线上 1，现场 1）/g)?.length ?? 0

describe('the vote on the projector', () => {
  it('shows how many have voted once, not twice, while the results are visible', () => {
    expect(countLines(renderToStaticMarkup(createElement(ProjectorVote, { vote: vote({}) })))).toBe(1)
  })

  it('still shows how many have voted while the results stay hidden', () => {
    const hidden = vote({
      hideResults: true,
      ballots: { 'u:2': { ballot: null, inRoom: false, name: null }, 'r:李师傅': { ballot: null, inRoom: true, name: null } },
    })
    const html = renderToStaticMarkup(createElement(ProjectorVote, { vote: hidden }))
    expect(countLines(html)).toBe(1)
    expect(html).not.toContain('<table')
  })
})

describe('the ballot count in English', () => {
  it('reads right for a single ballot', () => {
    const one = vote({ ballots: { 'u:2': { ballot: { choice: 0 }, inRoom: false, name: '王阿姨' } } })
    const html = renderToStaticMarkup(createElement(LocaleContext.Provider, { value: 'en' }, createElement(ProjectorVote, { vote: one })))
    expect(html).toContain('Ballots: 1 (1 online, 0 in the room)')
    expect(html).not.toContain('1 ballots')
  })
})
