import type { Locale } from './index'

/** Anything named in both languages: units, categories, statuses. */
export type Named = { nameZh: string; nameEn?: string | null }

/**
 * The name to show in `locale`: Chinese in Chinese, English in English, and
 * the Chinese name where no English one was given. Empty for no row.
 */
export function localName(row: Named | null | undefined, locale: Locale): string {
  if (!row) return ''
  return locale === 'zh' ? row.nameZh : row.nameEn || row.nameZh
}
