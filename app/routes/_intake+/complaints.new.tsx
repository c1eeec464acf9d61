import type { SubmissionResult } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { useEffect, useMemo, useRef, useState } from 'react'
import { submitComplaint, supportComplaint } from '#app/commands/complaints.server'
import { AnswerSuggestions, SUGGESTIONS_ID, SuggestionsPointer, shownAnswers } from '#app/components/answer-suggestions'
import { ComplaintFields, ProblemList, SuggestionPanel, useSuggestions, type SuggestionData } from '#app/components/complaint-fields'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fieldErrors } from '#app/components/forms'
import { useT, type MessageKey } from '#app/i18n/index'
import { answerSuggestionsFor, giveAnswerFeedback } from '#app/services/answers.server'
import { ComplaintFieldsSchema, complaintFieldsInput, readIntakeForm, suggestFor, suggestLimiter, type Problem } from '#app/services/intake.server'
import { MAX_COMPLAINT_PHOTOS, MAX_PHOTO_BYTES } from '#app/services/uploads.server'
import { clientIp, getUser, validateCsrf } from '#app/utils/auth.server'
import { getDb, ANONYMOUS, getPublishedAnswer, listUnits } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { parseForm } from '#app/utils/forms.server'
import { pageTitle } from '#app/utils/meta'
import { applyPrefsIntent, getPrefs, isPrefsIntent, prefsCookieHeader } from '#app/utils/prefs.server'
import { loginPath } from '#app/utils/safe-redirect'
import { COMPLAINT_TEXT_LIMITS } from '#db/enums'

/**
 * The header's language and text-size toggles submit the complaint form here,
 * so a switch mid-form keeps the draft. The root also puts a plain submit
 * button for this form first on the page, so Enter in a field files the
 * report, never "me too" or a toggle.
 */
export const handle = { prefsForm: 'complaint-form' }

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'intake.new.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const user = getUser(request)
  const communities = listUnits(db, 'community').map(u => ({ id: u.id, nameZh: u.nameZh, nameEn: u.nameEn }))
  const home = user?.homeUnitId && communities.some(c => c.id === user.homeUnitId) ? String(user.homeUnitId) : ''
  // Come from a search of the answers that found nothing: the question searched is the subject, with what answers it beside it (also without JavaScript).
  const subject = [...(new URL(request.url).searchParams.get('subject') ?? '').trim()].slice(0, COMPLAINT_TEXT_LIMITS.subject).join('')
  const suggestion: SuggestionData | null =
    subject && suggestLimiter.take(clientIp(request))
      ? {
          ...suggestFor(db, { subject, body: '', communityId: home ? Number(home) : null, locale: getPrefs(request).locale, userId: user?.id }),
          answers: answerSuggestionsFor(db, { subject, body: '' }),
        }
      : null
  return json({
    communities,
    defaults: { community: home, subject },
    suggestion,
    photoLimits: { count: MAX_COMPLAINT_PHOTOS, bytes: MAX_PHOTO_BYTES },
  })
}

/**
 * What the form is re-rendered with after any answer that is not the tracking
 * page: without JavaScript the page is rebuilt from this, so every typed field
 * comes back, and the similar reports stay under the subject.
 */
type Redisplay = { values: Record<string, string>; suggestion: SuggestionData | null; photosDropped: boolean }

type ActionData =
  | { kind: 'invalid'; result: SubmissionResult<string[]>; problems: Problem[]; photosDropped: boolean; suggestion: SuggestionData | null }
  | ({ kind: 'check' } & Redisplay)
  | ({ kind: 'checkBusy' } & Redisplay)
  | ({ kind: 'supported'; trackingCode: string; count: number } & Redisplay)
  | ({ kind: 'supportRefused'; error: MessageKey } & Redisplay)
  | ({ kind: 'supportLogin'; trackingCode: string } & Redisplay)
  | ({ kind: 'answered'; answerId: number } & Redisplay)
  | ({ kind: 'prefs' } & Redisplay)

const TEXT_FIELDS = ['community', 'placeText', 'subject', 'body', 'complainantName', 'complainantPhone', 'complainantAddress', 'lat', 'lng']

/**
 * What the resident asked for. "Me too" and "this answers my question" are
 * buttons of the complaint form itself (`support`, `answerId`), so the draft
 * travels with them; `intent=support` with `trackingCode` is still understood.
 */
