import { Link, useSearchParams } from '@remix-run/react'
import { useT, type MessageKey } from '#app/i18n/index'
import { PERIODS } from '#app/utils/period'

/**
 * Links to the named periods (this month, 90 days, a year, all), keeping the
 * page's other filters; a custom range goes through the page's from/to form.
 */
export function PeriodLinks({ current }: { current?: string }) {
  const t = useT()
  const [params] = useSearchParams()
  const href = (p: string) => {
    const next = new URLSearchParams(params)
    next.delete('from')
    next.delete('to')
    next.set('period', p)
    return `?${next.toString()}`
  }
  return (
    <nav aria-label={t('period.label')} className="row">
      {PERIODS.map(p => (
        <Link key={p} to={href(p)} className="button" aria-current={current === p ? 'page' : undefined}>
          {t(`period.${p}` as MessageKey)}
        </Link>
      ))}
    </nav>
  )
}
