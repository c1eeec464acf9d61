import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { MeetingSession } from '#app/components/meeting/meeting-session'
import { ConnectionBadge, ErrorToast } from '#app/components/meeting/status'
import { LocaleContext } from '#app/i18n/index'

const joined = { joined: true, pendingCount: 0 } as unknown as MeetingSession
const inLocale = (locale: 'zh' | 'en', el: ReturnType<typeof createElement>) =>
  renderToStaticMarkup(createElement(LocaleContext.Provider, { value: locale }, el))
/** The text a screen reader gets: everything not hidden from it, tags removed. */
const spoken = (html: string) =>
  html
    .replace(/<([a-z]+)[^>]*aria-hidden="true"[^>]*>.*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, '')
    .trim()

describe('the meeting status line', () => {
  it('says in words whether the room is connected, not only with a coloured dot', () => {
    expect(spoken(inLocale('zh', createElement(ConnectionBadge, { session: joined, connected: true })))).toBe('已连接')
    expect(spoken(inLocale('en', createElement(ConnectionBadge, { session: joined, connected: true })))).toBe('Connected')
    expect(spoken(inLocale('zh', createElement(ConnectionBadge, { session: joined, connected: false })))).toContain('连接已断开')
  })

  it('gives the error toast a close button with a name', () => {
    const html = inLocale('zh', createElement(ErrorToast, { error: 'room.error.generic', onClose: () => {} }))
    expect(html).toContain('aria-label="关闭提示"')
    expect(html).not.toContain('aria-label="×"')
  })
})
