import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { publishFaq, reviewAnswer } from '#app/commands/answers.server'
import {
  ConfirmNewQuestion,
  FaqCheck,
  faqCheckFields,
  foundErrors,
  NamedEntry,
  RefusalList,
  refusedAnswerForm,
  refusedFields,
} from '#app/components/answer-refused'
import { useWithdrawReason } from '#app/components/answer-withdraw'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { FaqSources, useFaqReviewNote } from '#app/components/faq-sources'
import { ErrorList } from '#app/components/forms'
import { fmtDate } from '#app/components/outcomes-ui'
import { PublicText, typedLang, ZhText } from '#app/components/zh-text'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { draftFaqAnswer, faqEntriesToReview, newerTextDate, passesOnOnly, proposeFaqGroups, searchAnswers } from '#app/services/answers.server'
import { getPipeline } from '#app/services/nlp.server'
import { requireRole, scopeUnitIds, validateCsrf } from '#app/utils/auth.server'
import {
  faqBuiltOnAll,
  faqsBuiltOn,
  getDb,
  getPublishedAnswer,
  listAnswersForReview,
  listUnits,
  listWithdrawnAnswers,
  personalDataInFaq,
  personalDataInReview,
  unitIdsWithin,
} from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { answerFaqCheck } from '#app/utils/faq-check.server'
import { parseForm } from '#app/utils/forms.server'
import { localCategoryName } from '#app/utils/labels.server'
import { pageTitle } from '#app/utils/meta'
import { ANSWER_REVIEW_ROLES, PAGE_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'answers.review.title') }]

/**
 * Staff page of the reply library: replies awaiting review (scrubbed texts,
 * editable, with the reply as sent beside them), recurring inquiries proposed
 * as FAQ entries, and an FAQ editor with a draft assembled from chosen replies.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, ANSWER_REVIEW_ROLES)
  const db = getDb()
  const scope = scopeUnitIds(user, ANSWER_REVIEW_ROLES)
  const unitIds = unitIdsWithin(db, scope)
  const url = new URL(request.url)
  const { locale } = getPrefs(request)
  const categoryName = localCategoryName(db, locale)
  const communities = new Map(listUnits(db, 'community').map(u => [u.id, localName(u, locale)]))
  const q = (url.searchParams.get('q') ?? '').slice(0, 200)
  const requested = url.searchParams
    .getAll('source')
    .map(Number)
    .filter(n => Number.isInteger(n) && n > 0)
    .slice(0, 10)
  // An FAQ entry draws on replies, not on other entries; entries found are listed apart, to update rather than publish again.
  const found = q ? searchAnswers(db, { q, limit: 20 }) : []
  const replies = found.filter(a => a.kind === 'reply').slice(0, 10)
  const builtOn = faqsBuiltOn(db, [...new Set([...replies.map(a => a.id), ...requested])])
  const matches = replies.map(a => ({ id: a.id, question: a.publicQuestion, usedBy: builtOn.get(a.id) ?? null }))
  const faqs = found
    .filter(a => a.kind === 'faq')
    .slice(0, 5)
    .map(a => ({ id: a.id, question: a.publicQuestion }))
  // A reply a published entry is built from is not ticked unasked (by a link or a proposed group); ticked by the worker for a draft, it stays ticked.
  const chosen = url.searchParams.has('draft') ? requested : requested.filter(id => !builtOn.has(id))
  const draftFrom = q && chosen.length ? draftFaqAnswer(db, q, chosen) : null
  const drawnOn = draftFrom?.sources.map(source => source.id) ?? []
  return json({
    pending: listAnswersForReview(db, { unitIds, limit: 30 }).map(a => ({
      id: a.id,
      question: a.publicQuestion,
      text: a.publicText,
      publicReply: a.publicReply,
      reply: a.reply,
      repliedAt: a.repliedAt.toISOString(),
      // Where it was asked and what about: the same question from two places is told apart (null: none yet).
      community: a.communityId ? (communities.get(a.communityId) ?? null) : null,
      category: a.categoryPath?.length ? a.categoryPath.map(categoryName).join(' / ') : null,
      passesOnOnly: passesOnOnly(a.reply),
      // A published answer's newer reply: the published one, which stays online until this is published in its place.
      publishedReply: a.publishedReply,
    })),
    groups: proposeFaqGroups(db).slice(0, 8),
    // Answers withdrawn as wrong, to read again and publish again if need be.
    withdrawn: listWithdrawnAnswers(db, { unitIds, limit: 20 }).map(w => ({
      id: w.id,
      question: w.question,
      withdrawnAt: w.withdrawnAt?.toISOString() ?? null,
      reason: w.withdrawnReason,
    })),
    // Each newer reply named by the question it answered and its date, for staff to compare with the entry.
    stale: faqEntriesToReview(db).map(f => ({
      id: f.id,
      question: f.question,
      reasons: f.reasons.filter(r => r !== 'newer'),
      confirmedAt: getPublishedAnswer(db, f.id)?.confirmedAt?.toISOString() ?? null,
      newer: f.newerIds
        .map(id => getPublishedAnswer(db, id))
        .filter(a => a != null)
        .map(a => ({ id: a.id, question: a.publicQuestion, writtenAt: newerTextDate(a).toISOString() })),
    })),
    q,
    matches,
    faqs,
    chosen,
    // Each top level with its subcategories, as an entry's page names it (top / sub); the value is the stored path, joined by '/'.
    categories: getPipeline(db).taxonomy.categories.map(n => ({
      label: categoryName(n.nameZh),
      options: [[n.nameZh], ...n.children.map(c => [n.nameZh, c.nameZh])].map(path => ({ value: path.join('/'), label: path.map(categoryName).join(' / ') })),
    })),
    // Drawn from the ticked replies; when no published reply is like the question, an empty entry to write from scratch.
    // Drawn only from replies one published entry is built from, it would be refused: said before it is written.
    draft: draftFrom
      ? {
          question: q,
          ...draftFrom,
          category: mostFiledUnder(drawnOn.map(id => getPublishedAnswer(db, id)?.categoryPath)),
          builtOn: faqBuiltOnAll(db, drawnOn),
        }
      : q && !matches.length
        ? { question: q, reply: '', category: null, sources: [], builtOn: null }
        : null,
    // A search that found nothing, or a draft asked for without a reply ticked, says so instead of reloading silently.
    // Set by the redirect after an FAQ entry is published: the draft is gone, the entry is linked.
    publishedFaq: Number(url.searchParams.get('published')) || null,
    // Set by the redirect after an entry to review was confirmed or updated.
    reviewedFaq: (['confirmed', 'updated'] as const).map(done => ({ done, id: Number(url.searchParams.get(done)) || null })).find(r => r.id),
    faqNotice: (q && !matches.length
      ? faqs.length
        ? 'answers.faq.onlyFaqMatches'
        : 'answers.faq.noMatches'
      : url.searchParams.has('draft') && !chosen.length
        ? 'answers.faq.chooseSource'
        : null) as MessageKey | null,
  })
}

/**
 * The category path (top level and subcategory) most of a draft's sources are
 * filed under, as the category select's value; a tie goes to the more specific
 * path, then to the newer source. Null when none is filed.
 */
