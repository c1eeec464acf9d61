import { MarkedText, topicTitleText } from '#app/components/zh-text'
import { isMessageKey, useLocale, useT, type MessageKey } from '#app/i18n/index'
import { markZh } from '#app/utils/zh-marks'

/**
 * A review action the server refused, in words: a topic it names by its title
 * (Chinese, marked as such on English pages) and that topic's status by the
 * catalog's label, never the stored code.
 */
export function RefusalText({ message, params }: { message: MessageKey; params?: Record<string, string | number> | null }) {
  const t = useT()
  const locale = useLocale()
  const shown: Record<string, string | number> = { status: '', ...params }
  if (typeof shown.title === 'string') shown.title = markZh(topicTitleText(shown.title, locale))
  const status = `status.${shown.status}`
  if (shown.status && isMessageKey(status)) shown.status = t(status)
  return <MarkedText text={t(message, shown)} />
}
