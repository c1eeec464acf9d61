import type { Server as HttpServer } from 'node:http'
import { Server, type Socket } from 'socket.io'
import type { Db } from '#db/client'
import { PII_ROLES } from '#db/enums'
import { getUserBySessionId } from '#db/queries/auth'
import { unitAncestry } from '#db/queries/units'
import { SESSION_COOKIE, parseCookies } from '#app/utils/cookies'
import { type ClientToServerEvents, type MeetingEventPayload, type ServerToClientEvents, type SocketData, unitRoom, userRoom } from './events'
import { broadcastMeetingEvent, registerMeetingHandlers } from './meeting.handlers'
import { getMeetingState } from '#db/queries/meetings'

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

/** The narrow interface actions use to tell connected clients that something changed. */
export type Notifier = {
  toUser<E extends keyof ServerToClientEvents>(userId: number, event: E, ...args: Parameters<ServerToClientEvents[E]>): void
  /** Emit to the staff of a unit and of every unit above it (community → street → district). */
  toUnit<E extends keyof ServerToClientEvents>(db: Db, unitId: number | null, event: E, ...args: Parameters<ServerToClientEvents[E]>): void
  /** Broadcast an event appended outside a socket (e.g. a QR check-in form) to a meeting room. */
  toMeeting?(event: MeetingEventPayload): void
}

export const nullNotifier: Notifier = { toUser() {}, toUnit() {} }

export type RealtimeDeps = { db: Db; adapter?: Parameters<AppServer['adapter']>[0] }

/**
 * Attach Socket.IO to the HTTP server. The handshake authenticates with the
 * same session cookie as the web app; anonymous sockets may only reach public rooms.
 */
export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps) {
  const io: AppServer = new Server(httpServer, {
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  })

  io.use((socket, next) => {
    const sid = parseCookies(socket.handshake.headers.cookie)[SESSION_COOKIE]
    const user = sid ? getUserBySessionId(deps.db, sid) : null
    socket.data.userId = user?.id ?? null
    // Unit rooms carry new complaints and topics: only for the roles that may read them.
    socket.data.unitIds = [...new Set(user?.grants.filter(g => PII_ROLES.includes(g.role)).map(g => g.unitId ?? 0) ?? [])]
    next()
  })

  io.on('connection', socket => {
    if (socket.data.userId != null) {
      void socket.join(userRoom(socket.data.userId))
      for (const u of socket.data.unitIds) void socket.join(unitRoom(u))
    }
    registerMeetingHandlers(io, socket, deps)
  })

  const notify: Notifier = {
    toUser(userId, event, ...args) {
      io.to(userRoom(userId)).emit(event, ...args)
    },
    toUnit(db, unitId, event, ...args) {
      // unit 0 is the room of global-scope staff (admins)
      const rooms = [unitRoom(0), ...(unitId == null ? [] : unitAncestry(db, unitId).map(u => unitRoom(u.id)))]
      io.to(rooms).emit(event, ...args)
    },
    toMeeting(event) {
      broadcastMeetingEvent(io, getMeetingState(deps.db, event.meetingId), event)
    },
  }
  return { io, notify }
}
