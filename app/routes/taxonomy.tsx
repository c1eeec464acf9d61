import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, unstable_parseMultipartFormData, unstable_createMemoryUploadHandler } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { getDb, getTaxonomyVersion, latestTaxonomyVersion, listTaxonomyVersions, saveTaxonomyVersion } from '#app/utils/db.server'
import { requireRole, userHasRole, validateCsrf } from '#app/utils/auth.server'
import { PAGE_ROLES, TAXONOMY_EDIT_ROLES } from '#app/utils/permissions'
import { applyTaxonomyChange } from '#app/services/taxonomy.server'
import { getPipeline } from '#app/services/nlp.server'
import { diffTaxonomies, loadTaxonomy, saveTaxonomy, validateTaxonomy, walkTaxonomy, type Taxonomy, type TaxonomyIssue, type TaxonomyNode } from '#nlp/taxonomy'
import { normalize } from '#nlp/normalize'
import { useLocale, useT, type MessageKey } from '#app/i18n/index'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { Highlighted } from '#app/components/highlight'
import { limitFormParts } from '#app/services/uploads.server'

const MAX_IMPORT = 2 * 1024 * 1024
/** The district taxonomy steers every community's suggestions: community workers only view and test it. */

function current(): { version: number; taxonomy: Taxonomy } {
  const row = latestTaxonomyVersion(getDb())
  if (!row) throw new Response('No taxonomy', { status: 500 })
  return { version: row.version, taxonomy: loadTaxonomy(row.data) }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/taxonomy'])
  const db = getDb()
  const { version, taxonomy } = current()
  const url = new URL(request.url)
  const nodes = walkTaxonomy(taxonomy).map(n => ({ id: n.node.id, nameZh: n.node.nameZh, nameEn: n.node.nameEn, depth: n.depth, count: n.node.keywords.length }))
  const nodeId = url.searchParams.get('node') ?? nodes[0]?.id
  const selected = walkTaxonomy(taxonomy).find(n => n.node.id === nodeId)
  const versions = listTaxonomyVersions(db, 20).map(v => {
    const data = getTaxonomyVersion(db, v.version)
    const prev = getTaxonomyVersion(db, v.version - 1)
    const diff = data && prev ? diffTaxonomies(loadTaxonomy(prev.data), loadTaxonomy(data.data)) : []
    return { ...v, diff: diff.slice(0, 20).map(d => ({ nodeId: d.nodeId, path: d.path.join(' › '), status: d.status, added: d.added.slice(0, 30), removed: d.removed.slice(0, 30), changed: d.changed.slice(0, 30).map(c => `${c.term} ${c.before?.weight}→${c.after?.weight}`), fields: d.fields })) }
  })
  return json({
    canEdit: userHasRole(user, TAXONOMY_EDIT_ROLES),
    version,
    nodes,
    selected: selected ? { id: selected.node.id, path: selected.path.join(' › '), keywords: selected.node.keywords.map(k => ({ term: k.term, weight: k.weight, synonyms: (k.synonyms ?? []).join('、') })), exclusions: selected.node.exclusions.join('\n') } : null,
    versions,
  })
}

type ActionData =
  | { intent: 'test'; text: string; terms: string[]; path: string; score: number; matches: { term: string; path: string; weight: number }[]; error?: MessageKey }
  | { intent: 'save' | 'rollback' | 'import'; ok?: MessageKey; params?: Record<string, string | number>; error?: MessageKey; issues?: TaxonomyIssue[]; errorParams?: Record<string, string> }

const splitList = (s: string) =>
  s
    .split(/[、,，\s]+/)
    .map(x => x.trim())
    .filter(Boolean)

