import http from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import { broadcastDevReady, type ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { limitRequestBodies, quietAfterRefusedBody } from '#app/services/body-limit.server'
import { checkHealth } from '#app/services/health.server'
import type { startBackgroundJobs } from '#app/services/jobs.server'
import { refusesBearer } from '#app/utils/api-paths'
import { getEnv, isLoopbackAddress, trustProxySetting } from '#app/utils/env.server'
import { authenticateSocket } from '#app/utils/socket-auth.server'
import { closeDb, getDb } from '#db/client'
import { demoPasswordsInPlace, removeDemoPasswords } from '#db/queries/auth'
import { ensureBaseline, seedDemoIfEmpty } from '#db/seed'
import { createRealtime } from '#realtime/index'

const env = getEnv()
const db = getDb()
if (env.NODE_ENV !== 'production' && env.SEED_DEMO === 'auto') await seedDemoIfEmpty(db)
else ensureBaseline(db)
if (env.NODE_ENV === 'production') {
  const removed = removeDemoPasswords(db)
  if (removed) console.warn(`production mode: removed the passwords of ${removed} demo accounts`)
}

const BUILD_PATH = path.resolve('build/index.js')
const devOrigin = process.env.REMIX_DEV_ORIGIN
const loadBuild = async (): Promise<ServerBuild> => import(pathToFileURL(BUILD_PATH).href + (devOrigin ? `?t=${Date.now()}` : '')) as Promise<ServerBuild>

const app = express()
app.disable('x-powered-by')
app.set('trust proxy', trustProxySetting(env.TRUST_PROXY))
// Before anything reads a body: 413 over the cap (larger caps only on upload routes).
app.use(limitRequestBodies())
app.use(compression())

// Outside production the demo accounts keep their published passwords: shout
// when anything but this machine reaches the server (at most every 10 minutes).
if (env.NODE_ENV !== 'production') {
  let warnedAt = 0
  let demoChecked = { at: 0, inPlace: false }
  app.use((req, _res, next) => {
    const ip = req.ip ?? req.socket.remoteAddress ?? ''
    if (!isLoopbackAddress(ip) && Date.now() - warnedAt > 10 * 60 * 1000) {
      if (Date.now() - demoChecked.at > 60 * 1000) demoChecked = { at: Date.now(), inPlace: demoPasswordsInPlace(db) }
      if (demoChecked.inPlace) {
        warnedAt = Date.now()
        console.warn(
          `WARNING: reached from ${ip}, not from localhost, while demo accounts still have their published passwords (NODE_ENV=${env.NODE_ENV}). ` +
            'Anyone who can reach this server can log in as staff or admin. Run with NODE_ENV=production (which removes demo passwords) before exposing it.',
        )
      }
    }
    next()
  })
}

app.get('/healthz', (_req, res) => {
  const health = checkHealth(db)
  res.status(health.status).json(health.body)
})

// Fingerprinted Remix assets can be cached forever; other public files briefly.
app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
// Every public file has an extension: a page's path is not looked for on disk first.
const publicFiles = express.static('public', { maxAge: '1h' })
app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()))

// A bearer token is an API credential, never a login: refuse it on every
// page before Remix runs, whatever the route would have done with it.
app.use((req, res, next) => {
  if (refusesBearer(req.path, req.headers.authorization)) {
    res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', message: 'API tokens are accepted on /api/ and /open311/ only' })
    return
  }
  next()
})

// Never trust a client-supplied copy of the header we use to pass the peer address to Remix.
app.use((req, _res, next) => {
  req.headers['x-teahouse-ip'] = req.ip ?? req.socket.remoteAddress ?? 'unknown'
  next()
})

const httpServer = http.createServer(app)
const adapter = env.REDIS_URL ? await (await import('#realtime/redis-adapter')).createRedisAdapter(env.REDIS_URL) : undefined
const realtime = createRealtime(httpServer, { db, adapter, authenticate: cookie => authenticateSocket(db, cookie) })

let build = await loadBuild()
app.all(
  '*',
  devOrigin
    ? async (req, res, next) => {
        build = await loadBuild()
        return createRequestHandler({ build, mode: 'development', getLoadContext: () => ({ notify: realtime.notify }) })(req, res, next)
      }
    : createRequestHandler({ build, mode: build.mode, getLoadContext: () => ({ notify: realtime.notify }) }),
)
app.use(quietAfterRefusedBody)

// The jobs come from the built app, not from an import here: a module imported by
// this file is a second copy of the one the pages use, with its own topic engine and
// classifier, and a worker's decision on a page would not reach the jobs' copy.
const jobs = (build.entry.module as unknown as { startBackgroundJobs: typeof startBackgroundJobs }).startBackgroundJobs({ db, notify: realtime.notify })

httpServer.listen(env.PORT, () => {
  const address = httpServer.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT
  console.log(`Teahouse listening on http://localhost:${port}`)
  if (devOrigin) void broadcastDevReady(build)
})

let closing = false
function shutdown(signal: string) {
  if (closing) return
  closing = true
  console.log(`${signal} received: closing sockets and database`)
  jobs.stop()
  // io.close() disconnects every socket and closes the HTTP server it is attached to.
  void realtime.io.close(() => {
    closeDb()
    console.log('closed cleanly')
    process.exit(0)
  })
  // Do not hang forever on keep-alive connections.
  setTimeout(() => {
    closeDb()
    process.exit(0)
  }, 5000).unref()
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
