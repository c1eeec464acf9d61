// Typed Socket.IO event maps. The browser imports types only from this file.

export type PublicError = 'invalid-payload' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'rate-limited' | 'closed' | 'internal'
export type Ack<T> = { data: T } | { error: PublicError; issues?: string[] }

export type NotificationPayload = { id: number; kind: string; messageKey: string; params: Record<string, string | number>; link: string | null; createdAt: string }
export type ComplaintCreatedPayload = { id: number; unitId: number | null; channel: string; subject: string; receivedAt: string }
export type TopicChangedPayload = { id: number; unitId: number; status: string; heat: number; title: string }

export type MeetingEventPayload = { meetingId: number; seq: number; type: string; actorId: number | null; inRoom: boolean; payload: Record<string, unknown>; createdAt: string }

export interface ServerToClientEvents {
  'notification:new': (n: NotificationPayload) => void
  'complaint:created': (c: ComplaintCreatedPayload) => void
  'topic:changed': (t: TopicChangedPayload) => void
  'meeting:event': (e: MeetingEventPayload) => void
}

export interface ClientToServerEvents {
  'meeting:join': (p: { meetingId: number; sinceSeq?: number }, ack: (r: Ack<{ events: MeetingEventPayload[]; role: string | null }>) => void) => void
  'meeting:leave': (p: { meetingId: number }, ack?: (r: Ack<true>) => void) => void
  'meeting:command': (
    p: { meetingId: number; idempotencyKey: string; type: string; payload?: Record<string, unknown> },
    ack: (r: Ack<MeetingEventPayload>) => void,
  ) => void
}

export interface SocketData {
  userId: number | null
  /** Unit ids the user holds a staff role in; their sockets join `unit:<id>` rooms. */
  unitIds: number[]
}

export const userRoom = (id: number) => `user:${id}`
export const unitRoom = (id: number) => `unit:${id}`
export const meetingRoom = (id: number) => `meeting:${id}`
