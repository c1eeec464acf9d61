import { Link } from '@remix-run/react'
import { z } from 'zod'
import { fieldErrors } from '#app/components/forms'
import { submittedValues } from '#app/components/outcomes-ui'
import { type MessageKey, useT } from '#app/i18n/index'
import { formError, formErrorText, readFormError } from '#app/utils/form-errors'
import type { FoundKind } from '#db/queries/answers'

/**
 * A form of the reply library the server refused: what was typed in it (so it
 * is shown again), and the problems by field, `''` for those that belong to
 * no field. A failed action's message keeps its parameters (`第 {id} 号`).
 */
export type RefusedAnswerForm = { values: Record<string, unknown>; errors: Record<string, string[]> }

/** The refused form in an action's answer (`parseForm`'s `result`, or a failed command's with `values` kept), or null. */
export function refusedAnswerForm(answer: unknown): RefusedAnswerForm | null {
  if (!answer || typeof answer !== 'object' || !('result' in answer)) return null
  const { result, values, error, params } = answer as { result: unknown; values?: unknown; error?: MessageKey; params?: Record<string, string | number> | null }
  const typed = values && typeof values === 'object' ? (values as Record<string, unknown>) : submittedValues(result)
  const errors = fieldErrors(result as Parameters<typeof fieldErrors>[0])
  if (error && params) for (const [field, keys] of Object.entries(errors)) errors[field] = keys.map(k => (k === error ? formError(error, params) : k))
  return { values: typed, errors }
}

/** Reading a refused form: a field's typed text (or `fallback` when this form was not the one sent), its errors, and aria wiring. */
export function refusedFields(refused: RefusedAnswerForm | null, prefix: string) {
  return {
    value: (name: string, fallback: string) => {
      if (!refused) return fallback
      const v = refused.values[name]
      return typeof v === 'string' ? v : ''
    },
    errors: (name: string) => refused?.errors[name],
    /** `aria-invalid` and `aria-describedby` for a control whose errors are listed under `${prefix}-${name}-error`. */
    aria: (name: string) => (refused?.errors[name] ? { 'aria-invalid': true as const, 'aria-describedby': `${prefix}-${name}-error` } : {}),
    errorId: (name: string) => `${prefix}-${name}-error`,
  }
}

// Said beside a field for each kind of personal data found in it: a mobile is personal, only a landline may be kept as an office's.
const FOUND: Record<FoundKind, MessageKey> = {
  name: 'answers.error.found.name',
  mobile: 'answers.error.found.mobile',
  phone: 'answers.error.found.phone',
  address: 'answers.error.found.address',
  idNumber: 'answers.error.found.idNumber',
  plate: 'answers.error.found.plate',
  email: 'answers.error.found.email',
  account: 'answers.error.found.account',
  handle: 'answers.error.found.handle',
}

/** The field errors for personal data found in a form's texts (`personalDataInReview`, `personalDataInFaq`): each kind beside its field. */
export const foundErrors = (found: Partial<Record<string, FoundKind[]>>) =>
  Object.fromEntries(Object.entries(found).map(([field, kinds]) => [field, (kinds ?? []).map(k => FOUND[k])]))

// Refusals naming a published FAQ entry (`answers.faq.duplicate`, `answers.faq.sameSources`, the question already answered): its question links to it.
const NAMES_ENTRY = new Set<MessageKey>([
  'answers.faq.duplicate',
  'answers.faq.sameSources',
  'answers.faq.alreadyAnswered',
  'answers.entry.alreadyAnswered',
  'answers.check.duplicate',
  'answers.check.sameSources',
  'answers.check.alreadyAnswered',
])
// Refused as a question another published entry answers, on publishing, on updating an entry or on a check: the worker may confirm it is another one.
const ALREADY_ANSWERED = new Set<MessageKey>(['answers.faq.alreadyAnswered', 'answers.entry.alreadyAnswered', 'answers.check.alreadyAnswered'])

