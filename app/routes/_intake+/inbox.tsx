import { type ActionFunctionArgs, type LoaderFunctionArgs, json, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useActionData, useRevalidator, useSearchParams } from '@remix-run/react'
import { useCallback, useState } from 'react'
import { z } from 'zod'
import { settleComplaints } from '#app/commands/complaints.server'
import { CommunityFilter } from '#app/components/community-filter'
import { CsrfInput } from '#app/components/csrf'
import { DataTable } from '#app/components/data-table'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ErrorList, fieldErrors } from '#app/components/forms'
import { ComplaintStatusOptions } from '#app/components/intake/complaint-status-options'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { StatusBadge } from '#app/components/status-badge'
import { ZhText } from '#app/components/zh-text'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { getPipeline } from '#app/services/nlp.server'
import { requireRole, scopeUnitIds, userHasRole, validateCsrf } from '#app/utils/auth.server'
import { getDb, INBOX_SORTS, inboxSortOf, listComplaints, toComplaintView, unitsWithin } from '#app/utils/db.server'
import { parseForm } from '#app/utils/forms.server'
import { inboxFilterFromUrl } from '#app/utils/inbox.server'
import { localCategoryName, localUnitName } from '#app/utils/labels.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES, PII_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'
import { useSocketEvent } from '#app/utils/socket'
import { CHANNELS } from '#db/enums'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'inbox.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/inbox'])
  const db = getDb()
  const scope = scopeUnitIds(user, PAGE_ROLES['/inbox'])
  const url = new URL(request.url)
  const filter = { ...inboxFilterFromUrl(url, scope), sort: inboxSortOf(url.searchParams.get('sort')) }
  const asked = listComplaints(db, filter)
  // A page past the end (an old link, a narrower search) shows the last page rather than an empty one.
  const page = asked.page > asked.pages ? listComplaints(db, { ...filter, page: asked.pages }) : asked
  const communities = unitsWithin(db, scope, 'community').map(u => ({ id: u.id, nameZh: u.nameZh, nameEn: u.nameEn }))
  const { locale } = getPrefs(request)
  const cat = localCategoryName(db, locale)
  const unit = localUnitName(db, locale)
  const rows = page.rows.map(c => {
    const v = toComplaintView(db, c, userHasRole(user, PII_ROLES, c.unitId))
    return {
      id: v.id,
      trackingCode: v.trackingCode,
      channel: v.channel,
      subject: v.subject,
      placeText: v.placeText,
      status: v.status,
      receivedAt: v.receivedAt,
      category: cat(v.categoryPath?.[0] ?? ''),
      communityName: v.communityName ? unit(v.communityName) : null,
      complainantName: v.complainantName,
      complainantPhone: v.complainantPhone,
      piiMasked: v.piiMasked,
      supporters: v.supportersCount,
    }
  })
  // The filter offers the first-level categories of the taxonomy in force (value: the stored Chinese name).
  const categories = getPipeline(db).taxonomy.categories.map(c => ({ value: c.nameZh, label: localName(c, getPrefs(request).locale) }))
  return json({ rows, total: page.total, page: page.page, pages: page.pages, communities, categories, sorts: INBOX_SORTS })
}

