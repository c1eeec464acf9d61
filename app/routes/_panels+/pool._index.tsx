import { type LoaderFunctionArgs, json, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Fragment } from 'react'
import { CommunityFilter } from '#app/components/community-filter'
import { DataTable } from '#app/components/data-table'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fmtDate } from '#app/components/outcomes-ui'
import { MemberPlace, useAttrLabel, useServedText, ValueList } from '#app/components/pool-fields'
import { TypedText, typedLang } from '#app/components/zh-text'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { requireRole, scopeUnitIds } from '#app/utils/auth.server'
import { getDb, listPool, poolHistory, poolInterestOptions, poolSharedPhones, getUnit } from '#app/utils/db.server'
import { localCategoryName } from '#app/utils/labels.server'
import { pageTitle } from '#app/utils/meta'
import { POOL_ROLES, POOL_STAFF } from '#app/utils/permissions'
import { memberContact, poolCommunities } from '#app/utils/pool-scope.server'
import { getPrefs } from '#app/utils/prefs.server'

const PAGE_SIZE = 50

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'pool.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, POOL_STAFF)
  const db = getDb()
  const { locale } = getPrefs(request)
  const url = new URL(request.url)
  const q = url.searchParams.get('q')?.slice(0, 50) ?? ''
  const community = Number(url.searchParams.get('community')) || null
  const role = url.searchParams.get('role') ?? ''
  const interest = url.searchParams.get('interest') ?? ''
  const askedPage = Math.max(1, Number(url.searchParams.get('page')) || 1)
  const list = (page: number) =>
    listPool(db, {
      scopeUnitIds: scopeUnitIds(user, POOL_STAFF),
      communityId: community,
      q,
      role: role || undefined,
      interest: interest || undefined,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    })
  const asked = list(askedPage)
  // A page past the end shows the last page rather than "none" beside the count.
  const page = Math.min(askedPage, Math.max(1, Math.ceil(asked.total / PAGE_SIZE)))
  const { rows, total } = page === askedPage ? asked : list(page)
  const history = poolHistory(
    db,
    rows.map(r => r.id),
  )
  // Interests are taxonomy categories, stored by their Chinese names; expertise is free text, common ones named in the reader's language.
  const category = localCategoryName(db, locale)
  const members = rows.map(r => {
    const unit = getUnit(db, r.communityId)
    return {
      id: r.id,
      ...memberContact(user, r),
      community: localName(unit, locale),
      // An address written freely is shown whole as written, community included.
      communityZh: unit?.nameZh ?? '',
      building: r.building,
      roles: r.roles,
      interests: r.interests.map(category),
      expertise: r.expertise,
      attributes: r.attributes,
      timesServed: r.timesServed,
      lastServedAt: r.lastServedAt,
      hasAccount: r.userId != null,
      history: history.get(r.id) ?? null,
    }
  })
  const communities = poolCommunities(user, locale)
  // Only the communities this worker manages, as for the refusals that name a member: no one else is named or linked.
  const sharedPhones = poolSharedPhones(
    db,
    communities.map(c => c.id),
  ).map(group => ({
    phone: memberContact(user, group[0]!).phone,
    members: group.map(m => ({
      id: m.id,
      name: memberContact(user, m).name,
      community: localName(getUnit(db, m.communityId), locale),
      createdAt: m.createdAt,
      hasAccount: m.userId != null,
    })),
  }))
  return json({
    members,
    sharedPhones,
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    filters: { q, community: community ?? '', role, interest },
    communities,
    interests: poolInterestOptions(db),
    roles: POOL_ROLES,
  })
}

