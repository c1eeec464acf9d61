import { type LoaderFunctionArgs, type MetaFunction, json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useId } from 'react'
import { z } from 'zod'
import { CategorySelect } from '#app/components/category-select'
import { CommunityFilter } from '#app/components/community-filter'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { FollowButton } from '#app/components/follow-button'
import { fmtDate } from '#app/components/outcomes-ui'
import { MarkedText, PublicText, typedLang } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import {
  type AnswerFilter,
  answerCategories,
  byRelevance,
  followStateFor,
  type FoundAnswer,
  frequentQuestions,
  keySentences,
  MAX_WORDS,
  searchAnswers,
  searchWords,
} from '#app/services/answers.server'
import { getUser } from '#app/utils/auth.server'
import { chinaDayEnd, chinaDayStart } from '#app/utils/dates'
import { getDb, listUnits } from '#app/utils/db.server'
import { answerCategoryName, localCategoryName } from '#app/utils/labels.server'
import { pageTitle } from '#app/utils/meta'
import { getPrefs } from '#app/utils/prefs.server'
import { markZh } from '#app/utils/zh-marks'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'answers.title') }]

// Dates are kept as typed: one that is not a date is reported back, not dropped.
const day = z
  .string()
  .transform(s => s.trim().slice(0, 40))
  .optional()
  .catch(undefined)
const SearchSchema = z.object({
  // A long question pasted in is searched by its beginning, not silently dropped.
  q: z
    .string()
    .transform(s => s.slice(0, 200))
    .optional()
    .catch(undefined),
  category: z.string().max(60).optional().catch(undefined),
  community: z.coerce.number().int().positive().optional().catch(undefined),
  from: day,
  to: day,
  // The frequent questions: all of them rather than the first few.
  faq: z.literal('all').optional().catch(undefined),
})

type DateProblem = { kind: 'invalid'; field: 'from' | 'to'; value: string } | { kind: 'reversed'; from: string; to: string }

/** `YYYY-MM-DD` naming a day on the calendar (2026-02-30 is none). */
function isDay(s: string) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}

/** What is wrong with a reply date range as typed: a date that is not one, or a start after the end. */
function dateProblemsOf(from: string | undefined, to: string | undefined): DateProblem[] {
  const problems: DateProblem[] = []
  if (from && !isDay(from)) problems.push({ kind: 'invalid', field: 'from', value: from })
  if (to && !isDay(to)) problems.push({ kind: 'invalid', field: 'to', value: to })
  if (!problems.length && from && to && from > to) problems.push({ kind: 'reversed', from, to })
  return problems
}

const LIMIT = 30
/** Frequent questions shown above the list before a search; the others are a link away. */
const FAQS_SHOWN = 8

/**
 * The search, within a community when one is chosen: its replies, and the
 * frequent questions, which hold for every community (they belong to none).
 * Ranked together as one search ranks them: by relevance (those related to
 * only some of the words after the others), or newest first.
 * Answers already shown above the list (`shown`) are not listed again.
 */
function searchInPlace(db: ReturnType<typeof getDb>, q: string | undefined, filter: AnswerFilter, shown: ReadonlySet<number>) {
  const notShown = (a: FoundAnswer) => !shown.has(a.id)
  const found = searchAnswers(db, { q, filter, limit: LIMIT + shown.size }).filter(notShown)
  if (!filter.communityId) return found.slice(0, LIMIT)
  const everywhere = searchAnswers(db, { q, filter: { ...filter, communityId: null }, limit: 100 }).filter(a => a.kind === 'faq' && notShown(a))
  const byRank = q?.trim() ? byRelevance : (a: FoundAnswer, b: FoundAnswer) => b.repliedAt.getTime() - a.repliedAt.getTime()
  return [...found, ...everywhere].sort(byRank).slice(0, LIMIT)
}

