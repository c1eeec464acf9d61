import { Link } from '@remix-run/react'
import { useCallback, useEffect, useState } from 'react'
import { topicTitleText } from '#app/components/zh-text'
import { isMessageKey, useLocale, useT, type Locale } from '#app/i18n/index'
import { localDateParams } from '#app/utils/dates'
import { localPlaceholders } from '#app/utils/placeholders'
import { useSocketEvent } from '#app/utils/socket'
import type { NotificationPayload } from '#realtime/events'

/** Unread count in the header; new notifications arrive live and show a short toast. */
export function NotificationBell({ unread }: { unread: number }) {
  const t = useT()
  const locale = useLocale()
  const [count, setCount] = useState(unread)
  const [toast, setToast] = useState<NotificationPayload | null>(null)
  useEffect(() => setCount(unread), [unread])
  useSocketEvent(
    'notification:new',
    useCallback((n: NotificationPayload) => {
      setCount(c => c + 1)
      setToast(n)
    }, []),
  )
  // The notice goes after 8 seconds, but not while the pointer or the keyboard is on it (its link must be reachable).
  const [held, setHeld] = useState(false)
  useEffect(() => {
    if (!toast || held) return
    const timer = setTimeout(() => setToast(null), 8000)
    return () => clearTimeout(timer)
  }, [toast, held])
  // A published answer's question may hold placeholders for removed personal data: they read in the page's language.
  const text = toast
    ? localPlaceholders(isMessageKey(toast.messageKey) ? t(toast.messageKey, localDateParams(toastParams(toast, locale), locale)) : toast.messageKey, locale)
    : ''
  return (
    <>
      <Link to="/notifications" className="button-link" data-testid="notification-bell">
        <svg className="bell-icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" height="20">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        <span className="bell-label">{t('nav.notifications')}</span>
        <span className="badge" aria-label={t('notifications.unread', { count })}>
          {count}
        </span>
      </Link>
      <div
        role="status"
        aria-live="polite"
        className={toast ? 'toast' : 'visually-hidden'}
        data-testid="toast"
        onMouseEnter={() => setHeld(true)}
        onMouseLeave={() => setHeld(false)}
        onFocus={() => setHeld(true)}
        onBlur={() => setHeld(false)}
      >
        {toast ? toast.link ? <Link to={toast.link}>{text}</Link> : text : null}
      </div>
    </>
  )
}

/** A notice about a topic names it as the topic pages do: in English without the 关于…的议题 frame. */
function toastParams(n: NotificationPayload, locale: Locale) {
  return n.link?.startsWith('/topics/') && typeof n.params.title === 'string' ? { ...n.params, title: topicTitleText(n.params.title, locale) } : n.params
}
