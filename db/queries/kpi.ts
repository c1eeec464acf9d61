// Outcome KPIs as pure functions (no database, no framework): the street
// office's 按时办结率, 回访率 and 满意率, computed from plain rows so they
// can be unit-tested against hand-computed figures.

export type Ratio = { num: number; den: number; rate: number | null }
type When = Date | number | string

import { chinaMonth, chinaMonthRange, DAY_MS, isPastDeadline } from '../dates'

const ms = (t: When) => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t))

/** num ÷ den, with rate null when nothing was counted (not 0%, not 100%). */
export function makeRatio(num: number, den: number): Ratio {
  return { num, den, rate: den > 0 ? num / den : null }
}

/** On-time rate: finished orders (verified/closed, finishedAt set) finished by the end of their due day ÷ finished orders. */
export function onTimeRate(orders: { dueAt: When; finishedAt: When | null | undefined }[]): Ratio {
  const finished = orders.filter(o => o.finishedAt != null)
  return makeRatio(finished.filter(o => !isPastDeadline(o.dueAt, o.finishedAt!)).length, finished.length)
}

/** Callback rate: answered requests ÷ requests sent. */
export function callbackRate(requests: { answeredAt: When | null | undefined }[]): Ratio {
  return makeRatio(requests.filter(r => r.answeredAt != null).length, requests.length)
}

/** Satisfaction rate: ratings of 4 or 5 ÷ answered ratings. */
export function satisfactionRate(requests: { rating: number | null | undefined }[]): Ratio {
  const answered = requests.filter(r => r.rating != null)
  return makeRatio(answered.filter(r => r.rating! >= 4).length, answered.length)
}

/** Mean length in days of [from, to] intervals (to ≥ from), one decimal; null when there are none. */
export function meanDays(intervals: { from: When; to: When }[]): number | null {
  if (!intervals.length) return null
  const total = intervals.reduce((s, i) => s + (ms(i.to) - ms(i.from)) / DAY_MS, 0)
  return Math.round((total / intervals.length) * 10) / 10
}

/** A rate as a percentage with one decimal, or an em dash when undefined. */
export function formatRate(r: Ratio | number | null): string {
  const rate = r == null ? null : typeof r === 'number' ? r : r.rate
  return rate == null ? '—' : `${Math.round(rate * 1000) / 10}%`
}

/** Month key (YYYY-MM) in China Standard Time, where the street offices are. */
export function monthKeyCst(t: When): string {
  return chinaMonth(ms(t))
}

/** The `count` month keys ending with the month of `end`, oldest first. */
export function lastMonths(end: When, count: number): string[] {
  const [y, m] = monthKeyCst(end).split('-').map(Number) as [number, number]
  const out: string[] = []
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1))
    out.push(d.toISOString().slice(0, 7))
  }
  return out
}

/** [start, end) of a month key in China Standard Time, as instants. */
export function monthRange(month: string): { from: Date; to: Date } {
  return chinaMonthRange(month)
}
