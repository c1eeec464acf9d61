import { describe, expect, it } from 'vitest'
import { localTopicSummary } from '#app/utils/topic-summary'
import { markZh, splitZhMarks, stripZhMarks } from '#app/utils/zh-marks'

describe('Chinese marks in formatted text', () => {
  it('splits a line into plain and Chinese parts in order', () => {
    const line = `Meeting: ${markZh('长征桥议事会')} at ${markZh('社区会议室')}.`
    expect(splitZhMarks(line)).toEqual([
      { text: 'Meeting: ', zh: false },
      { text: '长征桥议事会', zh: true },
      { text: ' at ', zh: false },
      { text: '社区会议室', zh: true },
      { text: '.', zh: false },
    ])
  })

  it('gives feeds the plain text', () => {
    expect(stripZhMarks(`Decision taken: ${markZh('增加清运')}`)).toBe('Decision taken: 增加清运')
  })

  it('leaves empty values unmarked', () => {
    expect(markZh('')).toBe('')
    expect(splitZhMarks('only English')).toEqual([{ text: 'only English', zh: false }])
  })
})

describe('a generated topic summary in the reader’s language', () => {
  const topic = {
    description: '2026-03-01至2026-04-02，4条诉求（3位居民，7人支持）集中反映枫林苑的噪音、施工问题。例：“枫林苑夜间施工太吵”',
    category: '环境保护',
    fromTime: new Date('2026-03-01T02:00:00Z'),
    toTime: new Date('2026-04-02T02:00:00Z'),
  }
  const categoryName = (zh: string) => (zh === '环境保护' ? 'Environmental protection' : zh)

  it('is English around the residents’ words, with English dates', () => {
    const summary = localTopicSummary(topic, 'en', categoryName)
    expect(stripZhMarks(summary)).toBe(
      'From 1 Mar 2026 to 2 Apr 2026, 4 complaints from 3 residents, supported by 7 people, mostly about 噪音、施工 at 枫林苑. For example: “枫林苑夜间施工太吵”',
    )
    expect(
      splitZhMarks(summary)
        .filter(p => p.zh)
        .map(p => p.text),
    ).toEqual(['噪音、施工', '枫林苑', '枫林苑夜间施工太吵'])
  })

  it('is Chinese with Chinese dates', () => {
    expect(stripZhMarks(localTopicSummary(topic, 'zh', categoryName))).toBe(
      '2026年3月1日至2026年4月2日，4条诉求（3位居民，7人支持）集中反映枫林苑的噪音、施工问题。例：“枫林苑夜间施工太吵”',
    )
  })

  it('names the category in English when there were no keywords', () => {
    const summary = localTopicSummary({ ...topic, description: '2026-03-01至2026-04-02，2条诉求（2位居民）集中反映环境保护问题。' }, 'en', categoryName)
    expect(summary).toBe('From 1 Mar 2026 to 2 Apr 2026, 2 complaints from 2 residents mostly about Environmental protection.')
  })

  it('keeps a summary a worker wrote, marked as Chinese', () => {
    expect(splitZhMarks(localTopicSummary({ ...topic, description: '南门垃圾点满溢。' }, 'en', categoryName))).toEqual([{ text: '南门垃圾点满溢。', zh: true }])
  })
})
