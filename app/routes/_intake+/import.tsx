import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { Form, useActionData, useFetcher, useLoaderData, useNavigation } from '@remix-run/react'
import { useEffect } from 'react'
import { importComplaints } from '#app/commands/complaints.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ErrorList, Field } from '#app/components/forms'
import { RejectedLines } from '#app/components/rejected-lines'
import { packMessage, useLocale, useT, type MessageKey } from '#app/i18n/index'
import { localName } from '#app/i18n/local-name'
import { MAX_IMPORT_BYTES, parseMapping, setImportProgress } from '#app/services/import.server'
import { requireRole, scopeUnitIds, validateCsrf } from '#app/utils/auth.server'
import { getDb, listUnits, unitCovers } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { domainErrorResponse, isDomainError } from '#app/utils/errors.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'
import { CHANNELS, type Channel } from '#db/enums'

/** Text fields of the import form: a handful, each short. */
const MAX_FORM_PARTS = 20
const MAX_FIELD_BYTES = 64 * 1024

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'import.title') }]

function communitiesInScope(scope: number[] | null) {
  const db = getDb()
  return listUnits(db, 'community')
    .filter(u => !scope || scope.some(s => unitCovers(db, s, u.id)))
    .map(u => ({ code: u.code, nameZh: u.nameZh, nameEn: u.nameEn }))
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/import'])
  return json({
    communities: communitiesInScope(scopeUnitIds(user, PAGE_ROLES['/import'])),
    channels: CHANNELS.filter(c => c !== 'open311'),
    jobId: crypto.randomUUID(),
  })
}

type Summary = {
  imported: number
  duplicates: number
  rejected: number
  total: number
  rejects: { line: number; reason: string }[]
  rejectsFile: string | null
  ignoredColumns: string[]
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/import'])
  const { locale } = getPrefs(request)
  // `field`: the field the problem is with, said beside it; `values`: the other choices as sent, kept in the form.
  const fail = (
    key: MessageKey,
    params?: Record<string, string | number>,
    status = 400,
    field: 'file' | 'community' | null = null,
    values: Record<string, string> = {},
  ) => json({ error: key, params: params ?? null, field, values }, { status })
  if (Number(request.headers.get('content-length') ?? 0) > MAX_IMPORT_BYTES + 1024 * 1024) return fail('import.error.tooLarge', { max: 50 }, 413)
  // A post that is not a file upload at all carries no file: say so rather than fail to parse it.
  if (!request.headers.get('content-type')?.startsWith('multipart/form-data')) return fail('import.error.noFile', undefined, 400, 'file')

  const dir = path.join(getEnv().DATA_DIR, 'uploads')
  fs.mkdirSync(dir, { recursive: true })
  let upload: { file: string; name: string; size: number; tooLarge: boolean } | undefined
  let parts = 0
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (++parts > MAX_FORM_PARTS) throw new Response('Too many form parts', { status: 413 })
    // One file per import: any further file part is read past, never stored.
    if (name !== 'file' || !filename || upload) {
      const chunks: Uint8Array[] = []
      let size = 0
      for await (const c of data) if ((size += c.length) <= MAX_FIELD_BYTES) chunks.push(c)
      return filename ? undefined : Buffer.concat(chunks).toString('utf8').slice(0, 10_000)
    }
    const ext = (path
      .extname(filename)
      .toLowerCase()
      .match(/^\.[a-z0-9]{1,8}$/) ?? [''])[0]
    const file = path.join(dir, `u${user.id}-${crypto.randomUUID()}${ext}`)
    // Recorded before the first byte is written so that every exit below removes it.
    upload = { file, name: filename.slice(0, 200), size: 0, tooLarge: false }
    const out = fs.createWriteStream(file)
    for await (const c of data) {
      upload.size += c.length
      if (upload.size > MAX_IMPORT_BYTES) upload.tooLarge = true
      if (!upload.tooLarge && !out.write(c)) await new Promise<void>(r => out.once('drain', () => r()))
    }
    await new Promise<void>(r => out.end(() => r()))
    return undefined
  }
  try {
    const form = await unstable_parseMultipartFormData(request, handler)
    validateCsrf(request, form)
    const channel = String(form.get('channel') ?? 'import')
    const community = String(form.get('community') ?? '')
    const typed = { channel, community, mapping: String(form.get('mapping') ?? '') }
    if (!upload || upload.size === 0) return fail(upload ? 'import.error.empty' : 'import.error.noFile', undefined, 400, 'file', typed)
    if (upload.tooLarge) return fail('import.error.tooLarge', { max: 50 }, 400, 'file', typed)
    const scope = scopeUnitIds(user, PAGE_ROLES['/import'])
    if (community && !communitiesInScope(scope).some(c => c.code === community)) return fail('intake.error.community', undefined, 400, 'community', typed)
    const jobId = String(form.get('jobId') ?? '')
    const ctx = { db: getDb(), actor: { kind: 'user' as const, id: user.id }, notify: context.notify }
    const summary = await importComplaints(ctx, {
      filePath: upload.file,
      originalName: upload.name,
      channel: (CHANNELS as readonly string[]).includes(channel) && channel !== 'open311' ? (channel as Channel) : 'import',
      communityCode: community || null,
      scopeUnitIds: scope,
      mapping: parseMapping(String(form.get('mapping') ?? '')),
      enteredByUserId: user.id,
      locale,
      yieldBetweenBatches: true,
      batchSize: 1000,
      onProgress: p => (/^[A-Za-z0-9-]{8,64}$/.test(jobId) ? setImportProgress(jobId, user.id, p) : undefined),
    })
    if (/^[A-Za-z0-9-]{8,64}$/.test(jobId)) setImportProgress(jobId, user.id, summary, true)
    return json({
      summary: {
        imported: summary.imported,
        duplicates: summary.duplicates,
        rejected: summary.rejected,
        total: summary.total,
        rejects: summary.rejects.slice(0, 100),
        rejectsFile: summary.rejected ? path.basename(summary.rejectsFile) : null,
        ignoredColumns: summary.ignoredColumns,
      },
    })
  } catch (error) {
    if (isDomainError(error)) return domainErrorResponse(error)
    throw error
  } finally {
    // The upload itself is never kept (it may hold personal data), whatever
    // went wrong (a failed CSRF check included); the rejects file is kept.
    if (upload) fs.rmSync(upload.file, { force: true })
  }
}

