import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Statements } from '#app/components/meeting/statements'
import { LocaleContext } from '#app/i18n/index'
import { initialMeetingState } from '#meetings/state'
import type { MeetingState, Statement } from '#meetings/types'

const statement = (over: Partial<Statement> & Pick<Statement, 'seq' | 'text'>): Statement => ({
  key: `u:${over.seq}`,
  userId: over.seq,
  no: over.seq,
  name: '张阿姨',
  inRoom: false,
  at: '2026-11-21T11:00:00Z',
  replyTo: null,
  hidden: null,
  reactions: {},
  ...over,
})

function room(statements: Statement[]): MeetingState {
  const s = initialMeetingState()
  s.status = 'live'
  s.statements = statements
  for (const st of statements) s.statementBySeq[st.seq] = st
  return s
}

const noop = async () => false
const render = (s: MeetingState, role: string, facilitate: boolean, locale: 'zh' | 'en' = 'zh') =>
  renderToStaticMarkup(
    createElement(LocaleContext.Provider, { value: locale }, createElement(Statements, { s, me: { userId: 99, role }, run: noop, facilitate })),
  )
const logRegion = (html: string) => /<ul[^>]*role="log"[^>]*>/.exec(html)?.[0] ?? ''
const hiddenPost = statement({ seq: 7, text: '我的电话是 13800001111', hidden: { reason: '含个人电话', seq: 8, by: 1 } })

describe('the statements in the live room', () => {
  it('reads out each statement as it arrives through a log region that is there before the first one', () => {
    for (const s of [room([]), room([statement({ seq: 3, text: '路口需要协管员' })])]) {
      const region = logRegion(render(s, 'deliberator', false))
      expect(region).toContain('aria-live="polite"')
      // Additions only: reaction counts going up are not read out.
      expect(region).toContain('aria-relevant="additions"')
      expect(region).toContain('aria-labelledby="st-h"')
    }
    const html = render(room([statement({ seq: 3, text: '路口需要协管员' })]), 'observer', false)
    expect(/role="log"[^>]*>(.*)<\/ul>/.exec(html)?.[1]).toContain('路口需要协管员')
  })

  it('shows the facilitator the text of a statement they hid, marked as hidden', () => {
    const html = render(room([hiddenPost]), 'facilitator', true)
    expect(html).toContain('此发言已被主持人隐藏：含个人电话')
    expect(html).toContain('我的电话是 13800001111')
  })

  it('shows other viewers only that the statement was hidden, even if its text reached them', () => {
    const html = render(room([hiddenPost]), 'deliberator', false)
    expect(html).toContain('此发言已被主持人隐藏：含个人电话')
    expect(html).not.toContain('13800001111')
  })

  it('reads the placeholders of what the public view removed in the page language, the words around them staying Chinese', () => {
    const s = room([statement({ seq: 3, name: '议事员 1', text: '有事打我电话【电话】' })])
    const en = render(s, 'observer', false, 'en')
    expect(en).toContain('<span lang="zh-CN">有事打我电话</span>[phone]')
    expect(en).not.toContain('【电话】')
    expect(render(s, 'observer', false, 'zh')).toContain('有事打我电话【电话】')
  })
})
