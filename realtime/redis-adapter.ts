import { createAdapter } from '@socket.io/redis-streams-adapter'
import { createClient } from 'redis'

/**
 * The Redis connection the adapter uses (it opens further ones from it). No
 * per-command timeout: the client's default (5 s) makes a busy process's
 * PUBLISH fail with an error the adapter does not catch, which ends the
 * process, and it races the adapter's own 5-second blocking XREAD.
 */
export async function connectAdapterClient(url: string) {
  const client = createClient({ url, commandOptions: { timeout: 0 } })
  client.on('error', error => console.error('redis error', error))
  await client.connect()
  return client
}

/**
 * Scale-out: several Teahouse processes share rooms through Redis streams.
 * The streams adapter (unlike the plain pub/sub one) keeps Socket.IO's
 * connection state recovery working across processes. Needs sticky sessions
 * at the load balancer when clients may fall back to HTTP long-polling.
 */
export async function createRedisAdapter(url: string, options: { streamName?: string } = {}) {
  return createAdapter(await connectAdapterClient(url), options)
}
