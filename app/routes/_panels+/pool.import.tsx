import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  json,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { importPool } from '#app/commands/panels.server'
import { BackLink } from '#app/components/back-link'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { Field } from '#app/components/forms'
import { RejectedLines } from '#app/components/rejected-lines'
import { makeT, useLocale, useT, type MessageKey } from '#app/i18n/index'
import type { PoolImportReport } from '#app/services/pool-import.server'
import { limitFormParts } from '#app/services/uploads.server'
import { requireRole, validateCsrf } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { pageTitle } from '#app/utils/meta'
import { POOL_ROLES, POOL_STAFF } from '#app/utils/permissions'
import { poolCommunities } from '#app/utils/pool-scope.server'
import { getPrefs } from '#app/utils/prefs.server'

const MAX_BYTES = 10 * 1024 * 1024

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'pool.import.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  requireRole(request, POOL_STAFF)
  return json({})
}

/** `fileError`: a problem with the chosen file itself (none, too large), said beside the file field. */
type ActionData = { error: string | null; report: PoolImportReport | null; fileError?: MessageKey }

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(request, POOL_STAFF)
  const { locale } = getPrefs(request)
  const t = makeT(locale)
  // A post that is not a file upload at all carries no file: say so rather than fail to parse it.
  if (!request.headers.get('content-type')?.startsWith('multipart/form-data'))
    return json<ActionData>({ error: null, fileError: 'pool.import.noFile', report: null }, { status: 400 })
  let form: FormData
  try {
    form = await unstable_parseMultipartFormData(request, limitFormParts(unstable_createMemoryUploadHandler({ maxPartSize: MAX_BYTES }), 10))
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return json<ActionData>({ error: null, fileError: 'pool.import.tooLarge', report: null }, { status: 400 })
    throw e
  }
  validateCsrf(request, form)
  const file = form.get('file')
  if (!file || typeof file === 'string' || file.size === 0)
    return json<ActionData>({ error: null, fileError: 'pool.import.noFile', report: null }, { status: 400 })
  const communities = poolCommunities(user, locale)
  const ctx = { db: getDb(), actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
  const data = Buffer.from(await file.arrayBuffer())
  const r = await runCommand(() =>
    importPool(ctx, {
      data,
      fileName: file.name || 'upload.csv',
      ctx: { allowedCommunityIds: new Set(communities.map(c => c.id)), defaultCommunityId: communities.length === 1 ? communities[0].id : null },
      locale,
    }),
  )
  if (!r.ok) {
    // The reader's message (with its parameters) in the user's language, like the other failures here.
    const failure = (await r.response.json()) as { error: MessageKey; params: Record<string, string | number> | null }
    return json<ActionData>({ error: t(failure.error, failure.params ?? {}), report: null }, { status: r.response.status })
  }
  return json<ActionData>({ error: null, report: r.value })
}

export default function PoolImport() {
  const t = useT()
  const locale = useLocale()
  const data = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const report = data?.report
  // A row repeating an earlier row of the file, or whose phone is recorded in another community, says why it was
  // not imported, as a refused row does; the rest were in this community's pool already.
  const elsewhere = (report?.duplicates ?? []).flatMap(d => (d.reason ? [{ line: d.line, reason: d.reason }] : []))
  const inPool = (report?.duplicates ?? []).filter(d => !d.reason)
  return (
    <section className="narrow">
      <BackLink to="/pool">{t('pool.title')}</BackLink>
      <h1>{t('pool.import.title')}</h1>
      <p className="hint">{t('pool.import.help')}</p>
      <p className="hint">{t('pool.import.roles', { roles: POOL_ROLES.map(r => t(`pool.role.${r}`)).join(locale === 'zh' ? '、' : ', ') })}</p>
      <Form method="post" encType="multipart/form-data" className="stack card" noValidate>
        <CsrfInput />
        <Field label={t('pool.import.file')} name="file" errors={data?.fileError ? [data.fileError] : undefined}>
          {shared => (
            <input {...shared} type="file" accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
          )}
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {t('pool.import.submit')}
        </button>
      </Form>
      {data?.error ? (
        <p role="alert" className="error">
          {data.error}
        </p>
      ) : null}
      {report ? (
        <div className="stack" data-testid="pool-import-report">
          <p role="status">
            {t('pool.import.summary', {
              total: report.total,
              imported: report.imported,
              duplicates: report.duplicates.length,
              rejected: report.rejects.length,
            })}
          </p>
          {inPool.length ? <p className="hint">{t('pool.import.duplicateLines', { lines: inPool.map(d => d.line).join(', ') })}</p> : null}
          {elsewhere.length ? (
            <RejectedLines rejects={elsewhere} title="pool.import.elsewhere" lineHeader="pool.import.line" reasonHeader="pool.import.reason" />
          ) : null}
          {report.rejects.length ? (
            <>
              <RejectedLines rejects={report.rejects} title="pool.import.rejects" lineHeader="pool.import.line" reasonHeader="pool.import.reason" />
              {report.rejectsCsv ? (
                <a className="button" download="pool-rejects.csv" href={`data:text/csv;charset=utf-8,${encodeURIComponent(report.rejectsCsv)}`}>
                  {t('pool.import.download')}
                </a>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
