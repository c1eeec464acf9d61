import { createAdapter } from '@socket.io/redis-streams-adapter'
import { createClient } from 'redis'

/**
 * Scale-out: several Teahouse processes share rooms through Redis streams.
 * The streams adapter (unlike the plain pub/sub one) keeps Socket.IO's
 * connection state recovery working across processes. Needs sticky sessions
 * at the load balancer when clients may fall back to HTTP long-polling.
 */
export async function createRedisAdapter(url: string) {
  const client = createClient({ url })
  client.on('error', error => console.error('redis error', error))
  await client.connect()
  return createAdapter(client)
}
