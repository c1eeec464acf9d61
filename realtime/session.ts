import type { Db } from '#db/client'
import { getUserBySessionKey, type RoleGrant, type SessionUser } from '#db/queries/auth'
import type { SocketData } from './events'

/** Roles as a comparable string, to notice a role change on a live connection. */
export const grantsSignature = (grants: readonly RoleGrant[]) =>
  grants
    .map(g => `${g.role}@${g.unitId ?? '*'}`)
    .sort()
    .join(',')

/**
 * The socket's user, read again from the database, or null when its session
 * ended (logout, expiry, idle timeout), the account was disabled or its roles
 * changed since the handshake. Anonymous sockets have nothing to lose.
 */
export function recheckSocketUser(db: Db, data: SocketData): SessionUser | null | 'anonymous' {
  if (data.userId == null) return 'anonymous'
  if (!data.sessionKey) return null
  const user = getUserBySessionKey(db, data.sessionKey, { touch: false })
  if (!user || user.id !== data.userId || grantsSignature(user.grants) !== data.grantsSignature) return null
  return user
}
