// When a meeting takes place, as lists and pages say it.
import type { Locale } from '#app/i18n/index'
import { chinaDay, formatClock, formatDateTime } from './dates'

type DateLike = Date | string | number
export type MeetingTimes = { startsAt: DateLike; startedAt?: DateLike | null; endedAt?: DateLike | null }

/**
 * Once a meeting has begun, when it actually took place (the times its log
 * records, as its minutes give them: "2026年12月1日 19:05–20:40"); before
 * that, when it is planned. A meeting may be started days before or after
 * the time it was planned for.
 */
export function meetingWhen(m: MeetingTimes, locale: Locale): string {
  if (m.startedAt == null) return formatDateTime(m.startsAt, locale)
  const start = formatDateTime(m.startedAt, locale)
  if (m.endedAt == null) return start
  return chinaDay(m.startedAt) === chinaDay(m.endedAt) ? `${start}–${formatClock(m.endedAt)}` : `${start} – ${formatDateTime(m.endedAt, locale)}`
}
