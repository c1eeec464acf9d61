import { Form } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { ErrorList } from '#app/components/forms'
import { ZhText } from '#app/components/zh-text'
import { type MessageKey, useT } from '#app/i18n/index'

/**
 * The staff reply to the complainant, with earlier answers to similar questions
 * as starting points. Replies are published later only without personal data.
 */
/** What becomes of the answer's address while a newer reply awaits review, or after it was kept out. */
const UPDATE_NOTE = {
  published: { pending: 'answers.reply.updatePending', rejected: 'answers.reply.updateRejected' },
  withdrawn: { pending: 'answers.reply.updatePendingWithdrawn', rejected: 'answers.reply.updateRejectedWithdrawn' },
} as const satisfies Record<string, Record<'pending' | 'rejected', MessageKey>>

export function ComplaintReply({
  answer,
  similarAnswers,
  draft,
  errors,
  typed,
  resolveOnReply,
}: {
  /** `update`: a newer reply to a published (or withdrawn) one, awaiting review or kept out; the published version stays online (the withdrawn one withdrawn) meanwhile. */
  answer: { status: string; update: 'pending' | 'rejected' | null; reply: string } | null
  similarAnswers: { id: number; question: string; reply: string }[]
  draft: string | null
  errors: Record<string, string[]>
  /** The reply as last sent, when it was refused: shown again as typed. */
  typed?: string | null
  /** Offer to resolve the report with the reply, ticked or not; null when it is settled already. */
  resolveOnReply?: boolean | null
}) {
  const t = useT()
  // With JavaScript the chosen reply is added to what is already typed, so nothing typed is lost.
  const draftFrom = (reply: string) => (e: React.MouseEvent) => {
    const box = document.getElementById('reply') as HTMLTextAreaElement | null
    if (!box) return
    e.preventDefault()
    box.value = box.value.trim() ? `${box.value.trimEnd()}\n\n${reply}` : reply
    box.focus()
  }
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
        <label htmlFor="reply">
          {t('answers.reply')}
          <textarea
            id="reply"
            name="reply"
            rows={5}
            maxLength={20000}
            defaultValue={typed ?? draft ?? answer?.reply ?? ''}
            required
            aria-invalid={errors.reply ? true : undefined}
            aria-describedby={errors.reply ? 'reply-error' : undefined}
          />
        </label>
        <ErrorList id="reply-error" errors={errors.reply} />
        {resolveOnReply != null ? (
          <label className="check">
            <input type="checkbox" name="resolve" value="1" defaultChecked={resolveOnReply} />
            {t('intake.reply.resolve')}
          </label>
        ) : null}
        <div>
          <button type="submit">{t('answers.reply.save')}</button>
        </div>
      </Form>
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
              <a className="button" href={`?draftFrom=${a.id}#reply`} onClick={draftFrom(a.reply)}>
                {t('answers.reply.draftFrom')}
              </a>
            </details>
          ))}
        </div>
      ) : null}
    </section>
  )
}
