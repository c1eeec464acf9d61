import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  json,
  unstable_parseMultipartFormData,
  unstable_createMemoryUploadHandler,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { currentTaxonomy, editTaxonomyNode, importTaxonomy, rollbackTaxonomy } from '#app/commands/taxonomy.server'
import { CsrfInput } from '#app/components/csrf'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { ErrorList, fieldErrors } from '#app/components/forms'
import { TaxonomyNodeEditor } from '#app/components/topics/taxonomy-node-editor'
import { TaxonomyTestBox } from '#app/components/topics/taxonomy-test-box'
import { TaxonomyVersions } from '#app/components/topics/taxonomy-versions'
import { isMessageKey, useLocale, useT, type MessageKey } from '#app/i18n/index'
import { getPipeline } from '#app/services/nlp.server'
import { listTaxonomyVersionsWithDiff } from '#app/services/taxonomy.server'
import { limitFormParts } from '#app/services/uploads.server'
import { requireRole, userHasRole, validateCsrf } from '#app/utils/auth.server'
import { getDb, readSystemVersionNote } from '#app/utils/db.server'
import { runCommand } from '#app/utils/errors.server'
import { parseForm } from '#app/utils/forms.server'
import { localCategoryName } from '#app/utils/labels.server'
import { pageTitle } from '#app/utils/meta'
import { PAGE_ROLES, TAXONOMY_EDIT_ROLES } from '#app/utils/permissions'
import { getPrefs } from '#app/utils/prefs.server'
import { normalize } from '#nlp/normalize'
import { validateTaxonomy, walkTaxonomy, type Taxonomy } from '#nlp/taxonomy'

const MAX_IMPORT = 2 * 1024 * 1024
/** The district taxonomy steers every community's suggestions: community workers only view and test it. */

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'taxonomy.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/taxonomy'])
  const db = getDb()
  const { version, taxonomy } = currentTaxonomy({ db })
  const url = new URL(request.url)
  // Category names in the page's language (the keywords themselves stay Chinese).
  const name = localCategoryName(db, getPrefs(request).locale)
  const nodes = walkTaxonomy(taxonomy).map(n => ({
    id: n.node.id,
    name: name(n.node.nameZh),
    nameZh: n.node.nameZh,
    nameEn: n.node.nameEn,
    depth: n.depth,
    count: n.node.keywords.length,
  }))
  const nodeId = url.searchParams.get('node') ?? nodes[0]?.id
  const selected = walkTaxonomy(taxonomy).find(n => n.node.id === nodeId)
  const versions = listTaxonomyVersionsWithDiff(db, 20).map(v => ({
    ...v,
    // Notes the system wrote itself are shown in words of the page's language.
    systemNote: readSystemVersionNote(v.note),
    diff: v.diff.map(d => ({
      nodeId: d.nodeId,
      path: d.path.map(name).join(' › '),
      status: d.status,
      added: d.added,
      removed: d.removed,
      changed: d.changed.map(c => `${c.term} ${c.before?.weight}→${c.after?.weight}`),
      fields: d.fields,
    })),
  }))
  return json({
    canEdit: userHasRole(user, TAXONOMY_EDIT_ROLES),
    version,
    nodes,
    selected: selected
      ? {
          id: selected.node.id,
          path: selected.path.map(name).join(' › '),
          keywords: selected.node.keywords.map(k => ({
            term: k.term,
            weight: k.weight,
            synonyms: (k.synonyms ?? []).join('、'),
          })),
          exclusions: selected.node.exclusions.join('\n'),
        }
      : null,
    versions,
  })
}

const splitList = (s: string) =>
  s
    .split(/[、,，\s]+/)
    .map(x => x.trim())
    .filter(Boolean)

