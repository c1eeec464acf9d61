import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { type MessageKey, useLocale, useT } from '#app/i18n/index'
import { formatDate } from '#app/utils/dates'

/** The replies an FAQ entry relies on, one per line by the question each answered; `empty` stands in when there are none. */
export function FaqSources({ sources, id, empty = null }: { sources: { id: number; question: string }[]; id: string; empty?: ReactNode }) {
  const t = useT()
  if (!sources.length) return <>{empty}</>
  return (
    <div className="hint">
      <p id={id}>{t('answers.faq.sources')}</p>
      <ul className="list" aria-labelledby={id}>
        {sources.map(s => (
          <li key={s.id}>
            <Link to={`/answers/${s.id}`} lang="zh-CN">
              {s.question}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  )
}

/**
 * Why an FAQ entry is to be reviewed and when it was last confirmed, as one
 * sentence in the page's language (begun with a capital in English); empty
 * when there is nothing to say.
 */
export function useFaqReviewNote(): (reasons: string[], confirmedAt: string | null) => string {
  const t = useT()
  const locale = useLocale()
  return (reasons, confirmedAt) => {
    const note = [
      ...reasons.map(r => t(`answers.stale.${r}` as MessageKey)),
      ...(confirmedAt ? [t('answers.stale.confirmedOn', { date: formatDate(confirmedAt, locale) })] : []),
    ].join(t('answers.stale.and'))
    return note.charAt(0).toLocaleUpperCase(locale) + note.slice(1)
  }
}
