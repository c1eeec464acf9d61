import { Form, useLocation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { CsrfInput } from '#app/components/csrf'
import { ErrorList } from '#app/components/forms'
import { ZhMarkedText, ZhText } from '#app/components/zh-text'
import { type MessageKey, useLocale, useT } from '#app/i18n/index'
import { formError, readFormError } from '#app/utils/form-errors'
import { placeholderNames, placeholdersIn } from '#app/utils/placeholders'

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
  drafted: initialDrafted,
  saved,
  errors,
  typed,
  resolveOnReply,
}: {
  /** `update`: a newer reply to a published (or withdrawn) one, awaiting review or kept out; the published version stays online (the withdrawn one withdrawn) meanwhile. */
  answer: { status: string; update: 'pending' | 'rejected' | null; reply: string } | null
  /** `community`: the past reply's community, when it is not this complaint's; `faq`: a frequent question's entry. */
  similarAnswers: { id: number; kind: 'reply' | 'faq'; question: string; reply: string; community: string | null }[]
  /** The past replies the box held, not yet saved, when the page came (drawn in without JavaScript, or refused since). */
  drafted: number[]
  /** The last reply saved here (a new object each time): the box no longer holds an unsaved draft. */
  saved?: object | null
  errors: Record<string, string[]>
  /** The form as the page brings it back (refused, or with a past reply drawn in): the box's text and the resolve choice. */
  typed?: { reply: string; resolve: boolean } | null
  /** Offer to resolve the report with the reply, ticked or not; null when it is settled already. */
  resolveOnReply?: boolean | null
}) {
  const t = useT()
  const locale = useLocale()
  const { pathname } = useLocation()
  const [drafted, setDrafted] = useState<number[]>(initialDrafted)
  // With JavaScript the form stays on the page after saving: what it holds is the saved reply, no draft.
  const [seenSave, setSeenSave] = useState(saved)
  if (saved !== seenSave) {
    setSeenSave(saved)
    if (saved) setDrafted([])
  }
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
  const communities = [...new Set(sources.map(a => a.community).filter(c => c != null))].join(t('common.listSep'))
  const fromFaq = sources.some(a => a.kind === 'faq')
  const fromReply = sources.some(a => a.kind === 'reply')
  const note: MessageKey = fromFaq
    ? fromReply
      ? communities
        ? 'intake.reply.draftNoteFaqAndCommunity'
        : 'intake.reply.draftNoteFaqAndReply'
      : 'intake.reply.draftNoteFaq'
    : communities
      ? 'intake.reply.draftNoteCommunity'
      : 'intake.reply.draftNote'
  const placeholders = placeholdersIn(sources.map(a => a.reply).join('\n'))
  // Placeholders named in the page's words, with what the box holds to find them by.
  const replyErrors = errors.reply?.map(e => {
    const { key, params } = readFormError(e)
    return key === 'intake.reply.placeholdersLeft' ? formError(key, { placeholders: placeholderNames(placeholdersIn(String(params.placeholders)), locale) }) : e
  })
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
        {/* Without JavaScript, which past replies the box holds travels with it, so the note stays after a refusal. */}
        <input type="hidden" name="drafted" value={drafted.join(' ')} />
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
          {t('intake.reply.box')}
          {/* The reply goes to the resident in Chinese, whatever the page's language. */}
          <textarea
            id="reply"
            name="reply"
            lang="zh-CN"
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
            {t(note, { community: communities })}
            {placeholders.length ? (
              <ZhMarkedText
                text={`${locale === 'zh' ? '' : ' '}${t('intake.reply.draftPlaceholders', { placeholders: placeholderNames(placeholders, locale) })}`}
              />
            ) : null}
          </p>
        ) : null}
        <ErrorList id="reply-error" errors={replyErrors} />
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