function editNode(t: Taxonomy, nodeId: string, edit: (n: TaxonomyNode) => void): boolean {
  const found = walkTaxonomy(t).find(n => n.node.id === nodeId)
  if (!found) return false
  edit(found.node)
  return true
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/taxonomy'])
  const actor = { kind: 'user' as const, id: user.id }
  const db = getDb()
  const isMultipart = request.headers.get('content-type')?.startsWith('multipart/form-data')
  const form = isMultipart ? await unstable_parseMultipartFormData(request, limitFormParts(unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT }), 10)).catch(() => null) : await request.formData()
  if (!form) return json<ActionData>({ intent: 'import', error: 'taxonomy.error.tooBig' }, { status: 400 })
  validateCsrf(request, form)
  const intent = String(form.get('intent') ?? '')
  if (intent !== 'test') requireRole(request, TAXONOMY_EDIT_ROLES)

  if (intent === 'test') {
    const text = String(form.get('text') ?? '').slice(0, 20_000)
    if (!text.trim()) return json<ActionData>({ intent: 'test', text, terms: [], path: '', score: 0, matches: [], error: 'taxonomy.error.empty' }, { status: 400 })
    const result = getPipeline(db).classifier.classify({ text })
    const norm = normalize(text)
    return json<ActionData>({
      intent: 'test',
      text: norm,
      terms: result.matches.map(m => norm.slice(m.start, m.end)),
      path: result.path.join(' › '),
      score: Math.round(result.score * 100) / 100,
      matches: result.matches.map(m => ({ term: m.term, path: m.path.join(' › '), weight: m.weight })),
    })
  }

  const save = (data: Taxonomy, note: string, extra: { rollbackOf?: number } = {}) => {
    const checked = validateTaxonomy(JSON.parse(saveTaxonomy(data)))
    if (!checked.ok) return { issues: checked.errors }
    const row = saveTaxonomyVersion(db, { data: JSON.parse(saveTaxonomy(checked.taxonomy)), note, ...extra }, actor)
    const rescored = applyTaxonomyChange(db, context.notify)
    return { version: row.version, count: rescored.suggestions }
  }

  if (intent === 'save') {
    const { taxonomy } = current()
    const terms = form.getAll('term').map(String)
    const weights = form.getAll('weight').map(Number)
    const synonyms = form.getAll('synonyms').map(String)
    const removed = new Set(form.getAll('remove').map(String))
    if (weights.some((w, i) => terms[i]?.trim() && (!Number.isFinite(w) || w < 1 || w > 5))) return json<ActionData>({ intent: 'save', error: 'taxonomy.error.weight' }, { status: 400 })
    const ok = editNode(taxonomy, String(form.get('nodeId')), node => {
      node.keywords = terms
        .map((term, i) => ({ term: term.trim(), weight: weights[i]!, synonyms: splitList(synonyms[i] ?? '') }))
        .filter((k, i) => k.term && !removed.has(String(i)))
      node.exclusions = splitList(String(form.get('exclusions') ?? '').replace(/\n/g, ' '))
    })
    if (!ok) return json<ActionData>({ intent: 'save', error: 'taxonomy.error.node' }, { status: 400 })
    const r = save(taxonomy, String(form.get('note') ?? '').slice(0, 200))
    if ('issues' in r) return json<ActionData>({ intent: 'save', error: 'taxonomy.error.invalid', issues: r.issues }, { status: 400 })
    return json<ActionData>({ intent: 'save', ok: 'taxonomy.saved', params: { version: r.version, count: r.count } })
  }

  if (intent === 'rollback') {
    const from = Number(form.get('version'))
    const old = getTaxonomyVersion(db, from)
    if (!old) return json<ActionData>({ intent: 'rollback', error: 'taxonomy.error.node' }, { status: 400 })
    const r = save(loadTaxonomy(old.data), `rollback to v${from}`, { rollbackOf: from })
    if ('issues' in r) return json<ActionData>({ intent: 'rollback', error: 'taxonomy.error.invalid', issues: r.issues }, { status: 400 })
    return json<ActionData>({ intent: 'rollback', ok: 'taxonomy.rolledBack', params: { from, version: r.version } })
  }

  if (intent === 'import') {
    const file = form.get('file')
    const text = typeof file === 'string' ? file : file ? await file.text() : String(form.get('json') ?? '')
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (error) {
      return json<ActionData>({ intent: 'import', error: 'taxonomy.error.json', errorParams: { message: (error as Error).message } }, { status: 400 })
    }
    const checked = validateTaxonomy(parsed)
    if (!checked.ok) return json<ActionData>({ intent: 'import', error: 'taxonomy.error.invalid', issues: checked.errors.slice(0, 50) }, { status: 400 })
    const r = save(checked.taxonomy, 'import')
    if ('issues' in r) return json<ActionData>({ intent: 'import', error: 'taxonomy.error.invalid', issues: r.issues }, { status: 400 })
    return json<ActionData>({ intent: 'import', ok: 'taxonomy.saved', params: { version: r.version, count: r.count } })
  }
  return json<ActionData>({ intent: 'save', error: 'taxonomy.error.node' }, { status: 400 })
}

