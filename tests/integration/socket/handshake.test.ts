import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { io as connect, type Socket } from 'socket.io-client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { authenticateSocket } from '#app/utils/socket-auth.server'
import type { Db } from '#db/client'
import { createRealtime } from '#realtime/index'
import { createLoggedInUser, createTestDb, seedTestUnits } from '#tests/db-utils'

let db: Db
let server: http.Server
let realtime: ReturnType<typeof createRealtime>
let url: string
const clients: Socket[] = []

beforeEach(async () => {
  db = createTestDb()
  seedTestUnits(db)
  server = http.createServer()
  realtime = createRealtime(server, { db, authenticate: cookie => authenticateSocket(db, cookie) })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect()
  await new Promise(r => realtime.io.close(() => r(null)))
})

async function client(cookie?: string) {
  const s = connect(url, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, forceNew: true })
  clients.push(s)
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve())
    s.once('connect_error', reject)
  })
  return s
}

const nextEvent = <T>(s: Socket, event: string, ms = 1000) =>
  new Promise<T | 'timeout'>(resolve => {
    const timer = setTimeout(() => resolve('timeout'), ms)
    s.once(event, (payload: T) => {
      clearTimeout(timer)
      resolve(payload)
    })
  })

describe('Socket.IO handshake uses the session cookie', () => {
  it('delivers unit events to staff in scope only, and nothing to anonymous sockets', async () => {
    const czqWorker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const hmWorker = await createLoggedInUser(db, 'community_worker', 'gs-hm')
    const streetStaff = await createLoggedInUser(db, 'street_staff', 'gs-xh')
    const [a, b, c, anon] = await Promise.all([client(czqWorker.cookie), client(hmWorker.cookie), client(streetStaff.cookie), client()])
    const czqId = db.query.units.findFirst({ where: (u, { eq }) => eq(u.code, 'gs-czq') }).sync()!.id
    const payload = { id: 1, unitId: czqId, channel: 'web', subject: '测试', receivedAt: new Date().toISOString() }
    const got = [
      nextEvent(a, 'complaint:created'),
      nextEvent(b, 'complaint:created', 300),
      nextEvent(c, 'complaint:created'),
      nextEvent(anon, 'complaint:created', 300),
    ]
    realtime.notify.toUnit(db, czqId, 'complaint:created', payload)
    const [ra, rb, rc, ranon] = await Promise.all(got)
    expect(ra).toEqual(payload)
    expect(rc).toEqual(payload)
    expect(rb).toBe('timeout')
    expect(ranon).toBe('timeout')
  })

  it('delivers user events to that user only', async () => {
    const u1 = await createLoggedInUser(db, 'resident', 'gs-czq')
    const u2 = await createLoggedInUser(db, 'resident', 'gs-czq')
    const [s1, s2] = await Promise.all([client(u1.cookie), client(u2.cookie)])
    const n = { id: 7, kind: 'test', messageKey: 'nav.home', params: {}, link: null, createdAt: new Date().toISOString() }
    const got = [nextEvent(s1, 'notification:new'), nextEvent(s2, 'notification:new', 300)]
    realtime.notify.toUser(u1.id, 'notification:new', n)
    expect(await Promise.all(got)).toEqual([n, 'timeout'])
  })

  it('treats a forged session cookie as anonymous', async () => {
    const u = await createLoggedInUser(db, 'resident', 'gs-czq')
    const forged = await client('th_session=not-a-real-session')
    const got = nextEvent(forged, 'notification:new', 300)
    realtime.notify.toUser(u.id, 'notification:new', { id: 1, kind: 'x', messageKey: 'nav.home', params: {}, link: null, createdAt: '' })
    expect(await got).toBe('timeout')
  })
})
