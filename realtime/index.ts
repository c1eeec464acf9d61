import type { Server as HttpServer } from 'node:http'
import { Server, type Socket } from 'socket.io'
import type { Db } from '#db/client'
import { PII_ROLES } from '#db/enums'
import { sessionKey, type SessionUser } from '#db/queries/auth'
import { getMeetingState } from '#db/queries/meetings'
import { unitAncestry } from '#db/queries/units'
import {
  type ClientToServerEvents,
  type InterServerEvents,
  type MeetingEventPayload,
  type ServerToClientEvents,
  type SocketData,
  sessionRoom,
  unitRoom,
  userRoom,
} from './events'
import { answerPresenceQueries, broadcastMeetingEvent, registerMeetingHandlers } from './meeting.handlers'
import { writePreEncodedVerbatim } from './pre-encoded'
import { grantsSignature, recheckSocketUser } from './session'

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>

/** The narrow interface actions use to tell connected clients that something changed. */
export type Notifier = {
  toUser<E extends keyof ServerToClientEvents>(userId: number, event: E, ...args: Parameters<ServerToClientEvents[E]>): void
  /** Emit to the staff of a unit and of every unit above it (community → street → district). */
  toUnit<E extends keyof ServerToClientEvents>(db: Db, unitId: number | null, event: E, ...args: Parameters<ServerToClientEvents[E]>): void
  /** Broadcast an event appended outside a socket (e.g. a QR check-in form) to a meeting room. */
  toMeeting?(event: MeetingEventPayload): void
  /** Disconnect the live connections opened with this session (logout), on every process. */
  endSession?(sessionId: string): void
  /** Disconnect every live connection of a user (account disabled, roles changed), on every process. */
  disconnectUser?(userId: number): void
}

export const nullNotifier: Notifier = { toUser() {}, toUnit() {} }

/** Who opened a connection, and the stored key of the session it used. */
export type SocketIdentity = { user: SessionUser; sessionKey: string }

export type RealtimeDeps = {
  db: Db
  /** The user behind a handshake's Cookie header (the web app's session), or null for an anonymous visitor. */
  authenticate: (cookieHeader: string | undefined) => SocketIdentity | null
  adapter?: Parameters<AppServer['adapter']>[0]
  /** How often each process re-checks its sockets' sessions (default 30 s). */
  sessionRecheckMs?: number
  /** How long a dropped member is still shown online, and how often the watcher count is broadcast (defaults in meeting.handlers.ts). */
  presence?: { graceMs?: number; watcherCountEveryMs?: number }
}

export const SESSION_RECHECK_MS = 30_000
/** Sockets whose session the sweep re-reads in one go. */
const SWEEP_SLICE = 100

/**
 * Attach Socket.IO to the HTTP server. The handshake is authenticated by the
 * app (`deps.authenticate`, the web session's cookie); anonymous sockets may
 * only reach public rooms.
 */
export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps) {
  const io: AppServer = new Server(httpServer, {
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  })
  writePreEncodedVerbatim(io)
  answerPresenceQueries(io, deps)

  io.use((socket, next) => {
    const identity = deps.authenticate(socket.handshake.headers.cookie)
    const user = identity?.user
    socket.data.userId = user?.id ?? null
    socket.data.sessionKey = identity?.sessionKey ?? null
    socket.data.grantsSignature = user ? grantsSignature(user.grants) : ''
    // Unit rooms carry new complaints and topics: only for the roles that may read them.
    socket.data.unitIds = [...new Set(user?.grants.filter(g => PII_ROLES.includes(g.role)).map(g => g.unitId ?? 0) ?? [])]
    next()
  })

  io.on('connection', socket => {
    if (socket.data.userId != null) {
      void socket.join(userRoom(socket.data.userId))
      if (socket.data.sessionKey) void socket.join(sessionRoom(socket.data.sessionKey))
      for (const u of socket.data.unitIds) void socket.join(unitRoom(u))
    }
    registerMeetingHandlers(io, socket, deps)
  })

  // A socket must not outlive its session: logout and disabling are pushed
  // (endSession, disconnectUser), and this sweep catches whatever happened
  // elsewhere (another process, expiry, idle timeout, a role change).
  const sweep = setInterval(() => {
    // A slice at a time, between which sockets are served: checking thousands at once would hold up a live meeting's events.
    const sockets = [...io.of('/').sockets.values()]
    const checkFrom = (start: number) => {
      for (const socket of sockets.slice(start, start + SWEEP_SLICE)) {
        if (socket.connected && socket.data.userId != null && recheckSocketUser(deps.db, socket.data) == null) socket.disconnect(true)
      }
      if (start + SWEEP_SLICE < sockets.length) setImmediate(checkFrom, start + SWEEP_SLICE)
    }
    checkFrom(0)
  }, deps.sessionRecheckMs ?? SESSION_RECHECK_MS)
  sweep.unref()
  httpServer.once('close', () => clearInterval(sweep))

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
    endSession(sessionId) {
      io.in(sessionRoom(sessionKey(sessionId))).disconnectSockets(true)
    },
    disconnectUser(userId) {
      io.in(userRoom(userId)).disconnectSockets(true)
    },
  }
  return { io, notify }
}
