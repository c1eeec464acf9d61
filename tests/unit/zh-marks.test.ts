import { describe, expect, it } from 'vitest'
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
