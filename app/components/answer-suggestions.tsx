import { fmtDate } from '#app/components/outcomes-ui'
import { PublicText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'

export type AnswerSuggestion = { id: number; question: string; preview: string; repliedAt: string; communityId: number | null; faq: boolean }

/**
 * Published answers that may already answer what the resident is typing, shown
 * beside the similar complaints. "This answers my question" submits the form it
 * sits in (`answerId`, counted as an inquiry avoided), so the text comes back
 * with the answer, which then says it was counted instead of offering the
 * button again; "not answered" hides the panel and the resident goes on
 * with the text kept (a plain link without JavaScript).
 */
/** Which answers were suggested: the resident's "not answered" holds for these and ends when the list changes. */
export const answersKey = (answers: AnswerSuggestion[] | undefined) => (answers ?? []).map(a => a.id).join(',')

/** The suggested answers unless the resident said these do not answer the question. */
export const shownAnswers = (answers: AnswerSuggestion[] | undefined, dismissed: string) =>
  answers?.length && answersKey(answers) !== dismissed ? answers : undefined

export function AnswerSuggestions({
  answers,
  communities,
  answeredId,
  onDismiss,
}: {
  /** The answers to show (none once the resident said they do not answer: see `shownAnswers`). */
  answers: AnswerSuggestion[] | undefined
  communities: { id: number; nameZh: string; nameEn: string }[]
  /** The answer the resident has just said answers their question. */
  answeredId?: number
  /** "Not answered": called with `answersKey(answers)`, which the page keeps to hide these answers. */
  onDismiss: (key: string) => void
}) {
  const t = useT()
  const locale = useLocale()
  if (!answers?.length) return <div aria-live="polite" />
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
              {a.faq ? `${t('answers.faq')} · ` : ''}
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
            onDismiss(answersKey(answers))
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

/**
 * Under the body, when answers or similar reports are listed under the subject: a resident writing the
 * body on a phone has them above, out of view. The link takes the keyboard to them (`SUGGESTIONS_ID`).
 */
export function SuggestionsPointer({ answers, similar }: { answers: number; similar: number }) {
  const t = useT()
  if (!answers && !similar) return null
  const key = answers && similar ? 'intake.pointer.both' : answers ? 'intake.pointer.answers' : 'intake.pointer.similar'
  return (
    <p className="hint" data-testid="suggestions-pointer">
      <a
        className="tap"
        href={`#${SUGGESTIONS_ID}`}
        onClick={e => {
          e.preventDefault()
          const box = document.getElementById(SUGGESTIONS_ID)
          box?.scrollIntoView({ block: 'start' })
          box?.focus({ preventScroll: true })
        }}
      >
        {t(key, { answers, similar })}
      </a>
    </p>
  )
}
/** The box of answers and similar reports under the subject. */
export const SUGGESTIONS_ID = 'intake-suggestions'
