import { type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { answerInScope, republishAnswer, withdrawAnswer } from '#app/commands/answers.server'
import { placesOfAnswer } from '#app/commands/follows.server'
import { refusedAnswerForm } from '#app/components/answer-refused'
import { ANSWER_WITHDRAW_REASONS, type NewerReply, WithdrawAnswerForm, WithdrawnForStaff } from '#app/components/answer-withdraw'
import { BackLink } from '#app/components/back-link'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { FollowButton } from '#app/components/follow-button'
import { fmtDate } from '#app/components/outcomes-ui'
import { PublicText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { countViewOnce, feedbackStateFor, followStateFor, giveAnswerFeedback } from '#app/services/answers.server'
import { baseUrlOf } from '#app/services/outcomes.server'
import { qrSvg } from '#app/services/qr.server'
import { getUser, requireRole, scopeUnitIds, userHasRole, validateCsrf } from '#app/utils/auth.server'
import { type Db, getAnswerAtAddress, getDb, listUnits, mayGiveAnswerFeedback, newerReplyOfWithdrawn } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { parseForm } from '#app/utils/forms.server'
import { answerCategoryName } from '#app/utils/labels.server'
import { errorTitle, metaLocale, pageTitle } from '#app/utils/meta'
import { ANSWER_REVIEW_ROLES } from '#app/utils/permissions'
import { localPlaceholders } from '#app/utils/placeholders'
import { getPrefs } from '#app/utils/prefs.server'
import type { SessionUser } from '#db/queries/auth'

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => [
  {
    title: data?.answer
      ? pageTitle(matches, 'answers.title', localPlaceholders(data.answer.question, metaLocale(matches)))
      : data
        ? pageTitle(matches, 'answers.withdrawn.title')
        : errorTitle(matches, error),
  },
]

// Browsers keep a 410 as fresh for good unless told otherwise: an answer published again would stay "withdrawn" there.
const GONE = { 'Cache-Control': 'no-cache' }

/** The document takes the loader's caching rule (Remix passes on only its cookies by itself). */
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const cache = loaderHeaders.get('Cache-Control')
  return cache ? { 'Cache-Control': cache } : new Headers()
}

/** The answer at this address: published, or withdrawn (the page says so); anything else is not found. */
function addressed(idParam: string | undefined) {
  const id = Number(idParam)
  const a = Number.isInteger(id) && id > 0 ? getAnswerAtAddress(getDb(), id) : undefined
  if (!a) throw new Response('Not found', { status: 404 })
  return a
}

/** The unit scope in which the user may withdraw and publish answers again (those who publish them), or undefined. */
function staffScope(user: SessionUser | null): number[] | null | undefined {
  return user && userHasRole(user, ANSWER_REVIEW_ROLES) ? scopeUnitIds(user, ANSWER_REVIEW_ROLES) : undefined
}
const mayManage = (db: Db, user: SessionUser | null, answerId: number) => {
  const scope = staffScope(user)
  return scope !== undefined && answerInScope(db, answerId, scope)
}

/**
 * One answer at a stable URL, with a QR code for notice boards. Only scrubbed
 * texts. A view counts once per browser and day. A withdrawn answer's address
 * answers 410 with the day it was withdrawn and nothing of it; staff who may
 * publish it again still read it there.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const a = addressed(params.id)
  const user = getUser(request)
  const staff = mayManage(db, user, a.id)
  const withdrawnAt = a.status === 'withdrawn' ? (a.withdrawnAt?.toISOString() ?? null) : null
  if (withdrawnAt && !staff) {
    return json(
      { withdrawnAt, answer: null, staff: null, mayUpdateFaq: false, forResidents: true, followed: null, voted: false, mine: null, url: '', qr: '' },
      { status: 410, headers: GONE },
    )
  }
  const counted = withdrawnAt ? null : countViewOnce(db, request, a.id)
  const { locale } = getPrefs(request)
  const url = `${baseUrlOf(request)}/answers/${a.id}`
  const community = a.communityId ? listUnits(db, 'community').find(u => u.id === a.communityId) : undefined
  const followed = followStateFor(db, user)
  const headers = { ...(withdrawnAt ? GONE : {}), ...(counted ? { 'set-cookie': counted } : {}) }
  return json(
    {
      withdrawnAt,
      answer: {
        id: a.id,
        kind: a.kind,
        question: a.publicQuestion,
        text: a.publicText,
        reply: a.publicReply,
        repliedAt: a.repliedAt.toISOString(),
        revisedAt: a.revisedAt?.toISOString() ?? null,
        category: answerCategoryName(db, locale)(a.categoryPath),
        community: community ? localName(community, locale) : null,
        helpful: a.helpful,
        categoryKey: a.categoryPath?.[0] ?? null,
        communityId: a.communityId,
        // The named places it is news at for their followers (never the complainant's own address); staff follow none.
        places: withdrawnAt || followed === false ? [] : placesOfAnswer(db, a),
      },
      // Those who may withdraw it (the roles that publish, in their scope), and for a withdrawn one why.
      // For a withdrawn one, also its complaint's newer reply, lest staff publish again the text they withdrew without knowing of it.
      staff: staff ? { reason: a.withdrawnReason, note: a.withdrawnNote, newer: withdrawnAt ? newerReplyJson(db, a.id) : null } : null,
      // A published FAQ entry's update page is open to those its loader lets in: the roles that review answers.
      mayUpdateFaq: a.kind === 'faq' && !withdrawnAt && userHasRole(user, ANSWER_REVIEW_ROLES),
      // Asking whether it helped and offering to file a request are for residents and visitors: staff's votes do not count.
      forResidents: !user || mayGiveAnswerFeedback(db, user.id),
      followed,
      // A reader who has voted is thanked, not asked again (their vote would not count twice); a signed-in one may change it.
      ...feedbackStateFor(db, request, user, a.id),
      url,
      qr: withdrawnAt ? '' : await qrSvg(url),
    },
    // Withdrawn, the address is gone for the public; staff read it there to publish it again.
    { status: withdrawnAt ? 410 : 200, headers },
  )
}

function newerReplyJson(db: Db, id: number): NewerReply | null {
  const n = newerReplyOfWithdrawn(db, id)
  return n ? { ...n, repliedAt: n.repliedAt?.toISOString() ?? null, keptOutAt: n.keptOutAt?.toISOString() ?? null } : null
}

const FeedbackSchema = z.object({ verdict: z.enum(['helpful', 'not_helpful']) })

// A reason chosen, or the worker's own words; "other" needs the words.
const WithdrawSchema = z
  .object({
    intent: z.literal('withdraw'),
    reason: z.enum(ANSWER_WITHDRAW_REASONS, { errorMap: () => ({ message: 'answers.withdraw.error.reason' }) }).optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.reason && !v.note) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'answers.withdraw.error.reason' })
    else if (v.reason === 'other' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'answers.withdraw.error.note' })
  })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData()
  validateCsrf(request, form)
  const a = addressed(params.id)
  const intent = form.get('intent')
  if (intent === 'withdraw' || intent === 'republish') {
    const user = requireRole(request, ANSWER_REVIEW_ROLES)
    const ctx = { db: getDb(), actor: { kind: 'user', id: user.id } as const, notify: context.notify }
    const scope = scopeUnitIds(user, ANSWER_REVIEW_ROLES)
    if (intent === 'republish') {
      const done = await runCommand(() => republishAnswer(ctx, { answerId: a.id, scopeUnitIds: scope }))
      return done.ok ? redirect(`/answers/${a.id}?republished=1`) : done.response
    }
    const parsed = parseForm(form, WithdrawSchema)
    if (!parsed.ok) return parsed.response
    // A refused withdrawal keeps what was typed, as a form that did not validate does.
    const keep = { values: parsed.submission.reply().initialValue }
    const done = await runCommand(
      () => withdrawAnswer(ctx, { answerId: a.id, reason: parsed.value.reason ?? null, note: parsed.value.note ?? null, scopeUnitIds: scope }),
      keep,
    )
    return done.ok ? redirect(`/answers/${a.id}?withdrawn=1`) : done.response
  }
  // Withdrawn while its page was open: its address now says so, and when, rather than an error page.
  if (a.status !== 'published') return redirect(`/answers/${a.id}`)
  const voter = getUser(request)
  if (voter && !mayGiveAnswerFeedback(getDb(), voter.id)) return json({ ok: false }, { status: 403 })
  const parsed = FeedbackSchema.safeParse(Object.fromEntries(form))
  if (!parsed.success) return json({ ok: false }, { status: 400 })
  const cookie = giveAnswerFeedback(getDb(), request, voter, a.id, parsed.data.verdict)
  return json({ ok: true }, cookie ? { headers: { 'set-cookie': cookie } } : undefined)
}

/** A ref that focuses its element once, when it appears. */
const focusOnMount = (el: HTMLElement | null) => el?.focus()

export default function AnswerPage() {
  const t = useT()
  const locale = useLocale()
  const { answer, url, qr, followed, voted, mine, withdrawnAt, staff, mayUpdateFaq, forResidents } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const result = data && 'ok' in data ? data : undefined
  const refused = refusedAnswerForm(data)
  // A withdrawal refused shows its problems beside its fields; publishing again has no fields.
  const refusedWithdraw = refused?.values.intent === 'withdraw' ? refused : null
  const [search] = useSearchParams()
  if (!answer) return <WithdrawnAnswer withdrawnAt={withdrawnAt} />
  return (
    <article className="stack narrow">
      <BackLink to="/answers">{t('answers.back')}</BackLink>
      {/* Set by the redirect after staff withdrew it or published it again. */}
      {staff && search.has(withdrawnAt ? 'withdrawn' : 'republished') ? (
        <p className="ok" role="status">
          {t(withdrawnAt ? 'answers.withdraw.done' : 'answers.republish.done')}
        </p>
      ) : null}
      {staff && withdrawnAt ? (
        <WithdrawnForStaff
          withdrawnAt={withdrawnAt}
          reason={staff.reason}
          note={staff.note}
          newer={staff.newer}
          error={refused && !refusedWithdraw ? Object.values(refused.errors).flat() : null}
        />
      ) : null}
      <h1>
        <PublicText text={answer.question} />
      </h1>
      <p className="hint">
        {answer.kind === 'faq' ? `${t('answers.faq')} · ` : ''}
        {t('answers.repliedAt', { date: fmtDate(answer.repliedAt, locale) })}
        {answer.revisedAt ? ` · ${t('answers.revisedAt', { date: fmtDate(answer.revisedAt, locale) })}` : ''}
        {answer.category ? ` · ${answer.category}` : ''}
        {answer.community ? ` · ${answer.community}` : ''}
      </p>
      {!withdrawnAt && (answer.categoryKey || answer.communityId || answer.places.length) ? (
        <div className="row no-print" data-testid="follow-answer">
          {answer.categoryKey ? <FollowButton followed={followed} kind="category" targetKey={answer.categoryKey} label="answers.follow.category" /> : null}
          {answer.communityId ? (
            <FollowButton followed={followed} kind="place" targetKey={`community:${answer.communityId}`} label="answers.follow.community" />
          ) : null}
          {answer.places.map(place => (
            <FollowButton key={place} followed={followed} kind="place" targetKey={`place:${place}`} label="answers.follow.place" name={place} />
          ))}
        </div>
      ) : null}
      {answer.text ? (
        <section className="card">
          <h2>{t('answers.detail')}</h2>
          <p style={{ whiteSpace: 'pre-wrap' }}>
            <PublicText text={answer.text} />
          </p>
        </section>
      ) : null}
      <section className="card">
        <h2>{t('answers.reply')}</h2>
        <p style={{ whiteSpace: 'pre-wrap' }}>
          <PublicText text={answer.reply} />
        </p>
      </section>
      {withdrawnAt ? null : (
        <section className="card stack no-print">
          {!forResidents ? null : mine ? (
            <MyVerdict mine={mine} thanked={!!result?.ok} />
          ) : result?.ok ? (
            // The buttons it replaces had the focus: the thanks takes it.
            <p className="ok" role="status" tabIndex={-1} ref={focusOnMount}>
              {t('answers.helpful.thanks')}
            </p>
          ) : voted ? (
            <p className="ok">{t('answers.helpful.thanks')}</p>
          ) : (
            <Form method="post" className="stack">
              <CsrfInput />
              <p id="helpful-ask">{t('answers.helpful.ask')}</p>
              {/* The question on its own line, the two answers side by side under it, at any width. */}
              <div className="row" role="group" aria-labelledby="helpful-ask">
                <button type="submit" name="verdict" value="helpful">
                  {t('answers.helpful.yes')}
                </button>
                <button type="submit" name="verdict" value="not_helpful">
                  {t('answers.helpful.no')}
                </button>
              </div>
            </Form>
          )}
          <p className="hint">{t('answers.helpful.counts', { helpful: answer.helpful })}</p>
        </section>
      )}
      {withdrawnAt ? null : (
        <section className="card qr-card">
          <h2>{t('answers.qr')}</h2>
          <div role="img" aria-label={t('answers.qr')} dangerouslySetInnerHTML={{ __html: qr }} style={{ width: 200, height: 200 }} />
          {/* The address itself, to copy or to read off a printed notice. */}
          <p>
            {t('answers.link')}
            <br />
            <a href={url} className="url tap">
              {url}
            </a>
          </p>
        </section>
      )}
      {mayUpdateFaq ? (
        <p className="no-print">
          <Link className="tap" to={`/answers/review/${answer.id}`}>
            {t('answers.faq.update')}
          </Link>
        </p>
      ) : null}
      {staff && !withdrawnAt ? <WithdrawAnswerForm refused={refusedWithdraw} /> : null}
      {forResidents ? (
        <p className="no-print">
          <Link className="tap" to="/complaints/new">
            {t('answers.fileInstead')}
          </Link>
        </p>
      ) : null}
    </article>
  )
}

/** What the public finds at a withdrawn answer's address: that it was withdrawn, and when; nothing of the answer. */
function WithdrawnAnswer({ withdrawnAt }: { withdrawnAt: string | null }) {
  const t = useT()
  const locale = useLocale()
  return (
    <article className="stack narrow">
      <BackLink to="/answers">{t('answers.back')}</BackLink>
      <h1>{t('answers.withdrawn.title')}</h1>
      <p>{t('answers.withdrawn.body', { date: withdrawnAt ? fmtDate(withdrawnAt, locale) : '' })}</p>
      <p className="hint">{t('answers.withdrawn.next')}</p>
      <p>
        <Link className="tap" to="/complaints/new">
          {t('answers.fileInstead')}
        </Link>
      </p>
    </article>
  )
}

/** A signed-in resident's own verdict, with the other one to change to: their account holds one vote, whichever browser they use. */
function MyVerdict({ mine, thanked }: { mine: 'helpful' | 'not_helpful'; thanked: boolean }) {
  const t = useT()
  const other = mine === 'helpful' ? 'not_helpful' : 'helpful'
  return (
    <Form method="post" className="stack">
      <CsrfInput />
      {thanked ? (
        // The button pressed is replaced: the thanks takes the focus.
        <p className="ok" role="status" tabIndex={-1} ref={focusOnMount}>
          {t('answers.helpful.thanks')}
        </p>
      ) : null}
      <p>{t(mine === 'helpful' ? 'answers.helpful.mine.helpful' : 'answers.helpful.mine.notHelpful')}</p>
      <div className="row">
        <button type="submit" name="verdict" value={other}>
          {t(other === 'helpful' ? 'answers.helpful.change.helpful' : 'answers.helpful.change.notHelpful')}
        </button>
      </div>
    </Form>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
