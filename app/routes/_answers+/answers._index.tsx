import { type LoaderFunctionArgs, type MetaFunction, json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { CategorySelect } from '#app/components/category-select'
import { CommunityFilter } from '#app/components/community-filter'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { FollowButton } from '#app/components/follow-button'
import { fmtDate } from '#app/components/outcomes-ui'
import { ZhText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { answerCategories, followStateFor, keySentences, searchAnswers } from '#app/services/answers.server'
import { getUser } from '#app/utils/auth.server'
import { chinaDayEnd, chinaDayStart } from '#app/utils/dates'
import { getDb, listUnits } from '#app/utils/db.server'
import { localCategoryName } from '#app/utils/labels.server'
import { pageTitle } from '#app/utils/meta'
import { getPrefs } from '#app/utils/prefs.server'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'answers.title') }]

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
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
})

/** Public answers library: search over published official replies (no personal data). Works without JavaScript. */
export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const { locale } = getPrefs(request)
  const params = SearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const filter = {
    category: params.category || null,
    communityId: params.community ?? null,
    from: params.from ? chinaDayStart(params.from) : null,
    to: params.to ? chinaDayEnd(params.to) : null,
  }
  const found = searchAnswers(db, { q: params.q, filter, limit: 30 })
  const cat = localCategoryName(db, locale)
  const communities = listUnits(db, 'community')
  const communityName = new Map(communities.map(c => [c.id, localName(c, locale)]))
  return json({
    params,
    followed: followStateFor(db, getUser(request)),
    categories: answerCategories(db).map(c => ({ value: c, label: cat(c) })),
    communities: communities.map(c => ({ id: c.id, name: communityName.get(c.id)! })),
    results: found.map(a => ({
      id: a.id,
      kind: a.kind,
      question: a.publicQuestion,
      preview: keySentences(a.publicReply, `${params.q ?? ''} ${a.publicQuestion}`),
      repliedAt: a.repliedAt.toISOString(),
      category: a.categoryPath?.[0] ? cat(a.categoryPath[0]) : null,
      community: a.communityId ? (communityName.get(a.communityId) ?? null) : null,
    })),
  })
}

export default function AnswersIndex() {
  const t = useT()
  const locale = useLocale()
  const { params, categories, communities, results, followed } = useLoaderData<typeof loader>()
  return (
    <section className="stack">
      <h1>{t('answers.title')}</h1>
      <p className="hint">{t('answers.lead')}</p>
      <Form method="get" className="stack card" role="search">
        <label>
          {t('answers.search.label')}
          <input type="search" name="q" defaultValue={params.q ?? ''} placeholder={t('answers.search.placeholder')} maxLength={200} />
        </label>
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
            <input type="date" name="from" defaultValue={params.from ?? ''} />
          </label>
          <label>
            {t('answers.filter.to')}
            <input type="date" name="to" defaultValue={params.to ?? ''} />
          </label>
        </div>
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
      <p role="status">{t('answers.count', { count: results.length })}</p>
      {results.length ? (
        <ol className="stack answer-list">
          {results.map(r => (
            <li key={r.id} className="card">
              <h2>
                <Link to={`/answers/${r.id}`}>
                  <ZhText>{r.question}</ZhText>
                </Link>
              </h2>
              <p>
                <ZhText>{r.preview}</ZhText>
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
      ) : (
        <p>{t('answers.empty')}</p>
      )}
      <p>
        <Link to="/complaints/new">{t('answers.fileInstead')}</Link>
      </p>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