function intentOf(form: FormData) {
  const intent = String(form.get('intent') ?? 'submit')
  if (isPrefsIntent(intent)) return { kind: 'prefs' as const, toggle: intent }
  const support = form.get('support') ?? (intent === 'support' ? form.get('trackingCode') : null)
  if (support != null) return { kind: 'support' as const, trackingCode: String(support).slice(0, 40) }
  const answerId = form.get('answerId')
  if (answerId != null || intent === 'answered') return { kind: 'answered' as const, answerId: Number(answerId) }
  return { kind: intent === 'check' ? ('check' as const) : ('submit' as const) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const db = getDb()
  const { form, photos, problems } = await readIntakeForm(request)
  validateCsrf(request, form)
  const user = getUser(request)
  const intent = intentOf(form)
  const redisplay = (): Redisplay => {
    const values = textValues(form, TEXT_FIELDS)
    // Suggestions cost a classifier run: past the budget the form still comes back, without them.
    const suggestion = suggestLimiter.take(clientIp(request)) ? suggestionsFor(values) : null
    return { values, suggestion, photosDropped: photos.length > 0 || problems.length > 0 }
  }
  const suggestionsFor = (v: Record<string, string>): SuggestionData => {
    const communityId = /^\d+$/.test(v.community!) ? Number(v.community) : null
    return {
      ...suggestFor(db, {
        subject: v.subject!,
        body: v.body!,
        placeText: v.placeText,
        communityId,
        locale: context.prefs?.locale ?? getPrefs(request).locale,
        userId: user?.id,
      }),
      answers: answerSuggestionsFor(db, { subject: v.subject!, body: v.body! }),
    }
  }

  if (intent.kind === 'prefs') {
    const prefs = getPrefs(request)
    applyPrefsIntent(prefs, intent.toggle)
    // Without JavaScript the page comes back in this response: it is rendered with the new preferences.
    context.prefs = prefs
    return json<ActionData>({ kind: 'prefs', ...redisplay() }, { headers: { 'Set-Cookie': prefsCookieHeader(prefs) } })
  }

  if (intent.kind === 'support') {
    // Support feeds a topic's heat and pushes to staff: one per account, never per browser.
    if (!user) return json<ActionData>({ kind: 'supportLogin', trackingCode: intent.trackingCode, ...redisplay() }, { status: 401 })
    const ctx = { db, actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
    const done = await runCommand(() => supportComplaint(ctx, { trackingCode: intent.trackingCode, userId: user.id }))
    if (!done.ok) {
      const { error } = (await done.response.json()) as { error: MessageKey }
      return json<ActionData>({ kind: 'supportRefused', error, ...redisplay() }, { status: done.response.status })
    }
    return json<ActionData>({ kind: 'supported', ...done.value, ...redisplay() })
  }

  if (intent.kind === 'answered') {
    // "This answers my question": an inquiry that did not need filing, counted once per answer: per account when signed in, per browser otherwise.
    const { answerId } = intent
    if (!Number.isInteger(answerId) || answerId <= 0 || !getPublishedAnswer(db, answerId))
      return json<ActionData>({ kind: 'supportRefused', error: 'intake.error.support', ...redisplay() }, { status: 404 })
    const cookie = giveAnswerFeedback(db, request, user, answerId, 'avoided')
    return json<ActionData>({ kind: 'answered', answerId, ...redisplay() }, cookie ? { headers: { 'Set-Cookie': cookie } } : undefined)
  }

  if (intent.kind === 'check') {
    const shown = redisplay()
    if (!shown.suggestion) return json<ActionData>({ kind: 'checkBusy', ...shown }, { status: 429, headers: { 'Retry-After': '5' } })
    return json<ActionData>({ kind: 'check', ...shown })
  }
  const parsed = parseForm(form, ComplaintFieldsSchema)
  if (!parsed.ok || problems.length) {
    // Browsers do not refill file inputs: the resident is told to choose the photos again.
    const result = parsed.submission.reply()
    // Sent with a subject alone (Enter in the subject without JavaScript): what is already answered shows beside the fields to finish.
    const typed = textValues(form, TEXT_FIELDS)
    const suggestion = typed.subject?.trim() && suggestLimiter.take(clientIp(request)) ? suggestionsFor(typed) : null
    return json<ActionData>({ kind: 'invalid', result, problems, photosDropped: photos.length > 0 || problems.length > 0, suggestion }, { status: 400 })
  }
  const v = parsed.value
  const resident = user && user.grants.some(g => g.role === 'resident') ? user : null
  const ctx = { db, actor: user ? ({ kind: 'user', id: user.id } as const) : ANONYMOUS, notify: context.notify }
  const { complaint, duplicate } = submitComplaint(ctx, {
    ...complaintFieldsInput(v),
    complainantUserId: resident?.id ?? null,
    photos,
  })
  return redirect(`/track/${complaint.trackingCode}?${duplicate ? 'dup' : 'new'}=1`)
}

/** The text fields as typed, for the answers that re-render the form. */
function textValues(form: FormData, names: string[]) {
  return Object.fromEntries(names.map(n => [n, String(form.get(n) ?? '')]))
}

export default function NewComplaint() {
  const t = useT()
  const { communities, defaults, suggestion, photoLimits } = useLoaderData<typeof loader>()
  const [photoProblems, setPhotoProblems] = useState<Problem[]>([])
  const photoNotice = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (photoProblems.length) photoNotice.current?.focus()
  }, [photoProblems])
  const result = useActionData<typeof action>() as ActionData | undefined
  const navigation = useNavigation()
  const values = !result ? defaults : result.kind === 'invalid' ? (result.result.initialValue ?? {}) : result.values
  // One object per answer: a field put right keeps its error hidden until the next answer.
  const errors = useMemo(() => (result?.kind === 'invalid' ? fieldErrors(result.result) : {}), [result])
  const { data, onTextChange } = useSuggestions(result ? result.suggestion : suggestion)
  // The answers the resident said do not answer the question ("not answered"), hidden until the list changes.
  const [dismissedAnswers, setDismissedAnswers] = useState('')
  const answers = shownAnswers(data?.answers, dismissedAnswers)
  const busy = navigation.state === 'submitting'
  useTabDraft(handle.prefsForm, !result, onTextChange)
  useForgetDraftWhenDone(result)
  return (
    <section className="narrow stack">
      <h1>{t('intake.new.title')}</h1>
      <p className="hint">{t('intake.new.lead')}</p>
      <ResultNotice result={result} />
      <Form
        method="post"
        encType="multipart/form-data"
        className="stack card"
        id={handle.prefsForm}
        noValidate
        onSubmit={e => {
          // Photos over the upload limit would have the whole post refused, text and all: say so before sending.
          const problems = photoProblemsFor(e.currentTarget, photoLimits)
          setPhotoProblems(problems)
          if (problems.length) e.preventDefault()
        }}
      >
        <CsrfInput />
        <ComplaintFields
          communities={communities}
          values={values}
          errors={errors}
          onTextChange={onTextChange}
          afterSubject={
            <div className="stack" data-testid="intake-hints" id={SUGGESTIONS_ID} tabIndex={-1}>
              <SuggestionPanel data={data} supportButtons />
              <AnswerSuggestions
                answers={answers}
                communities={communities}
                answeredId={result?.kind === 'answered' ? result.answerId : undefined}
                onDismiss={setDismissedAnswers}
              />
            </div>
          }
          afterBody={<SuggestionsPointer answers={answers?.length ?? 0} similar={data?.similar.length ?? 0} />}
        />
        {photoProblems.length ? (
          <div ref={photoNotice} tabIndex={-1} data-testid="photo-problems">
            <ProblemList problems={photoProblems} />
          </div>
        ) : null}
        <div className="row">
          <button type="submit" name="intent" value="submit" className="primary" disabled={busy} id="intake-submit">
            {t('intake.submit')}
          </button>
          <button type="submit" name="intent" value="check" formNoValidate>
            {t('intake.checkSimilar')}
          </button>
        </div>
      </Form>
    </section>
  )
}

