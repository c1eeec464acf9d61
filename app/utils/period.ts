import { addDays, chinaDayEnd, chinaDayStart, startOfChinaMonth } from '#db/dates'

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
  const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? (end ? chinaDayEnd(v) : chinaDayStart(v)) : /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v) : null
  return d && !Number.isNaN(d.getTime()) ? d : null
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
  if (period === 'month') return { period, from: startOfChinaMonth(now), to: now, invalid: false }
  if (period === '90d') return { period, from: addDays(now, -90), to: now, invalid: false }
  if (period === 'year') return { period, from: addDays(now, -365), to: now, invalid: false }
  return { period, invalid: false }
}
