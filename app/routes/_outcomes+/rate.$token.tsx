import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { answerSatisfaction } from '#app/commands/outcomes.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ErrorList, fieldErrors } from '#app/components/forms'
import { submittedText, submittedValues } from '#app/components/outcomes-ui'
import { TopicTitle, ZhText } from '#app/components/zh-text'
import { useT } from '#app/i18n/index'
import { getUser, validateCsrf } from '#app/utils/auth.server'
import { ANONYMOUS, getDb, getRatingRequest } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { parseForm } from '#app/utils/forms.server'
import { errorTitle, pageTitle } from '#app/utils/meta'

export const meta: MetaFunction = ({ matches, error }) => [
  { title: error ? errorTitle(matches, error) : pageTitle(matches, 'outcome.rate.title') },
  { name: 'robots', content: 'noindex' },
]

/** 好差评: the link sent to a complainant or panel member once a decision is delivered. No login. */
export async function loader({ params }: LoaderFunctionArgs) {
  const req = getRatingRequest(getDb(), params.token ?? '')
  if (!req) throw new Response('Not found', { status: 404 })
  return json({
    decision: { title: req.decisionTitle, description: req.decisionDescription },
    topic: { id: req.topicId, title: req.topicTitle, place: req.place },
    answered: req.answeredAt ? { rating: req.rating, comment: req.comment } : null,
  })
}

const rating = 'outcome.rate.error.rating'
const RateSchema = z
  .object({
    rating: z.number({ required_error: rating, invalid_type_error: rating }).int(rating).min(1, rating).max(5, rating),
    comment: z.string().trim().max(1000).default(''),
    reopen: z.boolean().default(false),
  })
  // A redo is what a poor rating asks for: ticked beside a good one, the resident is asked which they meant instead of being ignored.
  .refine(v => !v.reopen || v.rating <= 2, { message: 'outcome.rate.error.reopenRating', path: ['reopen'] })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const parsed = parseForm(form, RateSchema)
  if (!parsed.ok) return parsed.response
  const user = getUser(request)
  const ctx = { db: getDb(), actor: user ? { kind: 'user' as const, id: user.id } : ANONYMOUS, notify: context.notify }
  const r = await runCommand(() => answerSatisfaction(ctx, { token: params.token ?? '', ...parsed.value }))
  if (!r.ok) return r.response
  return json({ done: { reopened: r.value.reopened.length } })
}

const LABELS = ['outcome.rate.1', 'outcome.rate.2', 'outcome.rate.3', 'outcome.rate.4', 'outcome.rate.5'] as const

/** A ref that focuses its element once, when it appears. */
const focusOnMount = (el: HTMLElement | null) => el?.focus()

export default function Rate() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const result = actionData && 'result' in actionData ? actionData.result : undefined
  const errors = fieldErrors(result)
  const posted = submittedValues(result)
  const values = { rating: submittedText(posted, 'rating'), comment: submittedText(posted, 'comment'), reopen: submittedText(posted, 'reopen') }
  const done = actionData && 'done' in actionData ? actionData.done : null
  return (
    <section className="narrow stack">
      <h1>{t('outcome.rate.title')}</h1>
      <div className="card">
        <p>
          <strong>
            <ZhText>{data.decision.title}</ZhText>
          </strong>
        </p>
        {data.decision.description ? (
          <p>
            <ZhText>{data.decision.description}</ZhText>
          </p>
        ) : null}
        <p className="hint">
          {t('common.labelled', { label: t('outcome.topic'), value: '' })}
          <Link to={`/public/topics/${data.topic.id}`}>
            <TopicTitle title={data.topic.title} />
          </Link>
          {data.topic.place ? (
            <>
              {' · '}
              <ZhText>{data.topic.place}</ZhText>
            </>
          ) : null}
        </p>
      </div>
      {done ? (
        // The form it replaces had the focus: the thanks takes it, so keyboard users are not sent back to the top.
        <p className="ok" role="status" tabIndex={-1} ref={focusOnMount} data-testid="rate-done">
          {t('outcome.rate.thanks')} {done.reopened ? t('outcome.rate.reopened') : ''}
        </p>
      ) : data.answered ? (
        <p role="status">{t('outcome.rate.already', { rating: data.answered.rating ?? '' })}</p>
      ) : actionData && 'error' in actionData && !errors.rating ? (
        // It replaces the form and its button, which had the focus.
        <p className="error" role="alert" tabIndex={-1} ref={focusOnMount}>
          {t(actionData.error)}
        </p>
      ) : (
        <Form method="post" className="stack card" noValidate>
          <CsrfInput />
          <fieldset className="choices">
            <legend>{t('outcome.rate.question')}</legend>
            {LABELS.map((k, i) => (
              <label key={k} className="choice">
                <input
                  type="radio"
                  name="rating"
                  value={i + 1}
                  defaultChecked={values.rating === String(i + 1)}
                  required
                  aria-invalid={errors.rating ? true : undefined}
                  aria-describedby={errors.rating ? 'rating-error' : undefined}
                />{' '}
                {i + 1} · {t(k)}
              </label>
            ))}
          </fieldset>
          <ErrorList id="rating-error" errors={errors.rating} />
          <label>
            {t('outcome.rate.comment')}
            <textarea
              name="comment"
              rows={3}
              maxLength={1000}
              defaultValue={values.comment}
              aria-invalid={errors.comment ? true : undefined}
              aria-describedby={errors.comment ? 'comment-error' : undefined}
            />
          </label>
          <ErrorList id="comment-error" errors={errors.comment} />
          <label className="choice">
            <input
              type="checkbox"
              name="reopen"
              defaultChecked={values.reopen === 'on'}
              aria-invalid={errors.reopen ? true : undefined}
              aria-describedby={errors.reopen ? 'reopen-error' : undefined}
            />{' '}
            {t('outcome.rate.reopen')}
          </label>
          <ErrorList id="reopen-error" errors={errors.reopen} />
          <p className="hint">{t('outcome.rate.reopenHint')}</p>
          <p className="hint">{t('outcome.rate.privacy')}</p>
          <button type="submit" className="primary">
            {t('common.submit')}
          </button>
        </Form>
      )}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