/** The photo limits the server applies, checked in the browser (with JavaScript) before anything is sent. */
function photoProblemsFor(form: HTMLFormElement, limits: { count: number; bytes: number }): Problem[] {
  const input = form.elements.namedItem('photos')
  const files = input instanceof HTMLInputElement ? [...(input.files ?? [])] : []
  const problems: Problem[] = files.filter(f => f.size > limits.bytes).map(f => ({ key: 'intake.error.photoSize', params: { name: f.name.slice(0, 80) } }))
  if (files.length > limits.count) problems.push({ key: 'intake.error.photoCount' })
  return problems
}

const DRAFT_KEY = 'teahouse:complaint-draft'
/** Contact details are left out: the tab may be on a shared computer. */
const DRAFT_FIELDS = ['community', 'placeText', 'subject', 'body'] as const

/**
 * With JavaScript, the report being written is also kept in this tab's
 * sessionStorage, so a detour (the header's login, another page) and coming
 * back to the form brings the text back. Filing it, or saying a suggested
 * answer answered the question, clears it.
 */
function useTabDraft(formId: string, restore: boolean, onRestored: (form: HTMLFormElement) => void) {
  useEffect(() => {
    const form = document.getElementById(formId)
    if (!(form instanceof HTMLFormElement)) return
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null
    if (restore && !field('subject')?.value && !field('body')?.value) {
      try {
        const saved = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null') as Record<string, unknown> | null
        if (saved && typeof saved === 'object') {
          for (const name of DRAFT_FIELDS) {
            const input = field(name)
            if (input && typeof saved[name] === 'string' && saved[name]) input.value = saved[name] as string
          }
          if (saved.subject || saved.body) onRestored(form)
        }
      } catch {
        // Unreadable or disabled storage: the form starts empty, as it would anyway.
      }
    }
    const save = () => {
      try {
        sessionStorage.setItem(DRAFT_KEY, JSON.stringify(Object.fromEntries(DRAFT_FIELDS.map(n => [n, field(n)?.value ?? '']))))
      } catch {
        // Storage full or disabled: the page itself still holds the text.
      }
    }
    // Text typed before the page came alive is kept too.
    save()
    form.addEventListener('input', save)
    form.addEventListener('change', save)
    return () => {
      form.removeEventListener('input', save)
      form.removeEventListener('change', save)
    }
  }, [formId])
}

