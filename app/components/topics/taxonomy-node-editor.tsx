import { Form, Link } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { ErrorList } from '#app/components/forms'
import { useT } from '#app/i18n/index'

export type TaxonomyNodeRow = { id: string; name: string; nameZh: string; nameEn: string; depth: number; count: number }
export type SelectedNode = { id: string; path: string; keywords: { term: string; weight: number; synonyms: string }[]; exclusions: string }

/** A save of this node the server refused: every row as it was typed, and the problems by field. */
export type RefusedSave = { values: Record<string, unknown>; errors: Record<string, string[]> }

/** A weight the server takes for a keyword: a number from 1 to 5 (the same rule as the taxonomy route's schema). */
const weightOk = (weight: string) => weight.trim() !== '' && Number(weight) >= 1 && Number(weight) <= 5

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(x => String(x ?? '')) : v == null ? [] : [String(v)])

/**
 * The category tree and, for the chosen category, its keywords (term, weight 1–5,
 * synonyms; two empty rows to add more) and exclusions. Saving makes a new version.
 * A refused save shows every row as typed, the rows whose weight is wrong marked,
 * and the message under the keywords.
 */
export function TaxonomyNodeEditor({
  nodes,
  sel,
  currentNodeId,
  version,
  canEdit,
  busy,
  refused,
}: {
  nodes: TaxonomyNodeRow[]
  sel: SelectedNode | null
  currentNodeId: string | undefined
  version: number
  canEdit: boolean
  busy: boolean
  refused?: RefusedSave | null
}) {
  const t = useT()
  const typed = refused && sel && refused.values.nodeId === sel.id ? refused.values : null
  const rows = typed
    ? list(typed.term).map((term, i) => ({ term, weight: list(typed.weight)[i] ?? '', synonyms: list(typed.synonyms)[i] ?? '' }))
    : [
        ...(sel?.keywords ?? []).map(k => ({ term: k.term, weight: String(k.weight), synonyms: k.synonyms })),
        { term: '', weight: '2', synonyms: '' },
        { term: '', weight: '2', synonyms: '' },
      ]
  const removed = typed ? list(typed.remove) : []
  const weightErrors = typed ? refused?.errors.weight : undefined
  const badWeight = (row: { term: string; weight: string }) => !!weightErrors && !!row.term.trim() && !weightOk(row.weight)
  return (
    <>
      <div className="tree-editor">
        <nav aria-label={t('taxonomy.tree')} className="tabs-tree">
          <h2>{t('taxonomy.tree')}</h2>
          <ul className="list">
            {nodes.map(n => (
              <li key={n.id} style={{ paddingLeft: `${n.depth * 1.25}rem` }}>
                <Link to={`?node=${encodeURIComponent(n.id)}`} aria-current={currentNodeId === n.id ? 'true' : undefined}>
                  {n.name}
                </Link>{' '}
                <span className="hint">({n.count})</span>
              </li>
            ))}
          </ul>
        </nav>
        {sel ? (
          <Form method="post" className="stack card" key={`${sel.id}-${version}`} noValidate>
            <CsrfInput />
            <h2>{sel.path}</h2>
            <input type="hidden" name="nodeId" value={sel.id} />
            <div className="table-wrap">
              {/* On phones each keyword is a card with its fields named on the screen (the table's roles are
                  said outright: a browser may drop them once CSS lays the table out as blocks). */}
              <table className="keyword-table" role="table">
                <thead role="rowgroup">
                  <tr role="row">
                    <th scope="col" role="columnheader">
                      {t('taxonomy.term')}
                    </th>
                    <th scope="col" role="columnheader">
                      {t('taxonomy.weight')}
                    </th>
                    <th scope="col" role="columnheader">
                      {t('taxonomy.synonyms')}
                    </th>
                    <th scope="col" role="columnheader">
                      {t('taxonomy.remove')}
                    </th>
                  </tr>
                </thead>
                <tbody role="rowgroup">
                  {rows.map((k, i) => (
                    <tr key={i} role="row">
                      <td role="cell">
                        <PhoneLabel text={t('taxonomy.term')} />
                        <input
                          name="term"
                          defaultValue={k.term}
                          aria-label={`${t('taxonomy.term')} ${i + 1}`}
                          placeholder={k.term ? undefined : t('taxonomy.addKeyword')}
                        />
                      </td>
                      <td role="cell">
                        <PhoneLabel text={t('taxonomy.weight')} />
                        <input
                          name="weight"
                          type="number"
                          className="weight-input"
                          min={1}
                          max={5}
                          step={0.5}
                          defaultValue={k.weight}
                          aria-label={`${t('taxonomy.weight')} ${i + 1}`}
                          {...(badWeight(k) ? { 'aria-invalid': true as const, 'aria-describedby': 'taxonomy-weight-error' } : {})}
                        />
                      </td>
                      <td role="cell">
                        <PhoneLabel text={t('taxonomy.synonyms')} />
                        <input name="synonyms" defaultValue={k.synonyms} aria-label={`${t('taxonomy.synonyms')} ${i + 1}`} />
                      </td>
                      <td role="cell">
                        {k.term ? (
                          <label className="kw-remove">
                            <input
                              type="checkbox"
                              name="remove"
                              value={i}
                              defaultChecked={removed.includes(String(i))}
                              aria-label={`${t('taxonomy.remove')} ${k.term}`}
                            />
                            <PhoneLabel text={t('taxonomy.remove')} />
                          </label>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <ErrorList id="taxonomy-weight-error" errors={weightErrors} />
            <label>
              {t('taxonomy.exclusions')}
              <textarea name="exclusions" defaultValue={typed ? String(typed.exclusions ?? '') : sel.exclusions} />
            </label>
            <label>
              {t('taxonomy.note')}
              <input name="note" maxLength={200} defaultValue={typed ? String(typed.note ?? '') : ''} />
            </label>
            <button type="submit" name="intent" value="save" className="primary" disabled={busy || !canEdit}>
              {t('taxonomy.save')}
            </button>
          </Form>
        ) : null}
      </div>
    </>
  )
}

/** A field's name shown in its cell on phones, where the column headers are not (screen readers hear the field's own label). */
function PhoneLabel({ text }: { text: string }) {
  return (
    <span className="kw-label" aria-hidden="true">
      {text}
    </span>
  )
}
