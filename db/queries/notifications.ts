import { and, count, desc, eq, isNotNull, isNull, like, or } from 'drizzle-orm'
import type { DbOrTx } from '../client'
import { complaints, notifications, topicComplaints, topicFollows, topics } from '../schema/index'

export type NotificationRow = typeof notifications.$inferSelect

export type NewNotification = { userId: number; kind: string; messageKey: string; params?: Record<string, string | number>; link?: string | null }

/** Persist a notification; the caller pushes it live after the transaction commits. */
export function createNotification(db: DbOrTx, n: NewNotification) {
  return db
    .insert(notifications)
    .values({ userId: n.userId, kind: n.kind, messageKey: n.messageKey, params: n.params ?? {}, link: n.link ?? null })
    .returning()
    .get()
}

/**
 * The user's latest notifications, newest first by when they were sent. Rows
 * are not always stored in that order (the demo history sets their times
 * afterwards); of two sent at the same moment, the one stored later comes first.
 */
export function listNotifications(db: DbOrTx, userId: number, limit = 50) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .all()
}

export function countUnread(db: DbOrTx, userId: number) {
  return (
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .get()?.n ?? 0
  )
}

/** Mark one (or, without id, all) of the user's notifications read. Scoped by owner. */
export function markNotificationsRead(db: DbOrTx, userId: number, id?: number) {
  const where = id ? and(eq(notifications.userId, userId), eq(notifications.id, id)) : eq(notifications.userId, userId)
  return db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(where, isNull(notifications.readAt)))
    .run().changes
}

/**
 * The user opened `path`: notifications linking there (with or without an
 * anchor or query) are read. Opening the page is what the notice asked for.
 */
export function markNotificationsOpened(db: DbOrTx, userId: number, path: string) {
  return db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        or(eq(notifications.link, path), like(notifications.link, `${escapeLike(path)}#%`), like(notifications.link, `${escapeLike(path)}?%`)),
      ),
    )
    .run().changes
}
const escapeLike = (s: string) => s.replace(/[%_]/g, '')

/** A stored notification as it is pushed to a connected user. */
export type NotificationPayload = {
  id: number
  kind: string
  messageKey: string
  params: Record<string, string | number>
  link: string | null
  createdAt: string
}
/** The live payload of a stored notification. */
export function toNotificationPayload(n: NotificationRow) {
  return { id: n.id, kind: n.kind, messageKey: n.messageKey, params: n.params, link: n.link, createdAt: new Date(n.createdAt).toISOString() }
}

/** Residents to tell about a topic: those who complained about it (with an account) and its followers. */
export function listTopicAudience(db: DbOrTx, topicId: number): number[] {
  const complainants = db
    .selectDistinct({ userId: complaints.complainantUserId })
    .from(topicComplaints)
    .innerJoin(complaints, eq(complaints.id, topicComplaints.complaintId))
    .where(and(eq(topicComplaints.topicId, topicId), isNotNull(complaints.complainantUserId)))
    .all()
  const followers = db.select({ userId: topicFollows.userId }).from(topicFollows).where(eq(topicFollows.topicId, topicId)).all()
  return [...new Set([...complainants, ...followers].map(r => r.userId!).filter(Boolean))].sort((a, b) => a - b)
}

/**
 * Tell residents who complained about or follow a topic that a step happened
 * (message `messageKey` rendered in each reader's language; `{topic}` is filled
 * with the topic title when not given). Stores the rows and returns them; the
 * command pushes them live once its transaction has committed.
 */
export function notifyTopicFollowers(db: DbOrTx, topicId: number, messageKey: string, params: Record<string, string | number> = {}): NotificationRow[] {
  const topic = db.select({ id: topics.id, title: topics.title }).from(topics).where(eq(topics.id, topicId)).get()
  if (!topic) return []
  const rows = listTopicAudience(db, topicId).map(userId =>
    createNotification(db, { userId, kind: 'topic', messageKey, params: { topic: topic.title, ...params }, link: `/public/topics/${topicId}` }),
  )
  return rows
}

/** Store one notification per distinct user (the caller pushes them after commit). */
export function createNotifications(db: DbOrTx, userIds: number[], kind: string, messageKey: string, params: Record<string, string | number>, link: string) {
  return [...new Set(userIds)].map(userId => createNotification(db, { userId, kind, messageKey, params, link }))
}
