import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { io as connect, type Socket } from 'socket.io-client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { authenticateSocket } from '#app/utils/socket-auth.server'
import type { Db } from '#db/client'
import { getUnitByCode } from '#db/queries/units'
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

async function client(cookie: string) {
  const s = connect(url, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true })
  clients.push(s)
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve())
    s.once('connect_error', reject)
  })
  return s
}

const nextEvent = (s: Socket, event: string, ms: number) =>
  new Promise<unknown>(resolve => {
    const timer = setTimeout(() => resolve('timeout'), ms)
    s.once(event, (payload: unknown) => {
      clearTimeout(timer)
      resolve(payload)
    })
  })

describe('live intake events', () => {
  it('a new petition reaches the community worker, not the street’s facilitator, supervisor or department', async () => {
    const worker = await createLoggedInUser(db, 'community_worker', 'gs-czq')
    const others = await Promise.all([
      createLoggedInUser(db, 'facilitator', 'gs-xh'),
      createLoggedInUser(db, 'supervisor', 'gs-xh'),
      createLoggedInUser(db, 'department_staff', 'dept-traffic'),
    ])
    const [w, ...rest] = await Promise.all([client(worker.cookie), ...others.map(o => client(o.cookie))])
    const czq = getUnitByCode(db, 'gs-czq')!.id
    const payload = { id: 1, unitId: czq, channel: 'petition', subject: '反映社区主任处事不公', receivedAt: new Date().toISOString() }
    const got = [nextEvent(w!, 'complaint:created', 1000), ...rest.map(s => nextEvent(s, 'complaint:created', 400))]
    realtime.notify.toUnit(db, czq, 'complaint:created', payload)
    const [forWorker, ...forOthers] = await Promise.all(got)
    expect(forWorker).toEqual(payload)
    expect(forOthers).toEqual(['timeout', 'timeout', 'timeout'])
  })
})
