import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from '@remix-run/node'
import { Form, Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useCallback } from 'react'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { MarkedText } from '#app/components/zh-text'
import { isMessageKey, useLocale, useT } from '#app/i18n/index'
import { requireRole, validateCsrf } from '#app/utils/auth.server'
import { getDb, countUnread, listNotifications, markNotificationsRead } from '#app/utils/db.server'
import { localNotificationParams } from '#app/utils/labels.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'
import { useSocketEvent } from '#app/utils/socket'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'notifications.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/notifications'])
  const db = getDb()
  const localParams = localNotificationParams(db, getPrefs(request).locale)
  return json({ items: listNotifications(db, user.id).map(n => ({ ...n, params: localParams(n.params, n.link) })), unread: countUnread(db, user.id) })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/notifications'])
  const form = await request.formData()
  validateCsrf(request, form)
  const id = Number(form.get('id'))
  // Reading notifications is not a civic state change; no audit row needed.
  markNotificationsRead(getDb(), user.id, Number.isInteger(id) && id > 0 ? id : undefined)
  return json({ ok: true })
}

export default function Notifications() {
  const t = useT()
  const locale = useLocale()
  const { items, unread } = useLoaderData<typeof loader>()
  const { revalidate } = useRevalidator()
  useSocketEvent(
    'notification:new',
    useCallback(() => revalidate(), [revalidate]),
  )
  return (
    <section>
      <h1>{t('notifications.title')}</h1>
      <p aria-live="polite" data-testid="unread-count">
        {t('notifications.unread', { count: unread })}
      </p>
      {unread > 0 ? (
        <Form method="post">
          <CsrfInput />
          <button type="submit">{t('notifications.markAllRead')}</button>
        </Form>
      ) : null}
      {items.length === 0 ? (
        <p>{t('notifications.empty')}</p>
      ) : (
        <ul className="list">
          {items.map(n => (
            <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
              {n.readAt ? null : <span className="badge hot">●</span>}{' '}
              {n.link ? (
                <Link to={n.link}>
                  <MarkedText text={isMessageKey(n.messageKey) ? t(n.messageKey, n.params) : n.messageKey} />
                </Link>
              ) : (
                <MarkedText text={isMessageKey(n.messageKey) ? t(n.messageKey, n.params) : n.messageKey} />
              )}
              <div className="hint">{fmtDateTime(n.createdAt, locale)}</div>
              {n.readAt ? null : (
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit">{t('notifications.markRead')}</button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