/**
 * A refused form's errors, as `ErrorList` says them, except that a refusal
 * naming a published FAQ entry links its question to the entry and offers to
 * update that entry instead.
 */
export function RefusalList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const t = useT()
  if (!errors?.length) return null
  return (
    <ul id={id} className="field-error" role="alert">
      {[...new Set(errors)].map(error => {
        const { key, params } = readFormError(error)
        const entry = Number(params.id)
        if (!NAMES_ENTRY.has(key) || !entry || typeof params.question !== 'string') return <li key={error}>{formErrorText(t, error)}</li>
        return (
          <li key={error}>
            <NamedEntry message={key} entry={{ id: entry, question: params.question }} />{' '}
            <Link to={`/answers/review/${entry}`}>{t('answers.faq.updateInstead')}</Link>
          </li>
        )
      })}
    </ul>
  )
}

/** A message naming a published FAQ entry by its `{question}`, the question linked to the entry's page. */
export function NamedEntry({ message, entry }: { message: MessageKey; entry: { id: number; question: string } }) {
  const t = useT()
  // The message around the question, in the reader's language; the question itself stays as published (Chinese).
  const [before, after = ''] = t(message, { question: '\u0000' }).split('\u0000')
  return (
    <>
      {before}
      <Link to={`/answers/${entry.id}`} lang="zh-CN">
        {entry.question}
      </Link>
      {after}
    </>
  )
}

/**
 * After a refusal saying a published FAQ entry already answers the question
 * (`answers.faq.alreadyAnswered`; updating an entry, `answers.entry.alreadyAnswered`; on a check, `answers.check.alreadyAnswered`; among `errors`): a tick, labelled `label`,
 * to confirm it is another question, for that entry (ticked when the worker
 * had ticked it before checking again). Confirmations given before for other
 * entries are kept.
 */
export function ConfirmNewQuestion({ refused, errors, label }: { refused: RefusedAnswerForm | null; errors?: string[]; label: MessageKey }) {
  const t = useT()
  const answeredBy = (errors ?? []).map(readFormError).find(e => ALREADY_ANSWERED.has(e.key))?.params.id
  const given = [refused?.values.confirmNew ?? []].flat().map(String)
  return (
    <>
      {answeredBy ? (
        <label className="row">
          <input key={answeredBy} type="checkbox" name="confirmNew" value={answeredBy} defaultChecked={given.includes(String(answeredBy))} /> {t(label)}
        </label>
      ) : null}
      {given
        .filter(id => id !== String(answeredBy))
        .map(id => (
          <input key={id} type="hidden" name="confirmNew" value={id} />
        ))}
    </>
  )
}

/** The check's fields in a form's schema (the FAQ editor, an entry's update page): the question it is about; the answer may not be written yet. */
export const faqCheckFields = {
  intent: z.literal('check'),
  question: z.string({ required_error: 'answers.error.questionRequired' }).trim().min(1, 'answers.error.questionRequired').max(500),
  reply: z.string().max(20000).default(''),
}

/**
 * The check beside an FAQ entry's question, on the editor and on an entry's
 * update page (`intent=check`, answered by `answerFaqCheck`): what publishing
 * or saving would be refused for, nothing saved. The findings are said as a
 * refusal's, beside the fields; once no published entry stands in the way,
 * that is said here. Placed before the form's own button, so that Enter in
 * the question checks.
 */
export function FaqCheck({ checked }: { checked: unknown }) {
  const t = useT()
  return (
    <div className="row">
      <button type="submit" name="intent" value="check">
        {t('answers.faq.check')}
      </button>
      {noEntryFound(checked) ? (
        <p role="status" className="ok">
          {t('answers.faq.checkClear')}
        </p>
      ) : null}
    </div>
  )
}

/** Whether an action's answer is a check that found no published entry standing in the way (personal data aside). */
const noEntryFound = (answer: unknown) => !!answer && typeof answer === 'object' && 'checked' in answer && !('error' in answer && answer.error)
