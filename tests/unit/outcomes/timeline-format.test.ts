import { describe, expect, it } from 'vitest'
import { makeT } from '#app/i18n/index'
import { formatTimelineEntry } from '#app/services/timeline'
import type { TimelineEntry } from '#db/queries/outcomes-report'

const topic: TimelineEntry = {
  type: 'topic',
  at: new Date('2026-10-06T02:00:00Z'),
  topicId: 7,
  topicTitle: '小河小学路口停车',
  refId: 7,
  data: { complaints: 12, category: '交通运输', place: null },
}

describe('public timeline in English', () => {
  it('names the category in English in a topic summary', () => {
    const english = (zh: string) => ({ 交通运输: 'Transport' })[zh] ?? zh
    const f = formatTimelineEntry(topic, makeT('en'), 'en', english)
    expect(f.summary).toBe('12 related complaints · Transport · —')
    expect(formatTimelineEntry(topic, makeT('zh'), 'zh').summary).toBe('12 条相关诉求 · 交通运输 · —')
  })
})
