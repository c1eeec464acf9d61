import crypto from 'node:crypto'
import { redirect } from '@remix-run/node'
import { getDb } from '#db/client'
import type { Role } from '#db/enums'
import { getUserByApiToken, getUserBySessionId, hasRole, type ApiScope, type SessionUser, type TokenUser } from '#db/queries/auth'
import { isApiPath } from './api-paths'
import { CSRF_COOKIE, SESSION_COOKIE, parseCookies, serializeCookie } from './cookies'
import { isProduction } from './env.server'
import { loginPath } from './safe-redirect'

export type { SessionUser }

const unauthorized = () =>
  new Response(JSON.stringify({ error: 'unauthorized' }), { status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' } })

/**
 * The logged-in user from the session cookie or, on API paths only, a bearer
 * token (a request carrying a token anywhere else is refused with 401).
 */
export function getUser(request: Request): SessionUser | null {
  const db = getDb()
  const auth = request.headers.get('authorization')
  if (auth && /^bearer\s/i.test(auth)) {
    if (!isApiPath(new URL(request.url).pathname)) throw unauthorized()
    return getUserByApiToken(db, auth.slice(7).trim())
  }
  const sid = parseCookies(request.headers.get('cookie'))[SESSION_COOKIE]
  return sid ? getUserBySessionId(db, sid) : null
}

/** The user, or a redirect to the login page that comes back here afterwards. */
export function requireUser(request: Request): SessionUser {
  const user = getUser(request)
  if (!user) {
    const url = new URL(request.url)
    if (isApiPath(url.pathname)) throw unauthorized()
    throw redirect(loginPath(url.pathname + url.search))
  }
  return user
}

/**
 * The user, if they hold one of `roles` in a scope covering `unitId`
 * (omit `unitId` to accept any scope); otherwise a 403.
 */
export function requireRole(request: Request, roles: Role | readonly Role[], opts: { unitId?: number | null } = {}): SessionUser {
  const user = requireUser(request)
  if (!hasRole(getDb(), user, roles, opts.unitId)) throw forbidden()
  return user
}

/** A token must carry `scope` for this API route; browser sessions need no scope. */
export function requireScope(user: SessionUser, scope: ApiScope) {
  if (user.via === 'token' && !(user as TokenUser).scopes.includes(scope)) {
    throw new Response(JSON.stringify({ error: 'insufficient_scope', scope }), { status: 403, headers: { 'content-type': 'application/json' } })
  }
  return user
}

export function userHasRole(user: SessionUser | null, roles: Role | readonly Role[], unitId?: number | null) {
  return !!user && hasRole(getDb(), user, roles, unitId)
}

export function forbidden() {
  return new Response('Forbidden', { status: 403 })
}

export function sessionCookieHeader(sessionId: string, maxAgeSeconds: number) {
  return serializeCookie(SESSION_COOKIE, sessionId, { maxAge: maxAgeSeconds, secure: isProduction() })
}

export function clearSessionCookieHeader() {
  return serializeCookie(SESSION_COOKIE, '', { maxAge: 0, secure: isProduction() })
}

/**
 * CSRF: double-submit token. The root loader gives every visitor a random
 * token in an httpOnly cookie and renders it into forms; a POST must echo it.
 * Together with SameSite=Lax this stops cross-site form posts.
 */
export function getCsrfToken(request: Request): { token: string; setCookie?: string } {
  const existing = parseCookies(request.headers.get('cookie'))[CSRF_COOKIE]
  if (existing && /^[a-f0-9]{32}$/.test(existing)) return { token: existing }
  const token = crypto.randomBytes(16).toString('hex')
  return { token, setCookie: serializeCookie(CSRF_COOKIE, token, { secure: isProduction() }) }
}

export function validateCsrf(request: Request, formData: FormData) {
  const cookie = parseCookies(request.headers.get('cookie'))[CSRF_COOKIE]
  const sent = formData.get('csrf')
  if (!cookie || typeof sent !== 'string' || sent.length !== cookie.length || !crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(cookie))) {
    throw new Response('CSRF token mismatch', { status: 403, statusText: 'csrf' })
  }
}

/** The client address as server.ts resolved it (X-Forwarded-For only through TRUST_PROXY hops). */
export function clientIp(request: Request) {
  return request.headers.get('x-teahouse-ip') ?? 'unknown'
}

/** Unit ids the user may act in through `roles` (null = everywhere, e.g. admin). */
export function scopeUnitIds(user: SessionUser, roles: readonly Role[]): number[] | null {
  const grants = user.grants.filter(g => roles.includes(g.role) || g.role === 'admin')
  if (grants.some(g => g.unitId == null)) return null
  return [...new Set(grants.map(g => g.unitId!))]
}
