import { Form, Link } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { useT } from '#app/i18n/index'

export type TaxonomyNodeRow = { id: string; name: string; nameZh: string; nameEn: string; depth: number; count: number }
export type SelectedNode = { id: string; path: string; keywords: { term: string; weight: number; synonyms: string }[]; exclusions: string }

/**
 * The category tree and, for the chosen category, its keywords (term, weight 1–5,
 * synonyms; two empty rows to add more) and exclusions. Saving makes a new version.
 */
export function TaxonomyNodeEditor({
  nodes,
  sel,
  currentNodeId,
  version,
  canEdit,
  busy,
}: {
  nodes: TaxonomyNodeRow[]
  sel: SelectedNode | null
  currentNodeId: string | undefined
  version: number
  canEdit: boolean
  busy: boolean
}) {
  const t = useT()
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
          <Form method="post" className="stack card" key={`${sel.id}-${version}`}>
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
                        <input
                          name="term"
                          defaultValue={k.term}
                          aria-label={`${t('taxonomy.term')} ${i + 1}`}
                          placeholder={k.term ? undefined : t('taxonomy.addKeyword')}
                        />
                      </td>
                      <td>
                        <input
                          name="weight"
                          type="number"
                          className="weight-input"
                          min={1}
                          max={5}
                          step={0.5}
                          defaultValue={k.weight}
                          aria-label={`${t('taxonomy.weight')} ${i + 1}`}
                        />
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
            <button type="submit" name="intent" value="save" className="primary" disabled={busy || !canEdit}>
              {t('taxonomy.save')}
            </button>
          </Form>
        ) : null}
      </div>
    </>
  )
}
