import { Form } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf'
import { fmtDateTime } from '#app/components/outcomes-ui'
import { ZhText } from '#app/components/zh-text'
import { useLocale, useT } from '#app/i18n/index'

export type TaxonomyVersionRow = {
  version: number
  note: string | null
  systemNote: { kind: 'initial' } | { kind: 'import' } | { kind: 'rollback'; version: number } | null
  createdAt: string
  diff: { nodeId: string; path: string; status: string; added: string[]; removed: string[]; changed: string[]; fields: string[] }[]
}

/** The taxonomy's versions, newest first, each with what it changed and a rollback to it. */
export function TaxonomyVersions({ versions, current, canEdit, busy }: { versions: TaxonomyVersionRow[]; current: number; canEdit: boolean; busy: boolean }) {
  const t = useT()
  const locale = useLocale()
  return (
    <>
      <h2>{t('taxonomy.versions')}</h2>
      <ol className="list" data-testid="taxonomy-versions">
        {versions.map(v => (
          <li key={v.version}>
            <strong>v{v.version}</strong> · {fmtDateTime(v.createdAt, locale)} ·{' '}
            {v.systemNote ? (
              t(`taxonomy.version.${v.systemNote.kind}`, v.systemNote.kind === 'rollback' ? { version: v.systemNote.version } : undefined)
            ) : (
              <ZhText>{v.note}</ZhText>
            )}
            {v.version !== current ? (
              <Form method="post" className="inline-form" noValidate>
                <CsrfInput />
                <input type="hidden" name="version" value={v.version} />
                <button type="submit" name="intent" value="rollback" disabled={busy || !canEdit}>
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
    </>
  )
}
