import type { Locale } from '#app/i18n/index'
import { PREFS_COOKIE, parseCookies, serializeCookie } from './cookies'

export type Prefs = { locale: Locale; largeText: boolean; highContrast: boolean }

/** Display preferences live in a cookie so they persist without an account and work without JS. */
export function getPrefs(request: Request): Prefs {
  const raw = parseCookies(request.headers.get('cookie'))[PREFS_COOKIE] ?? ''
  const [locale, large, contrast] = raw.split('.')
  let fallback: Locale = 'zh'
  const accept = request.headers.get('accept-language') ?? ''
  if (!raw && /^en\b/i.test(accept)) fallback = 'en'
  return { locale: locale === 'en' || locale === 'zh' ? locale : fallback, largeText: large === '1', highContrast: contrast === '1' }
}

export function prefsCookieHeader(p: Prefs) {
  return serializeCookie(PREFS_COOKIE, `${p.locale}.${p.largeText ? 1 : 0}.${p.highContrast ? 1 : 0}`, { maxAge: 365 * 24 * 3600, httpOnly: false })
}

const PREFS_INTENTS = ['lang:en', 'lang:zh', 'large', 'contrast']

/** Whether a submitted `intent` is one of the header toggles. */
export function isPrefsIntent(intent: string): boolean {
  return PREFS_INTENTS.includes(intent)
}

/** Apply a header toggle (`lang:en`, `lang:zh`, `large`, `contrast`); false when `intent` is none of them. */
export function applyPrefsIntent(prefs: Prefs, intent: string): boolean {
  if (intent === 'lang:en' || intent === 'lang:zh') prefs.locale = intent.slice(5) as Locale
  else if (intent === 'large') prefs.largeText = !prefs.largeText
  else if (intent === 'contrast') prefs.highContrast = !prefs.highContrast
  else return false
  return true
}