const TestSchema = z.object({
  intent: z.literal('test'),
  text: z
    .string({ required_error: 'taxonomy.error.empty' })
    .transform(s => s.slice(0, 20_000))
    .refine(s => s.trim().length > 0, 'taxonomy.error.empty'),
})
const SaveSchema = z.object({
  intent: z.literal('save'),
  nodeId: z.string({ required_error: 'taxonomy.error.node' }),
  // One row per keyword: term[i], weight[i] and synonyms[i] belong together; `remove` lists row numbers.
  term: z.array(z.string().trim().default('')).default([]),
  weight: z.array(z.number({ invalid_type_error: 'taxonomy.error.weight' }).optional()).default([]),
  synonyms: z.array(z.string().default('')).default([]),
  remove: z.array(z.string()).default([]),
  exclusions: z.string().default(''),
  note: z
    .string()
    .default('')
    .transform(s => s.slice(0, 200)),
})
const RollbackSchema = z.object({
  intent: z.literal('rollback'),
  version: z
    .number({
      required_error: 'taxonomy.error.node',
      invalid_type_error: 'taxonomy.error.node',
    })
    .int()
    .positive(),
})
const ImportSchema = z.object({
  intent: z.literal('import'),
  file: z.any().optional(),
  json: z.string().optional(),
})
const TaxonomyActionSchema = z.discriminatedUnion('intent', [TestSchema, SaveSchema, RollbackSchema, ImportSchema]).superRefine((v, ctx) => {
  // An import needs a file (or, from a script, the JSON itself); an empty file input arrives as nothing.
  if (v.intent === 'import' && v.file == null && !v.json?.trim()) ctx.addIssue({ code: 'custom', path: ['file'], message: 'taxonomy.error.file' })
  // A keyword row that has a term needs a weight from 1 to 5; empty rows are ignored.
  if (v.intent !== 'save') return
  const bad = v.term.some((term, i) => {
    const w = v.weight[i]
    return term && (w === undefined || w < 1 || w > 5)
  })
  if (bad)
    ctx.addIssue({
      code: 'custom',
      path: ['weight'],
      message: 'taxonomy.error.weight',
    })
})

const SPACE = /^[\s\u00a0\u3000\u200b\ufeff]+$/

/**
 * Where each character the matcher read came from in what the person typed:
 * for each position of `normalize(typed)`, its start and end in `typed`.
 * The normaliser works character by character (width, case, traditional forms,
 * runs of spaces), so the text is walked the same way; when the result does not
 * line up (a rare character that combines with its neighbour) there is no map.
 */
function typedPositions(typed: string, norm: string): { start: number; end: number }[] | null {
  const out: { start: number; end: number }[] = []
  let read = ''
  let i = 0
  for (const ch of typed) {
    const start = i
    i += ch.length
    const piece = ch.normalize('NFKC').toLowerCase()
    if (SPACE.test(piece) || !piece) {
      // A run of spaces is read as one; none at the start.
      if (read && !read.endsWith(' ')) {
        read += ' '
        out.push({ start, end: i })
      }
      continue
    }
    read += piece
    for (let k = 0; k < piece.length; k++) out.push({ start, end: i })
  }
  if (read.endsWith(' ')) {
    read = read.slice(0, -1)
    out.pop()
  }
  return read.length === norm.length ? out : null
}

/** Which keywords of the taxonomy in force match a sample text, and the category they give. */
function testText(text: string, name: (nameZh: string) => string) {
  const result = getPipeline(getDb()).classifier.classify({ text })
  const norm = normalize(text)
  const at = typedPositions(text, norm)
  // The matched words as the person wrote them (capitals, full-width, traditional characters kept).
  const typedTerm = (m: { start: number; end: number }) =>
    at && m.end > m.start ? text.slice(at[m.start].start, at[m.end - 1].end) : norm.slice(m.start, m.end)
  return {
    // What the person typed goes back into the box and is shown with the matches marked in it.
    typed: text,
    text: norm,
    terms: result.matches.map(typedTerm),
    path: result.path.map(name).join(' › '),
    score: Math.round(result.score * 100) / 100,
    matches: result.matches.map(m => ({
      term: m.term,
      path: m.path.map(name).join(' › '),
      weight: m.weight,
    })),
  }
}

/**
 * The format checker's problems in words of the catalogs: the checker (shared with the CLI) writes
 * English, the page says each in the reader's language. One it does not know keeps its own words.
 */
const ISSUE_WORDS: [RegExp, MessageKey, (m: RegExpExecArray) => Record<string, string>][] = [
  [/^must be a non-empty string$/, 'taxonomy.issue.empty', () => ({})],
  [/^must be a non-empty array$/, 'taxonomy.issue.emptyList', () => ({})],
  [/^must be a string$/, 'taxonomy.issue.text', () => ({})],
  [/^must be an object$/, 'taxonomy.issue.object', () => ({})],
  [/^must be a positive integer$/, 'taxonomy.issue.version', () => ({})],
  [/^must be a positive number(?: \(keyword "(.*)"\))?$/s, 'taxonomy.issue.weight', () => ({})],
  [/^must be an array(?: of (?:non-empty )?strings)?(?: \(keyword "(.*)"\))?$/s, 'taxonomy.issue.list', () => ({})],
  [/^must be a string or an object/, 'taxonomy.issue.keyword', () => ({})],
  [/^must be a regex source string/, 'taxonomy.issue.pattern', () => ({})],
  [/^duplicate id, already used at (.*)$/s, 'taxonomy.issue.duplicate', m => ({ at: m[1] ?? '' })],
  [/^invalid regular expression/, 'taxonomy.issue.regex', () => ({})],
  [/^unsafe regular expression/, 'taxonomy.issue.unsafe', () => ({})],
]