/** Public answers library: search over published official replies (no personal data). Works without JavaScript. */
export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const { locale } = getPrefs(request)
  const params = SearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const dateProblems = dateProblemsOf(params.from, params.to)
  const filter = {
    category: params.category || null,
    communityId: params.community ?? null,
    from: params.from ? chinaDayStart(params.from) : null,
    to: params.to ? chinaDayEnd(params.to) : null,
  }
  // Before a search (words or reply dates), the frequent questions stand apart above the replies, within the category or community chosen.
  const browsing = !dateProblems.length && !params.q?.trim() && !params.from && !params.to
  const faqs = browsing ? frequentQuestions(db, filter) : []
  const faqsShown = params.faq === 'all' ? faqs : faqs.slice(0, FAQS_SHOWN)
  // Dates that cannot be searched by are said so; nothing is searched until they are put right.
  const found = dateProblems.length ? [] : searchInPlace(db, params.q, filter, new Set(faqsShown.map(a => a.id)))
  const cat = localCategoryName(db, locale)
  const categoryOf = answerCategoryName(db, locale)
  const communities = listUnits(db, 'community')
  const communityName = new Map(communities.map(c => [c.id, localName(c, locale)]))
  return json({
    params,
    dateProblems,
    // Beyond the first words, the others are not searched each on its own: said so.
    wordsSearchedAlone: searchWords(params.q ?? '').length > MAX_WORDS ? MAX_WORDS : null,
    followed: followStateFor(db, getUser(request)),
    categories: answerCategories(db).map(c => ({ value: c, label: cat(c) })),
    communities: communities.map(c => ({ id: c.id, name: communityName.get(c.id)! })),
    faqs: browsing
      ? {
          items: faqsShown.map(a => ({
            id: a.id,
            question: a.publicQuestion,
            preview: keySentences(a.publicReply, a.publicQuestion),
            category: categoryOf(a.categoryPath),
          })),
          total: faqs.length,
          all: faqsShown.length === faqs.length,
        }
      : null,
    results: found.map(a => ({
      id: a.id,
      kind: a.kind,
      question: a.publicQuestion,
      preview: keySentences(a.publicReply, `${params.q ?? ''} ${a.publicQuestion}`),
      repliedAt: a.repliedAt.toISOString(),
      category: categoryOf(a.categoryPath),
      community: a.communityId ? (communityName.get(a.communityId) ?? null) : null,
      partial: a.partial,
    })),
  })
}

/** The page with the chosen category and community kept, showing all the frequent questions. */
function allFaqsQuery(params: { category?: string; community?: number }) {
  const query = new URLSearchParams()
  if (params.category) query.set('category', params.category)
  if (params.community) query.set('community', String(params.community))
  query.set('faq', 'all')
  return query
}

