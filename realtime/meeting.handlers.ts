import type { AppServer, AppSocket, RealtimeDeps } from './index'

/** Meeting room handlers (filled in by the live-meeting work). */
export function registerMeetingHandlers(_io: AppServer, socket: AppSocket, _deps: RealtimeDeps) {
  socket.on('meeting:join', (_p, ack) => ack({ error: 'not-found' }))
}
