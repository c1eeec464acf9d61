import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Votes } from '#app/components/meeting/votes'
import { LocaleContext } from '#app/i18n/index'
import { initialMeetingState } from '#meetings/state'
import type { Vote } from '#meetings/types'
import { openVote } from './meeting-vote'

const render = (v: Vote, voted = new Set<number>()) =>
  renderToStaticMarkup(
    createElement(
      LocaleContext.Provider,
      { value: 'zh' },
      createElement(Votes, {
        s: { ...initialMeetingState(), status: 'live', votes: [v] },
        me: { userId: 2, role: 'deliberator' },
        run: async () => true,
        voted,
        facilitate: false,
      }),
    ),
  )

describe('a resident’s ballot in the room', () => {
  it('is offered while they have not voted', () => {
    const html = render(openVote())
    expect(html).toContain('<fieldset')
    expect(html).not.toContain('您已投票')
  })

  it('is not offered again in a second tab or on a second phone once the room’s log holds their ballot: it says they have voted', () => {
    const html = render(openVote({ ballots: { 'u:2': { ballot: { choice: 0 }, inRoom: false, name: '王阿姨' } } }))
    expect(html).not.toContain('<fieldset')
    expect(html).toContain('您已投票')
  })
})