export default function AnswersIndex() {
  const t = useT()
  const locale = useLocale()
  const { params, dateProblems, wordsSearchedAlone, categories, communities, faqs, results, followed } = useLoaderData<typeof loader>()
  const hintId = useId()
  const datesErrorId = useId()
  const faqsHeadingId = useId()
  const partialId = useId()
  const whole = results.filter(r => !r.partial)
  const partial = results.filter(r => r.partial)
  // Before a search the frequent questions come first; the replies below are then headed as the newest, each a level down.
  const faqsShown = Boolean(faqs?.items.length)
  const ResultHeading = faqsShown ? 'h3' : 'h2'
  const dateWrong = (field: 'from' | 'to') => dateProblems.some(p => p.kind === 'reversed' || p.field === field)
  const dateProps = (field: 'from' | 'to') =>
    dateWrong(field) ? { 'aria-invalid': true, 'aria-describedby': datesErrorId } : { 'aria-invalid': undefined, 'aria-describedby': undefined }
  return (
    <section className="stack">
      <h1>{t('answers.title')}</h1>
      <p className="hint">{t('answers.lead')}</p>
      <Form method="get" className="stack card" role="search">
        <div className="field">
          <label>
            {t('answers.search.label')}
            <input type="search" name="q" defaultValue={params.q ?? ''} maxLength={200} aria-describedby={hintId} lang={typedLang(params.q)} />
          </label>
          {/* The answers are the replies as written, in Chinese: the example says what to type in either language. */}
          <p className="hint" id={hintId}>
            <MarkedText text={t('answers.search.hint', { example: markZh(t('answers.search.example')) })} />
          </p>
        </div>
        <div className="row">
          <CategorySelect
            label={t('answers.filter.category')}
            emptyLabel={t('answers.filter.any')}
            categories={categories}
            defaultValue={params.category ?? ''}
          />
          <CommunityFilter
            label={t('answers.filter.community')}
            anyLabel={t('answers.filter.any')}
            communities={communities}
            defaultValue={params.community ?? ''}
          />
          <label>
            {t('answers.filter.from')}
            <input type="date" name="from" defaultValue={params.from ?? ''} {...dateProps('from')} />
          </label>
          <label>
            {t('answers.filter.to')}
            <input type="date" name="to" defaultValue={params.to ?? ''} {...dateProps('to')} />
          </label>
        </div>
        {dateProblems.length ? (
          <p className="error" role="alert" id={datesErrorId}>
            {dateProblems
              .map(p =>
                p.kind === 'reversed'
                  ? t('answers.filter.reversed', { from: fmtDate(p.from, locale), to: fmtDate(p.to, locale) })
                  : t(p.field === 'from' ? 'answers.filter.fromInvalid' : 'answers.filter.toInvalid', { value: p.value }),
              )
              .join(' ')}
          </p>
        ) : null}
        <div>
          <button type="submit" className="primary">
            {t('answers.search.submit')}
          </button>
        </div>
      </Form>
      {params.category || params.community ? (
        <div className="row" data-testid="follow-filters">
          {params.category ? <FollowButton followed={followed} kind="category" targetKey={params.category} label="answers.follow.category" /> : null}
          {params.community ? (
            <FollowButton followed={followed} kind="place" targetKey={`community:${params.community}`} label="answers.follow.community" />
          ) : null}
        </div>
      ) : null}
      {faqs && faqsShown ? (
        <section className="card stack faq-section" id="faqs" aria-labelledby={faqsHeadingId}>
          <h2 id={faqsHeadingId}>{t('answers.faqs.title')}</h2>
          <p className="hint">{t('answers.faqs.lead')}</p>
          <ul className="list faq-list">
            {faqs.items.map(f => (
              <li key={f.id}>
                <h3>
                  <Link to={`/answers/${f.id}`}>
                    <PublicText text={f.question} />
                  </Link>
                </h3>
                <p>
                  <PublicText text={f.preview} />
                </p>
                {f.category ? <p className="hint">{f.category}</p> : null}
              </li>
            ))}
          </ul>
          {faqs.all ? null : (
            <p>
              <Link className="tap" to={`/answers?${allFaqsQuery(params)}#faqs`}>
                {t('answers.faqs.all', { count: faqs.total })}
              </Link>
            </p>
          )}
        </section>
      ) : null}
      {/* With the frequent questions above, the replies are headed as the newest; none left to list is no failed search and is not said. */}
      {dateProblems.length || (faqsShown && !results.length) ? null : (
        <div className="results-head">
          {faqsShown ? <h2>{t('answers.latest')}</h2> : null}
          {/* Found for some of the words only: said before the list, which then starts under the line saying so. */}
          <p role="status">
            {t('answers.count', { count: results.length })}
            {results.length && !whole.length ? ` ${t('answers.noneAllWords')}` : ''}
          </p>
          {wordsSearchedAlone ? <p className="hint">{t('answers.firstWords', { count: wordsSearchedAlone })}</p> : null}
        </div>
      )}
      {dateProblems.length || (faqsShown && !results.length) ? null : results.length ? (
        <>
          {whole.length ? <ResultList results={whole} Heading={ResultHeading} /> : null}
          {/* Answers to only some of the words are said to be so, numbered on from those above. */}
          {partial.length ? (
            <>
              <p className="hint" id={partialId}>
                {t('answers.someWords')}
              </p>
              <ResultList results={partial} Heading={ResultHeading} start={whole.length + 1} labelledBy={partialId} />
            </>
          ) : null}
        </>
      ) : (
        <p>{t('answers.empty')}</p>
      )}
      <p>
        {/* The question searched goes on as the subject of the report: nothing is typed twice. */}
        <Link className="tap" to={params.q?.trim() ? `/complaints/new?${new URLSearchParams({ subject: params.q.trim() })}` : '/complaints/new'}>
          {t('answers.fileInstead')}
        </Link>
      </p>
    </section>
  )
}

type Result = ReturnType<typeof useLoaderData<typeof loader>>['results'][number]

/** Found answers as numbered cards, each headed by its question. */
function ResultList({ results, Heading, start, labelledBy }: { results: Result[]; Heading: 'h2' | 'h3'; start?: number; labelledBy?: string }) {
  const t = useT()
  const locale = useLocale()
  return (
    <ol className="stack answer-list" start={start} aria-labelledby={labelledBy}>
      {results.map(r => (
        <li key={r.id} className="card">
          <Heading>
            <Link to={`/answers/${r.id}`}>
              <PublicText text={r.question} />
            </Link>
          </Heading>
          <p>
            <PublicText text={r.preview} />
          </p>
          <p className="hint">
            {r.kind === 'faq' ? `${t('answers.faq')} · ` : ''}
            {t('answers.repliedAt', { date: fmtDate(r.repliedAt, locale) })}
            {r.category ? ` · ${r.category}` : ''}
            {r.community ? ` · ${r.community}` : ''}
          </p>
        </li>
      ))}
    </ol>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