function mostFiledUnder(paths: (string[] | null | undefined)[]): string | null {
  const votes = new Map<string, number>()
  for (const path of paths) if (path?.length) votes.set(path.slice(0, 2).join('/'), (votes.get(path.slice(0, 2).join('/')) ?? 0) + 1)
  const depth = (value: string) => value.split('/').length
  return [...votes].sort((x, y) => y[1] - x[1] || depth(y[0]) - depth(x[0]))[0]?.[0] ?? null
}

/** The stored path of a category select's value, or null when the taxonomy in force has no such top level or subcategory. */
function categoryPathOf(taxonomy: ReturnType<typeof getPipeline>['taxonomy'], value: string): string[] | null {
  const [top, sub, ...more] = value.split('/')
  const node = taxonomy.categories.find(n => n.nameZh === top)
  if (!node || more.length || (sub !== undefined && !node.children.some(c => c.nameZh === sub))) return null
  return sub === undefined ? [top!] : [top!, sub]
}

const questionRequired = { required_error: 'answers.error.questionRequired' }
const replyRequired = { required_error: 'answers.error.replyRequired' }
const faqQuestion = z.string(questionRequired).trim().min(1, 'answers.error.questionRequired').max(500)
const faqDraft = {
  sources: z.string().max(200).default(''),
  category: z.string().trim().max(100).default(''),
  // The published entries the worker confirmed this one is published beside, as another question.
  confirmNew: z.array(z.number().int().positive()).max(10).default([]),
}
const ReviewSchema = z.discriminatedUnion('intent', [
  // A text left out of the post is published as it stands; one sent cleared is not (see the action).
  z.object({
    intent: z.literal('publish'),
    answerId: z.coerce.number().int().positive(),
    publicQuestion: z.string().trim().max(500).optional(),
    publicText: z.string().max(20000).optional(),
    publicReply: z.string().trim().max(20000).optional(),
  }),
  z.object({ intent: z.literal('reject'), answerId: z.coerce.number().int().positive() }),
  z.object({
    intent: z.literal('faq'),
    question: faqQuestion,
    reply: z.string(replyRequired).trim().min(1, 'answers.error.replyRequired').max(20000),
    ...faqDraft,
  }),
  // While drafting: whether a published entry already answers the question, and personal data in the texts; the answer may not be written yet.
  z.object({ ...faqCheckFields, ...faqDraft }),
])