export default function TaxonomyEditor() {
  const t = useT()
  const locale = useLocale()
  const data = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state !== 'idle'
  const sel = data.selected
  return (
    <section>
      <h1>{t('taxonomy.title')}</h1>
      <p className="hint">
        {t('taxonomy.version', { version: data.version })} · <a href="/taxonomy/export.json" download>{t('taxonomy.export')}</a>
      </p>
      {data.canEdit ? null : <p className="hint">{t('taxonomy.readOnly')}</p>}
      {result && 'error' in result && result.error && result.intent !== 'test' ? (
        <div role="alert" className="error">
          <p>{t(result.error, 'errorParams' in result ? result.errorParams : undefined)}</p>
          {'issues' in result && result.issues ? (
            <ul>
              {result.issues.map((i, n) => (
                <li key={n}>
                  {i.path} · {i.field}: {i.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : result && 'ok' in result && result.ok ? (
        <p role="status" className="ok">
          {t(result.ok, result.params)}
        </p>
      ) : null}

      <h2>{t('taxonomy.test')}</h2>
      <Form method="post" className="stack card">
        <CsrfInput />
        <label>
          {t('taxonomy.test')}
          <textarea name="text" defaultValue={result?.intent === 'test' ? result.text : ''} maxLength={20000} />
        </label>
        <button type="submit" name="intent" value="test" disabled={busy}>
          {t('taxonomy.test.run')}
        </button>
        {result?.intent === 'test' ? (
          <div data-testid="taxonomy-test-result" aria-live="polite">
            {result.error ? (
              <p className="error">{t(result.error)}</p>
            ) : result.matches.length === 0 ? (
              <p>{t('taxonomy.test.none')}</p>
            ) : (
              <>
                <p>{t('taxonomy.test.result', { path: result.path, score: result.score })}</p>
                <p>
                  <Highlighted text={result.text} terms={result.terms} />
                </p>
                <h3>{t('taxonomy.test.matches')}</h3>
                <ul>
                  {result.matches.map((m, i) => (
                    <li key={i}>
                      <mark>{m.term}</mark> → {m.path} ×{m.weight}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        ) : null}
      </Form>

      <div className="tree-editor">
        <nav aria-label={t('taxonomy.tree')} className="tabs-tree">
          <h2>{t('taxonomy.tree')}</h2>
          <ul className="list">
            {data.nodes.map(n => (
              <li key={n.id} style={{ paddingLeft: `${n.depth * 1.25}rem` }}>
                <Link to={`?node=${encodeURIComponent(n.id)}`} aria-current={(params.get('node') ?? data.nodes[0]?.id) === n.id ? 'true' : undefined}>
                  {n.nameZh}
                </Link>{' '}
                <span className="hint">({n.count})</span>
              </li>
            ))}
          </ul>
        </nav>
        {sel ? (
          <Form method="post" className="stack card" key={`${sel.id}-${data.version}`}>
            <CsrfInput />
            <h2>{sel.path}</h2>
            <input type="hidden" name="nodeId" value={sel.id} />
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('taxonomy.term')}</th>
                    <th scope="col">{t('taxonomy.weight')}</th>
                    <th scope="col">{t('taxonomy.synonyms')}</th>
                    <th scope="col">{t('taxonomy.remove')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...sel.keywords, { term: '', weight: 2, synonyms: '' }, { term: '', weight: 2, synonyms: '' }].map((k, i) => (
                    <tr key={i}>
                      <td>
                        <input name="term" defaultValue={k.term} aria-label={`${t('taxonomy.term')} ${i + 1}`} placeholder={k.term ? undefined : t('taxonomy.addKeyword')} />
                      </td>
                      <td>
                        <input name="weight" type="number" className="weight-input" min={1} max={5} step={0.5} defaultValue={k.weight} aria-label={`${t('taxonomy.weight')} ${i + 1}`} />
                      </td>
                      <td>
                        <input name="synonyms" defaultValue={k.synonyms} aria-label={`${t('taxonomy.synonyms')} ${i + 1}`} />
                      </td>
                      <td>{k.term ? <input type="checkbox" name="remove" value={i} aria-label={`${t('taxonomy.remove')} ${k.term}`} /> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <label>
              {t('taxonomy.exclusions')}
              <textarea name="exclusions" defaultValue={sel.exclusions} />
            </label>
            <label>
              {t('taxonomy.note')}
              <input name="note" maxLength={200} />
            </label>
            <button type="submit" name="intent" value="save" className="primary" disabled={busy || !data.canEdit}>
              {t('taxonomy.save')}
            </button>
          </Form>
        ) : null}
      </div>

      <h2>{t('taxonomy.versions')}</h2>
      <ol className="list" data-testid="taxonomy-versions">
        {data.versions.map(v => (
          <li key={v.version}>
            <strong>v{v.version}</strong> · {fmtDateTime(v.createdAt, locale)} · {v.note}
            {v.version !== data.version ? (
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="version" value={v.version} />
                <button type="submit" name="intent" value="rollback" disabled={busy || !data.canEdit}>
                  {t('taxonomy.rollback')} v{v.version}
                </button>
              </Form>
            ) : null}
            {v.diff.length ? (
              <details>
                <summary>{t('taxonomy.diff')}</summary>
                <ul>
                  {v.diff.map(d => (
                    <li key={d.nodeId}>
                      {d.path}: {d.added.length ? `${t('taxonomy.diff.added')} ${d.added.join('、')} ` : ''}
                      {d.removed.length ? `${t('taxonomy.diff.removed')} ${d.removed.join('、')} ` : ''}
                      {d.changed.length ? `${t('taxonomy.diff.changed')} ${d.changed.join('、')} ` : ''}
                      {d.fields.length ? `${t('taxonomy.diff.fields')} ${d.fields.join('、')}` : ''}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </li>
        ))}
      </ol>

      <h2>{t('taxonomy.import')}</h2>
      <Form method="post" encType="multipart/form-data" className="row card">
        <CsrfInput />
        <label>
          {t('taxonomy.import.file')}
          <input type="file" name="file" accept="application/json,.json" required />
        </label>
        <button type="submit" name="intent" value="import" disabled={busy || !data.canEdit}>
          {t('taxonomy.import.submit')}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
