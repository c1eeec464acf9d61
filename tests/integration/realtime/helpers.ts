import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { io as ioc } from 'socket.io-client'
import { afterEach } from 'vitest'
import { MeetingSession, type MeetingSocket } from '#app/components/meeting/meeting-session'
import { authenticateSocket } from '#app/utils/socket-auth.server'
import type { Db } from '#db/client'
import { SYSTEM } from '#db/queries/audit'
import { addMeetingParticipant, createMeeting, forgetMeetingStates } from '#db/queries/meetings'
import type { ParticipantRole } from '#meetings/types'
import { createRealtime } from '#realtime/index'
import { forgetMeetingSnapshots } from '#realtime/meeting-snapshot'
import { createLoggedInUser, createTestDb, seedTestUnits, insertTopic } from '#tests/db-utils'

/** A real HTTP server on a port with Socket.IO attached to the given db. */
export async function startServer(
  db: Db,
  port = 0,
  adapter?: Parameters<typeof createRealtime>[1]['adapter'],
  extra: Partial<Parameters<typeof createRealtime>[1]> = {},
) {
  const httpServer = http.createServer()
  const rt = createRealtime(httpServer, { authenticate: cookie => authenticateSocket(db, cookie), ...extra, db, adapter })
  await new Promise<void>(r => httpServer.listen(port, '127.0.0.1', r))
  const actualPort = (httpServer.address() as AddressInfo).port
  return {
    ...rt,
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}`,
    /** Close everything, dropping connections as a crash or restart would. */
    close: () =>
      new Promise<void>(resolve => {
        rt.io.close(() => resolve())
        httpServer.closeAllConnections()
      }),
  }
}

export function connect(url: string, cookie?: string): MeetingSocket {
  return ioc(url, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    forceNew: true,
  }) as MeetingSocket
}

export function waitFor(cond: () => boolean, ms = 5000, label = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    const end = Date.now() + ms
    const tick = () => {
      if (cond()) return resolve()
      if (Date.now() > end) return reject(new Error(`timed out waiting for ${label}`))
      setTimeout(tick, 10)
    }
    tick()
  })
}

export function insertApprovedTopic(db: Db, unitId: number, title = '小河小学路口拥堵') {
  return insertTopic(db, { unitId, status: 'approved', title })
}

/** A test db with units, an approved topic, a meeting with agenda, and people in each role. */
export async function meetingFixture(opts: { isPublic?: boolean; deliberators?: number; speakerSeconds?: number } = {}) {
  const db = createTestDb()
  const units = seedTestUnits(db)
  const topic = insertApprovedTopic(db, units.czq.id)
  const facilitator = await createLoggedInUser(db, 'facilitator', 'gs-xh')
  const meeting = createMeeting(
    db,
    {
      topicId: topic.id,
      title: '小河小学路口议事会',
      mode: 'hybrid',
      startsAt: new Date(),
      place: '长征桥社区会议室',
      isPublic: opts.isPublic ?? false,
      speakerSeconds: opts.speakerSeconds ?? 120,
      agenda: [
        { title: '情况通报', plannedMinutes: 15 },
        { title: '方案讨论', plannedMinutes: 60 },
        { title: '表决', plannedMinutes: 20 },
      ],
    },
    { kind: 'user', id: facilitator.id },
  )
  const add = async (role: ParticipantRole) => {
    const u = await createLoggedInUser(db, 'resident', 'gs-czq')
    addMeetingParticipant(db, { meetingId: meeting.id, userId: u.id, role }, SYSTEM)
    return u
  }
  const deliberators = []
  for (let i = 0; i < (opts.deliberators ?? 2); i++) deliberators.push(await add('deliberator'))
  const recorder = await add('recorder')
  const outsider = await createLoggedInUser(db, 'resident', 'gs-czq')
  return { db, units, topic, meeting, facilitator, deliberators, recorder, outsider, add }
}

/** A connected client with a joined meeting session. */
export async function joinAs(url: string, meetingId: number, cookie?: string, ackTimeoutMs = 2000) {
  const socket = connect(url, cookie)
  const session = new MeetingSession(socket, meetingId, { ackTimeoutMs })
  await waitFor(() => session.joined || session.error != null, 5000, 'join')
  return { socket, session }
}

/** An anonymous observer joined to a meeting, and everything its socket receives: the join reply, events and presence. */
export async function observeMeeting(url: string, meetingId: number) {
  const socket = connect(url)
  const got: unknown[] = []
  socket.on('meeting:event', e => got.push(e))
  socket.on('meeting:events', e => got.push(e))
  socket.on('meeting:presence', p => got.push(p))
  await waitFor(() => socket.connected, 5000, 'connect')
  const reply = await new Promise<unknown>(resolve => socket.emit('meeting:join', { meetingId }, resolve))
  got.push(reply)
  return { socket, got }
}

/** What a test started (servers, clients), stopped after it in reverse order. */
export function stopAfterEach(): (() => unknown)[] {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!()
  })
  return cleanups
}

/**
 * A meeting with its realtime server, and `join(cookie)` to connect a client
 * to it (`serverOpts`: the realtime server's settings); the server and clients are stopped after the test. `restart` stops the
 * server as a crash would, forgets all in-memory state and starts again on the same port.
 */
export async function liveMeeting(
  cleanups: (() => unknown)[],
  opts: Parameters<typeof meetingFixture>[0] = {},
  serverOpts: Parameters<typeof startServer>[3] = {},
) {
  const f = await meetingFixture(opts)
  let server = await startServer(f.db, 0, undefined, serverOpts)
  cleanups.push(() => server.close())
  const join = async (cookie?: string) => {
    const c = await joinAs(server.url, f.meeting.id, cookie)
    cleanups.push(
      () => c.session.stop(),
      () => c.socket.disconnect(),
    )
    return c
  }
  const restart = async () => {
    const port = server.port
    await server.close()
    forgetMeetingStates(f.db)
    forgetMeetingSnapshots(f.db)
    server = await startServer(f.db, port, undefined, serverOpts)
  }
  return { ...f, join, restart, url: () => server.url }
}
