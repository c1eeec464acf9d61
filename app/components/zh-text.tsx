import { Fragment, type ReactNode } from 'react'
import { useLocale, type Locale } from '#app/i18n/index'
import { splitPlaceholders } from '#app/utils/placeholders'
import { splitZhMarks } from '#app/utils/zh-marks'

/**
 * Text that stays in Chinese whatever the page language: names of people, places,
 * estates and organisations, and words written by residents and workers. Marking
 * it lets screen readers pronounce it correctly and keeps English pages honest
 * about what is left untranslated.
 */
export function ZhText({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <span lang="zh-CN" className={className}>
      {children}
    </span>
  )
}

/**
 * Published text a resident or worker wrote, from which personal data was
 * scrubbed: their words stay Chinese, and the placeholders standing for what
 * was removed (【姓名】) read in the page's language ([name]).
 */
export function PublicText({ text }: { text: string }) {
  const locale = useLocale()
  const parts = locale === 'zh' ? [] : splitPlaceholders(text, locale)
  if (!parts.some(p => p.placeholder)) return <ZhText>{unbrokenPhones(text)}</ZhText>
  return <>{parts.map((p, i) => (p.placeholder ? <Fragment key={i}>{p.text}</Fragment> : <ZhText key={i}>{unbrokenPhones(p.text)}</ZhText>))}</>
}

// A landline (0571-88886666, (0571) 8888 6666) or a mobile left in a published text, an office's number.
const PHONE = /((?<!\d)(?:[(（]0\d{2,3}[)）]\s?|0\d{2,3}[-\s])\d{3,4}[-\s]?\d{4}(?!\d)|(?<!\d)1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d))/u

/** The phone numbers in a text kept on one line (`.tel`): a narrow screen does not break one at its hyphen or space. */
function unbrokenPhones(text: string): ReactNode {
  const pieces = text.split(PHONE)
  if (pieces.length === 1) return text
  return pieces.map((piece, i) =>
    i % 2 ? (
      <span key={i} className="tel">
        {piece}
      </span>
    ) : (
      piece
    ),
  )
}

/**
 * The language of text someone typed that may be either (a search, a question
 * staff write): Chinese when it holds Chinese characters, else the page's own.
 */
export function typedLang(text: string | null | undefined): 'zh-CN' | undefined {
  return text && /\p{Script=Han}/u.test(text) ? 'zh-CN' : undefined
}

/**
 * Text someone wrote that may be in either script (a name, an answer to a form):
 * on an English page marked as Chinese when it holds Chinese characters, and
 * left in the page's language when written in Latin letters only (Anna
 * Schmidt, David). A Chinese page needs no marks.
 */
export function TypedText({ text }: { text: string | null | undefined }) {
  const locale = useLocale()
  if (!text) return null
  return locale !== 'zh' && typedLang(text) ? <ZhText>{text}</ZhText> : <>{text}</>
}

const GENERATED_FRAME = /^关于(.+)的议题$/

/**
 * A topic title. Suggested topics are titled 关于…的议题 around a resident's own
 * subject; in English the Chinese frame is dropped and the subject is shown as
 * the resident wrote it.
 */
export function TopicTitle({ title }: { title: string }) {
  return <ZhText>{topicTitleText(title, useLocale())}</ZhText>
}

/** The topic title as plain text, for places that take no markup (options, attributes). */
export function topicTitleText(title: string, locale: Locale): string {
  return locale === 'en' ? (GENERATED_FRAME.exec(title)?.[1] ?? title) : title
}

/** A server-formatted string whose marked parts (see markZh) are Chinese names or residents' words, which may be scrubbed text. */
export function MarkedText({ text }: { text: string }) {
  return <>{splitZhMarks(text).map((part, i) => (part.zh ? <PublicText key={i} text={part.text} /> : part.text))}</>
}

/** A string whose marked parts (see markZh) are Chinese kept verbatim, such as the placeholders a text holds (【电话】). */
export function ZhMarkedText({ text }: { text: string }) {
  return <>{splitZhMarks(text).map((part, i) => (part.zh ? <ZhText key={i}>{part.text}</ZhText> : <Fragment key={i}>{part.text}</Fragment>))}</>
}
