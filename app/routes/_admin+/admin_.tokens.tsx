import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { CsrfInput } from '#app/components/csrf'
import { DataTable } from '#app/components/data-table'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { isMessageKey, useLocale, useT, type MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { requireRole, validateCsrf } from '#app/utils/auth.server'
import { getDb, listApiTokens, listUnits, revokeApiToken } from '#app/utils/db.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'admin.tokens') }]

const RevokeSchema = z.object({ intent: z.literal('revoke'), id: z.coerce.number().int().positive() })

/** GET /admin/tokens: every API token (never its secret), for admins. */
export async function loader({ request }: LoaderFunctionArgs) {
  requireRole(request, PAGE_ROLES['/admin'])
  const db = getDb()
  const units = new Map(listUnits(db).map(u => [u.id, { nameZh: u.nameZh, nameEn: u.nameEn }]))
  const tokens = listApiTokens(db).map(t => ({ ...t, unit: t.unitId == null ? null : (units.get(t.unitId) ?? null) }))
  return json({ tokens, now: Date.now() })
}

/** POST /admin/tokens intent=revoke id=<token id>: revoke a token at once (audited). */
export async function action({ request }: ActionFunctionArgs) {
  const admin = requireRole(request, PAGE_ROLES['/admin'])
  const form = await request.formData()
  validateCsrf(request, form)
  const parsed = RevokeSchema.safeParse(Object.fromEntries(form))
  if (!parsed.success) return json({ error: 'admin.tokens.error' as MessageKey }, { status: 400 })
  if (!revokeApiToken(getDb(), parsed.data.id, { kind: 'user', id: admin.id })) return json({ error: 'admin.tokens.error' as MessageKey }, { status: 404 })
  return redirect('/admin/tokens?revoked=1')
}

export default function AdminTokens() {
  const t = useT()
  const locale = useLocale()
  const { tokens, now } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const [params] = useSearchParams()
  const state = (tk: (typeof tokens)[number]) =>
    tk.revokedAt ? 'admin.tokens.revoked' : tk.expiresAt && new Date(tk.expiresAt).getTime() <= now ? 'admin.tokens.expired' : 'admin.tokens.active'
  return (
    <section>
      <h1>{t('admin.tokens')}</h1>
      <p className="hint">{t('admin.tokens.intro')}</p>
      {params.get('revoked') ? <p role="status">{t('admin.tokens.revokedNotice')}</p> : null}
      {data && 'error' in data ? (
        <p role="alert" className="error">
          {t(data.error)}
        </p>
      ) : null}
      <DataTable
        caption={t('admin.tokens')}
        empty={<p>{t('admin.tokens.empty')}</p>}
        captionHidden
        rows={tokens}
        rowKey={tk => tk.id}
        columns={[
          { key: 'name', header: t('admin.tokens.name'), rowHeader: true, cell: tk => tk.name },
          {
            key: 'role',
            header: t('admin.tokens.role'),
            cell: tk => (
              <>
                {isMessageKey(`role.${tk.role}`) ? t(`role.${tk.role}` as MessageKey) : tk.role}
                {tk.unit ? ` @ ${localName(tk.unit, locale)}` : ''}
              </>
            ),
          },
          { key: 'scopes', header: t('admin.tokens.scopes'), cell: tk => tk.scopes.map(s => <code key={s}>{s} </code>) },
          { key: 'created', header: t('admin.tokens.created'), cell: tk => fmtDateTime(tk.createdAt, locale) },
          { key: 'lastUsed', header: t('admin.tokens.lastUsed'), cell: tk => (tk.lastUsedAt ? fmtDateTime(tk.lastUsedAt, locale) : t('admin.tokens.never')) },
          { key: 'expires', header: t('admin.tokens.expires'), cell: tk => (tk.expiresAt ? fmtDateTime(tk.expiresAt, locale) : t('admin.tokens.noExpiry')) },
          { key: 'state', header: t('admin.tokens.state'), cell: tk => t(state(tk)) },
          {
            key: 'actions',
            header: t('common.actions'),
            cell: tk =>
              tk.revokedAt ? null : (
                <Form method="post" title={t('admin.tokens.revokeConfirm')}>
                  <CsrfInput />
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="id" value={tk.id} />
                  <button type="submit" className="danger">
                    {t('admin.tokens.revoke')}
                  </button>
                </Form>
              ),
          },
        ]}
      />
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
