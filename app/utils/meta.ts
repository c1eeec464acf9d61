import { isRouteErrorResponse } from '@remix-run/react'
import { makeT, type Locale, type MessageKey, type TFunction } from '#app/i18n/index'

type Match = { id: string; data: unknown }

/** The visitor's locale in a route `meta` function (read from the root loader's prefs). */
export function metaLocale(matches: readonly Match[]): Locale {
  const root = matches.find(m => m.id === 'root')?.data as { prefs?: { locale?: Locale } } | undefined
  return root?.prefs?.locale === 'en' ? 'en' : 'zh'
}

export function metaT(matches: readonly Match[]): TFunction {
  return makeT(metaLocale(matches))
}

/** "<page> · 茶馆议事" in the visitor's language; `lead` (e.g. a meeting title) goes first. */
export function pageTitle(matches: readonly Match[], key: MessageKey, lead?: string): string {
  const t = metaT(matches)
  return [lead, t(key), t('app.name')].filter(Boolean).join(' · ')
}

/** The title of an error page ("页面不存在 · 茶馆议事"), matching what the error boundary says. */
export function errorTitle(matches: readonly Match[], error: unknown): string {
  const status = isRouteErrorResponse(error) ? error.status : 500
  const key: MessageKey = status === 404 ? 'error.notFound.title' : status === 403 ? 'error.forbidden.title' : 'error.generic.title'
  return pageTitle(matches, key)
}
