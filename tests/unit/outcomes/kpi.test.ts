import { describe, expect, it } from 'vitest'
import { targetAttainment } from '#db/queries/decisions'
import { callbackRate, formatRate, lastMonths, makeRatio, meanDays, monthKeyCst, monthRange, onTimeRate, satisfactionRate } from '#db/queries/kpi'
import { scrubPublicText } from '#db/queries/outcomes-report'

const d = (s: string) => new Date(s)

describe('onTimeRate', () => {
  it('counts finished orders finished by their due date, over finished orders only', () => {
    // Hand count: 5 orders; 4 finished (A on time, B exactly at due = on time, C late, D on time); E unfinished is ignored.
    const orders = [
      { dueAt: d('2025-03-10T23:59:59+08:00'), finishedAt: d('2025-03-08T10:00:00+08:00') }, // A
      { dueAt: d('2025-03-10T23:59:59+08:00'), finishedAt: d('2025-03-10T23:59:59+08:00') }, // B (same instant)
      { dueAt: d('2025-03-10T23:59:59+08:00'), finishedAt: d('2025-03-11T00:00:01+08:00') }, // C (2 s late)
      { dueAt: d('2025-04-01T00:00:00+08:00'), finishedAt: d('2025-03-20T00:00:00+08:00') }, // D
      { dueAt: d('2025-03-01T00:00:00+08:00'), finishedAt: null }, // E (open, overdue)
    ]
    const r = onTimeRate(orders)
    expect(r).toEqual({ num: 3, den: 4, rate: 0.75 })
    expect(formatRate(r)).toBe('75%')
  })

  it('counts the whole due day (China time) as on time, whichever instant of it is stored', () => {
    const dueAt = d('2025-03-10T04:00:00+08:00')
    const orders = [
      { dueAt, finishedAt: d('2025-03-10T23:59:59+08:00') }, // later on the due day: on time
      { dueAt, finishedAt: d('2025-03-11T00:00:00+08:00') }, // the next day: late
    ]
    expect(onTimeRate(orders)).toEqual({ num: 1, den: 2, rate: 0.5 })
  })

  it('is undefined (not 0% nor 100%) when nothing has finished', () => {
    expect(onTimeRate([{ dueAt: 1, finishedAt: null }])).toEqual({ num: 0, den: 0, rate: null })
    expect(formatRate(onTimeRate([]))).toBe('—')
  })
})

describe('callbackRate and satisfactionRate', () => {
  // 8 people asked; 6 answered with ratings 5, 4, 4, 3, 2, 1; 2 never answered.
  const asked = [
    { answeredAt: d('2025-03-02'), rating: 5 },
    { answeredAt: d('2025-03-02'), rating: 4 },
    { answeredAt: d('2025-03-03'), rating: 4 },
    { answeredAt: d('2025-03-03'), rating: 3 },
    { answeredAt: d('2025-03-04'), rating: 2 },
    { answeredAt: d('2025-03-05'), rating: 1 },
    { answeredAt: null, rating: null },
    { answeredAt: null, rating: null },
  ]
  it('callback rate = answered ÷ asked = 6/8', () => {
    expect(callbackRate(asked)).toEqual({ num: 6, den: 8, rate: 0.75 })
  })
  it('satisfaction rate = ratings ≥ 4 ÷ answered = 3/6', () => {
    expect(satisfactionRate(asked)).toEqual({ num: 3, den: 6, rate: 0.5 })
    expect(formatRate(satisfactionRate(asked))).toBe('50%')
  })
  it('formats thirds to one decimal', () => {
    expect(formatRate(makeRatio(2, 3))).toBe('66.7%')
    expect(formatRate(makeRatio(1, 3))).toBe('33.3%')
  })
})

describe('meanDays', () => {
  it('averages interval lengths in days, one decimal', () => {
    // 2 days, 5 days, 0.5 days → 7.5 / 3 = 2.5
    expect(
      meanDays([
        { from: d('2025-03-01T00:00:00Z'), to: d('2025-03-03T00:00:00Z') },
        { from: d('2025-03-01T00:00:00Z'), to: d('2025-03-06T00:00:00Z') },
        { from: d('2025-03-01T00:00:00Z'), to: d('2025-03-01T12:00:00Z') },
      ]),
    ).toBe(2.5)
    expect(meanDays([])).toBeNull()
  })
})

describe('months in China time', () => {
  it('puts 31 March 20:00 UTC in April (Beijing is UTC+8)', () => {
    expect(monthKeyCst(d('2025-03-31T20:00:00Z'))).toBe('2025-04')
    expect(monthKeyCst(d('2025-03-31T15:59:59Z'))).toBe('2025-03')
  })
  it('lists the last months oldest first, across a year boundary', () => {
    expect(lastMonths(d('2025-02-10T00:00:00Z'), 4)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02'])
  })
  it('gives a month as [start, end) instants', () => {
    const r = monthRange('2025-03')
    expect(r.from.toISOString()).toBe('2025-02-28T16:00:00.000Z')
    expect(r.to.toISOString()).toBe('2025-03-31T16:00:00.000Z')
  })
})

describe('targets and public text', () => {
  it('measures attainment from baseline to target (parking 0 → 19, passage time −50%)', () => {
    expect(targetAttainment({ baseline: 0, target: 19 }, 19)).toBe(100)
    expect(targetAttainment({ baseline: 0, target: 19 }, 12)).toBe(63)
    expect(targetAttainment({ baseline: 20, target: 10 }, 15)).toBe(50)
    expect(targetAttainment({ baseline: 20, target: 10 }, 25)).toBe(0)
    expect(targetAttainment({ baseline: 5, target: 5 }, 5)).toBeNull()
  })
  it('masks phone and ID numbers in public text', () => {
    expect(scrubPublicText('联系13812345678或0571-87654321，身份证330102199001011234')).toBe('联系138****5678或0571-********，身份证******************')
    expect(scrubPublicText('停车位 19 个，通行时间缩短 50%')).toBe('停车位 19 个，通行时间缩短 50%')
  })
})
