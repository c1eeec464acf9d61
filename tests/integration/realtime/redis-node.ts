// One Teahouse realtime process for the scale-out test: the same
// createRealtime + Redis streams adapter as server.ts (without the Remix
// build), on a shared SQLite file. Prints `port <n>` when listening.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { authenticateSocket } from '#app/utils/socket-auth.server'
import { openDb, setDb } from '#db/client'
import { createRealtime } from '#realtime/index'
import { createRedisAdapter } from '#realtime/redis-adapter'

const db = openDb(process.env.DATABASE_PATH!, { migrate: false })
setDb(db)
const adapter = await createRedisAdapter(process.env.REDIS_URL!)
const server = http.createServer()
const { io } = createRealtime(server, { db, adapter, authenticate: cookie => authenticateSocket(db, cookie) })
server.listen(0, '127.0.0.1', () => console.log(`port ${(server.address() as AddressInfo).port}`))
process.on('SIGTERM', () => {
  io.close()
  server.closeAllConnections()
  process.exit(0)
})
