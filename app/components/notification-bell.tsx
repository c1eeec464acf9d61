import { Link } from '@remix-run/react'
import { useCallback, useEffect, useState } from 'react'
import { isMessageKey, useT } from '#app/i18n/index'
import { useSocketEvent } from '#app/utils/socket'
import type { NotificationPayload } from '#realtime/events'

/** Unread count in the header; new notifications arrive live and show a short toast. */
export function NotificationBell({ unread }: { unread: number }) {
  const t = useT()
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
  useEffect(() => {
    if (!toast) return
    const timer = setTimeout(() => setToast(null), 8000)
    return () => clearTimeout(timer)
  }, [toast])
  const text = toast ? (isMessageKey(toast.messageKey) ? t(toast.messageKey, toast.params) : toast.messageKey) : ''
  return (
    <>
      <Link to="/notifications" className="button-link" data-testid="notification-bell">
        {t('nav.notifications')}
        <span className="badge" aria-label={t('notifications.unread', { count })}>
          {count}
        </span>
      </Link>
      <div role="status" aria-live="polite" className={toast ? 'toast' : 'visually-hidden'} data-testid="toast">
        {toast ? toast.link ? <Link to={toast.link}>{text}</Link> : text : null}
      </div>
    </>
  )
}
