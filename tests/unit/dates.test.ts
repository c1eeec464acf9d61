import { describe, expect, it } from 'vitest'
import { fmtDate, fmtDateTime } from '#app/components/outcomes-ui'
import { formatTime } from '#app/services/meetings.server'
import {
  addDays,
  chinaDateTimeLocal,
  chinaDay,
  chinaDayEnd,
  chinaDayStart,
  chinaIsoString,
  chinaMonth,
  chinaMonthRange,
  DAY_MS,
  daysBetween,
  formatClock,
  formatDate,
  formatDateTime,
  formatChineseDateWeekdayTime,
  fromChinaTime,
  startOfChinaDay,
  startOfChinaMonth,
} from '#app/utils/dates'

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

  it('says the weekday on invitations, in China time', () => {
    expect(formatChineseDateWeekdayTime('2026-11-30T06:05:00Z')).toBe('2026年11月30日周一 14:05')
    expect(formatChineseDateWeekdayTime(AT)).toBe('2026年10月6日周二 01:30')
    expect(formatChineseDateWeekdayTime('2026-11-29T16:00:00Z')).toBe('2026年11月30日周一 00:00')
    expect(formatChineseDateWeekdayTime(null)).toBe('')
  })

  it('writes nothing for a missing or invalid date', () => {
    expect(formatDate(null)).toBe('')
    expect(formatDateTime('not a date', 'en')).toBe('')
  })
})

describe('days and months on China time', () => {
  it('names the China-time day, month and wall clock of an instant', () => {
    expect(chinaDay(AT)).toBe('2026-10-06')
    expect(chinaMonth('2026-10-31T16:00:00Z')).toBe('2026-11')
    expect(chinaDateTimeLocal(AT)).toBe('2026-10-06T01:30')
    expect(chinaIsoString(AT)).toBe('2026-10-06T01:30:00+08:00')
  })

  it('cuts days and months at China midnight', () => {
    expect(chinaDayStart('2026-10-06')!.toISOString()).toBe('2026-10-05T16:00:00.000Z')
    expect(chinaDayEnd('2026-10-06')!.toISOString()).toBe('2026-10-06T15:59:59.999Z')
    expect(startOfChinaDay(AT).toISOString()).toBe('2026-10-05T16:00:00.000Z')
    expect(startOfChinaMonth('2026-10-31T17:00:00Z').toISOString()).toBe('2026-10-31T16:00:00.000Z')
    expect(chinaMonthRange('2026-12')).toEqual({ from: new Date('2026-11-30T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z') })
  })

  it('reads China wall-clock times and refuses what is not a date', () => {
    expect(fromChinaTime('2026-10-06T01:30')!.toISOString()).toBe(AT.replace('Z', '.000Z'))
    expect(fromChinaTime('2026-10-06T01:30:15')!.toISOString()).toBe('2026-10-05T17:30:15.000Z')
    expect(chinaDayStart('2026-10-06T01:30')).toBeNull()
    expect(chinaDayStart('6 Oct 2026')).toBeNull()
    expect(chinaDayEnd('2026-13-01')).toBeNull()
    expect(fromChinaTime('')).toBeNull()
  })

  it('moves by whole days and measures days between instants', () => {
    expect(addDays(AT, 30).toISOString()).toBe('2026-11-04T17:30:00.000Z')
    expect(addDays(AT, -1).getTime()).toBe(new Date(AT).getTime() - DAY_MS)
    expect(daysBetween(AT, addDays(AT, 3))).toBe(3)
    expect(daysBetween('2026-10-06T00:00:00Z', '2026-10-06T12:00:00Z')).toBe(0.5)
  })
})