export default function Pool() {
  const t = useT()
  const locale = useLocale()
  const attrLabel = useAttrLabel()
  const { members, sharedPhones, total, page, pages, filters, communities, interests, roles } = useLoaderData<typeof loader>()
  const qs = (p: number) => {
    const s = new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, String(v)])), page: String(p) })
    return `?${s}`
  }
  const [search] = useSearchParams()
  const served = useServedText()
  return (
    <section>
      <h1>{t('pool.title')}</h1>
      {search.get('removed') ? (
        <p role="status" className="ok">
          {t('pool.removed')}
        </p>
      ) : null}
      <p className="row">
        <Link className="button primary" to="/pool/new">
          {t('pool.add')}
        </Link>
        <Link className="button" to="/pool/import">
          {t('pool.import')}
        </Link>
      </p>
      <SharedPhones groups={sharedPhones} />
      <Form method="get" className="row card" aria-label={t('common.filter')}>
        <label>
          {t('common.search')}
          <input name="q" type="search" defaultValue={filters.q} placeholder={t('pool.filter.q')} />
        </label>
        <CommunityFilter label={t('common.community')} anyLabel={t('common.all')} communities={communities} defaultValue={String(filters.community)} />
        <label>
          {t('pool.field.roles')}
          <select name="role" defaultValue={filters.role}>
            <option value="">{t('common.all')}</option>
            {roles.map(r => (
              <option key={r} value={r}>
                {t(`pool.role.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('pool.field.interests')}
          <select name="interest" defaultValue={filters.interest}>
            <option value="">{t('common.all')}</option>
            {interests.map(i => (
              <option key={i.value} value={i.value}>
                {locale === 'zh' ? i.zh : i.en}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('common.filter')}</button>
      </Form>
      <p role="status">{t('common.total', { count: total })}</p>
      <DataTable
        caption={t('pool.title')}
        captionHidden
        stackOnPhone
        empty={<p>{t('common.none')}</p>}
        rows={members}
        rowKey={m => m.id}
        columns={[
          {
            key: 'name',
            header: t('pool.field.name'),
            rowHeader: true,
            cell: m => (
              <Link to={`/pool/${m.id}`} lang={typedLang(m.name)}>
                {m.name}
              </Link>
            ),
          },
          {
            key: 'community',
            header: t('pool.field.community'),
            cell: m => <MemberPlace community={m.community} communityZh={m.communityZh} building={m.building} />,
          },
          { key: 'phone', header: t('pool.field.phone'), cell: m => m.phone },
          { key: 'roles', header: t('pool.field.roles'), cell: m => <ValueList items={m.roles.map(r => t(`pool.role.${r}` as MessageKey))} /> },
          {
            key: 'interests',
            header: t('pool.field.interests'),
            cell: m => <ValueList items={[...m.interests, ...m.expertise.map(e => attrLabel('expertise', e))]} />,
          },
          {
            key: 'attributes',
            header: t('pool.field.attributes'),
            cell: m => <ValueList items={Object.entries(m.attributes).map(([a, v]) => attrLabel(a, v))} />,
          },
          {
            key: 'history',
            header: t('pool.history'),
            cell: m => (
              <>
                {served(m.timesServed, m.lastServedAt)}
                {m.history ? (
                  <div className="hint">
                    {t('pool.historyLine', { invitations: m.history.invitations, accepted: m.history.accepted, attended: m.history.attended })}
                  </div>
                ) : null}
              </>
            ),
          },
        ]}
      />
      {pages > 1 ? (
        <nav className="pager" aria-label={t('common.page', { page, pages })}>
          {page > 1 ? <Link to={qs(page - 1)}>{t('common.prev')}</Link> : null}
          <span>{t('common.page', { page, pages })}</span>
          {page < pages ? <Link to={qs(page + 1)}>{t('common.next')}</Link> : null}
        </nav>
      ) : null}
    </section>
  )
}

type SharedPhoneGroup = {
  phone: string | null
  members: { id: number; name: string | null; community: string; createdAt: string; hasAccount: boolean }[]
}

/** Members of the worker's communities recorded with one phone, each linked to the entry to keep, correct or remove. */
function SharedPhones({ groups }: { groups: SharedPhoneGroup[] }) {
  const t = useT()
  const locale = useLocale()
  if (!groups.length) return null
  return (
    <section className="card shared-phones" aria-labelledby="pool-shared-phones">
      <h2 id="pool-shared-phones">{t('pool.shared.title')}</h2>
      <p className="warn">{t('pool.shared.intro')}</p>
      <p>{t('pool.shared.next')}</p>
      <ul>
        {groups.map(g => (
          <li key={g.members[0]!.id}>
            {t('pool.shared.group', { phone: '\u0000' })
              .split('\u0000')
              .map((part, i) => (
                <Fragment key={i}>
                  {i ? <span className="tel">{g.phone}</span> : null}
                  {part}
                </Fragment>
              ))}
            <ul>
              {g.members.map(m => (
                <li key={m.id}>
                  <Link to={`/pool/${m.id}`}>
                    {/* The name as written (Chinese marked so on an English page), inside the sentence in the reader's language. */}
                    {t('pool.shared.open', { name: '\u0000', id: m.id })
                      .split('\u0000')
                      .map((part, i) => (
                        <Fragment key={i}>
                          {i ? <TypedText text={m.name} /> : null}
                          {part}
                        </Fragment>
                      ))}
                  </Link>
                  <span className="hint">
                    {' · '}
                    {[m.community, t('pool.shared.recorded', { date: fmtDate(m.createdAt, locale) }), m.hasAccount ? t('pool.shared.account') : null]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
