import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { RecorderPanel } from '#app/components/meeting/recorder-panel'
import { initialMeetingState } from '#meetings/state'

describe('the recorder’s panel', () => {
  it('labels the statement box as what the person in the room said, not as the recorder’s own opinion', () => {
    const s = initialMeetingState()
    s.status = 'live'
    const html = renderToStaticMarkup(createElement(RecorderPanel, { s, run: async () => false }))
    expect(html).toMatch(/<label for="([^"]+)">这位现场人员的发言<\/label><textarea [^>]*id="\1"/)
    expect(html).not.toContain('写下您的意见')
  })
})
