import { createElement, type ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { OpenVote, ProposalDraft } from '#app/components/meeting/console-controls'
import { RecorderPanel } from '#app/components/meeting/recorder-panel'
import { Statements } from '#app/components/meeting/statements'
import { LocaleContext } from '#app/i18n/index'
import { initialMeetingState } from '#meetings/state'

const noop = async () => false
const live = () => {
  const s = initialMeetingState()
  s.status = 'live'
  return s
}
const render = (el: ReactElement, locale: 'zh' | 'en' = 'zh') => renderToStaticMarkup(createElement(LocaleContext.Provider, { value: locale }, el))

/** The opening tag of the control labelled `label` (wrapped in or pointed to by its label). */
function controlLabelled(html: string, label: string) {
  const wrapped = new RegExp(`<label[^>]*>${label}<(input|textarea)[^>]*>`).exec(html)?.[0]
  if (wrapped) return wrapped.slice(wrapped.indexOf('<', 7))
  const id = new RegExp(`<label[^>]*for="([^"]+)"[^>]*>${label}</label>`).exec(html)?.[1]
  return id ? (new RegExp(`<(input|textarea)[^>]*id="${id}"[^>]*>`).exec(html)?.[0] ?? '') : ''
}
/** The text of the elements a control points to for its description. */
function description(html: string, control: string) {
  const ids = (/aria-describedby="([^"]+)"/.exec(control)?.[1] ?? '').split(' ').filter(Boolean)
  return ids.map(id => new RegExp(`<([a-z]+) [^>]*id="${id}"[^>]*>(.*?)</\\1>`).exec(html)?.[2]?.replace(/<[^>]+>/g, '') ?? '').join(' ')
}

describe('the live meeting’s text fields', () => {
  const cases: [string, ReactElement, string, number][] = [
    ['the vote question', createElement(OpenVote, { s: live(), run: noop }), '表决问题', 300],
    ['the proposal title', createElement(ProposalDraft, { s: live(), run: noop, picked: new Set<number>(), clearPicked: () => {} }), '提案标题', 200],
    ['the proposal text', createElement(ProposalDraft, { s: live(), run: noop, picked: new Set<number>(), clearPicked: () => {} }), '提案内容', 4000],
    ['a statement', createElement(Statements, { s: live(), me: { userId: 9, role: 'deliberator' }, run: noop, facilitate: false }), '写下您的意见', 2000],
    ['a statement entered for someone in the room', createElement(RecorderPanel, { s: live(), run: noop }), '这位现场人员的发言', 2000],
  ]
  for (const [what, el, label, max] of cases)
    it(`${what} says its limit beside it and lets a longer text be seen whole, to be refused rather than cut`, () => {
      const html = render(el)
      const control = controlLabelled(html, label)
      expect(control).not.toBe('')
      expect(control).not.toMatch(/maxlength/i)
      expect(description(html, control)).toContain(`${max}`)
    })
})
