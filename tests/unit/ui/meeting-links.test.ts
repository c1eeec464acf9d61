import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { StaticRouter } from 'react-router-dom/server'
import { describe, expect, it } from 'vitest'
import { MeetingLinks, type MeetingPage } from '#app/components/meeting/meeting-links'

const render = (pages: (MeetingPage | false)[]) =>
  renderToStaticMarkup(createElement(StaticRouter, { location: '/' }, createElement(MeetingLinks, { meetingId: 7, label: '会议', pages })))

describe('meeting links', () => {
  it('links the pages given, in order, and leaves out the ones this viewer does not get', () => {
    const html = render(['room', 'projector', false, 'minutes'])
    expect([...html.matchAll(/href="([^"]+)"/g)].map(m => m[1])).toEqual(['/meetings/7', '/meetings/7/projector', '/meetings/7/minutes'])
    expect(html).toContain('aria-label="会议"')
  })
})
