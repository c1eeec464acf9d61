// One way to write dates per locale, everywhere (pages, minutes, reports):
// Chinese "2026年11月30日 14:05", English "30 Nov 2026, 14:05", both in China
// time. Computed by hand rather than with toLocaleString, so server and browser
// (whatever their ICU data) render the same text and hydration never differs.
import type { Locale } from '#app/i18n/index'
import { CHINA_OFFSET_MS } from '#db/dates'

export * from '#db/dates'

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad = (n: number) => String(n).padStart(2, '0')

type DateInput = string | number | Date | null | undefined

function chinaParts(d: string | number | Date) {
  const t = new Date(d).getTime()
  if (Number.isNaN(t)) return null
  const c = new Date(t + CHINA_OFFSET_MS)
  return { y: c.getUTCFullYear(), m: c.getUTCMonth(), d: c.getUTCDate(), hh: c.getUTCHours(), mm: c.getUTCMinutes() }
}

export function formatDate(d: DateInput, locale: Locale = 'zh'): string {
  const p = d == null ? null : chinaParts(d)
  if (!p) return ''
  return locale === 'zh' ? `${p.y}年${p.m + 1}月${p.d}日` : `${p.d} ${MONTHS_EN[p.m]} ${p.y}`
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * A message's parameters with each day stored as 2027-01-15 (a notification's new deadline) written as
 * the pages write it: 2027年1月15日, 15 Jan 2027. Anything else is left as it is.
 */
export function localDateParams<P extends Record<string, string | number>>(params: P, locale: Locale): P {
  const out: Record<string, string | number> = { ...params }
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string' && ISO_DAY.test(v)) out[k] = formatDate(`${v}T12:00:00+08:00`, locale) || v
  return out as P
}

/** Hours and minutes in China time (the same in both locales). */
export function formatClock(d: DateInput): string {
  const p = d == null ? null : chinaParts(d)
  return p ? `${pad(p.hh)}:${pad(p.mm)}` : ''
}

export function formatDateTime(d: DateInput, locale: Locale = 'zh'): string {
  const date = formatDate(d, locale)
  if (!date) return ''
  return locale === 'zh' ? `${date} ${formatClock(d)}` : `${date}, ${formatClock(d)}`
}

const WEEKDAYS_ZH = ['日', '一', '二', '三', '四', '五', '六']

/** Chinese date, weekday and clock in China time, as an invitation or SMS says it: 2026年11月30日周一 14:05. */
export function formatChineseDateWeekdayTime(d: DateInput): string {
  const date = formatDate(d, 'zh')
  if (!date) return ''
  const weekday = new Date(new Date(d!).getTime() + CHINA_OFFSET_MS).getUTCDay()
  return `${date}周${WEEKDAYS_ZH[weekday]} ${formatClock(d)}`
}
