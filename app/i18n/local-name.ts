import type { Locale } from './index'

/** Anything named in both languages: units, categories, statuses. */
export type Named = { nameZh: string; nameEn?: string | null }

/** The Chinese text in Chinese, the English one in English, and the Chinese where no English was given. */
export function localText(zh: string, en: string | null | undefined, locale: Locale): string {
  return locale === 'zh' ? zh : en || zh
}

/**
 * The name to show in `locale`: Chinese in Chinese, English in English, and
 * the Chinese name where no English one was given. Empty for no row.
 */
export function localName(row: Named | null | undefined, locale: Locale): string {
  return row ? localText(row.nameZh, row.nameEn, locale) : ''
}