function forgetDraft() {
  try {
    sessionStorage.removeItem(DRAFT_KEY)
  } catch {
    // Storage disabled: nothing was kept.
  }
}

/**
 * The kept draft has done its job once the report is filed (the form's post
 * goes on to its tracking page) or the resident said a suggested answer
 * answered the question: opening the form again starts it empty.
 */
function useForgetDraftWhenDone(result: ActionData | undefined) {
  const navigation = useNavigation()
  useEffect(() => {
    if (navigation.state === 'loading' && navigation.formMethod && navigation.location.pathname.startsWith('/track/')) forgetDraft()
  }, [navigation])
  useEffect(() => {
    if (result?.kind === 'answered') forgetDraft()
  }, [result])
}

/**
 * The outcome of "me too", "this answers my question", a search past its
 * budget or a rejected form. The buttons sit far down a phone screen, so the
 * notice takes focus, which also scrolls it into view and has screen readers
 * read it.
 */
function ResultNotice({ result }: { result: ActionData | undefined }) {
  const t = useT()
  const ref = useRef<HTMLDivElement>(null)
  const shown = Boolean(result) && ((result?.kind !== 'check' && result?.kind !== 'prefs') || result.photosDropped)
  useEffect(() => {
    if (shown) ref.current?.focus()
  }, [result, shown])
  if (!shown) return null
  return (
    <div ref={ref} tabIndex={-1} className="stack" data-testid="intake-notice">
      {result?.kind === 'supported' ? (
        <p className="ok" role="status">
          {t('intake.supported', { count: result.count })} <Link to={`/track/${result.trackingCode}`}>{t('intake.supported.track')}</Link>
        </p>
      ) : null}
      {result?.kind === 'supportLogin' ? (
        <p className="error" role="alert">
          {t('intake.support.login')} {/* A new window: this page, and what is typed in it, stays as it is while the resident logs in. */}
          <a href={loginPath(`/track/${result.trackingCode}`)} target="_blank" rel="noopener noreferrer">
            {t('intake.support.loginLink')}
          </a>
        </p>
      ) : null}
      {result?.kind === 'answered' ? (
        <p className="ok" role="status">
          {t('answers.suggest.thanks')} <Link to={`/answers/${result.answerId}`}>{t('answers.suggest.more')}</Link>
        </p>
      ) : null}
      {result?.kind === 'supportRefused' ? (
        <p className="error" role="alert">
          {t(result.error)}
        </p>
      ) : null}
      {result?.kind === 'checkBusy' ? (
        <p className="error" role="alert">
          {t('intake.suggest.busy')}
        </p>
      ) : null}
      {result && result.kind !== 'invalid' && result.photosDropped ? <p className="hint">{t('intake.photosAgain')}</p> : null}
      {result?.kind === 'invalid' ? (
        <div role="alert">
          <p className="error">{t('intake.error.form')}</p>
          <ProblemList problems={result.problems} />
          {result.photosDropped ? <p className="hint">{t('intake.error.photosAgain')}</p> : null}
        </div>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  const location = useLocation()
  return (
    <>
      <GeneralErrorBoundary />
      {/* The header toggles name the complaint form; on this page they post to the preferences as everywhere else. */}
      <Form method="post" action="/prefs" id={handle.prefsForm} hidden>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      </Form>
    </>
  )
}