/** The draft's sources, as the hidden field lists them. */
const sourceIdsOf = (sources: string) =>
  sources
    .split(',')
    .map(Number)
    .filter(n => Number.isInteger(n) && n > 0)

/** After a review: what was done, and a page to read it on (the public answer, or the message when it is not public). */
type ActionData = { ok: true; message: MessageKey; link: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(request, ANSWER_REVIEW_ROLES)
  const scope = scopeUnitIds(user, ANSWER_REVIEW_ROLES)
  const form = await request.formData()
  validateCsrf(request, form)
  const parsed = parseForm(form, ReviewSchema)
  if (!parsed.ok) return parsed.response
  const v = parsed.value
  const db = getDb()
  const ctx = { db, actor: { kind: 'user', id: user.id } as const, notify: context.notify }
  // A refused action keeps what was typed, as a form that did not validate does.
  const keep = { values: parsed.submission.reply().initialValue }
  // A check saves nothing: what publishing would be refused for, or said to be clear, the draft as typed either way.
  if (v.intent === 'check') return answerFaqCheck(ctx, parsed.submission, { question: v.question, reply: v.reply, sourceIds: sourceIdsOf(v.sources) })
  // A question or reply cleared in the form is not publishable: said beside the field (a form sends an empty field, which parses as none).
  if (v.intent === 'publish') {
    const cleared = (['publicQuestion', 'publicReply'] as const).filter(name => form.has(name) && !v[name])
    if (cleared.length) {
      const fieldErrors = Object.fromEntries(
        cleared.map(name => [name, [name === 'publicQuestion' ? 'answers.error.questionRequired' : 'answers.error.replyRequired']]),
      )
      return json({ result: parsed.submission.reply({ fieldErrors }) }, { status: 400 })
    }
  }
  const texts =
    v.intent === 'publish'
      ? { publicQuestion: v.publicQuestion, publicText: v.publicText ?? (form.has('publicText') ? '' : undefined), publicReply: v.publicReply }
      : {}
  // Never published other than as approved: personal data left in is said beside each field it is in, what was typed kept.
  // Only for a reply in the reviewer's queue (the command refuses any other).
  const queued = v.intent === 'publish' && listAnswersForReview(db, { unitIds: unitIdsWithin(db, scope), limit: 10_000 }).some(a => a.id === v.answerId)
  const found =
    v.intent === 'publish' && queued
      ? personalDataInReview(db, { answerId: v.answerId, ...texts })
      : v.intent === 'faq'
        ? personalDataInFaq({ question: v.question, reply: v.reply })
        : null
  if (found) {
    return json({ result: parsed.submission.reply({ formErrors: ['answers.error.notPublished'], fieldErrors: foundErrors(found) }) }, { status: 400 })
  }
  // An entry is filed under a top level or a subcategory of the taxonomy in force, or none.
  const categoryPath = v.intent === 'faq' && v.category ? categoryPathOf(getPipeline(db).taxonomy, v.category) : null
  if (v.intent === 'faq' && v.category && !categoryPath)
    return json({ result: parsed.submission.reply({ fieldErrors: { category: ['answers.faq.unknownCategory'] } }) }, { status: 400 })
  const done = await runCommand(
    () =>
      v.intent === 'faq'
        ? publishFaq(ctx, {
            question: v.question,
            reply: v.reply,
            sourceIds: sourceIdsOf(v.sources),
            categoryPath,
            confirmedNew: v.confirmNew,
          })
        : reviewAnswer(ctx, {
            answerId: v.answerId,
            decision: v.intent,
            // The message text may be cleared: sent empty, it is published empty.
            ...texts,
            scopeUnitIds: scope,
          }),
    keep,
  )
  if (!done.ok) return done.response
  // Away from the draft once published, so that sending the form again cannot publish it twice.
  if (v.intent === 'faq') return redirect(`/answers/review?published=${done.value.id}`)
  const answer = done.value as Awaited<ReturnType<typeof reviewAnswer>>
  // A reply kept out of the library has no public page: staff read it with its message.
  const link = v.intent === 'reject' && !answer.update ? `/complaints/${answer.complaintId}` : `/answers/${answer.id}`
  const message: MessageKey = answer.update
    ? v.intent === 'publish'
      ? 'answers.review.updatePublished'
      : 'answers.review.updateRejected'
    : v.intent === 'publish'
      ? 'answers.review.published'
      : 'answers.review.rejected'
  return json<ActionData>({ ok: true, message, link })
}

