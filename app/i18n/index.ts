import { createContext, useContext } from 'react'
import { en } from './en'
import { zh, type MessageKey } from './zh'

export type Locale = 'zh' | 'en'
export type { MessageKey }
export const LOCALES: Locale[] = ['zh', 'en']

const catalogs: Record<Locale, Record<MessageKey, string>> = { zh, en }

export type TFunction = (key: MessageKey, params?: Record<string, string | number>) => string

/**
 * Translate a key with `{name}` placeholders; unknown keys fall back to
 * Chinese, then the key. A packed message (see `packMessage`) is read as its
 * key with its parameters.
 */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = catalogs[locale]?.[key] ?? zh[key]
  if (template === undefined) {
    const packed = unpackMessage(key)
    return packed ? translate(locale, packed.key, { ...packed.params, ...params }) : key
  }
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
}

/**
 * A key and its parameters as one string, `key?name=value&…`, for messages
 * that can only travel as strings (Conform's field errors).
 */
export function packMessage(key: MessageKey, params?: Record<string, string | number>): string {
  if (!params || !Object.keys(params).length) return key
  return `${key}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`
}

/** The key and parameters of a packed message; null when it is not one (its key is not in the catalog). */
export function unpackMessage(message: string): { key: MessageKey; params: Record<string, string> } | null {
  const q = message.indexOf('?')
  const key = q < 0 ? message : message.slice(0, q)
  if (!isMessageKey(key)) return null
  return { key, params: q < 0 ? {} : Object.fromEntries(new URLSearchParams(message.slice(q + 1))) }
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
