import { type LoaderFunctionArgs, type MetaFunction, json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { BackLink } from '#app/components/back-link'
import { DataTable } from '#app/components/data-table'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { smsProvider } from '#app/services/sms/messages.server'
import { requireRole } from '#app/utils/auth.server'
import { getDb, listOutbox } from '#app/utils/db.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'outbox.title') }, { name: 'referrer', content: 'no-referrer' }]

const PAGE = 100
const QuerySchema = z.object({ status: z.enum(['queued', 'sent', 'failed']).optional().catch(undefined), page: z.coerce.number().int().min(1).catch(1) })

// Message kinds as stored (see MESSAGE_KINDS in db/queries/messages.ts); literal here because this runs in the browser too.
const KIND_LABEL: Record<string, MessageKey> = { 'panel.invitation': 'outbox.kind.invitation', 'satisfaction.request': 'outbox.kind.rating' }

/**
 * GET /admin/outbox: every SMS to residents exactly as sent (name, phone, full
 * text), for admins only. Staff pages show a delivery status and nothing more.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  requireRole(request, PAGE_ROLES['/admin'])
  const url = new URL(request.url)
  const q = QuerySchema.parse({ status: url.searchParams.get('status') ?? undefined, page: url.searchParams.get('page') ?? 1 })
  const asked = listOutbox(getDb(), { status: q.status ?? null, limit: PAGE, offset: (q.page - 1) * PAGE })
  const pages = Math.max(1, Math.ceil(asked.total / PAGE))
  // A page past the end shows the last page, not "no messages yet" beside a count.
  const page = Math.min(q.page, pages)
  const { rows, total } = page === q.page ? asked : listOutbox(getDb(), { status: q.status ?? null, limit: PAGE, offset: (page - 1) * PAGE })
  return json({
    provider: smsProvider().name,
    total,
    page,
    pages,
    status: q.status ?? null,
    messages: rows.map(m => ({
      id: m.id,
      kind: m.kind,
      subject: `${m.subjectType}:${m.subjectId}`,
      to: m.recipientName,
      phone: m.toPhone,
      body: m.body,
      status: m.status,
      attempts: m.attempts,
      error: m.lastError,
      provider: m.provider,
      createdAt: m.createdAt,
      sentAt: m.sentAt,
    })),
  })
}

export default function AdminOutbox() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const date = (v: string | null) => fmtDateTime(v, locale)
  return (
    <section>
      <BackLink to="/admin">{t('admin.title')}</BackLink>
      <h1>{t('outbox.title')}</h1>
      <p className="hint">{t('outbox.hint', { provider: d.provider === 'outbox' ? t('outbox.providerOutbox') : d.provider })}</p>
      <nav className="row" aria-label={t('outbox.col.status')}>
        <Link to="/admin/outbox" aria-current={d.status == null ? 'page' : undefined}>
          {t('common.all')}
        </Link>
        {(['sent', 'queued', 'failed'] as const).map(s => (
          <Link key={s} to={`/admin/outbox?status=${s}`} aria-current={d.status === s ? 'page' : undefined}>
            {t(`outbox.status.${s}`)}
          </Link>
        ))}
      </nav>
      <p role="status">{t('outbox.total', { n: d.total })}</p>
      <DataTable
        caption={t('outbox.title')}
        captionHidden
        stackOnPhone
        testId="outbox"
        empty={<p>{t('outbox.empty')}</p>}
        rows={d.messages}
        rowKey={m => m.id}
        rowProps={m => ({ 'data-testid': `outbox-message-${m.id}`, 'data-subject': m.subject, 'data-status': m.status })}
        columns={[
          { key: 'time', header: t('outbox.col.time'), cell: m => date(m.sentAt ?? m.createdAt) },
          { key: 'kind', header: t('outbox.col.kind'), cell: m => (KIND_LABEL[m.kind] ? t(KIND_LABEL[m.kind]) : m.kind) },
          {
            key: 'to',
            header: t('outbox.col.to'),
            cell: m => (
              <>
                <div data-testid="outbox-to">{m.to ?? '—'}</div>
                <div className="hint" data-testid="outbox-phone">
                  {m.phone ?? t('outbox.noPhone')}
                </div>
              </>
            ),
          },
          {
            key: 'text',
            header: t('outbox.col.text'),
            wide: true,
            cell: m => (
              <div data-testid="outbox-body" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {m.body}
              </div>
            ),
          },
          {
            key: 'status',
            header: t('outbox.col.status'),
            cell: m => (
              <>
                <span className={`badge status-${m.status}`}>{t(`outbox.status.${m.status}`)}</span>
                <div className="hint">
                  {t('outbox.attempts', { n: m.attempts })}
                  {m.provider ? ` · ${m.provider === 'outbox' ? t('outbox.providerOutboxShort') : m.provider}` : ''}
                </div>
                {m.error ? <div className="error">{m.error === 'no-phone' ? t('outbox.noPhone') : m.error}</div> : null}
              </>
            ),
          },
        ]}
      />
      {d.pages > 1 ? (
        <nav className="pager" aria-label={t('common.page', { page: d.page, pages: d.pages })}>
          {d.page > 1 ? (
            <Link to={`?${new URLSearchParams({ ...(d.status ? { status: d.status } : {}), page: String(d.page - 1) })}`}>{t('common.prev')}</Link>
          ) : null}
          <span>{t('common.page', { page: d.page, pages: d.pages })}</span>
          {d.page < d.pages ? (
            <Link to={`?${new URLSearchParams({ ...(d.status ? { status: d.status } : {}), page: String(d.page + 1) })}`}>{t('common.next')}</Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
