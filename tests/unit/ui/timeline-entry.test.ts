import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { StaticRouter } from 'react-router-dom/server'
import { describe, expect, it } from 'vitest'
import { TimelineEntry } from '#app/components/outcomes/timeline-entry'
import type { FormattedEntry } from '#app/services/timeline'

const entry: FormattedEntry = {
  type: 'decision',
  at: '2026-03-04T02:00:00.000Z',
  topicId: 9,
  topic: '小河路口拥堵',
  title: '增设信号灯',
  summary: '',
  path: '/public/topics/9',
}

function render(linkTopic: boolean) {
  return renderToStaticMarkup(createElement(StaticRouter, { location: '/' }, createElement('ol', null, createElement(TimelineEntry, { entry, linkTopic }))))
}

describe('timeline entry', () => {
  it('links the topic where the list mixes topics', () => {
    const html = render(true)
    expect(html).toContain('<time dateTime="2026-03-04T02:00:00.000Z">')
    expect(html).toContain('href="/public/topics/9"')
    expect(html).toContain('增设信号灯')
    expect(html).not.toContain('<p>')
  })

  it('leaves the topic out on the topic’s own page', () => {
    const html = render(false)
    expect(html).not.toContain('href="/public/topics/9"')
    expect(html).toContain('增设信号灯')
  })
})
