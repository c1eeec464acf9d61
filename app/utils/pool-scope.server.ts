// Who may see and edit which pool members: workers of a community (and street
// staff above it) within their scope; personal data only to PII_ROLES in scope.
import { localName } from '#app/i18n/local-name'
import { scopeUnitIds, userHasRole } from '#app/utils/auth.server'
import { getDb, getPoolMember, maskName, maskPhone, unitsWithin, type PoolMemberRow, type SessionUser } from '#app/utils/db.server'
import { PII_ROLES, POOL_STAFF } from '#app/utils/permissions'

/** Communities the user may manage pool members in, with names in the locale. */
export function poolCommunities(user: SessionUser, locale: 'zh' | 'en') {
  const db = getDb()
  const scope = scopeUnitIds(user, POOL_STAFF)
  return unitsWithin(db, scope, 'community')
    .sort((a, b) => a.id - b.id)
    .map(u => ({ id: u.id, name: localName(u, locale) }))
}

/** The member if the user's scope covers their community, else 404/403. */
export function requireScopedMember(user: SessionUser, id: number): PoolMemberRow {
  const m = Number.isInteger(id) ? getPoolMember(getDb(), id) : undefined
  if (!m) throw new Response('Not found', { status: 404 })
  if (!userHasRole(user, POOL_STAFF, m.communityId)) throw new Response('Forbidden', { status: 403 })
  return m
}

/** Name and phone as the viewer may see them. */
export function memberContact(user: SessionUser, m: { name: string | null; phone: string | null; communityId: number | null }) {
  const full = m.communityId != null && userHasRole(user, PII_ROLES, m.communityId)
  return { name: full ? m.name : maskName(m.name), phone: full ? m.phone : maskPhone(m.phone), masked: !full }
}
