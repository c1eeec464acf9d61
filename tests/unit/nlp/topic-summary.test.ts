import { describe, expect, it } from 'vitest'
import { parseTopicSummary, topicPeriod } from '#nlp/topic-text'

describe('reading back a generated topic summary', () => {
  it('recovers counts, place, problems and the example', () => {
    expect(parseTopicSummary('2026-03-01至2026-04-02，4条诉求（3位居民，7人支持）集中反映枫林苑的噪音、施工问题。例：“枫林苑夜间施工太吵”')).toEqual({
      complaints: 4,
      residents: 3,
      supporters: 7,
      where: '枫林苑',
      problems: '噪音、施工',
      example: '枫林苑夜间施工太吵',
    })
  })

  it('reads a summary without supporters, place or example', () => {
    expect(parseTopicSummary('2026-03-01至2026-03-01，2条诉求（2位居民）集中反映城乡建设问题。')).toEqual({
      complaints: 2,
      residents: 2,
      supporters: 0,
      where: '',
      problems: '城乡建设',
      example: '',
    })
  })

  it('leaves a summary a worker wrote alone', () => {
    expect(parseTopicSummary('南门垃圾点每天下午满溢，需要加一次清运。')).toBeNull()
  })
})

describe('the period a suggested topic covers', () => {
  it('is counted in China days: a letter sent at 01:00 Beijing time (17:00 UTC the day before) falls on its Beijing day', () => {
    expect(topicPeriod(Date.parse('2026-11-03T17:00:00Z'), Date.parse('2026-11-28T16:30:00Z'))).toBe('2026-11-04至2026-11-29')
    expect(topicPeriod(Date.parse('2026-11-03T15:59:00Z'), Date.parse('2026-11-03T16:00:00Z'))).toBe('2026-11-03至2026-11-04')
  })
})
