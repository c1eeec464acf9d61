// A suggested topic's summary is written by the engine in Chinese; it is shown
// again from its parts so English readers get English around the residents'
// own words, and both languages get the locale's date format.
import { makeT, type Locale } from '#app/i18n/index'
import { formatDate } from '#app/utils/dates'
import { markZh } from '#app/utils/zh-marks'
import { parseTopicSummary } from '#nlp/topic-text'

type TopicForSummary = { description: string; category: string; fromTime: Date | string | number | null; toTime: Date | string | number | null }

/** The summary in the reader's language, with Chinese words marked (see markZh); a worker's own text unchanged but marked. */
export function localTopicSummary(topic: TopicForSummary, locale: Locale, categoryName: (zh: string) => string): string {
  const parts = parseTopicSummary(topic.description)
  if (!parts || topic.fromTime == null || topic.toTime == null) return markZh(topic.description)
  const t = makeT(locale)
  const from = formatDate(topic.fromTime, locale)
  const to = formatDate(topic.toTime, locale)
  const problems = parts.problems === topic.category ? categoryName(parts.problems) : markZh(parts.problems)
  const span = parts.supporters
    ? t('topics.summary.spanSupported', { from, to, complaints: parts.complaints, residents: parts.residents, supporters: parts.supporters })
    : t('topics.summary.span', { from, to, complaints: parts.complaints, residents: parts.residents })
  const about = parts.where ? t('topics.summary.aboutAt', { problems, where: markZh(parts.where) }) : t('topics.summary.about', { problems })
  const example = parts.example ? t('topics.summary.example', { example: markZh(parts.example) }) : ''
  return span + about + example
}
