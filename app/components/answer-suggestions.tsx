import { useState } from 'react'
import { fmtDate } from '#app/components/outcomes-ui'
import { PublicText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'

export type AnswerSuggestion = { id: number; question: string; preview: string; repliedAt: string; communityId: number | null }

/**
 * Published answers that may already answer what the resident is typing, shown
 * beside the similar complaints. "This answers my question" submits the form it
 * sits in (`answerId`, counted as an inquiry avoided), so the text comes back
 * with the answer, which then says it was counted instead of offering the
 * button again; "not answered" hides the panel and the resident goes on
 * with the text kept (a plain link without JavaScript).
 */
export function AnswerSuggestions({
  answers,
  communities,
  answeredId,
}: {
  answers: AnswerSuggestion[] | undefined
  communities: { id: number; nameZh: string; nameEn: string }[]
  /** The answer the resident has just said answers their question. */
  answeredId?: number
}) {
  const t = useT()
  const locale = useLocale()
  const [dismissed, setDismissed] = useState<string>('')
  const key = (answers ?? []).map(a => a.id).join(',')
  if (!answers?.length || dismissed === key) return <div aria-live="polite" />
  const place = (id: number | null) => {
    const c = id ? communities.find(u => u.id === id) : undefined
    return c ? localName(c, locale) : null
  }
  return (
    <div className="card stack" aria-live="polite" data-testid="answer-suggestions">
      <h2>{t('answers.suggest.title')}</h2>
      <p className="hint">{t('answers.suggest.lead')}</p>
      <ul className="list">
        {answers.map(a => (
          <li key={a.id} className="stack">
            <strong>
              <PublicText text={a.question} />
            </strong>
            <PublicText text={a.preview} />
            <span className="hint">
              {t('answers.repliedAt', { date: fmtDate(a.repliedAt, locale) })}
              {place(a.communityId) ? ` · ${place(a.communityId)}` : ''} ·{' '}
              <a className="tap" href={`/answers/${a.id}`} target="_blank" rel="noreferrer">
                {t('answers.suggest.more')}
              </a>
            </span>
            <span className="row">
              {a.id === answeredId ? (
                <span className="ok" data-testid="answer-counted">
                  {t('answers.suggest.counted')}
                </span>
              ) : (
                <button type="submit" name="answerId" value={a.id} formNoValidate>
                  {t('answers.suggest.answered')}
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
      <p>
        <a
          className="tap"
          href="#f-body"
          onClick={e => {
            e.preventDefault()
            setDismissed(key)
            // The link disappears with the panel: keyboard and screen-reader users go on where the text is written.
            document.getElementById('f-body')?.focus()
          }}
        >
          {t('answers.suggest.notAnswered')}
        </a>
      </p>
    </div>
  )
}
