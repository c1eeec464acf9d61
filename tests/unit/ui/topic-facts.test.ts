import { describe, expect, it } from 'vitest'
import { topicFacts, type TopicListItem } from '#app/components/topics/topic-list'
import { translate, type MessageKey } from '#app/i18n/index'

const topic: TopicListItem = {
  id: 1,
  title: '关于长征桥老年食堂名额不够的议题',
  version: 1,
  heat: 18.2,
  heatHistory: [],
  pushed: false,
  historical: false,
  unit: '长征桥社区',
  place: '长征桥',
  category: '劳动和社会保障',
  complaintCount: 7,
  fromTime: '2026-08-04',
  toTime: '2026-11-27',
  keywords: [],
}
const zh = (key: MessageKey, params?: Record<string, string | number>) => translate('zh', key, params)
const en = (key: MessageKey, params?: Record<string, string | number>) => translate('en', key, params)
const date = (d: string | null) => d ?? ''

describe('a topic row’s facts', () => {
  it('lists unit, place, category, complaints and dates', () => {
    expect(topicFacts(topic, zh, date)).toEqual(['长征桥社区', '长征桥', '劳动和社会保障', '7 条诉求', '2026-08-04–2026-11-27'])
  })

  it('says a topic no category matched is uncategorised, and leaves out a place it does not have', () => {
    expect(topicFacts({ ...topic, category: '', place: null }, zh, date)).toEqual(['长征桥社区', '未分类', '7 条诉求', '2026-08-04–2026-11-27'])
    expect(topicFacts({ ...topic, category: '' }, en, date)[2]).toBe('Uncategorised')
  })
})
