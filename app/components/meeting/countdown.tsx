import { useT } from '#app/i18n/index'
import { useServerNow } from './use-meeting'

const mmss = (s: number) => `${Math.floor(Math.abs(s) / 60)}:${String(Math.abs(s) % 60).padStart(2, '0')}`

/** A visible countdown from a start time; turns into "over time" when it passes zero. */
export function Countdown({
  at,
  seconds,
  offsetMs,
  label,
  className = '',
}: {
  at: string
  seconds: number
  offsetMs: number
  label: string
  className?: string
}) {
  const t = useT()
  const now = useServerNow(offsetMs)
  const left = Math.round(seconds - (now - Date.parse(at)) / 1000)
  const over = left < 0
  return (
    <span className={`countdown ${over ? 'over' : left <= 30 ? 'soon' : ''} ${className}`} role="timer" aria-label={label}>
      {over ? `${t('room.overtime')} +${mmss(left)}` : mmss(left)}
    </span>
  )
}
