const DAY = 86_400_000

/** Named periods offered on /topics and the dashboard; `all` means no bounds. */
export const PERIODS = ['month', '90d', 'year', 'all'] as const
export type PeriodName = (typeof PERIODS)[number]

export type Period = { from?: Date; to?: Date; period?: PeriodName; invalid: boolean }

/**
 * A date `YYYY-MM-DD` (local time of the board, UTC+8; `to` covers the whole day)
 * or a full ISO timestamp. `undefined` when absent, `null` when unreadable.
 */
export function parseBound(v: string | null, end = false): Date | null | undefined {
  if (!v) return undefined
  const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T${end ? '23:59:59.999' : '00:00:00'}+08:00`) : /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v) : null
  return d && !Number.isNaN(d.getTime()) ? d : null
}

/** The first moment of `now`'s calendar month on the board's clock (UTC+8). */
function monthStart(now: Date): Date {
  const local = new Date(now.getTime() + 8 * 3_600_000)
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - 8 * 3_600_000)
}

/**
 * The period asked for by `?from=&to=` (custom) or `?period=month|90d|year|all`.
 * Custom bounds win over a named period; with neither, no bounds (every period).
 */
export function parsePeriod(params: URLSearchParams, now = new Date()): Period {
  const from = parseBound(params.get('from'))
  const to = parseBound(params.get('to'), true)
  if (from === null || to === null) return { invalid: true }
  if (from || to) return { from, to, invalid: !!(from && to && from > to) }
  const name = params.get('period')
  if (!name) return { invalid: false }
  if (!(PERIODS as readonly string[]).includes(name)) return { invalid: true }
  const period = name as PeriodName
  if (period === 'month') return { period, from: monthStart(now), to: now, invalid: false }
  if (period === '90d') return { period, from: new Date(now.getTime() - 90 * DAY), to: now, invalid: false }
  if (period === 'year') return { period, from: new Date(now.getTime() - 365 * DAY), to: now, invalid: false }
  return { period, invalid: false }
}
