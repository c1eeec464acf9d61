// Personal data scrubbed from published text (nlp/scrub) is replaced by
// placeholders such as 【姓名】. The text is stored and sent with them as
// written; a page reads them in its own language, around the writer's words.
import { translate, type Locale, type MessageKey } from '#app/i18n/index'
import { markZh } from '#app/utils/zh-marks'

const PLACEHOLDERS: Record<string, MessageKey> = {
  '【姓名】': 'scrub.placeholder.name',
  '【电话】': 'scrub.placeholder.phone',
  '【地址】': 'scrub.placeholder.address',
  '【证件号】': 'scrub.placeholder.idNumber',
  '【车牌】': 'scrub.placeholder.plate',
  '【邮箱】': 'scrub.placeholder.email',
  '【账号】': 'scrub.placeholder.account',
  '【网友】': 'scrub.placeholder.handle',
}
const PATTERN = new RegExp(`(${Object.keys(PLACEHOLDERS).join('|')})`)

export type PublicTextPart = { text: string; placeholder: boolean }

/** The text as the writer's words and placeholders, in order; each placeholder in the locale's words. */
export function splitPlaceholders(text: string, locale: Locale): PublicTextPart[] {
  // split() with a capturing group puts each placeholder at an odd index.
  return text
    .split(PATTERN)
    .map((part, i) => (i % 2 ? { text: translate(locale, PLACEHOLDERS[part]!), placeholder: true } : { text: part, placeholder: false }))
    .filter(p => p.text)
}

/** The text with its placeholders in the locale's words, for places that take no markup (a page title). */
export function localPlaceholders(text: string, locale: Locale): string {
  return splitPlaceholders(text, locale)
    .map(p => p.text)
    .join('')
}

/** The placeholders a text still holds, each once, in the order they first appear. */
export function placeholdersIn(text: string): string[] {
  return [...new Set(text.split(PATTERN).filter((_, i) => i % 2))]
}

/**
 * Placeholders named for a worker to find and replace: in the locale's words, and where those differ
 * from what the text holds, with the text's own placeholder too ([phone] (【电话】)), marked as Chinese (see markZh).
 */
export function placeholderNames(placeholders: string[], locale: Locale): string {
  return placeholders
    .map(p => translate(locale, 'intake.reply.placeholderNamed', { name: translate(locale, PLACEHOLDERS[p]!), placeholder: locale === 'zh' ? p : markZh(p) }))
    .join(translate(locale, 'common.listSep'))
}