function issueInWords(issue: { path: string; field: string; message: string }) {
  for (const [re, key, params] of ISSUE_WORDS) {
    const m = re.exec(issue.message)
    if (m) return { ...issue, key, params: params(m) }
  }
  return issue
}

/** Where JSON.parse stopped, as a line and column of the file; null when it does not say. */
function jsonProblemAt(text: string, message: string): { line: number; column: number } | null {
  const at = /line (\d+) column (\d+)/.exec(message)
  if (at) return { line: Number(at[1]), column: Number(at[2]) }
  const pos = /at position (\d+)/.exec(message)?.[1] ?? (/end of JSON input/.test(message) ? String(text.length) : null)
  if (pos == null) return null
  const before = text.slice(0, Number(pos)).split('\n')
  return { line: before.length, column: before[before.length - 1]!.length + 1 }
}

/** An uploaded or pasted taxonomy, checked against the format; problems are answered as a 400. */
async function readUploadedTaxonomy(input: { file?: unknown; json?: string }) {
  const file = input.file as { text?: () => Promise<string> } | string | undefined
  const text = typeof file === 'string' ? file : file?.text ? await file.text() : (input.json ?? '')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    // The parser's own message is English: the page says where the file goes wrong instead.
    const at = jsonProblemAt(text, (error as Error).message)
    return {
      ok: false as const,
      response: json(
        {
          error: (at ? 'taxonomy.error.json' : 'taxonomy.error.jsonAnywhere') as MessageKey,
          params: at,
        },
        { status: 400 },
      ),
    }
  }
  const checked = validateTaxonomy(parsed)
  if (!checked.ok)
    return {
      ok: false as const,
      response: json(
        {
          error: 'taxonomy.error.invalid' as MessageKey,
          params: null,
          issues: checked.errors.slice(0, 50).map(issueInWords),
        },
        { status: 400 },
      ),
    }
  return { ok: true as const, taxonomy: checked.taxonomy }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(request, PAGE_ROLES['/taxonomy'])
  const isMultipart = request.headers.get('content-type')?.startsWith('multipart/form-data')
  const form = isMultipart
    ? await unstable_parseMultipartFormData(request, limitFormParts(unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT }), 10)).catch(() => null)
    : await request.formData()
  if (!form) return json({ error: 'taxonomy.error.tooBig' as MessageKey, params: null }, { status: 400 })
  validateCsrf(request, form)
  // Everyone on the page may test a text; only street staff change the district's taxonomy.
  if (form.get('intent') !== 'test') requireRole(request, TAXONOMY_EDIT_ROLES)
  const parsed = parseForm(form, TaxonomyActionSchema)
  if (!parsed.ok) return parsed.response
  const input = parsed.value
  if (input.intent === 'test') return json({ tested: testText(input.text, localCategoryName(getDb(), getPrefs(request).locale)) })

  const ctx = {
    db: getDb(),
    actor: { kind: 'user' as const, id: user.id },
    notify: context.notify,
  }
  if (input.intent === 'save') {
    const keywords = input.term
      .map((term, i) => ({
        term,
        weight: input.weight[i] ?? 0,
        synonyms: splitList(input.synonyms[i] ?? ''),
      }))
      .filter((k, i) => k.term && !input.remove.includes(String(i)))
    const done = await runCommand(() =>
      editTaxonomyNode(ctx, {
        nodeId: input.nodeId,
        keywords,
        exclusions: splitList(input.exclusions.replace(/\n/g, ' ')),
        note: input.note,
      }),
    )
    if (!done.ok) return done.response
    return json({
      ok: 'taxonomy.saved' as MessageKey,
      params: { version: done.value.version, count: done.value.rescored },
    })
  }
  if (input.intent === 'rollback') {
    const done = await runCommand(() => rollbackTaxonomy(ctx, { version: input.version }))
    if (!done.ok) return done.response
    return json({
      ok: 'taxonomy.rolledBack' as MessageKey,
      params: { from: done.value.from, version: done.value.version },
    })
  }
  const uploaded = await readUploadedTaxonomy(input)
  if (!uploaded.ok) return uploaded.response
  const done = await runCommand(() => importTaxonomy(ctx, { taxonomy: uploaded.taxonomy }))
  if (!done.ok) return done.response
  return json({
    ok: 'taxonomy.saved' as MessageKey,
    params: { version: done.value.version, count: done.value.rescored },
  })
}

