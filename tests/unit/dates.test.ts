import { describe, expect, it } from 'vitest'
import { formatClock, formatDate, formatDateTime } from '#app/utils/dates'
import { fmtDate, fmtDateTime } from '#app/components/outcomes-ui'
import { formatTime } from '#app/services/meetings.server'

// 2026-10-05 17:30 UTC is 2026-10-06 01:30 in China.
const AT = '2026-10-05T17:30:00Z'

describe('one date format per locale', () => {
  it('writes Chinese dates as 年月日 and English ones as day month year, in China time', () => {
    expect(formatDate(AT, 'zh')).toBe('2026年10月6日')
    expect(formatDate(AT, 'en')).toBe('6 Oct 2026')
    expect(formatDateTime(AT, 'zh')).toBe('2026年10月6日 01:30')
    expect(formatDateTime(AT, 'en')).toBe('6 Oct 2026, 01:30')
    expect(formatClock(AT)).toBe('01:30')
  })

  it('is the same format on every page: lists, outcomes and meeting minutes', () => {
    expect(fmtDate(AT, 'zh')).toBe(formatDate(AT, 'zh'))
    expect(fmtDateTime(AT, 'en')).toBe(formatDateTime(AT, 'en'))
    expect(formatTime(AT, true, 'zh')).toBe('2026年10月6日 01:30')
    expect(formatTime(AT, true, 'en')).toBe('6 Oct 2026, 01:30')
  })

  it('writes nothing for a missing or invalid date', () => {
    expect(formatDate(null)).toBe('')
    expect(formatDateTime('not a date', 'en')).toBe('')
  })
})
