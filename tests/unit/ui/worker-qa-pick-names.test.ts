import { createElement } from 'react'
import { describe, expect, it } from 'vitest'
import { TopicComplaints } from '#app/components/topics/topic-complaints'
import { TopicList, type TopicListItem } from '#app/components/topics/topic-list'
import type { Locale } from '#app/i18n/index'
import { renderPage } from '#tests/render-page'

const row = (id: number, title: string): TopicListItem => ({
  id,
  title,
  version: 1,
  heat: 10,
  heatHistory: [],
  pushed: false,
  historical: false,
  unit: '长征桥社区',
  place: null,
  category: '交通运输',
  complaintCount: 3,
  fromTime: null,
  toTime: null,
  keywords: [],
})

/** What a screen reader announces for each checkbox: its label's text, tags removed. */
function checkboxNames(html: string): string[] {
  return [...html.matchAll(/<label[^>]*>(?:(?!<\/label>).)*?type="checkbox"(?:(?!<\/label>).)*<\/label>/gs)].map(m =>
    m[0]
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  )
}

async function render(node: () => ReturnType<typeof createElement>, locale: Locale) {
  return renderPage(node, { path: '/topics', locale, loaderData: {} })
}

describe('ticking topics and complaints from the keyboard', () => {
  for (const locale of ['zh', 'en'] as const) {
    it(`each topic's merge box is named after its topic (${locale})`, async () => {
      const html = await render(
        () =>
          createElement(TopicList, {
            topics: [row(1, '关于小河小学路口拥堵的议题'), row(2, '关于长征新苑电梯故障的议题')],
            mergeable: true,
            date: d => d ?? '',
          }),
        locale,
      )
      const names = checkboxNames(html)
      expect(names).toHaveLength(2)
      expect(names[0]).toContain('小河小学路口拥堵')
      expect(names[1]).toContain('长征新苑电梯故障')
    })

    it(`each complaint's split box is named after its complaint (${locale})`, async () => {
      const complaint = (id: number, subject: string) => ({
        id,
        subject,
        body: '',
        channel: 'web',
        receivedAt: '2026-11-01T00:00:00.000Z',
        communityName: null,
        complainantName: null,
        canOpen: true,
      })
      const html = await render(
        () =>
          createElement(TopicComplaints, {
            topic: { version: 1, title: '关于小河小学路口拥堵的议题' },
            complaints: [complaint(1, '路口早上堵车'), complaint(2, '接送车辆占道')],
            terms: [],
            subProblems: [],
            historical: false,
            open: true,
            busy: false,
            refused: null,
            date: d => d ?? '',
          }),
        locale,
      )
      const names = checkboxNames(html)
      expect(names).toHaveLength(2)
      expect(names[0]).toContain('路口早上堵车')
      expect(names[1]).toContain('接送车辆占道')
    })
  }
})