const BulkSchema = z.object({
  intent: z.enum(['resolve', 'close']),
  ids: z.array(z.number().int().positive(), { required_error: 'intake.error.bulkNone' }).min(1, 'intake.error.bulkNone').max(500, 'intake.error.bulkNone'),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/inbox'])
  const form = await request.formData()
  validateCsrf(request, form)
  const parsed = parseForm(form, BulkSchema)
  if (!parsed.ok) return parsed.response
  const ctx = { db: getDb(), actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const count = settleComplaints(ctx, {
    ids: parsed.value.ids,
    status: parsed.value.intent === 'close' ? 'closed' : 'resolved',
    scope: scopeUnitIds(user, PAGE_ROLES['/inbox']),
  })
  return json({ count })
}

export default function Inbox() {
  const t = useT()
  const locale = useLocale()
  const data = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { revalidate } = useRevalidator()
  const [arrived, setArrived] = useState(0)
  useSocketEvent(
    'complaint:created',
    useCallback(() => {
      setArrived(n => n + 1)
      revalidate()
    }, [revalidate]),
  )
  const exportHref = `/inbox/export.csv?${params.toString()}`
  const pageHref = (p: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(p))
    return `?${next.toString()}`
  }
  return (
    <section>
      <h1>{t('inbox.title')}</h1>
      <Form method="get" className="row card" role="search" noValidate>
        <label>
          {t('inbox.query')}
          <input type="search" name="q" defaultValue={params.get('q') ?? ''} />
        </label>
        <label>
          {t('inbox.channel')}
          <select name="channel" defaultValue={params.get('channel') ?? ''}>
            <option value="">{t('common.all')}</option>
            {CHANNELS.map(c => (
              <option key={c} value={c}>
                {t(`channel.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <CommunityFilter
          label={t('common.community')}
          anyLabel={t('common.all')}
          communities={data.communities.map(c => ({ id: c.id, name: localName(c, locale) }))}
          defaultValue={params.get('community') ?? ''}
        />
        <label>
          {t('inbox.category')}
          <select name="category" defaultValue={params.get('category') ?? ''}>
            <option value="">{t('common.all')}</option>
            {data.categories.map(c => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('common.status')}
          <select name="status" defaultValue={params.get('status') ?? ''}>
            <option value="">{t('common.all')}</option>
            <ComplaintStatusOptions />
          </select>
        </label>
        <label>
          {t('inbox.from')}
          <input type="date" name="from" defaultValue={params.get('from') ?? ''} />
        </label>
        <label>
          {t('inbox.to')}
          <input type="date" name="to" defaultValue={params.get('to') ?? ''} />
        </label>
        <label>
          {t('inbox.sort')}
          <select name="sort" defaultValue={inboxSortOfParam(params.get('sort'), data.sorts)}>
            {data.sorts.map(s => (
              <option key={s} value={s}>
                {t(`inbox.sort.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {t('common.filter')}
        </button>
        <Link to="/inbox" className="button">
          {t('common.reset')}
        </Link>
        <a href={exportHref} className="button" download>
          {t('common.exportCsv')}
        </a>
      </Form>
      <p aria-live="polite" className="hint">
        {t('common.total', { count: data.total })}
        {arrived > 0 ? ` · ${t('inbox.newArrived', { count: arrived })}` : ''}
        {result && 'count' in result && result.count ? ` · ${t('inbox.bulk.done', { count: result.count })}` : ''}
      </p>
      {data.rows.length === 0 ? (
        <p>{t('inbox.empty')}</p>
      ) : (
        <Form method="post" noValidate>
          <CsrfInput />
          <div className="row">
            <label>
              {t('inbox.bulk')}
              <select name="intent" defaultValue="resolve">
                <option value="resolve">{t('inbox.bulk.resolve')}</option>
                <option value="close">{t('inbox.bulk.close')}</option>
              </select>
            </label>
            <button type="submit">{t('inbox.bulk.apply')}</button>
          </div>
          {/* Beside the action it refused: none ticked, or too many. */}
          <ErrorList errors={result && 'result' in result ? Object.values(fieldErrors(result.result)).flat() : null} />
          <DataTable
            caption={t('inbox.title')}
            captionHidden
            stackOnPhone
            rows={data.rows}
            rowKey={r => r.id}
            columns={[
              {
                key: 'select',
                header: t('inbox.select'),
                cell: r => <input type="checkbox" name="ids" value={r.id} aria-label={`${t('inbox.select')} ${r.subject}`} />,
              },
              {
                key: 'subject',
                header: t('inbox.subject'),
                rowHeader: true,
                cell: r => (
                  <>
                    <Link to={`/complaints/${r.id}`}>
                      <ZhText>{r.subject}</ZhText>
                    </Link>
                    {r.placeText ? (
                      <div className="hint" lang="zh-CN">
                        {r.placeText}
                      </div>
                    ) : null}
                  </>
                ),
              },
              { key: 'channel', header: t('inbox.channel'), cell: r => t(`channel.${r.channel}` as MessageKey) },
              { key: 'category', header: t('inbox.category'), cell: r => r.category },
              { key: 'community', header: t('common.community'), cell: r => r.communityName ?? t('common.unknown') },
              {
                key: 'complainant',
                header: t('inbox.complainant'),
                cell: r => (
                  <>
                    <ZhText>{r.complainantName}</ZhText> {r.complainantPhone}
                  </>
                ),
              },
              { key: 'status', header: t('common.status'), cell: r => <StatusBadge status={r.status} /> },
              { key: 'received', header: t('inbox.received'), cell: r => fmtDateTime(r.receivedAt, locale) },
            ]}
          />
        </Form>
      )}
      <nav className="pager" aria-label={t('common.page', { page: data.page, pages: data.pages })}>
        {data.page > 1 ? <Link to={pageHref(data.page - 1)}>{t('common.prev')}</Link> : null}
        <span>{t('common.page', { page: data.page, pages: data.pages })}</span>
        {data.page < data.pages ? <Link to={pageHref(data.page + 1)}>{t('common.next')}</Link> : null}
      </nav>
    </section>
  )
}

/** The order shown as chosen: the one in the URL when it is one of ours, else the first (newest). */
function inboxSortOfParam(value: string | null, sorts: readonly string[]) {
  return value && sorts.includes(value) ? value : sorts[0]
}

export const ErrorBoundary = GeneralErrorBoundary
