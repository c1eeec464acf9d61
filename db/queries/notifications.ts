import { and, count, desc, eq, isNull } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { notifications } from '../schema/index'

export type NewNotification = { userId: number; kind: string; messageKey: string; params?: Record<string, string | number>; link?: string | null }

/** Persist a notification; the caller pushes it live after the transaction commits. */
export function createNotification(db: DbOrTx, n: NewNotification) {
  return db.insert(notifications).values({ userId: n.userId, kind: n.kind, messageKey: n.messageKey, params: n.params ?? {}, link: n.link ?? null }).returning().get()
}

export function listNotifications(db: DbOrTx, userId: number, limit = 50) {
  return db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.id)).limit(limit).all()
}

export function countUnread(db: DbOrTx, userId: number) {
  return db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).get()?.n ?? 0
}

/** Mark one (or, without id, all) of the user's notifications read. Scoped by owner. */
export function markNotificationsRead(db: DbOrTx, userId: number, id?: number) {
  const where = id ? and(eq(notifications.userId, userId), eq(notifications.id, id)) : eq(notifications.userId, userId)
  return db.update(notifications).set({ readAt: new Date() }).where(and(where, isNull(notifications.readAt))).run().changes
}

/** A stored notification as it is pushed to a connected user. */
export type NotificationPayload = { id: number; kind: string; messageKey: string; params: Record<string, string | number>; link: string | null; createdAt: string }
