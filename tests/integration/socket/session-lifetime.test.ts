import { and, eq } from 'drizzle-orm'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM } from '#db/queries/audit'
import { createUser } from '#db/queries/auth'
import { getUnitByCode } from '#db/queries/units'
import { meetingParticipants, roleAssignments, sessions, users } from '#db/schema/index'
import { userKey } from '#meetings/types'
import { seedTestUnits } from '#tests/db-utils'
import { joinAs, meetingFixture, startServer, waitFor } from '../realtime/helpers'
import { loginOverHttp, request, startRealServer, type RealServer } from '../security/real-server'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

function openSocket(url: string, cookie: string) {
  const s = connect(url, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true, reconnection: false })
  cleanups.push(() => s.disconnect())
  return new Promise<Socket>((resolve, reject) => {
    s.once('connect', () => resolve(s))
    s.once('connect_error', reject)
  })
}

const disconnection = (s: Socket, ms = 3000) =>
  new Promise<string>(resolve => {
    const timer = setTimeout(() => resolve('still connected'), ms)
    s.once('disconnect', reason => (clearTimeout(timer), resolve(reason)))
  })

describe('logout ends the live connection (real HTTP and sockets)', () => {
  let server: RealServer
  beforeAll(async () => {
    server = await startRealServer(async db => {
      seedTestUnits(db)
      await createUser(
        db,
        { username: 'worker', password: 'worker-password-1', displayName: '社工' },
        [{ role: 'community_worker', unitId: getUnitByCode(db, 'gs-czq')!.id }],
        SYSTEM,
      )
    })
  }, 60_000)
  afterAll(() => server?.stop())

  it('the socket opened with a session is disconnected by the server when that session logs out', async () => {
    const { cookie } = await loginOverHttp(server, 'worker', 'worker-password-1')
    const socket = await openSocket(server.url, cookie!)
    const gone = disconnection(socket)
    const res = await request(server, '/logout', { headers: { cookie: cookie! }, form: {} })
    expect(res.status).toBe(302)
    expect(await gone).toBe('io server disconnect')
  })
})

describe('the administration pages end a changed account’s live connections at once (real HTTP and sockets)', () => {
  let server: RealServer
  const ids = { worker: 0, workerGrant: 0, czq: 0 }
  beforeAll(async () => {
    server = await startRealServer(async db => {
      seedTestUnits(db)
      ids.czq = getUnitByCode(db, 'gs-czq')!.id
      await createUser(db, { username: 'root', password: 'admin-password-1', displayName: '管理员' }, [{ role: 'admin', unitId: null }], SYSTEM)
      const worker = await createUser(
        db,
        { username: 'worker', password: 'worker-password-1', displayName: '社工' },
        [{ role: 'community_worker', unitId: ids.czq }],
        SYSTEM,
      )
      ids.worker = worker.id
      ids.workerGrant = db.select().from(roleAssignments).where(eq(roleAssignments.userId, worker.id)).get()!.id
    })
  }, 60_000)
  afterAll(() => server?.stop())

  let adminCookie = ''
  const adminPost = async (form: Record<string, string>) => {
    adminCookie ||= (await loginOverHttp(server, 'root', 'admin-password-1')).cookie!
    const res = await request(server, '/admin/users', { headers: { cookie: adminCookie }, form })
    expect(res.status, res.body).toBe(303)
  }

  // Well inside the 30-second re-check: only a push from the admin action disconnects this fast.
  it('granting a role disconnects the account’s sockets', async () => {
    adminCookie = (await loginOverHttp(server, 'root', 'admin-password-1')).cookie!
    const { cookie } = await loginOverHttp(server, 'worker', 'worker-password-1')
    const socket = await openSocket(server.url, cookie!)
    const gone = disconnection(socket)
    await adminPost({ intent: 'grant', userId: String(ids.worker), role: 'facilitator', unitId: String(ids.czq) })
    expect(await gone).toBe('io server disconnect')
  })

  it('revoking a role disconnects the account’s sockets', async () => {
    const { cookie } = await loginOverHttp(server, 'worker', 'worker-password-1')
    const socket = await openSocket(server.url, cookie!)
    const gone = disconnection(socket)
    await adminPost({ intent: 'revoke', userId: String(ids.worker), grantId: String(ids.workerGrant) })
    expect(await gone).toBe('io server disconnect')
  })

  it('a password reset disconnects the account’s sockets and ends its sessions', async () => {
    const { cookie } = await loginOverHttp(server, 'worker', 'worker-password-1')
    const socket = await openSocket(server.url, cookie!)
    const gone = disconnection(socket)
    await adminPost({ intent: 'reset-password', userId: String(ids.worker), password: 'worker-password-2' })
    expect(await gone).toBe('io server disconnect')
    expect((await request(server, '/me', { headers: { cookie: cookie! } })).status).toBe(302)
  })

  it('deactivating an account disconnects its sockets and ends its sessions', async () => {
    const { cookie } = await loginOverHttp(server, 'worker', 'worker-password-2')
    const sockets = await Promise.all([openSocket(server.url, cookie!), openSocket(server.url, cookie!)])
    const gone = sockets.map(s => disconnection(s))
    await adminPost({ intent: 'set-active', userId: String(ids.worker), active: 'false' })
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect'])
    const me = await request(server, '/me', { headers: { cookie: cookie! } })
    expect(me.status).toBe(302)
    expect(me.headers.location).toMatch(/^\/login/)
  })
})

