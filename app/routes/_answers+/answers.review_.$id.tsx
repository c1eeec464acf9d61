import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { confirmFaq, updateFaq } from '#app/commands/answers.server'
import { ConfirmNewQuestion, FaqCheck, faqCheckFields, foundErrors, RefusalList, refusedAnswerForm, refusedFields } from '#app/components/answer-refused'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { FaqSources, useFaqReviewNote } from '#app/components/faq-sources'
import { ErrorList } from '#app/components/forms'
import { fmtDate } from '#app/components/outcomes-ui'
import { PublicText } from '#app/components/zh-text'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { faqEntriesToReview, newerTextDate } from '#app/services/answers.server'
import { requireRole, validateCsrf } from '#app/utils/auth.server'
import { getDb, getPublishedAnswer, personalDataInFaq } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { answerFaqCheck } from '#app/utils/faq-check.server'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'
import { ANSWER_REVIEW_ROLES } from '#app/utils/permissions'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'answers.entry.title') }]

/** The entry's number from the URL; anything else is not found. */
function entryId(param: string | undefined) {
  const id = Number(param)
  if (!Number.isInteger(id) || id <= 0) throw new Response('Not found', { status: 404 })
  return id
}

/**
 * A published FAQ entry for staff to check: its question and answer to edit
 * in place, the replies it relies on, and, beside them, the newer replies that
 * flagged it for review, each to add as a source. Or confirm it is still right.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  requireRole(request, ANSWER_REVIEW_ROLES)
  const db = getDb()
  const id = entryId(params.id)
  const entry = getPublishedAnswer(db, id)
  if (entry?.kind !== 'faq') throw new Response('Not found', { status: 404 })
  const flagged = faqEntriesToReview(db).find(f => f.id === id)
  const published = (ids: number[]) => ids.map(n => getPublishedAnswer(db, n)).filter(a => a != null)
  return json({
    entry: {
      id,
      question: entry.publicQuestion,
      reply: entry.publicReply,
      confirmedAt: entry.confirmedAt?.toISOString() ?? null,
      sources: published(entry.sourceIds ?? []).map(a => ({ id: a.id, question: a.publicQuestion })),
    },
    flagged: !!flagged,
    reasons: flagged?.reasons.filter(r => r !== 'newer') ?? [],
    newer: published(flagged?.newerIds ?? []).map(a => ({
      id: a.id,
      question: a.publicQuestion,
      reply: a.publicReply,
      writtenAt: newerTextDate(a).toISOString(),
    })),
  })
}

const entryEdit = {
  addSource: z.array(z.number().int().positive()).max(10).default([]),
  // The published entries the worker confirmed this one stands beside, as another question.
  confirmNew: z.array(z.number().int().positive()).max(10).default([]),
}
const EntrySchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('confirm') }),
  z.object({
    intent: z.literal('update'),
    question: z.string({ required_error: 'answers.error.questionRequired' }).trim().min(1, 'answers.error.questionRequired').max(500),
    reply: z.string({ required_error: 'answers.error.replyRequired' }).trim().min(1, 'answers.error.replyRequired').max(20000),
    ...entryEdit,
  }),
  // Before saving: what saving would be refused for, this entry left out; nothing saved.
  z.object({ ...faqCheckFields, ...entryEdit }),
])

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireRole(request, ANSWER_REVIEW_ROLES)
  const form = await request.formData()
  validateCsrf(request, form)
  const answerId = entryId(params.id)
  const parsed = parseForm(form, EntrySchema)
  if (!parsed.ok) return parsed.response
  const v = parsed.value
  const ctx = { db: getDb(), actor: { kind: 'user', id: user.id } as const, notify: context.notify }
  if (v.intent === 'check') return answerFaqCheck(ctx, parsed.submission, { question: v.question, reply: v.reply, sourceIds: [], answerId })
  // Saved only as approved: personal data left in is said beside each field it is in, what was typed kept.
  const found = v.intent === 'update' ? personalDataInFaq({ question: v.question, reply: v.reply }) : null
  if (found) return json({ result: parsed.submission.reply({ formErrors: ['answers.error.notSaved'], fieldErrors: foundErrors(found) }) }, { status: 400 })
  // A refused update keeps what was typed, as a form that did not validate does.
  const keep = { values: parsed.submission.reply().initialValue }
  const done = await runCommand(
    () =>
      v.intent === 'confirm'
        ? confirmFaq(ctx, { answerId })
        : updateFaq(ctx, { answerId, question: v.question, reply: v.reply, addSourceIds: v.addSource, confirmedNew: v.confirmNew }),
    keep,
  )
  if (!done.ok) return done.response
  // Back to the review list, which says what was done: sending the form again changes nothing more.
  return redirect(`/answers/review?${v.intent === 'confirm' ? 'confirmed' : 'updated'}=${answerId}`)
}

export default function FaqEntryReview() {
  const t = useT()
  const locale = useLocale()
  const reviewNote = useFaqReviewNote()
  const { entry, flagged, reasons, newer } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const refused = refusedAnswerForm(data)
  // The update form (saved or checked) shows its problems beside its fields; a confirmation's are said at the top.
  const edited = refused?.values.intent === 'update' || refused?.values.intent === 'check'
  const refusedUpdate = edited ? refused : null
  const f = refusedFields(refusedUpdate, 'entry')
  const refusedConfirm = refused && !edited ? Object.values(refused.errors).flat() : []
  // The newer replies ticked to add, as sent when the form came back; all of them at first.
  const added = refusedUpdate ? [refusedUpdate.values.addSource ?? []].flat().map(String) : null
  return (
    <section className="stack">
      <p>
        <Link className="tap" to="/answers/review">
          {t('answers.entry.back')}
        </Link>
      </p>
      <h1>{t('answers.entry.title')}</h1>
      <p className="hint">{flagged ? t('answers.entry.lead') : t('answers.entry.notFlagged')}</p>
      {reasons.length || entry.confirmedAt ? <p className="hint">{reviewNote(reasons, entry.confirmedAt)}</p> : null}
      <ErrorList errors={refusedConfirm} />
      {/* The entry's text, and beside it (under it on a phone) what it relies on and the newer replies to compare. */}
      <Form method="post" className="card stack" aria-label={t('answers.entry.title')} noValidate>
        <CsrfInput />
        <RefusalList errors={f.errors('')} />
        {/* Its question changed to one another published entry already answers: the worker may confirm it is another one. */}
        <ConfirmNewQuestion refused={refusedUpdate} errors={f.errors('')} label="answers.entry.confirmNew" />
        {/* Two columns that share the width (the text as wide as the replies), one on a phone. */}
        <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 22rem), 1fr))' }}>
          <div className="stack">
            <label>
              {t('answers.faq.question')}
              <input name="question" lang="zh-CN" defaultValue={f.value('question', entry.question)} maxLength={500} {...f.aria('question')} />
            </label>
            <RefusalList id={f.errorId('question')} errors={f.errors('question')} />
            {/* Before saving: the same judgement, this entry left out, nothing saved (before the save button, so Enter in the question checks). */}
            <FaqCheck checked={refusedUpdate ? data : null} />
            <label>
              {t('answers.faq.answer')}
              <textarea name="reply" lang="zh-CN" defaultValue={f.value('reply', entry.reply)} rows={10} {...f.aria('reply')} />
            </label>
            <ErrorList id={f.errorId('reply')} errors={f.errors('reply')} />
          </div>
          <div className="stack">
            <FaqSources sources={entry.sources} id="entry-sources" />
            {newer.length ? (
              <fieldset className="stack">
                <legend>{t('answers.entry.newer')}</legend>
                <p className="hint">{t('answers.entry.newerHint')}</p>
                {newer.map(n => (
                  <div key={n.id} className="stack">
                    <p className="hint">
                      {t('answers.stale.newerOn', { date: fmtDate(n.writtenAt, locale) })}
                      <Link to={`/answers/${n.id}`} lang="zh-CN">
                        {n.question}
                      </Link>
                    </p>
                    <p style={{ whiteSpace: 'pre-wrap' }}>
                      <PublicText text={n.reply} />
                    </p>
                    <label className="row">
                      <input type="checkbox" name="addSource" value={n.id} defaultChecked={added ? added.includes(String(n.id)) : true} />{' '}
                      {t('answers.entry.addSource')}
                    </label>
                  </div>
                ))}
              </fieldset>
            ) : null}
          </div>
        </div>
        <div>
          <button type="submit" name="intent" value="update" className="primary">
            {t('answers.entry.save')}
          </button>
        </div>
      </Form>
      <Form method="post" className="card stack" aria-label={t('answers.stale.confirm')}>
        <CsrfInput />
        <p className="hint">{t('answers.entry.confirmHint')}</p>
        <div>
          <button type="submit" name="intent" value="confirm">
            {t('answers.stale.confirm')}
          </button>
        </div>
      </Form>
      {/* Wrong, and not to be put right at once: withdrawn on its own page, where it is asked once and a reason given. */}
      <p>
        <Link className="tap" to={`/answers/${entry.id}#withdraw`}>
          {t('answers.entry.withdraw')}
        </Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
