const BASE = 'http://teahouse.invalid'

/**
 * The one check for user-supplied "come back here" targets (login, preferences):
 * only a path on this site. Browsers read `/\host`, `//host`, tabs and other
 * tricks as another origin, so anything but a plain absolute path falls back.
 */
export function safeRedirect(to: unknown, fallback = '/'): string {
  if (typeof to !== 'string' || to.length > 2000 || !to.startsWith('/')) return fallback
  const path = to.split(/[?#]/, 1)[0]!
  if (path.includes('//') || /[\\\s\u0000-\u001f\u007f]/.test(to)) return fallback
  let url: URL
  try {
    url = new URL(to, BASE)
  } catch {
    return fallback
  }
  if (url.origin !== BASE || url.pathname.startsWith('//')) return fallback
  return to
}

/** The login page that comes back to `returnTo` (a path on this site) afterwards. */
export function loginPath(returnTo: string): string {
  return `/login?redirectTo=${encodeURIComponent(returnTo)}`
}