export default function Import() {
  const t = useT()
  const locale = useLocale()
  const data = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  const result =
    posted && 'summary' in posted
      ? { ok: true as const, summary: posted.summary as Summary }
      : posted && 'error' in posted
        ? {
            ok: false as const,
            error: posted.error as MessageKey,
            params: (posted.params ?? undefined) as Record<string, string | number> | undefined,
            field: 'field' in posted ? posted.field : null,
          }
        : undefined
  const typed: Record<string, string> = posted && 'values' in posted ? (posted.values as Record<string, string>) : {}
  const navigation = useNavigation()
  const progress = useFetcher<{ progress: { total: number; done: number } | null }>()
  const running = navigation.state === 'submitting' && navigation.formAction?.startsWith('/import')
  // A problem with one field is said beside it (with the limit it names), not above the page.
  const fieldError = (name: 'file' | 'community') =>
    !running && result && !result.ok && result.field === name ? [packMessage(result.error, result.params)] : undefined
  const jobId = running ? String(navigation.formData?.get('jobId') ?? '') : ''
  useEffect(() => {
    if (!jobId) return
    const timer = setInterval(() => progress.load(`/resources/import-progress?job=${jobId}`), 500)
    return () => clearInterval(timer)
  }, [jobId])
  const p = running ? progress.data?.progress : null
  return (
    <section className="stack">
      <h1>{t('import.title')}</h1>
      <p className="hint">{t('import.lead')}</p>
      <Form method="post" encType="multipart/form-data" className="card stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="jobId" value={data.jobId} />
        <Field label={t('import.file')} name="file" errors={fieldError('file')} inputProps={{ id: 'file' }}>
          {shared => (
            <input
              {...shared}
              type="file"
              required
              accept=".csv,.txt,.tsv,.xlsx,.jsonl,.ndjson,.json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            />
          )}
        </Field>
        <div className="row">
          <label htmlFor="channel">
            {t('import.defaultChannel')}
            <select id="channel" name="channel" defaultValue={typed.channel || 'import'}>
              {data.channels.map(c => (
                <option key={c} value={c}>
                  {t(`channel.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor="community">
            {t('import.defaultCommunity')}
            <select
              id="community"
              name="community"
              defaultValue={typed.community ?? ''}
              aria-invalid={fieldError('community') ? true : undefined}
              aria-describedby={fieldError('community') ? 'community-error' : undefined}
            >
              <option value="">{t('import.community.fromFile')}</option>
              {data.communities.map(c => (
                <option key={c.code} value={c.code}>
                  {localName(c, locale)}
                </option>
              ))}
            </select>
            <ErrorList id="community-error" errors={fieldError('community')} />
          </label>
        </div>
        <label htmlFor="mapping">
          {t('import.mapping')}
          <input id="mapping" name="mapping" defaultValue={typed.mapping ?? ''} placeholder="subject=标题,body=内容" aria-describedby="mapping-hint" />
          <span id="mapping-hint" className="hint">
            {t('import.mapping.hint', { fields: IMPORT_FIELDS_LIST })}
          </span>
        </label>
        <button type="submit" className="primary" disabled={running}>
          {running ? t('import.running') : t('import.submit')}
        </button>
      </Form>
      {running ? (
        <div className="card" role="status" aria-live="polite">
          {p && p.total ? (
            <>
              <progress value={p.done} max={p.total} />
              <p>{t('import.progress', { done: p.done, total: p.total })}</p>
            </>
          ) : (
            <>
              <progress />
              <p>{t('import.uploading')}</p>
            </>
          )}
        </div>
      ) : null}
      {!running && result && !result.ok && !result.field ? (
        <p className="error" role="alert">
          {t(result.error, result.params)}
        </p>
      ) : null}
      {!running && result?.ok ? (
        <div className="card stack" role="status" data-testid="import-summary">
          <p>
            <strong>
              {t('import.summary', { imported: result.summary.imported, duplicates: result.summary.duplicates, rejected: result.summary.rejected })}
            </strong>
          </p>
          {result.summary.ignoredColumns.length ? <p className="hint">{t('import.ignored', { columns: result.summary.ignoredColumns.join(', ') })}</p> : null}
          {result.summary.rejects.length ? (
            <RejectedLines rejects={result.summary.rejects} title="import.rejects" lineHeader="import.rejects.line" reasonHeader="import.rejects.reason" />
          ) : null}
          {result.summary.rejectsFile ? (
            <p>
              <a href={`/resources/import-rejects?file=${encodeURIComponent(result.summary.rejectsFile)}`} download>
                {t('import.rejects.download')}
              </a>
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  )
}

const IMPORT_FIELDS_LIST =
  'externalId, complainantKey, subject, receivedAt, body, placeText, complainantAddress, community, complainantPhone, complainantName, channel, lat, lng, supportersCount, reply, repliedAt'

export const ErrorBoundary = GeneralErrorBoundary
