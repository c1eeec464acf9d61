// How a live connection proves who it is: the same session cookie as the web
// pages. The server hands this to the realtime layer, which knows no cookies.
import type { Db } from '#db/client'
import { getUserBySessionKey, sessionKey } from '#db/queries/auth'
import type { SocketIdentity } from '#realtime/index'
import { SESSION_COOKIE, parseCookies } from './cookies'

/** The user behind a handshake's Cookie header, with the stored key of its session; null for visitors without one. */
export function authenticateSocket(db: Db, cookieHeader: string | undefined): SocketIdentity | null {
  const sid = parseCookies(cookieHeader)[SESSION_COOKIE]
  if (!sid) return null
  const key = sessionKey(sid)
  const user = getUserBySessionKey(db, key)
  return user ? { user, sessionKey: key } : null
}