type Issue = { path: string; field: string; message?: string; key?: MessageKey; params?: Record<string, string> }

const BESIDE_FIELDS = ['text', 'weight', 'file']

/** A save the server refused, as the node editor shows it again: what was typed and the problems by field. */
function refusedSave(result: ReturnType<typeof useActionData<typeof action>>, errors: Record<string, string[]>) {
  const values = result && 'result' in result ? (result.result as { initialValue?: Record<string, unknown> | null }).initialValue : null
  return values?.intent === 'save' ? { values, errors } : null
}

/**
 * A refused save, rollback or import: the reason, with the taxonomy's problems
 * (every one for an upload, the first for an edit) or the form's first problem.
 * The test box shows its own error under the text.
 */
function editorFailure(
  result: ReturnType<typeof useActionData<typeof action>>,
  errors: Record<string, string[]>,
): {
  key: MessageKey
  params?: Record<string, string | number>
  issues: Issue[]
} | null {
  if (!result) return null
  if ('error' in result) {
    const params = (result.params ?? undefined) as Record<string, string | number> | undefined
    const issues: Issue[] =
      'issues' in result && Array.isArray(result.issues)
        ? (result.issues as Issue[])
        : params?.path !== undefined
          ? [{ path: String(params.path), field: String(params.field ?? '') }]
          : []
    return { key: result.error, params, issues }
  }
  // The test text, the keyword weights and the import's file show their problems beside them.
  const first = Object.entries(errors).find(([field]) => !BESIDE_FIELDS.includes(field))?.[1][0]
  return first ? { key: isMessageKey(first) ? first : 'error.invalidField', issues: [] } : null
}

export default function TaxonomyEditor() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errors = fieldErrors(result && 'result' in result ? result.result : null)
  const tested = result && 'tested' in result ? result.tested : null
  const failure = editorFailure(result, errors)
  const [params] = useSearchParams()
  const busy = useNavigation().state !== 'idle'
  const sel = data.selected
  const colon = useLocale() === 'zh' ? '：' : ': '
  return (
    <section>
      <h1>{t('taxonomy.title')}</h1>
      <p className="hint">
        {t('taxonomy.version', { version: data.version })} ·{' '}
        <a href="/taxonomy/export.json" download>
          {t('taxonomy.export')}
        </a>
      </p>
      {data.canEdit ? null : <p className="hint">{t('taxonomy.readOnly')}</p>}
      {failure ? (
        <div role="alert" className="error">
          <p>{t(failure.key, failure.params)}</p>
          {failure.issues.length ? (
            <ul>
              {failure.issues.map((i, n) => (
                <li key={n}>
                  {i.path} · {i.field}
                  {i.key ? `${colon}${t(i.key, i.params)}` : i.message ? `${colon}${i.message}` : ''}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : result && 'ok' in result ? (
        <p role="status" className="ok">
          {t(result.ok, result.params)}
        </p>
      ) : null}

      <TaxonomyTestBox tested={tested} errors={errors} busy={busy} />

      <TaxonomyNodeEditor
        nodes={data.nodes}
        sel={sel}
        currentNodeId={params.get('node') ?? data.nodes[0]?.id}
        version={data.version}
        canEdit={data.canEdit}
        busy={busy}
        refused={refusedSave(result, errors)}
      />

      <TaxonomyVersions versions={data.versions} current={data.version} canEdit={data.canEdit} busy={busy} />

      <h2>{t('taxonomy.import')}</h2>
      <Form method="post" encType="multipart/form-data" className="row card" noValidate>
        <CsrfInput />
        <label>
          {t('taxonomy.import.file')}
          <input
            type="file"
            name="file"
            accept="application/json,.json"
            required
            {...(errors.file ? { 'aria-invalid': true as const, 'aria-describedby': 'taxonomy-file-error' } : {})}
          />
          <ErrorList id="taxonomy-file-error" errors={errors.file} />
        </label>
        <button type="submit" name="intent" value="import" disabled={busy || !data.canEdit}>
          {t('taxonomy.import.submit')}
        </button>
      </Form>
    </section>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
