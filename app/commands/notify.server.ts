import { toNotificationPayload, type NotificationRow } from '#db/queries/notifications'
import type { Notifier } from '#realtime/index'

/**
 * Push stored notifications live to their readers. Commands call it once the
 * transaction that stored them has committed, so nobody hears of a step that
 * was rolled back.
 */
export function pushNotifications(notify: Notifier | null | undefined, rows: readonly NotificationRow[]) {
  if (!notify) return
  for (const n of rows) notify.toUser(n.userId, 'notification:new', toNotificationPayload(n))
}
