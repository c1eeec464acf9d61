import { Form, Link } from '@remix-run/react'
import { RefusalList, type RefusedAnswerForm } from '#app/components/answer-refused'
import { ConfirmSubmit } from '#app/components/confirm-submit'
import { CsrfInput } from '#app/components/csrf'
import { ErrorList, Field } from '#app/components/forms'
import { fmtDate } from '#app/components/outcomes-ui'
import { MarkedText } from '#app/components/zh-text'
import { type MessageKey, useLocale, useT } from '#app/i18n/index'
import { markZh } from '#app/utils/zh-marks'

/** Why a published answer is withdrawn: one of these, or the worker's own words (`other`, or words alone). */
export const ANSWER_WITHDRAW_REASONS = ['wrong', 'outdated', 'duplicate', 'notPublic', 'other'] as const
export type AnswerWithdrawReason = (typeof ANSWER_WITHDRAW_REASONS)[number]

const reasonKey = (reason: string) =>
  (ANSWER_WITHDRAW_REASONS as readonly string[]).includes(reason) && reason !== 'other' ? (`answers.withdraw.reason.${reason}` as MessageKey) : null

/**
 * A withdrawal's reason as staff read it: the reason chosen, then the worker's
 * words, each under its own label, as either may hold commas. Words alone are
 * the reason. `before`: pieces said ahead of it (the day), joined the same way.
 */
export function useWithdrawReason() {
  const t = useT()
  return (reason: string | null, note: string | null, ...before: (string | null)[]) => {
    const key = reason ? reasonKey(reason) : null
    const chosen = key ? t(key) : null
    const pieces = [
      ...before,
      chosen || note ? t('answers.withdrawn.why.reason', { reason: chosen ?? note! }) : null,
      chosen && note ? t('answers.withdrawn.why.note', { note }) : null,
    ]
    return pieces.filter(Boolean).join(t('answers.withdrawn.why.sep'))
  }
}

/**
 * Staff withdraw a published answer: a reason chosen or typed (or both), and
 * asked once before it is done. The form leaves checking to the server, which
 * names a missing reason beside its field and keeps what was typed.
 */
export function WithdrawAnswerForm({ refused }: { refused: RefusedAnswerForm | null }) {
  const t = useT()
  const value = (name: string) => {
    const v = refused?.values[name]
    return typeof v === 'string' ? v : ''
  }
  const formError = refused?.errors['']
  return (
    <section className="card stack no-print" id="withdraw" aria-labelledby="withdraw-title">
      <h2 id="withdraw-title">{t('answers.withdraw.title')}</h2>
      <p className="hint">{t('answers.withdraw.lead')}</p>
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="intent" value="withdraw" />
        <ErrorList errors={formError} />
        <Field label={t('answers.withdraw.reason')} name="reason" errors={refused?.errors.reason}>
          {props => (
            <select {...props} defaultValue={value('reason')}>
              <option value="">{t('answers.withdraw.choose')}</option>
              {ANSWER_WITHDRAW_REASONS.map(r => (
                <option key={r} value={r}>
                  {t(`answers.withdraw.reason.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('answers.withdraw.note')} name="note" errors={refused?.errors.note} hint={t('answers.withdraw.noteHint')}>
          {props => <textarea {...props} rows={3} defaultValue={value('note')} />}
        </Field>
        <div>
          <ConfirmSubmit label={t('answers.withdraw.submit')} question={t('answers.withdraw.question')} confirmLabel={t('answers.withdraw.confirm')} />
        </div>
      </Form>
    </section>
  )
}

/** A withdrawn answer's newer reply (its complaint's reply saved since), awaiting review or kept out. */
export type NewerReply = { status: 'pending' | 'rejected'; complaintId: number; repliedAt: string | null; keptOutAt: string | null }

/**
 * What staff see on a withdrawn answer's page: when and why, any newer reply to
 * its complaint (so the text withdrawn is not published again by mistake), and
 * the button to publish it again as it was, asked once as withdrawing is.
 */
export function WithdrawnForStaff({
  withdrawnAt,
  reason,
  note,
  newer,
  error,
}: {
  withdrawnAt: string
  reason: string | null
  note: string | null
  newer: NewerReply | null
  error: string[] | null
}) {
  const t = useT()
  const locale = useLocale()
  // The worker's own words stay as written, marked as Chinese.
  const why = useWithdrawReason()(reason, note ? markZh(note) : null)
  return (
    <section className="card stack warn no-print" aria-labelledby="withdrawn-title">
      <h2 id="withdrawn-title">{t('answers.withdrawn.body', { date: fmtDate(withdrawnAt, locale) })}</h2>
      {why ? (
        <p>
          <MarkedText text={t('answers.withdrawn.staff', { reason: why })} />
        </p>
      ) : null}
      {newer ? (
        <p data-testid="newer-reply">
          {newer.status === 'pending'
            ? t('answers.withdrawn.newerPending', { date: fmtDate(newer.repliedAt, locale) })
            : newer.keptOutAt
              ? t('answers.withdrawn.newerRejected', { date: fmtDate(newer.keptOutAt, locale) })
              : t('answers.withdrawn.newerRejectedUndated')}{' '}
          <Link className="tap" to={`/complaints/${newer.complaintId}`}>
            {t('answers.withdrawn.newerLink')}
          </Link>
        </p>
      ) : null}
      <Form method="post" className="stack">
        <CsrfInput />
        <input type="hidden" name="intent" value="republish" />
        <RefusalList errors={error} />
        <p className="hint">{t('answers.republish.hint')}</p>
        <div>
          <ConfirmSubmit label={t('answers.republish.submit')} question={t('answers.republish.question')} confirmLabel={t('answers.republish.confirm')} />
        </div>
      </Form>
    </section>
  )
}
