// Days and months on the street offices' clock (China Standard Time, UTC+8,
// no daylight saving). Pure arithmetic on instants, so the database layer,
// the server and the browser cut days at the same moment.

export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000
export const CHINA_OFFSET_MS = 8 * HOUR_MS

type When = string | number | Date

const ms = (d: When) => new Date(d).getTime()
/** The China-time wall clock of `d`, read through the UTC getters. */
const chinaWallClock = (d: When) => new Date(ms(d) + CHINA_OFFSET_MS)

/** `YYYY-MM-DD` of the China-time day `d` falls on (for date inputs and keys). */
export function chinaDay(d: When): string {
  return chinaWallClock(d).toISOString().slice(0, 10)
}

/** `YYYY-MM` of the China-time month `d` falls in. */
export function chinaMonth(d: When): string {
  return chinaWallClock(d).toISOString().slice(0, 7)
}

/** `YYYY-MM-DDTHH:mm` in China time, for `<input type="datetime-local">`. */
export function chinaDateTimeLocal(d: When): string {
  return chinaWallClock(d).toISOString().slice(0, 16)
}

/** ISO 8601 in China time with its offset, to the second: `2026-11-30T14:05:00+08:00`. */
export function chinaIsoString(d: When): string {
  return chinaWallClock(d)
    .toISOString()
    .replace(/\.\d{3}Z$/, '+08:00')
}

/**
 * The instant a China-time wall-clock reading `YYYY-MM-DD[THH:mm[:ss]]` names,
 * or null when it is not one (or not a real date).
 */
export function fromChinaTime(local: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?$/.test(local)) return null
  const withTime = local.length === 10 ? `${local}T00:00:00` : local.length === 16 ? `${local}:00` : local
  const d = new Date(`${withTime}+08:00`)
  if (Number.isNaN(d.getTime())) return null
  // The parser rolls 2030-02-31 over to 3 March (and 24:00 to the next day): a
  // reading is a real one only when it comes back unchanged.
  return chinaWallClock(d).toISOString().slice(0, 19) === withTime.slice(0, 19) ? d : null
}

/** First instant of the China-time day `YYYY-MM-DD`, or null when it is not one. */
export function chinaDayStart(day: string): Date | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? fromChinaTime(day) : null
}

/** Last millisecond of the China-time day `YYYY-MM-DD`, or null when it is not one. */
export function chinaDayEnd(day: string): Date | null {
  const start = chinaDayStart(day)
  return start && new Date(start.getTime() + DAY_MS - 1)
}

/** Midnight (China time) that starts the day `d` falls on. */
export function startOfChinaDay(d: When): Date {
  return new Date(Math.floor((ms(d) + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS)
}

/**
 * Whether the deadline `dueAt` has passed at `now`. A deadline names a whole
 * China-time day, whichever instant of it is stored: it passes when that day
 * ends, i.e. when `dueAt` lies before the start of `now`'s day.
 */
export function isPastDeadline(dueAt: When, now: When): boolean {
  return ms(dueAt) < startOfChinaDay(now).getTime()
}

/** Midnight (China time) that starts the month `d` falls in. */
export function startOfChinaMonth(d: When): Date {
  const c = chinaWallClock(d)
  return new Date(Date.UTC(c.getUTCFullYear(), c.getUTCMonth(), 1) - CHINA_OFFSET_MS)
}

/** [start, end) of the China-time month `YYYY-MM`, as instants. */
export function chinaMonthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return { from: new Date(Date.UTC(y, m - 1, 1) - CHINA_OFFSET_MS), to: new Date(Date.UTC(y, m, 1) - CHINA_OFFSET_MS) }
}

/** `d` moved by `days` whole days (negative goes back). */
export function addDays(d: When, days: number): Date {
  return new Date(ms(d) + days * DAY_MS)
}

/** How many days (fractional) lie from `from` to `to`. */
export function daysBetween(from: When, to: When): number {
  return (ms(to) - ms(from)) / DAY_MS
}