describe('sockets re-check their session', () => {
  async function setup() {
    const f = await meetingFixture()
    const server = await startServer(f.db, 0, undefined, { sessionRecheckMs: 100 })
    cleanups.push(server.close)
    return { ...f, server }
  }

  it('a disabled account’s socket is disconnected within the re-check interval', async () => {
    const f = await setup()
    const socket = await openSocket(f.server.url, f.deliberators[0]!.cookie)
    const gone = disconnection(socket)
    f.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, f.deliberators[0]!.id)).run()
    expect(await gone).toBe('io server disconnect')
  })

  it('a role change disconnects the staff socket, so it stops hearing its old unit', async () => {
    const f = await setup()
    const socket = await openSocket(f.server.url, f.facilitator.cookie)
    const gone = disconnection(socket)
    f.db.delete(roleAssignments).where(eq(roleAssignments.userId, f.facilitator.id)).run()
    expect(await gone).toBe('io server disconnect')
  })

  it('disconnectUser (for disabling or a role change) ends all that user’s sockets at once and nobody else’s', async () => {
    const f = await meetingFixture()
    const server = await startServer(f.db, 0, undefined, { sessionRecheckMs: 60_000 })
    cleanups.push(server.close)
    const [first, second, other] = await Promise.all([
      openSocket(server.url, f.recorder.cookie),
      openSocket(server.url, f.recorder.cookie),
      openSocket(server.url, f.deliberators[0]!.cookie),
    ])
    const gone = [disconnection(first), disconnection(second), disconnection(other, 500)]
    server.notify.disconnectUser!(f.recorder.id)
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect', 'still connected'])
  })

  it('a session ended elsewhere (another process, an expiry) disconnects its socket', async () => {
    const f = await setup()
    const socket = await openSocket(f.server.url, f.recorder.cookie)
    const gone = disconnection(socket)
    f.db.delete(sessions).where(eq(sessions.userId, f.recorder.id)).run()
    expect(await gone).toBe('io server disconnect')
  })
})

describe('meeting commands re-read the sender’s role', () => {
  it('a facilitator demoted to deliberator can no longer give the floor, at once', async () => {
    const f = await meetingFixture()
    // A long re-check interval: only the per-command check can catch this.
    const server = await startServer(f.db, 0, undefined, { sessionRecheckMs: 60_000 })
    cleanups.push(server.close)
    const fac = await joinAs(server.url, f.meeting.id, f.facilitator.cookie)
    const a = await joinAs(server.url, f.meeting.id, f.deliberators[0]!.cookie)
    cleanups.push(
      () => fac.session.stop(),
      () => fac.socket.disconnect(),
      () => a.session.stop(),
      () => a.socket.disconnect(),
    )
    expect(fac.session.role).toBe('facilitator')
    expect((await fac.session.send('meeting.start', {})).ok).toBe(true)
    expect((await a.session.send('hand.raise', {})).ok).toBe(true)
    f.db
      .update(meetingParticipants)
      .set({ role: 'deliberator' })
      .where(and(eq(meetingParticipants.meetingId, f.meeting.id), eq(meetingParticipants.userId, f.facilitator.id)))
      .run()
    expect(await fac.session.send('floor.give', { key: userKey(f.deliberators[0]!.id) })).toMatchObject({ ok: false, error: 'forbidden' })
  })

  it('a disabled account’s command is refused before the next re-check', async () => {
    const f = await meetingFixture()
    const server = await startServer(f.db, 0, undefined, { sessionRecheckMs: 60_000 })
    cleanups.push(server.close)
    const a = await joinAs(server.url, f.meeting.id, f.deliberators[0]!.cookie)
    cleanups.push(
      () => a.session.stop(),
      () => a.socket.disconnect(),
    )
    f.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, f.deliberators[0]!.id)).run()
    const res = await a.session.send('hand.raise', {})
    expect(res.ok).toBe(false)
    await waitFor(() => !a.socket.connected, 2000, 'server disconnect')
  })
})
