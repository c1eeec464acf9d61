import { createContext, useContext } from 'react'
import { en } from './en'
import { zh, type MessageKey } from './zh'

export type Locale = 'zh' | 'en'
export type { MessageKey }
export const LOCALES: Locale[] = ['zh', 'en']

const catalogs: Record<Locale, Record<MessageKey, string>> = { zh, en }

export type TFunction = (key: MessageKey, params?: Record<string, string | number>) => string

/** Translate a key with `{name}` placeholders; unknown keys fall back to Chinese, then the key. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = catalogs[locale]?.[key] ?? zh[key] ?? key
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
}

export function makeT(locale: Locale): TFunction {
  return (key, params) => translate(locale, key, params)
}

export function isMessageKey(key: string): key is MessageKey {
  return key in zh
}

export const LocaleContext = createContext<Locale>('zh')

/** The translate function for the current request's locale. */
export function useT(): TFunction {
  return makeT(useContext(LocaleContext))
}

export function useLocale(): Locale {
  return useContext(LocaleContext)
}
