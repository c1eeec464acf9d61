import { Form, useLocation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { CsrfInput } from '#app/components/csrf'
import { ErrorList } from '#app/components/forms'
import { ZhText } from '#app/components/zh-text'
import { type MessageKey, useLocale, useT } from '#app/i18n/index'
import { placeholdersIn } from '#app/utils/placeholders'

/**
 * The staff reply to the complainant, with earlier answers to similar questions
 * as starting points. Replies are published later only without personal data.
 */
/** What becomes of the answer's address while a newer reply awaits review, or after it was kept out. */
const UPDATE_NOTE = {
  published: { pending: 'answers.reply.updatePending', rejected: 'answers.reply.updateRejected' },
  withdrawn: { pending: 'answers.reply.updatePendingWithdrawn', rejected: 'answers.reply.updateRejectedWithdrawn' },
} as const satisfies Record<string, Record<'pending' | 'rejected', MessageKey>>

/** A past reply added after what is typed, so nothing typed is lost. */
export const withDraft = (typed: string, reply: string) => (typed.trim() ? `${typed.trimEnd()}\n\n${reply}` : reply)

export function ComplaintReply({
  answer,
  similarAnswers,
  draftFrom: initialDraftFrom,
  errors,
  typed,
  resolveOnReply,
}: {
  /** `update`: a newer reply to a published (or withdrawn) one, awaiting review or kept out; the published version stays online (the withdrawn one withdrawn) meanwhile. */
  answer: { status: string; update: 'pending' | 'rejected' | null; reply: string } | null
  /** `community`: the past reply's community, when it is not this complaint's. */
  similarAnswers: { id: number; question: string; reply: string; community: string | null }[]
  /** The past reply drawn into the box when the page came (pressed without JavaScript). */
  draftFrom: number | null
  errors: Record<string, string[]>
  /** The form as the page brings it back (refused, or with a past reply drawn in): the box's text and the resolve choice. */
  typed?: { reply: string; resolve: boolean } | null
  /** Offer to resolve the report with the reply, ticked or not; null when it is settled already. */
  resolveOnReply?: boolean | null
}) {
  const t = useT()
  const locale = useLocale()
  const { pathname } = useLocation()
  const initialDraft = similarAnswers.find(a => a.id === initialDraftFrom) ?? null
  const [drafted, setDrafted] = useState<number[]>(initialDraft ? [initialDraft.id] : [])
  // Focus moves to the box once the note on the draft is there, so a screen reader reads it with the box.
  const focusBox = useRef(false)
  useEffect(() => {
    if (!focusBox.current) return
    focusBox.current = false
    document.getElementById('reply')?.focus()
  }, [drafted])
  // With JavaScript the chosen reply is added to what is already typed in place, without a round trip.
  const draftFrom = (a: { id: number; reply: string }) => (e: React.MouseEvent) => {
    const box = document.getElementById('reply') as HTMLTextAreaElement | null
    if (!box) return
    e.preventDefault()
    box.value = withDraft(box.value, a.reply)
    focusBox.current = true
    setDrafted(ids => [...ids.filter(id => id !== a.id), a.id])
  }
  const sources = drafted.map(id => similarAnswers.find(a => a.id === id)).filter(a => a != null)
  const communities = [...new Set(sources.map(a => a.community).filter(c => c != null))]
  const placeholders = placeholdersIn(sources.map(a => a.reply).join('\n'))
  const describedBy = [sources.length ? 'reply-draft-note' : null, errors.reply ? 'reply-error' : null].filter(Boolean).join(' ') || undefined
  return (
    <section className="card stack" aria-labelledby="reply-h">
      <h2 id="reply-h">{t('answers.reply.title')}</h2>
      <p className="hint">{t('answers.reply.lead')}</p>
      {answer ? (
        <p>
          {t('answers.reply.status', { status: t(`answers.status.${answer.status}` as MessageKey) })}
          {answer.update ? ` ${t(UPDATE_NOTE[answer.status === 'withdrawn' ? 'withdrawn' : 'published'][answer.update])}` : null}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="reply" />
        {similarAnswers.length ? (
          <div className="stack" data-testid="similar-answers">
            <h3>{t('answers.reply.similar')}</h3>
            <p className="hint">{t('answers.reply.similarHint')}</p>
            {similarAnswers.map(a => (
              <details key={a.id}>
                <summary>
                  <ZhText>{a.question}</ZhText>
                </summary>
                <p style={{ whiteSpace: 'pre-wrap' }} lang="zh-CN">
                  {a.reply}
                </p>
                {/* A button of the reply form, so without JavaScript what is typed travels with it (posted: the text may name the resident). */}
                <button type="submit" name="draftFrom" value={a.id} formAction={`${pathname}#reply`} onClick={draftFrom(a)}>
                  {t('answers.reply.draftFrom')}
                </button>
              </details>
            ))}
          </div>
        ) : null}
        <label htmlFor="reply">
          {t('answers.reply')}
          <textarea
            id="reply"
            name="reply"
            rows={5}
            maxLength={20000}
            defaultValue={typed?.reply ?? answer?.reply ?? ''}
            required
            aria-invalid={errors.reply ? true : undefined}
            aria-describedby={describedBy}
          />
        </label>
        {sources.length ? (
          <p id="reply-draft-note" className="hint">
            {communities.length ? t('intake.reply.draftNoteCommunity', { community: communities.join('、') }) : t('intake.reply.draftNote')}
            {placeholders.length ? `${locale === 'zh' ? '' : ' '}${t('intake.reply.draftPlaceholders', { placeholders: placeholders.join('、') })}` : null}
          </p>
        ) : null}
        <ErrorList id="reply-error" errors={errors.reply} />
        {resolveOnReply != null ? (
          <label className="check">
            <input type="checkbox" name="resolve" value="1" defaultChecked={typed ? typed.resolve : resolveOnReply} />
            {t('intake.reply.resolve')}
          </label>
        ) : null}
        <div>
          <button type="submit">{t('answers.reply.save')}</button>
        </div>
      </Form>
    </section>
  )
}
