import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useT } from '#app/i18n/index'

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