export default function AnswersReview() {
  const t = useT()
  const locale = useLocale()
  const reviewNote = useFaqReviewNote()
  const { pending, groups, stale, withdrawn, q, matches, faqs, draft, faqNotice, publishedFaq, reviewedFaq, categories, chosen } =
    useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const result = data && 'ok' in data ? data : undefined
  const refused = refusedAnswerForm(data)
  const withdrawReason = useWithdrawReason()
  // A refused form shows its problems beside its fields; one no longer on the page (reviewed meanwhile) has them said here.
  const refusedIntent = refused?.values.intent
  const refusedReview = (id: number) => (refusedIntent === 'publish' || refusedIntent === 'reject') && String(refused?.values.answerId) === String(id)
  // The draft form sent to publish or to check, refused or checked: shown again as typed.
  const refusedFaq = (refusedIntent === 'faq' || refusedIntent === 'check') && !!draft
  const faq = refusedFields(refusedFaq ? refused : null, 'faq')
  const unplaced = refused && !refusedFaq && !pending.some(a => refusedReview(a.id)) ? Object.values(refused.errors).flat() : []
  return (
    <section className="stack">
      <h1>{t('answers.review.title')}</h1>
      <p className="hint">{t('answers.review.lead')}</p>
      {result ? (
        <p className="ok" role="status">
          {t(result.message)}{' '}
          <Link to={result.link}>{t(result.link.startsWith('/complaints/') ? 'answers.review.openComplaint' : 'answers.suggest.more')}</Link>
        </p>
      ) : null}
      <RefusalList errors={unplaced} />
      {publishedFaq && !result ? (
        <p className="ok" role="status">
          {t('answers.faq.published')} <Link to={`/answers/${publishedFaq}`}>{t('answers.suggest.more')}</Link>
        </p>
      ) : null}
      {reviewedFaq && !result ? (
        <p className="ok" role="status">
          {t(reviewedFaq.done === 'confirmed' ? 'answers.stale.confirmed' : 'answers.stale.updated')}{' '}
          <Link to={`/answers/${reviewedFaq.id}`}>{t('answers.suggest.more')}</Link>
        </p>
      ) : null}

      {pending.length ? (
        pending.map(a => {
          const f = refusedFields(refusedReview(a.id) ? refused : null, `review-${a.id}`)
          return (
            <Form method="post" key={a.id} className="card stack" aria-labelledby={`review-${a.id}-name`} noValidate>
              {/* Named by the resident's question, in Chinese (an aria-label could not say its language); read once, in the field below. */}
              <span id={`review-${a.id}-name`} hidden lang="zh-CN">
                {a.question}
              </span>
              <CsrfInput />
              <input type="hidden" name="answerId" value={a.id} />
              <p className="hint">
                {[t('answers.repliedAt', { date: fmtDate(a.repliedAt, locale) }), a.category ?? t('answers.review.noCategory'), a.community]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              {a.publishedReply !== null ? (
                <p className="warn" role="note">
                  {t('answers.review.updateLead')}
                </p>
              ) : null}
              {a.passesOnOnly ? (
                <p className="warn" role="note">
                  {t('answers.review.passesOn')}
                </p>
              ) : null}
              <ErrorList errors={f.errors('')} />
              <label>
                {t('answers.question')}
                <input name="publicQuestion" lang="zh-CN" defaultValue={f.value('publicQuestion', a.question)} maxLength={500} {...f.aria('publicQuestion')} />
              </label>
              <ErrorList id={f.errorId('publicQuestion')} errors={f.errors('publicQuestion')} />
              <label>
                {t('answers.detail')}
                <textarea name="publicText" lang="zh-CN" defaultValue={f.value('publicText', a.text)} rows={3} {...f.aria('publicText')} />
              </label>
              <ErrorList id={f.errorId('publicText')} errors={f.errors('publicText')} />
              <label>
                {t('answers.reply')}
                <textarea name="publicReply" lang="zh-CN" defaultValue={f.value('publicReply', a.publicReply)} rows={4} {...f.aria('publicReply')} />
              </label>
              <ErrorList id={f.errorId('publicReply')} errors={f.errors('publicReply')} />
              {/* The reply residents read now, beside the one that would replace it. */}
              {a.publishedReply !== null ? (
                <section className="card" aria-labelledby={`review-${a.id}-published`}>
                  <h3 id={`review-${a.id}-published`}>
                    {t('answers.review.publishedVersion')} · <Link to={`/answers/${a.id}`}>{t('answers.suggest.more')}</Link>
                  </h3>
                  <p style={{ whiteSpace: 'pre-wrap' }}>
                    <PublicText text={a.publishedReply} />
                  </p>
                </section>
              ) : null}
              <details>
                <summary>{t('answers.review.original')}</summary>
                <p style={{ whiteSpace: 'pre-wrap' }} lang="zh-CN">
                  {a.reply}
                </p>
              </details>
              <div className="row">
                <button type="submit" name="intent" value="publish" className="primary">
                  {t(a.publishedReply !== null ? 'answers.review.publishUpdate' : 'answers.review.publish')}
                </button>
                <button type="submit" name="intent" value="reject">
                  {t(a.publishedReply !== null ? 'answers.review.rejectUpdate' : 'answers.review.reject')}
                </button>
              </div>
            </Form>
          )
        })
      ) : (
        <p>{t('answers.review.empty')}</p>
      )}

      {stale.length ? (
        <>
          <h2>{t('answers.stale.title')}</h2>
          <p className="hint">{t('answers.stale.lead')}</p>
          <ul className="list">
            {stale.map(f => (
              <li key={f.id}>
                <Link to={`/answers/${f.id}`} lang="zh-CN">
                  {f.question}
                </Link>
                {f.reasons.length || f.confirmedAt ? (
                  <span className="hint">
                    {' · '}
                    {reviewNote(f.reasons, f.confirmedAt)}
                  </span>
                ) : null}
                {f.newer.map(n => (
                  <div key={n.id} className="hint">
                    {t('answers.stale.newerOn', { date: fmtDate(n.writtenAt, locale) })}
                    <Link to={`/answers/${n.id}`} lang="zh-CN">
                      {n.question}
                    </Link>
                  </div>
                ))}
                {/* Still right: confirmed in one press; otherwise corrected on the entry's own page, the newer replies beside it. */}
                <Form method="post" action={`/answers/review/${f.id}`} className="row">
                  <CsrfInput />
                  <button type="submit" name="intent" value="confirm">
                    {t('answers.stale.confirm')}
                  </button>
                  <Link className="tap" to={`/answers/review/${f.id}`}>
                    {t('answers.stale.update')}
                  </Link>
                </Form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {withdrawn.length ? (
        <>
          <h2>{t('answers.withdrawn.list')}</h2>
          <p className="hint">{t('answers.withdrawn.listHint')}</p>
          <ul className="list" data-testid="withdrawn-answers">
            {withdrawn.map(w => (
              <li key={w.id}>
                <Link to={`/answers/${w.id}`} lang="zh-CN">
                  {w.question}
                </Link>
                <span className="hint">
                  {' · '}
                  {withdrawReason(w.reason, null, w.withdrawnAt ? t('answers.withdrawn.on', { date: fmtDate(w.withdrawnAt, locale) }) : null)}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 id="faq">{t('answers.faq.title')}</h2>
      <p className="hint">{t('answers.faq.lead')}</p>
      {groups.length ? (
        <>
          <p id="faq-groups">{t('answers.faq.groups')}</p>
          <ul className="list" data-testid="faq-groups" aria-labelledby="faq-groups">
            {groups.map((g, i) => (
              <li key={i}>
                <Link to={`?q=${encodeURIComponent(g.question)}&${g.questions.map(x => `source=${x.id}`).join('&')}#faq`} lang="zh-CN">
                  {g.questions[0].question}
                </Link>
                <span className="hint"> · {t('answers.faq.groupSize', { count: g.questions.length })}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Form method="get" className="card stack" action="#faq">
        <label>
          {t('answers.faq.searchLabel')}
          <input type="search" name="q" defaultValue={q} maxLength={200} lang={typedLang(q)} />
        </label>
        {faqNotice ? (
          <p role="status" className="hint">
            {t(faqNotice)}
          </p>
        ) : null}
        {matches.length ? (
          <fieldset>
            <legend>{t('answers.faq.sources')}</legend>
            {matches.map(m => (
              <div key={m.id}>
                <label className="row">
                  <input
                    type="checkbox"
                    name="source"
                    value={m.id}
                    defaultChecked={chosen.includes(m.id)}
                    aria-describedby={m.usedBy ? `faq-source-${m.id}-used` : undefined}
                  />{' '}
                  <ZhText>{m.question}</ZhText>
                </label>
                {/* Outside the label: a click on the link opens the entry instead of ticking the box. */}
                {m.usedBy ? (
                  <p id={`faq-source-${m.id}-used`} className="hint">
                    <NamedEntry message="answers.faq.usedBy" entry={m.usedBy} />
                  </p>
                ) : null}
              </div>
            ))}
          </fieldset>
        ) : null}
        {faqs.length ? (
          <section aria-labelledby="faq-published">
            <h3 id="faq-published">{t('answers.faq.publishedMatches')}</h3>
            <p className="hint">{t('answers.faq.publishedMatchesHint')}</p>
            <ul className="list">
              {faqs.map(f => (
                <li key={f.id}>
                  <Link id={`faq-published-${f.id}`} to={`/answers/${f.id}`} lang="zh-CN">
                    {f.question}
                  </Link>
                  {' · '}
                  <Link to={`/answers/review/${f.id}`} aria-describedby={`faq-published-${f.id}`}>
                    {t('answers.stale.update')}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {/* Searching comes first, so Enter in the search box searches again. */}
        <div className="row">
          <button type="submit">{t('answers.faq.searchSubmit')}</button>
          {matches.length ? (
            <button type="submit" name="draft" value="1">
              {t('answers.faq.draft')}
            </button>
          ) : null}
        </div>
      </Form>
      {draft ? (
        <Form method="post" className="card stack" aria-label={t('answers.faq.title')} noValidate>
          <CsrfInput />
          <input type="hidden" name="sources" value={draft.sources.map(s => s.id).join(',')} />
          {/* Said once: a refusal on the same ground replaces it. */}
          {draft.builtOn && !faq.errors('')?.length ? (
            <p className="warn" role="note">
              <NamedEntry message="answers.faq.allUsedBy" entry={draft.builtOn} />{' '}
              <Link to={`/answers/review/${draft.builtOn.id}`}>{t('answers.faq.updateInstead')}</Link>
            </p>
          ) : null}
          <RefusalList errors={faq.errors('')} />
          {/* Refused as a question a published entry already answers: the worker may confirm it is another one. */}
          <ConfirmNewQuestion refused={refusedFaq ? refused : null} errors={faq.errors('')} label="answers.faq.confirmNew" />
          <label>
            {t('answers.faq.question')}
            <input
              name="question"
              lang={typedLang(faq.value('question', draft.question))}
              defaultValue={faq.value('question', draft.question)}
              maxLength={500}
              {...faq.aria('question')}
            />
          </label>
          <RefusalList id={faq.errorId('question')} errors={faq.errors('question')} />
          {/* Before publishing: the same judgement, nothing saved (first in the form, so Enter in the question checks rather than publishes). */}
          <FaqCheck checked={refusedFaq ? data : null} />
          <label>
            {t('answers.faq.answer')}
            <textarea name="reply" lang="zh-CN" defaultValue={faq.value('reply', draft.reply)} rows={6} {...faq.aria('reply')} />
          </label>
          <ErrorList id={faq.errorId('reply')} errors={faq.errors('reply')} />
          <label>
            {t('answers.faq.category')}
            <select name="category" defaultValue={faq.value('category', draft.category ?? '')} {...faq.aria('category')}>
              <option value="">{t('answers.faq.noCategory')}</option>
              {categories.map(group => (
                <optgroup key={group.label} label={group.label}>
                  {group.options.map(c => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <ErrorList id={faq.errorId('category')} errors={faq.errors('category')} />
          <FaqSources sources={draft.sources} id="faq-sources" empty={<p className="hint">{t('answers.faq.noSources')}</p>} />
          <div>
            <button type="submit" name="intent" value="faq" className="primary">
              {t('answers.faq.publish')}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
